# A topic past its end of support still installs, and the transaction names
# its successor: judged on 2025-01-15, nginx1 ended on 2024-06-30 and
# nginx2 follows it.  Its package is flagged past end of support.
#yaml>document: extras-topic
#yaml>version: 1
#yaml>name: nginx1
#yaml>index: {x86_64: 30}
#yaml>versions: [stable]
#yaml>packages: [nginx]
#yaml>end-of-support: 2024-06-30
#yaml>successor: nginx2
#yaml>---
#yaml>document: extras-topic
#yaml>version: 1
#yaml>name: nginx2
#yaml>index: {x86_64: 31}
#yaml>versions: [stable]
#yaml>packages: [nginx]
#date 2025-01-15
#enabled nginx1
#install nginx1
#expect ok
#warning Topic nginx1 reached its end of support on 2024-06-30; its successor is nginx2
repo system 0 testtags <inline>
#>=Pkg: glibc 2.26 63.amzn2 x86_64
repo amzn2-core -99 testtags <inline>
#>=Pkg: glibc 2.26 63.amzn2 x86_64
repo amzn2extra-nginx1 -10 testtags <inline>
#>=Pkg: nginx 1.20.1 9.amzn2.0.1 x86_64
#>=Req: glibc
repo @topics 0 testtags <inline>
#>=Pkg: topic-enabled(nginx1) 1 0 noarch
#>=Pkg: topic(nginx1) latest 0 noarch
#>=Req: topic-enabled(nginx1)
#>=Req: nginx
#>=Pkg: topic(nginx1) stable 0 noarch
#>=Req: topic-enabled(nginx1)
#>=Req: nginx
system x86_64 rpm system
solverflags allowvendorchange bestobeypolicy keeporphans yumobsoletes
job install provides topic(nginx1) = latest
result transaction,problems <inline>
#>install nginx-1.20.1-9.amzn2.0.1.x86_64@amzn2extra-nginx1
#>install topic(nginx1)-latest-0.noarch@@topics
#>install topic-enabled(nginx1)-1-0.noarch@@topics
