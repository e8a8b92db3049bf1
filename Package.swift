// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "EdgeHouse",
    // Built and tested on Linux (CI; SwiftPM has no Linux entry here). macOS is the minimum the
    // code asks for; its Darwin paths (F_FULLFSYNC, no mallopt) compile but are not tested.
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "EdgeHouse", targets: ["EdgeHouse"]),
        .library(name: "OptiInfraMetrics", targets: ["OptiInfraMetrics"]),
        // The client for a ClickHouse server alone: the engine is not linked.
        .library(name: "OptiInfraMetricsHTTP", targets: ["OptiInfraMetricsHTTP"]),
        .library(name: "OptiInfraSchema", targets: ["OptiInfraSchema"]),
        .library(name: "OptiInfraWorkload", targets: ["OptiInfraWorkload"]),
        .executable(name: "edgehouse", targets: ["edgehouse"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        // The only C libraries in the project: block compression. `Codec/BlockCompression.swift`
        // is the single Swift file that imports these modules.
        .systemLibrary(name: "CLZ4", path: "Sources/CLZ4", pkgConfig: "liblz4", providers: [.apt(["liblz4-dev"])]),
        .systemLibrary(name: "CZstd", path: "Sources/CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        // glibc's <malloc.h> (mallopt), which the Glibc module leaves out; the command's only use.
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        // Linux's sync_file_range(2), which the Glibc module leaves out (a declaration only):
        // `IO/PosixFileSystem.swift` starts writing a part's files back while they are written.
        .systemLibrary(name: "CLinuxIO", path: "Sources/CLinuxIO"),
        .target(
            name: "EdgeHouse",
            dependencies: ["CLZ4", "CZstd", "CLinuxIO", .product(name: "Logging", package: "swift-log")]
        ),
        // The application, outside the engine: the OptiInfra schema (`schema/init.sql`, embedded
        // and run to install it) and its seeded generators and benchmark baseline.
        .target(name: "OptiInfraSchema", dependencies: ["EdgeHouse"], resources: [.embedInCode("init.sql")]),
        .target(name: "OptiInfraWorkload", dependencies: ["EdgeHouse", "OptiInfraSchema"]),
        // The seed client's API in Swift (the core: no engine, no networking), its two
        // transports — to the embedded engine, and to a ClickHouse server's HTTP interface
        // (which does not link the engine) — and `OptiInfraMetrics`, all of it with the
        // configuration from the environment.
        .target(name: "OptiInfraMetricsCore"),
        .target(name: "OptiInfraMetricsEmbedded", dependencies: ["OptiInfraMetricsCore", "EdgeHouse", "OptiInfraSchema"]),
        .target(name: "OptiInfraMetricsHTTP", dependencies: ["OptiInfraMetricsCore"]),
        .target(name: "OptiInfraMetrics", dependencies: ["OptiInfraMetricsCore", "OptiInfraMetricsEmbedded", "OptiInfraMetricsHTTP", "EdgeHouse", "OptiInfraSchema"]),
        // `edgehouse server`: the store behind ClickHouse's native TCP protocol and its HTTP
        // interface (SwiftNIO). Safe Swift only: frames, checksums and column bytes go through
        // the engine's codec layer.
        .target(
            name: "EdgeHouseServer",
            dependencies: [
                "EdgeHouse",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                // EmbeddedChannel: the HTTP request parser as a fuzz target (Wire/WireFuzzing.swift).
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Store-and-forward: a store's committed rows sent to a central ClickHouse's HTTP
        // interface, exactly once where the server deduplicates.
        .target(name: "EdgeHouseForwarder", dependencies: ["EdgeHouse", .product(name: "Logging", package: "swift-log"),
                                                   .product(name: "NIOCore", package: "swift-nio"),
                                                   .product(name: "NIOPosix", package: "swift-nio"),
                                                   .product(name: "NIOHTTP1", package: "swift-nio")]),
        // The application's commands: `demo` (the main job), `generate`, and the benchmark
        // harness (`bench`: batches, the batch-size sweep and its plot, the fleet;
        // `quantile-accuracy`). scripts/test runs `bench` on small inputs so it cannot rot.
        .target(
            name: "OptiInfraTools",
            dependencies: ["EdgeHouse", "OptiInfraMetricsCore", "OptiInfraMetricsEmbedded", "OptiInfraSchema", "OptiInfraWorkload",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // The command: SQL as clickhouse-local, `server`, `forward`; the application's
        // commands come from OptiInfraTools.
        .executableTarget(
            name: "edgehouse",
            dependencies: ["EdgeHouse", "EdgeHouseServer", "EdgeHouseForwarder", "OptiInfraTools", "CMalloc",
                           .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "Logging", package: "swift-log")]
        ),
        // Test helpers shared by the unit tests and the crash harness: a fault-injecting file
        // system and a manual clock.
        .target(name: "EdgeHouseTestSupport", dependencies: ["EdgeHouse", "EdgeHouseServer", "OptiInfraWorkload"]),
        // A child process the crash tests SIGKILL at random moments (see Tests/EdgeHouseTests/CrashTests.swift).
        .executableTarget(name: "edgehouse-crash-writer", dependencies: ["EdgeHouse", "EdgeHouseTestSupport"]),
        // The fuzz driver: libFuzzer over the fuzz targets when built by scripts/fuzz, a replayer
        // of inputs otherwise.
        .executableTarget(name: "edgehouse-fuzz", dependencies: ["EdgeHouseTestSupport"]),
        // References/ holds golden files from real ClickHouse, read by path (see Tests/References).
        .testTarget(name: "EdgeHouseTests", dependencies: ["EdgeHouse", "EdgeHouseTestSupport", "OptiInfraSchema", "OptiInfraWorkload"], exclude: ["References"]),
        .testTarget(name: "EdgeHouseServerTests", dependencies: ["EdgeHouseServer", "EdgeHouse", "EdgeHouseForwarder",
                                                                .product(name: "NIOCore", package: "swift-nio"),
                                                                .product(name: "NIOPosix", package: "swift-nio"),
                                                                .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "OptiInfraMetricsTests", dependencies: ["OptiInfraMetrics", "OptiInfraMetricsCore", "OptiInfraMetricsEmbedded", "OptiInfraMetricsHTTP", "OptiInfraSchema", "OptiInfraWorkload", "EdgeHouse", "EdgeHouseServer"]),
    ]
)
