import ArgumentParser
import EdgeHouse
import Foundation

/// Insert throughput of `performance_metrics_ts` batches, with a same-run baseline.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure insert throughput of performance_metrics_ts batches into a store.",
        discussion: """
        Generates seeded OptiInfra performance rows, inserts them in batches and prints rows/s,
        bytes on disk per row, and the ratio to a baseline measured in the same run: LZ4
        compression of the same rows' column bytes (the machine's ceiling for this data).
        """)

    @Option(help: "Rows to insert.") var rows = 1_000_000
    @Option(help: "Rows per insert batch.") var batch = 100_000
    @Option(help: "Store directory (a fresh temporary one by default).") var path: String?
    @Flag(help: "Use an in-memory store.") var inMemory = false
    @Option(help: "Workload seed.") var seed: UInt64 = 1

    func run() throws {
        var workload = PerformanceWorkload(seed: seed, customers: 8, servicesPerCustomer: 4,
                                           start: DateTime.parse("2026-11-24 00:00:00")!, rowsPerSecond: 200)
        let batches = (0..<(rows + batch - 1) / batch).map { workload.nextBatch(rows: min(batch, rows - $0 * batch)) }
        let directory = path ?? NSTemporaryDirectory() + "edgehouse-bench-\(UUID().uuidString.prefix(8))"
        defer { if path == nil { try? FileManager.default.removeItem(atPath: directory) } }

        let baseline = BaselineCompression.rowsPerSecond(batches)
        var options = StoreOptions()
        options.backgroundMaintenance = false
        let store = inMemory ? Store.inMemory(options: options) : try Store.open(path: directory, options: options)
        try store.createTable(OptiInfraTables.performance, ifNotExists: true)
        let start = ContinuousClock.now
        for (index, rows) in batches.enumerated() {
            try store.insert(rows, into: OptiInfraTables.performanceMetrics)
            Terminal.progress("inserting", done: index + 1, total: batches.count)
        }
        let seconds = Terminal.seconds(since: start)
        let rate = Double(rows) / seconds
        print("inserted \(rows) performance_metrics_ts rows in batches of \(batch) into \(inMemory ? "memory" : directory)")
        print(String(format: "  insert:   %.0f rows/s (%.3f s)", rate, seconds))
        print(String(format: "  baseline: %.0f rows/s (LZ4 of the same column bytes, this run)", baseline))
        print(String(format: "  ratio:    %.2f of baseline", rate / baseline))
        if !inMemory {
            let bytes = Terminal.diskUsage(directory + "/data")
            print(String(format: "  on disk:  %@, %.1f bytes per row", Terminal.bytes(bytes), Double(bytes) / Double(rows)))
        }
        let parts = try store.snapshot().parts(of: OptiInfraTables.performanceMetrics)
        print("  parts:    \(parts.count) (\(parts.map(\.name.description).prefix(4).joined(separator: ", "))\(parts.count > 4 ? ", …" : ""))")
    }
}
