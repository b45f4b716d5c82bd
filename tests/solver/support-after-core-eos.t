# The support policy on the day the core's support ends (2026-06-30, which
# counts as reached): the core's library is no longer LTS ("core, support
# ended 2026-06-30"); the topic package without a date of its own has
# reached its end with the core; postgresql13 ended on its own earlier date.
#yaml>document: extras-catalog
#yaml>version: 1
#yaml>core-end-of-support: 2026-06-30
#yaml>---
#yaml>document: extras-topic
#yaml>version: 1
#yaml>name: rust1
#yaml>index: {x86_64: 10}
#yaml>versions: [stable]
#yaml>packages: [rust]
#yaml>---
#yaml>document: extras-topic
#yaml>version: 1
#yaml>name: postgresql13
#yaml>index: {x86_64: 59}
#yaml>versions: [stable]
#yaml>packages: [postgresql]
#yaml>end-of-support: 2025-11-13
#date 2026-06-30
#enabled rust1
#enabled postgresql13
#install rust1 postgresql13
#support postgresql false reached 2025-11-13 topic
#expect ok
#support rust false reached 2026-06-30 core
#support libllvm false reached 2026-06-30 core
repo system 0 testtags <inline>
#>=Pkg: glibc 2.26 63.amzn2 x86_64
repo amzn2-core -99 testtags <inline>
#>=Pkg: glibc 2.26 63.amzn2 x86_64
#>=Pkg: libllvm 11.1 1.amzn2 x86_64
#>=Req: glibc
repo amzn2extra-rust1 -10 testtags <inline>
#>=Pkg: rust 1.68.2 1.amzn2 x86_64
#>=Req: libllvm
repo amzn2extra-postgresql13 -10 testtags <inline>
#>=Pkg: postgresql 13.12 1.amzn2 x86_64
#>=Req: glibc
repo @topics 0 testtags <inline>
#>=Pkg: topic-enabled(rust1) 1 0 noarch
#>=Pkg: topic(rust1) latest 0 noarch
#>=Req: topic-enabled(rust1)
#>=Req: rust
#>=Pkg: topic(rust1) stable 0 noarch
#>=Req: topic-enabled(rust1)
#>=Req: rust
#>=Pkg: topic-enabled(postgresql13) 1 0 noarch
#>=Pkg: topic(postgresql13) latest 0 noarch
#>=Req: topic-enabled(postgresql13)
#>=Req: postgresql
#>=Pkg: topic(postgresql13) stable 0 noarch
#>=Req: topic-enabled(postgresql13)
#>=Req: postgresql
system x86_64 rpm system
solverflags allowvendorchange bestobeypolicy keeporphans yumobsoletes
job install provides topic(rust1) = latest
job install provides topic(postgresql13) = latest
result transaction,problems <inline>
#>install libllvm-11.1-1.amzn2.x86_64@amzn2-core
#>install rust-1.68.2-1.amzn2.x86_64@amzn2extra-rust1
#>install topic(rust1)-latest-0.noarch@@topics
#>install topic-enabled(rust1)-1-0.noarch@@topics
#>install postgresql-13.12-1.amzn2.x86_64@amzn2extra-postgresql13
#>install topic(postgresql13)-latest-0.noarch@@topics
#>install topic-enabled(postgresql13)-1-0.noarch@@topics
