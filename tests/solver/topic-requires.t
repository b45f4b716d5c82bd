# A topic that requires another: php8.0-apcu's extension needs php-cli >= 8.0,
# which only topic php8.0 has, and the catalog says php8.0-apcu requires
# php8.0.  Installing php8.0-apcu installs php8.0's packages too.
#
#yaml>document: extras-topic
#yaml>version: 1
#yaml>name: php8.0
#yaml>index: {x86_64: 51}
#yaml>versions: [stable]
#yaml>packages: [php-cli, php-fpm]
#yaml>---
#yaml>document: extras-topic
#yaml>version: 1
#yaml>name: php8.0-apcu
#yaml>index: {x86_64: 90}
#yaml>versions: [stable]
#yaml>packages: [php-pecl-apcu]
#yaml>requires: [php8.0]
#enabled php8.0
#enabled php8.0-apcu
#install php8.0-apcu
#expect ok
repo system 0 testtags <inline>
#>=Pkg: glibc 2.26 63.amzn2 x86_64
repo amzn2-core -99 testtags <inline>
#>=Pkg: glibc 2.26 63.amzn2 x86_64
#>=Pkg: php-cli 5.4.16 48.amzn2 x86_64
repo amzn2extra-php8.0 -10 testtags <inline>
#>=Pkg: php-cli 8.0.30 1.amzn2 x86_64
#>=Req: glibc
#>=Pkg: php-fpm 8.0.30 1.amzn2 x86_64
#>=Req: php-cli = 8.0.30-1.amzn2
repo amzn2extra-php8.0-apcu -10 testtags <inline>
#>=Pkg: php-pecl-apcu 5.1.21 1.amzn2 x86_64
#>=Req: php-cli >= 8.0
repo @topics 0 testtags <inline>
#>=Pkg: topic-enabled(php8.0) 1 0 noarch
#>=Pkg: topic(php8.0) latest 0 noarch
#>=Req: topic-enabled(php8.0)
#>=Req: php-cli
#>=Req: php-fpm
#>=Pkg: topic-enabled(php8.0-apcu) 1 0 noarch
#>=Pkg: topic(php8.0-apcu) latest 0 noarch
#>=Req: topic-enabled(php8.0-apcu)
#>=Req: php-pecl-apcu
#>=Req: topic(php8.0)
system x86_64 rpm system
disable pkg php-cli-5.4.16-48.amzn2.x86_64@amzn2-core
solverflags allowvendorchange bestobeypolicy keeporphans yumobsoletes
job install provides topic(php8.0-apcu) = latest
job install provides topic-enabled(php8.0)
result transaction,problems <inline>
#>install php-pecl-apcu-5.1.21-1.amzn2.x86_64@amzn2extra-php8.0-apcu
#>install php-cli-8.0.30-1.amzn2.x86_64@amzn2extra-php8.0
#>install php-fpm-8.0.30-1.amzn2.x86_64@amzn2extra-php8.0
#>install topic(php8.0-apcu)-latest-0.noarch@@topics
#>install topic-enabled(php8.0-apcu)-1-0.noarch@@topics
#>install topic(php8.0)-latest-0.noarch@@topics
#>install topic-enabled(php8.0)-1-0.noarch@@topics
