# Live patches cover the kernel series the catalog names (4.14 and 5.10); an
# installed 5.15 kernel gets none: installing livepatch works but warns, once,
# naming the kernel's series and the covered ones.
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
#warning Kernel 5.15.160-1.amzn2 is of series 5.15, which gets no live patches
#warning covers kernel series 4.14, 5.10
repo system 0 testtags <inline>
#>=Pkg: glibc 2.26 63.amzn2 x86_64
#>=Pkg: kernel 5.15.160 1.amzn2 x86_64
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
