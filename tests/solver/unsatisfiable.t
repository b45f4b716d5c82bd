# An unsatisfiable topic: missingdep-tool needs libmissing.so.1, which no
# repository provides.  A dependency problem (exit 4), not a topic refusal.
#
#yaml>document: extras-topic
#yaml>version: 1
#yaml>name: missingdep1
#yaml>index: {x86_64: 92}
#yaml>versions: [stable]
#yaml>packages: [missingdep-tool]
#enabled missingdep1
#install missingdep1
#expect dependency
repo system 0 testtags <inline>
#>=Pkg: glibc 2.26 63.amzn2 x86_64
repo amzn2extra-missingdep1 -10 testtags <inline>
#>=Pkg: missingdep-tool 1.0 1.amzn2 x86_64
#>=Req: libmissing.so.1()(64bit)
repo @topics 0 testtags <inline>
#>=Pkg: topic-enabled(missingdep1) 1 0 noarch
#>=Pkg: topic(missingdep1) latest 0 noarch
#>=Req: topic-enabled(missingdep1)
#>=Req: missingdep-tool
system x86_64 rpm system
solverflags allowvendorchange bestobeypolicy keeporphans yumobsoletes
job install provides topic(missingdep1) = latest
result transaction,problems <inline>
#>problem ddc90767 info package topic(missingdep1)-latest-0.noarch requires missingdep-tool, but none of the providers can be installed
#>problem ddc90767 solution 5822c3ad deljob install provides topic(missingdep1) = latest
