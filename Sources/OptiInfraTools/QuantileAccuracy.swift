import ArgumentParser
import EdgeHouse

/// How far ClickHouse's sampling `quantile` is from `quantileExact` on realistic latencies.
public struct QuantileAccuracy: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "quantile-accuracy",
        abstract: "Measure quantile (8192-sample reservoir) against quantileExact on lognormal latencies.",
        discussion: """
        Draws --values lognormal latencies (median ≈ 245 ms, σ = 0.6, seeded), builds one
        quantile state per --state-size values, merges the states in order into a fresh state
        (the canonical order), and prints each level's quantile, quantileExact and relative error.
        """)

    public init() {}

    @Option(help: "Number of latencies.") var values = 1_000_000
    @Option(help: "Values per state before merging.") var stateSize = 1_000
    @Option(help: "Seed.") var seed: UInt64 = 7

    public func run() throws {
        var random = SplitMix64(seed: seed)
        let latencies = (0..<values).map { _ in Float(245 * Foundation.exp(0.6 * random.normal())) }
        let reservoir = try AggregateFunction(.quantile(0.5), .float32)
        let exact = try AggregateFunction(.quantileExact(0.5), .float32)
        let (sampled, merged) = try QuantileStates.build(reservoir, latencies, stateSize: stateSize)
        let (exactStates, _) = try QuantileStates.build(exact, latencies, stateSize: stateSize)
        print("\(values) lognormal latencies, \(merged) states of \(stateSize) merged in order")
        print("level     quantile  quantileExact  relative error")
        for level in [0.5, 0.9, 0.95, 0.99, 0.999] {
            let q = sampled.finalize(.quantile(level)).text(at: 0)
            let e = exactStates.finalize(.quantileExact(level)).text(at: 0)
            let error = (Double(q)! - Double(e)!) / Double(e)!
            print("\(level)".padding(toLength: 6, withPad: " ", startingAt: 0) + String(format: " %10.3f  %13.3f  %+13.4f%%", Double(q)!, Double(e)!, 100 * error))
        }
    }
}

import Foundation
import OptiInfraWorkload
