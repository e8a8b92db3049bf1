// swift-tools-version: 6.1
// A package of its own so that `swift test` at the root does not build the benchmark harness.
// Run: cd Benchmarks && swift package benchmark
import PackageDescription

let package = Package(
    name: "EdgeHouseBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "EdgeHouse", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "EdgeHouseBenchmarks",
            dependencies: [
                .product(name: "EdgeHouse", package: "EdgeHouse"),
                .product(name: "OptiInfraSchema", package: "EdgeHouse"),
                .product(name: "OptiInfraWorkload", package: "EdgeHouse"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/EdgeHouseBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
