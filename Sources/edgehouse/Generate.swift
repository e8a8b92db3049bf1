import ArgumentParser
import EdgeHouse
import Foundation

/// Seeded OptiInfra rows on standard output, for piping into `edgehouse` or ClickHouse.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write seeded performance_metrics_ts rows in a ClickHouse format to standard output.")

    @Option(help: "Rows to write.") var rows = 1_000_000
    @Option(help: "Output format (TSV, CSV, JSONEachRow, …).") var format = "TSV"
    @Option(help: "Workload seed.") var seed: UInt64 = 1

    func run() throws {
        var workload = PerformanceWorkload(seed: seed, customers: 8, servicesPerCustomer: 4,
                                           start: DateTime.parse("2026-11-24 00:00:00")!, rowsPerSecond: 200)
        var written = 0
        while written < rows {
            let batch = workload.nextBatch(rows: min(100_000, rows - written))
            FileHandle.standardOutput.write(Data(try SQLSession.render(batch, format: format)))
            written += batch.rowCount
        }
    }
}
