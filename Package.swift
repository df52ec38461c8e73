// swift-tools-version:6.2
// 6.2: the sources use `UTF8Span`, `String(copying:)` and `UnsafeBufferPointer.span`
// (SE-0464, SE-0456) and `unsafe` expressions (SE-0458), all new in Swift 6.2.
import PackageDescription

let package = Package(
  name: "Khabar",
  products: [
    .library(name: "Khabar", targets: ["Khabar"]),
    .executable(name: "khabar", targets: ["khabar"]),
    .executable(name: "khabar-gazetteers", targets: ["khabar-gazetteers"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
  ],
  targets: [
    // Link flags for the system ICU (libicu-dev). Only the C shim sees its headers: Foundation
    // on Linux carries its own ICU, and the two sets of headers cannot meet in one Swift module.
    .systemLibrary(
      name: "CICU",
      pkgConfig: "icu-uc icu-i18n",
      providers: [.apt(["libicu-dev", "pkg-config"])]
    ),
    // The one place that talks to ICU. Its public header uses plain C types only.
    .target(name: "CICUShim", dependencies: ["CICU"]),
    .target(name: "Khabar", dependencies: ["CICUShim"]),
    .executableTarget(
      name: "khabar",
      dependencies: ["Khabar", .product(name: "ArgumentParser", package: "swift-argument-parser")]
    ),
    // Maintainer tool: regenerates Gazetteers/ from ICU's CLDR data plus the curated lists.
    .executableTarget(
      name: "khabar-gazetteers",
      dependencies: ["Khabar", "CICUShim"]
    ),
    .testTarget(name: "KhabarTests", dependencies: ["Khabar", "CICUShim"]),
  ]
)
