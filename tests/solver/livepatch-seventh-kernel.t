# The installed kernel is still inside its window (built 2026-11-01) but six
# default kernels of the core were built after it: it is the 7th most
# recent, and only the 6 most recent get live patches.
#yaml>document: extras-topic
#yaml>version: 1
#yaml>name: livepatch
#yaml>index: {x86_64: 43}
#yaml>versions: [stable]
#yaml>packages: [kpatch-runtime]
#yaml>kernel-series: ['4.14', '5.10']
#date 2026-12-01
#enabled livepatch
#install livepatch
#expect ok
#warning Kernel 5.10.299-1.amzn2 (built 2026-11-01) is the 7th most recent default kernel; only the 6 most recent get live patches
#livepatch 5.10.299-1.amzn2 unsupported 2026-11-01 2027-02-01 7
repo system 0 testtags <inline>
#>=Pkg: glibc 2.26 63.amzn2 x86_64
#>=Pkg: kernel 5.10.299 1.amzn2 x86_64
#>=Tim: 1793534400
repo amzn2-core -99 testtags <inline>
#>=Pkg: glibc 2.26 63.amzn2 x86_64
#>=Pkg: kernel 5.10.300 1.amzn2 x86_64
#>=Tim: 1793620800
#>=Pkg: kernel 5.10.301 1.amzn2 x86_64
#>=Tim: 1793707200
#>=Pkg: kernel 5.10.302 1.amzn2 x86_64
#>=Tim: 1793793600
#>=Pkg: kernel 5.10.303 1.amzn2 x86_64
#>=Tim: 1793880000
#>=Pkg: kernel 5.10.304 1.amzn2 x86_64
#>=Tim: 1793966400
#>=Pkg: kernel 5.10.305 1.amzn2 x86_64
#>=Tim: 1794052800
#>=Pkg: kernel 5.10.299 1.amzn2 x86_64
#>=Tim: 1793534400
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
