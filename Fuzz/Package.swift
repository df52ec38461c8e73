// swift-tools-version:6.0
// libFuzzer targets for Khabar. Not part of the main build: Scripts/fuzz.sh builds this package
// with -sanitize=fuzzer,address (libFuzzer supplies main) and runs each target for a set time.
import PackageDescription

let package = Package(
  name: "KhabarFuzz",
  dependencies: [.package(name: "Khabar", path: "..")],
  targets: [
    .executableTarget(name: "KhabarFuzz", dependencies: [.product(name: "Khabar", package: "Khabar")])
  ]
)
