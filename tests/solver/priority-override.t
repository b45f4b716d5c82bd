# A topic overrides a core package by repository priority: postgresql 13 from
# amzn2extra-postgresql13 (yum priority 10, libsolv -10) wins over the core's
# postgresql 9.2 (yum priority 99, libsolv -99), even as an upgrade of the
# installed 9.2.  The core's libraries stay where they are.
#
#yaml>document: extras-topic
#yaml>version: 1
#yaml>name: postgresql13
#yaml>index: {x86_64: 59}
#yaml>versions: [stable]
#yaml>packages: [postgresql, postgresql-server]
#enabled postgresql13
#install postgresql13
#expect ok
repo system 0 testtags <inline>
#>=Pkg: glibc 2.26 63.amzn2 x86_64
#>=Pkg: postgresql 9.2.24 8.amzn2 x86_64
#>=Req: glibc
repo amzn2-core -99 testtags <inline>
#>=Pkg: glibc 2.26 63.amzn2 x86_64
#>=Pkg: postgresql 9.2.24 8.amzn2 x86_64
#>=Req: glibc
#>=Pkg: postgresql-server 9.2.24 8.amzn2 x86_64
#>=Req: postgresql = 9.2.24-8.amzn2
repo amzn2extra-postgresql13 -10 testtags <inline>
#>=Pkg: postgresql 13.3 1.amzn2.0.1 x86_64
#>=Req: glibc
#>=Pkg: postgresql-server 13.3 1.amzn2.0.1 x86_64
#>=Req: postgresql = 13.3-1.amzn2.0.1
repo @topics 0 testtags <inline>
#>=Pkg: topic-enabled(postgresql13) 1 0 noarch
#>=Pkg: topic(postgresql13) latest 0 noarch
#>=Req: topic-enabled(postgresql13)
#>=Req: postgresql
#>=Req: postgresql-server
#>=Pkg: topic(postgresql13) stable 0 noarch
#>=Req: topic-enabled(postgresql13)
#>=Req: postgresql
#>=Req: postgresql-server
system x86_64 rpm system
# yum-plugin-priorities: the core's packages of names the topic offers are shadowed.
disable pkg postgresql-9.2.24-8.amzn2.x86_64@amzn2-core
disable pkg postgresql-server-9.2.24-8.amzn2.x86_64@amzn2-core
solverflags allowvendorchange bestobeypolicy keeporphans yumobsoletes
job install provides topic(postgresql13) = latest
# yum install upgrades a package of the topic that is installed already.
job update name postgresql
result transaction,problems <inline>
#>upgrade postgresql-9.2.24-8.amzn2.x86_64@system postgresql-13.3-1.amzn2.0.1.x86_64@amzn2extra-postgresql13
#>install postgresql-server-13.3-1.amzn2.0.1.x86_64@amzn2extra-postgresql13
#>install topic(postgresql13)-latest-0.noarch@@topics
#>install topic-enabled(postgresql13)-1-0.noarch@@topics
