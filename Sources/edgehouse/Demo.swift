import ArgumentParser
import EdgeHouse
import Foundation

/// The main job: an embedded store fed by a simulated fleet of edge agents.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate a fleet of edge agents for a day and store their metrics in an embedded store.",
        discussion: """
        Opens (or creates) the store in --path, creates the four OptiInfra tables, generates
        --hours of metrics after the newest data already stored, and prints what was stored,
        how fast, and where. Running it again continues where the last run stopped.
        """)

    @Option(help: "Store directory.") var path = "edgehouse-data"
    @Option(help: "Hours of metrics to simulate.") var hours = 24
    @Option(help: "LLM requests per second across the fleet.") var rate = 12
    @Option(help: "Random seed of the fleet.") var seed: UInt64 = 2026

    func run() throws {
        let store = try Store.open(path: path)
        defer { store.close() }
        for table in OptiInfraTables.all { try store.createTable(table, ifNotExists: true) }
        let snapshot = store.snapshot()
        let newest = try snapshot.parts(of: OptiInfraTables.performanceMetrics).compactMap { $0.meta.dateTimeRanges["timestamp"]?.upperBound }.max()
        let now = UInt32(Date().timeIntervalSince1970)
        let start = newest.map { DateTime.startOfHour($0) + 3600 } ?? DateTime.startOfHour(now) - UInt32(hours) * 3600
        print("store: \(path) — simulating \(hours) h of metrics from \(DateTime.format(start)) UTC")

        var fleet = OptiInfraFleet(seed: seed &+ UInt64(start), requestsPerSecond: rate, start: start)
        var inserted = [TableName: Int]()
        var busy = 0.0
        for hour in 0..<hours {
            for (table, batch) in fleet.hour(start + UInt32(hour) * 3600) {
                let begin = ContinuousClock.now
                try store.insert(batch, into: table)
                busy += Terminal.seconds(since: begin)
                inserted[table, default: 0] += batch.rowCount
            }
            Terminal.progress("ingesting", done: hour + 1, total: hours)
        }
        try store.runMaintenance()
        let total = inserted.values.reduce(0, +)
        print(String(format: "inserted %d rows in %.2f s of insert time: %.0f rows/s", total, busy, Double(total) / max(busy, 1e-9)))
        print("")
        print("table".padding(toLength: 26, withPad: " ", startingAt: 0) + "rows".leftPadded(12) + "parts".leftPadded(7) + "on disk".leftPadded(13))
        let after = store.snapshot()
        for table in OptiInfraTables.all.map(\.name) {
            let parts = try after.parts(of: table)
            let bytes = Terminal.diskUsage(path + "/data/\(table.database)/\(table.table)")
            print(table.table.padding(toLength: 26, withPad: " ", startingAt: 0) + "\(parts.reduce(0) { $0 + $1.rows })".leftPadded(12)
                  + "\(parts.count)".leftPadded(7) + Terminal.bytes(bytes).leftPadded(13))
        }
        try printBusiestService(after, end: start + UInt32(hours) * 3600)
        print("\ndata lives in \(URL(fileURLWithPath: path).standardizedFileURL.path)")
    }

    /// A primary-key range scan: the last hour of the busiest service.
    private func printBusiestService(_ snapshot: Snapshot, end: UInt32) throws {
        let table = OptiInfraTables.performanceMetrics
        let sample = try snapshot.read(table, columns: ["customer_id", "service_id"], filter: ScanFilter([
            .halfOpen("timestamp", from: .dateTime(end - 60), to: .dateTime(end))]))
        guard sample.rowCount > 0, case .uuid(let customers) = sample.columns[0], case .uuid(let services) = sample.columns[1] else { return }
        let filter = ScanFilter([.equals("customer_id", .uuid(customers[0])), .equals("service_id", .uuid(services[0])),
                                 .halfOpen("timestamp", from: .dateTime(end - 3600), to: .dateTime(end))])
        let begin = ContinuousClock.now
        var latencies = [Float]()
        let statistics = try snapshot.scan(table, columns: ["latency_ms"], filter: filter) { batch in
            if case .float32(let values) = batch.columns[0] { latencies += values }
        }
        let elapsed = Terminal.seconds(since: begin)
        let mean = latencies.reduce(0.0) { $0 + Double($1) } / Double(max(1, latencies.count))
        print(String(format: "\nlast hour of service %@: %d requests, mean latency %.1f ms (scan read %d granules of %d parts in %.2f ms)",
                     services[0].description, latencies.count, mean, statistics.granulesRead, statistics.partsRead.count, elapsed * 1000))
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
