# A declared topic conflict: php7.4 is enabled (its php-cli installed) and
# php8.0, which the catalog says conflicts with php7.4, is asked for.  The
# markers topic-enabled(php7.4) and topic-enabled(php8.0) conflict, so the
# solver refuses, and the library calls it a topic conflict (exit 1), not a
# dependency problem.
#
#yaml>document: extras-topic
#yaml>version: 1
#yaml>name: php7.4
#yaml>index: {x86_64: 42}
#yaml>versions: [stable]
#yaml>packages: [php-cli]
#yaml>conflicts: [php8.0]
#yaml>---
#yaml>document: extras-topic
#yaml>version: 1
#yaml>name: php8.0
#yaml>index: {x86_64: 51}
#yaml>versions: [stable]
#yaml>packages: [php-cli]
#yaml>conflicts: [php7.4]
#enabled php7.4
#enabled php8.0
#install php8.0
#expect topic-conflict
repo system 0 testtags <inline>
#>=Pkg: php-cli 7.4.33 1.amzn2 x86_64
repo amzn2-core -99 testtags <inline>
#>=Pkg: php-cli 5.4.16 48.amzn2 x86_64
repo amzn2extra-php7.4 -10 testtags <inline>
#>=Pkg: php-cli 7.4.33 1.amzn2 x86_64
repo amzn2extra-php8.0 -10 testtags <inline>
#>=Pkg: php-cli 8.0.30 1.amzn2 x86_64
repo @topics 0 testtags <inline>
#>=Pkg: topic-enabled(php7.4) 1 0 noarch
#>=Con: topic-enabled(php8.0)
#>=Pkg: topic(php7.4) latest 0 noarch
#>=Req: topic-enabled(php7.4)
#>=Req: php-cli
#>=Pkg: topic-enabled(php8.0) 1 0 noarch
#>=Con: topic-enabled(php7.4)
#>=Pkg: topic(php8.0) latest 0 noarch
#>=Req: topic-enabled(php8.0)
#>=Req: php-cli
system x86_64 rpm system
disable pkg php-cli-5.4.16-48.amzn2.x86_64@amzn2-core
solverflags allowvendorchange bestobeypolicy keeporphans yumobsoletes
job install provides topic(php8.0) = latest
job update name php-cli
job install provides topic-enabled(php7.4)
result transaction,problems <inline>
#>problem 242732c9 info package topic(php8.0)-latest-0.noarch requires topic-enabled(php8.0), but none of the providers can be installed
#>problem 242732c9 solution 992536c3 deljob install provides topic(php8.0) = latest
#>problem 242732c9 solution b45163ba deljob install provides topic-enabled(php7.4)
#>upgrade php-cli-7.4.33-1.amzn2.x86_64@system php-cli-8.0.30-1.amzn2.x86_64@amzn2extra-php8.0
