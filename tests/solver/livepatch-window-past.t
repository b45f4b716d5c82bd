# Judged on 2026-12-01, the installed kernel was built 4 months before
# (2026-08-01): its live patch window ended on 2026-11-01.
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
#warning Kernel 5.10.210-1.amzn2 (built 2026-08-01) is past its live patch window, which ended on 2026-11-01
#livepatch 5.10.210-1.amzn2 unsupported 2026-08-01 2026-11-01 2
repo system 0 testtags <inline>
#>=Pkg: glibc 2.26 63.amzn2 x86_64
#>=Pkg: kernel 5.10.210 1.amzn2 x86_64
#>=Tim: 1785585600
repo amzn2-core -99 testtags <inline>
#>=Pkg: glibc 2.26 63.amzn2 x86_64
#>=Pkg: kernel 5.10.210 1.amzn2 x86_64
#>=Tim: 1785585600
#>=Pkg: kernel 5.10.230 1.amzn2 x86_64
#>=Tim: 1790856000
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
