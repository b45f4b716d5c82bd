# A topic's package is the package of that name, as `yum install NAME` takes
# it, not another package that merely provides the name: postgresql-client-15
# provides postgresql-client at a higher version, yet the topic installs the
# package called postgresql-client.
#
#yaml>document: extras-topic
#yaml>version: 1
#yaml>name: pgclient
#yaml>index: {x86_64: 0}
#yaml>versions: [stable]
#yaml>packages: [postgresql-client]
#enabled pgclient
#install pgclient
#expect ok
repo system 0 testtags <inline>
#>=Pkg: glibc 2.26 63.amzn2 x86_64
repo amzn2-core -99 testtags <inline>
#>=Pkg: glibc 2.26 63.amzn2 x86_64
repo amzn2extra-pgclient -10 testtags <inline>
#>=Pkg: postgresql-client 13.3 1.amzn2 x86_64
#>=Req: glibc
#>=Pkg: postgresql-client-15 15.2 1.amzn2 x86_64
#>=Prv: postgresql-client = 15.2
#>=Req: glibc
repo @topics 0 testtags <inline>
#>=Pkg: topic-enabled(pgclient) 1 0 noarch
#>=Pkg: topic(pgclient) latest 0 noarch
#>=Req: topic-enabled(pgclient)
#>=Req: postgresql-client
#>=Pkg: topic(pgclient) stable 0 noarch
#>=Req: topic-enabled(pgclient)
#>=Req: postgresql-client
system x86_64 rpm system
solverflags allowvendorchange bestobeypolicy keeporphans yumobsoletes
job install provides topic(pgclient) = latest
job favor name postgresql-client
result transaction,problems <inline>
#>install postgresql-client-13.3-1.amzn2.x86_64@amzn2extra-pgclient
#>install topic(pgclient)-latest-0.noarch@@topics
#>install topic-enabled(pgclient)-1-0.noarch@@topics
