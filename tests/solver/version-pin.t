# A version pin: rust1=1.38.0 asks for the topic at version 1.38.0; the
# topic's repository has 1.38.0 and 1.41.0 of rust and cargo, and the pin
# takes 1.38.0 of both (unpinned, 1.41.0 would win).
#
#yaml>document: extras-topic
#yaml>version: 1
#yaml>name: rust1
#yaml>index: {x86_64: 10}
#yaml>versions: [1.38.0, stable]
#yaml>packages: [rust, cargo]
#enabled rust1=1.38.0
#install rust1=1.38.0
#expect ok
repo system 0 testtags <inline>
#>=Pkg: glibc 2.26 63.amzn2 x86_64
repo amzn2extra-rust1 -10 testtags <inline>
#>=Pkg: rust 1.38.0 1.amzn2 x86_64
#>=Pkg: rust 1.41.0 1.amzn2 x86_64
#>=Pkg: cargo 1.38.0 1.amzn2 x86_64
#>=Req: rust = 1.38.0-1.amzn2
#>=Pkg: cargo 1.41.0 1.amzn2 x86_64
#>=Req: rust = 1.41.0-1.amzn2
repo @topics 0 testtags <inline>
#>=Pkg: topic-enabled(rust1) 1 0 noarch
#>=Pkg: topic(rust1) latest 0 noarch
#>=Req: topic-enabled(rust1)
#>=Req: rust
#>=Req: cargo
#>=Pkg: topic(rust1) 1.38.0 0 noarch
#>=Req: topic-enabled(rust1)
#>=Req: rust = 1.38.0
#>=Req: cargo = 1.38.0
#>=Pkg: topic(rust1) stable 0 noarch
#>=Req: topic-enabled(rust1)
#>=Req: rust
#>=Req: cargo
system x86_64 rpm system
solverflags allowvendorchange bestobeypolicy keeporphans yumobsoletes
job install provides topic(rust1) = 1.38.0
result transaction,problems <inline>
#>install rust-1.38.0-1.amzn2.x86_64@amzn2extra-rust1
#>install cargo-1.38.0-1.amzn2.x86_64@amzn2extra-rust1
#>install topic(rust1)-1.38.0-0.noarch@@topics
#>install topic-enabled(rust1)-1-0.noarch@@topics
