import ArgumentParser
import EdgeHouse
import Foundation
import OptiInfraSchema
import OptiInfraWorkload

/// Insert throughput of `performance_metrics_ts` batches, with and without its view, against a
/// baseline measured in the same run.
public struct Bench: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure insert throughput of performance_metrics_ts batches into a store.",
        discussion: """
        Generates seeded OptiInfra performance rows and inserts them in batches, into a store
        without views and into one with performance_metrics_hourly_mv attached, alternating
        (--rounds times each, best round kept). Prints rows/s, bytes on disk per row, peak
        resident memory, and ratios to a baseline measured in the same run: LZ4 compression of
        the same rows' column bytes. Then sweeps batch sizes 1, 100, 10k and 100k rows with the
        views attached: small batches through the buffered insert path (insert log, group commit
        or fdatasync per insert), large ones as direct inserts, each timed until every row is in
        a committed part. Last, the whole fleet (all four tables and views, generated hour by
        hour, --fleet-rows performance rows) goes into an on-disk store with background merges:
        rows/s and bytes per row per table, compression per column, peak memory while ingesting,
        the time to open the store, and p50/p99 of the four dashboard queries through the typed
        client. --plot writes throughput against batch size as an SVG. --json prints the same
        numbers as one JSON object.
        """)

    public init() {}

    @Option(help: "Rows to insert per round.") var rows = 1_000_000
    @Option(help: "Rows per insert batch.") var batch = 100_000
    @Option(help: "Rounds per configuration (alternating).") var rounds = 3
    @Flag(help: "Use in-memory stores.") var inMemory = false
    @Option(help: "Workload seed.") var seed: UInt64 = 1
    @Option(help: "Shape of the input rows: a (arrival order), b (random order), c (full-precision floats), d (both); Benchmarks/shapes.py.")
    var shape: DataShape = .a
    @Flag(help: "Print the results as one JSON object.") var json = false
    @Flag(help: "Skip the batch-size sweep.") var noSweep = false
    @Option(help: "Performance rows of the fleet benchmark (0 skips it).") var fleetRows = 1_000_000
    @Option(help: "Build the fleet's store in this (new) directory and keep it, to inspect it or time queries against it.")
    var fleetPath: String?
    @Option(help: "Write an SVG plot of the batch-size sweep to this file.") var plot: String?

    struct Round: Encodable {
        var rowsPerSecond: Double
        var bytesPerRow: Double?
    }

    /// Everything one run measured; `--json` prints it as is.
    struct Report: Encodable {
        var rows: Int
        var batch: Int
        var shape: String
        var inMemory: Bool
        var baselineRowsPerSecond: Double
        var noViews: Round
        var withView: Round
        /// Peak resident memory once the input batches were generated, and at the end.
        var peakResidentBytesBeforeInserts: Int?
        var peakResidentBytes: Int?
        var batchSizes: [BatchSizeSweep.Result]
        var fleet: FleetBench.Report?
    }

    public func run() async throws {
        // The fleet first, so its peak memory is its own (the phases below keep their inputs).
        let fleet = fleetRows == 0 ? nil : try await FleetBench(performanceRows: fleetRows, seed: seed, keptDirectory: fleetPath).run { done, total in
            Terminal.progress("fleet       ", done: done, total: total)
        }
        var workload = PerformanceWorkload(seed: seed, customers: 8, servicesPerCustomer: 4,
                                           start: DateTime.parse("2026-11-24 00:00:00")!, rowsPerSecond: 200)
        let generated = (0..<(rows + batch - 1) / batch).map { workload.nextBatch(rows: min(batch, rows - $0 * batch)) }
        let batches = shape.apply(to: generated, seed: seed)
        let inputResident = Terminal.peakResidentBytes()
        let baseline = BaselineCompression.rowsPerSecond(batches)
        var plain = [Round](), withView = [Round]()
        for round in 0..<rounds {
            plain.append(try measure(batches, view: false))
            withView.append(try measure(batches, view: true))
            Terminal.progress("benchmarking", done: round + 1, total: rounds)
        }
        let best = { (rounds: [Round]) in rounds.max { $0.rowsPerSecond < $1.rowsPerSecond }! }
        let peakResident = Terminal.peakResidentBytes()
        let sweep = noSweep ? [] : try BatchSizeSweep(input: batches, inMemory: inMemory).run { done, total in
            Terminal.progress("batch sizes ", done: done, total: total)
        }
        let report = Report(rows: rows, batch: batch, shape: shape.rawValue, inMemory: inMemory, baselineRowsPerSecond: baseline,
                            noViews: best(plain), withView: best(withView),
                            peakResidentBytesBeforeInserts: inputResident, peakResidentBytes: peakResident, batchSizes: sweep, fleet: fleet)
        if let plot, !sweep.isEmpty { try SweepPlot.svg(sweep).write(toFile: plot, atomically: true, encoding: .utf8) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            printTable(report)
        }
    }

    private func printTable(_ report: Report) {
        let (a, b, baseline) = (report.noViews, report.withView, report.baselineRowsPerSecond)
        print("\(rows) performance_metrics_ts rows of shape \(shape.rawValue) in batches of \(batch), \(inMemory ? "in memory" : "on disk (default compression, fsynced)"), best of \(rounds)")
        print(String(format: "  baseline (LZ4 of the column bytes, 1 core): %10.0f rows/s", baseline))
        print(String(format: "  insert, no views:                           %10.0f rows/s  (%.2f × baseline)", a.rowsPerSecond, a.rowsPerSecond / baseline))
        print(String(format: "  insert, performance_metrics_hourly_mv:      %10.0f rows/s  (%.2f × baseline, %.0f%% of no views)",
                     b.rowsPerSecond, b.rowsPerSecond / baseline, 100 * b.rowsPerSecond / a.rowsPerSecond))
        if let bytes = a.bytesPerRow { print(String(format: "  on disk: %.1f bytes per row", bytes)) }
        if let before = report.peakResidentBytesBeforeInserts, let peak = report.peakResidentBytes {
            print("  peak resident memory: \(Terminal.bytes(peak)) (\(Terminal.bytes(before)) of it before inserting: the generated input)")
        }
        if !report.batchSizes.isEmpty {
            print("\nbatch size sweep, all four views attached (but one), until every row is in a part:")
            print("  batch    rows       rows/s   path")
            for result in report.batchSizes {
                print(String(format: "  %6d  %7d  %11.0f   %@", result.batch, result.rows, result.rowsPerSecond, result.path))
            }
        }
        guard let fleet = report.fleet else { return }
        print("\nfleet: \(fleet.performanceRows) performance rows and the other three tables, 4 views, on disk, background merges:")
        print("  table                     rows   inserts      rows/s   bytes/row")
        for table in fleet.tables {
            print(String(format: "  %-22@ %8d  %7d  %10.0f   %9.1f", table.table, table.rows, table.inserts, table.rowsPerSecond, table.bytesPerRow))
        }
        print("  compression per column (raw bytes / stored bytes):")
        for table in fleet.tables {
            print("    \(table.table): " + table.columns.map { String(format: "%@ %.1f×", $0.column, $0.compressionRatio) }.joined(separator: ", "))
        }
        if let peak = fleet.peakResidentBytesIngesting { print("  peak resident memory while ingesting: \(Terminal.bytes(peak))") }
        print(String(format: "  open the store: %.1f ms (median of 7)", fleet.openMilliseconds))
        print("  dashboard queries through the typed client (300 each):")
        for query in fleet.queries {
            print(String(format: "    %-30@ p50 %7.3f ms   p99 %7.3f ms", query.query, query.p50Milliseconds, query.p99Milliseconds))
        }
    }

    private func measure(_ batches: [Batch], view: Bool) throws -> Round {
        var options = StoreOptions()
        options.backgroundMaintenance = false
        let directory = NSTemporaryDirectory() + "edgehouse-bench-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = inMemory ? Store.inMemory(options: options) : try Store.open(path: directory, options: options)
        // Every table, and with `view` every view: only the performance table's view is fed.
        try OptiInfraSchema.install(in: store, views: view)
        let start = ContinuousClock.now
        for rows in batches { try store.insert(rows, into: OptiInfraSchema.performanceMetrics) }
        let seconds = Terminal.seconds(since: start)
        let bytes = inMemory ? nil : Double(Terminal.diskUsage(directory + "/data/optiinfra/performance_metrics_ts")) / Double(rows)
        return Round(rowsPerSecond: Double(rows) / seconds, bytesPerRow: bytes)
    }
}
