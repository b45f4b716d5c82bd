# A chain whose every Amazon Linux 2 successor is past its end of support
# ends at Amazon Linux 2023: judged on 2026-07-01, postgresql14 (no date of
# its own) ended with the core, so postgresql12 names its AL2023 packages.
#yaml>document: extras-catalog
#yaml>version: 1
#yaml>core-end-of-support: 2026-06-30
#yaml>---
#yaml>document: extras-topic
#yaml>version: 1
#yaml>name: postgresql12
#yaml>index: {x86_64: 58}
#yaml>versions: [stable]
#yaml>packages: [postgresql]
#yaml>end-of-support: 2024-11-14
#yaml>successor: postgresql13
#yaml>al2023: [postgresql15]
#yaml>---
#yaml>document: extras-topic
#yaml>version: 1
#yaml>name: postgresql13
#yaml>index: {x86_64: 59}
#yaml>versions: [stable]
#yaml>packages: [postgresql]
#yaml>end-of-support: 2025-11-13
#yaml>successor: postgresql14
#yaml>---
#yaml>document: extras-topic
#yaml>version: 1
#yaml>name: postgresql14
#yaml>index: {x86_64: 63}
#yaml>versions: [stable]
#yaml>packages: [postgresql]
#date 2026-07-01
#enabled postgresql12
#install postgresql12
#expect ok
#warning Topic postgresql12 reached its end of support on 2024-11-14; no topic that follows it is supported on Amazon Linux 2; on Amazon Linux 2023: dnf install postgresql15.
#support postgresql false reached 2024-11-14 topic
repo system 0 testtags <inline>
#>=Pkg: glibc 2.26 63.amzn2 x86_64
repo amzn2-core -99 testtags <inline>
#>=Pkg: glibc 2.26 63.amzn2 x86_64
repo amzn2extra-postgresql12 -10 testtags <inline>
#>=Pkg: postgresql 12.17 1.amzn2 x86_64
#>=Req: glibc
repo @topics 0 testtags <inline>
#>=Pkg: topic-enabled(postgresql12) 1 0 noarch
#>=Pkg: topic(postgresql12) latest 0 noarch
#>=Req: topic-enabled(postgresql12)
#>=Req: postgresql
#>=Pkg: topic(postgresql12) stable 0 noarch
#>=Req: topic-enabled(postgresql12)
#>=Req: postgresql
system x86_64 rpm system
solverflags allowvendorchange bestobeypolicy keeporphans yumobsoletes
job install provides topic(postgresql12) = latest
result transaction,problems <inline>
#>install postgresql-12.17-1.amzn2.x86_64@amzn2extra-postgresql12
#>install topic(postgresql12)-latest-0.noarch@@topics
#>install topic-enabled(postgresql12)-1-0.noarch@@topics
