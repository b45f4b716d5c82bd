# The support policy the day before the core's end of support (2026-06-30):
# the core's library is LTS; the topic's package is not, and ends with the
# core (its topic has no date of its own); a topic whose own date comes
# first ends then.
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
#date 2026-06-29
#enabled rust1
#install rust1
#expect ok
#support rust false note 2026-06-30 core
#support libllvm true note 2026-06-30 core
repo system 0 testtags <inline>
#>=Pkg: glibc 2.26 63.amzn2 x86_64
repo amzn2-core -99 testtags <inline>
#>=Pkg: glibc 2.26 63.amzn2 x86_64
#>=Pkg: libllvm 11.1 1.amzn2 x86_64
#>=Req: glibc
repo amzn2extra-rust1 -10 testtags <inline>
#>=Pkg: rust 1.68.2 1.amzn2 x86_64
#>=Req: libllvm
repo @topics 0 testtags <inline>
#>=Pkg: topic-enabled(rust1) 1 0 noarch
#>=Pkg: topic(rust1) latest 0 noarch
#>=Req: topic-enabled(rust1)
#>=Req: rust
#>=Pkg: topic(rust1) stable 0 noarch
#>=Req: topic-enabled(rust1)
#>=Req: rust
system x86_64 rpm system
solverflags allowvendorchange bestobeypolicy keeporphans yumobsoletes
job install provides topic(rust1) = latest
result transaction,problems <inline>
#>install libllvm-11.1-1.amzn2.x86_64@amzn2-core
#>install rust-1.68.2-1.amzn2.x86_64@amzn2extra-rust1
#>install topic(rust1)-latest-0.noarch@@topics
#>install topic-enabled(rust1)-1-0.noarch@@topics
