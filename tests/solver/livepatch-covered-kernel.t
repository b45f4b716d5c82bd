# An installed 5.10 kernel is of a series that live patches cover: installing
# livepatch warns of nothing.
#yaml>document: extras-topic
#yaml>version: 1
#yaml>name: livepatch
#yaml>index: {x86_64: 40}
#yaml>versions: [stable]
#yaml>packages: [kpatch-runtime]
#yaml>kernel-series: ['4.14', '5.10']
#enabled livepatch
#install livepatch
#expect ok
#no-warnings
repo system 0 testtags <inline>
#>=Pkg: glibc 2.26 63.amzn2 x86_64
#>=Pkg: kernel 5.10.210 1.amzn2 x86_64
repo amzn2-core -99 testtags <inline>
#>=Pkg: glibc 2.26 63.amzn2 x86_64
repo amzn2extra-livepatch -10 testtags <inline>
#>=Pkg: kpatch-runtime 0.9.7 1.amzn2 x86_64
#>=Req: glibc
repo @topics 0 testtags <inline>
#>=Pkg: topic-enabled(livepatch) 1 0 noarch
#>=Pkg: topic(livepatch) latest 0 noarch
#>=Req: topic-enabled(livepatch)
#>=Req: kpatch-runtime
#>=Pkg: topic(livepatch) stable 0 noarch
#>=Req: topic-enabled(livepatch)
#>=Req: kpatch-runtime
system x86_64 rpm system
solverflags allowvendorchange bestobeypolicy keeporphans yumobsoletes
job install provides topic(livepatch) = latest
result transaction,problems <inline>
#>install kpatch-runtime-0.9.7-1.amzn2.x86_64@amzn2extra-livepatch
#>install topic(livepatch)-latest-0.noarch@@topics
#>install topic-enabled(livepatch)-1-0.noarch@@topics
