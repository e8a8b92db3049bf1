import ArgumentParser
import EdgeHouse

@main
struct EdgeHouseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edgehouse",
        abstract: "An embedded, ClickHouse-compatible time-series store for OptiInfra metrics.",
        subcommands: [Demo.self, Bench.self, QuantileAccuracy.self],
        defaultSubcommand: Demo.self)
}
