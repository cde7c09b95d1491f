// swift-tools-version: 6.1
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Reckon",
    platforms: [.macOS(.v15)],
    products: [.library(name: "ReckonKit", targets: ["ReckonKit"]), .executable(name: "reckon", targets: ["reckon"])],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    ],
    targets: [
        // libxml2 (Debian libxml2-dev): XML writing and well-formedness checks.
        .systemLibrary(
            name: "CLibXML2",
            path: "Sources/CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        // zlib (Debian zlib1g-dev): streaming gzip decompression of `.csv.gz` exports.
        .systemLibrary(
            name: "CReckonZlib",
            path: "Sources/CReckonZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        // SIMD byte classification for the CSV reader (SSE2, with a portable fallback).
        .target(name: "CSIMD", path: "Sources/CSIMD"),
        // A file's kind and size from stat(2), so that Swift never touches `struct stat`.
        .target(name: "CReckonFiles", path: "Sources/CReckonFiles"),
        .target(
            name: "ReckonKit",
            dependencies: [
                "CLibXML2", "CReckonZlib", "CSIMD", "CReckonFiles", .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"), .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources/open-data")],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "reckon",
            dependencies: [
                "ReckonKit", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ), .testTarget(name: "ReckonKitTests", dependencies: ["ReckonKit"], swiftSettings: strictSettings),
        // Runs the built `reckon` binary: exit codes, messages, files written.
        .testTarget(name: "ReckonCLITests", dependencies: ["reckon"], swiftSettings: strictSettings),
    ]
)
