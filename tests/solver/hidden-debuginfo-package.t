# A hidden package of a disabled topic's debuginfo repository: the one naming
# rule makes amzn2extra-nginx1-debuginfo a repository of topic nginx1 (as the
# dnf and libdnf plugins always said), so with nginx1 not enabled its packages
# are out of pool->considered, as those of amzn2extra-nginx1 are
# (hidden-package.t).  Topic webstack1 needs nginx and must get the core's
# nginx 1.12, not the 1.20 of the debuginfo repository (it used to).
#
#yaml>document: extras-topic
#yaml>version: 1
#yaml>name: nginx1
#yaml>index: {x86_64: 38}
#yaml>versions: [stable]
#yaml>packages: [nginx]
#yaml>---
#yaml>document: extras-topic
#yaml>version: 1
#yaml>name: webstack1
#yaml>index: {x86_64: 91}
#yaml>versions: [stable]
#yaml>packages: [webstack]
#enabled webstack1
#install webstack1
#expect ok
repo system 0 testtags <inline>
#>=Pkg: glibc 2.26 63.amzn2 x86_64
repo amzn2-core -99 testtags <inline>
#>=Pkg: nginx 1.12.2 2.amzn2 x86_64
repo amzn2extra-nginx1-debuginfo -10 testtags <inline>
#>=Pkg: nginx 1.20.0 2.amzn2.0.5 x86_64
repo amzn2extra-webstack1 -10 testtags <inline>
#>=Pkg: webstack 1.0 1.amzn2 noarch
#>=Req: nginx
repo @topics 0 testtags <inline>
#>=Pkg: topic-enabled(nginx1) 1 0 noarch
#>=Pkg: topic(nginx1) latest 0 noarch
#>=Req: topic-enabled(nginx1)
#>=Req: nginx
#>=Pkg: topic-enabled(webstack1) 1 0 noarch
#>=Pkg: topic(webstack1) latest 0 noarch
#>=Req: topic-enabled(webstack1)
#>=Req: webstack
system x86_64 rpm system
disable pkg nginx-1.20.0-2.amzn2.0.5.x86_64@amzn2extra-nginx1-debuginfo
solverflags allowvendorchange bestobeypolicy keeporphans yumobsoletes
job install provides topic(webstack1) = latest
result transaction,problems <inline>
#>install webstack-1.0-1.amzn2.noarch@amzn2extra-webstack1
#>install nginx-1.12.2-2.amzn2.x86_64@amzn2-core
#>install topic(webstack1)-latest-0.noarch@@topics
#>install topic-enabled(webstack1)-1-0.noarch@@topics
