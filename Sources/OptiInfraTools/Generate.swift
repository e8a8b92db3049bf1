import ArgumentParser
import EdgeHouse
import Foundation
import OptiInfraSchema
import OptiInfraWorkload

/// Seeded OptiInfra rows on standard output, for piping into `edgehouse` or ClickHouse.
public struct Generate: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write seeded OptiInfra rows of one table in a ClickHouse format to standard output.",
        discussion: """
        performance_metrics_ts rows come from a workload of 8 customers with 4 services each, 200
        requests a second; the other tables from a simulated fleet hour by hour (a quality score
        for one request in ten, resources per GPU per minute, a cost per instance per hour). Rows
        start at --start, by default yesterday at 00:00 UTC: within the schema's 30-day TTL
        whenever they are made, and the same rows all day for the same seed.
        """)

    public init() {}

    @Option(help: "Rows to write.") var rows = 1_000_000
    @Option(help: "Table: performance_metrics_ts, quality_metrics_ts, resource_metrics_ts or cost_metrics_ts.")
    var table = "performance_metrics_ts"
    @Option(help: "Output format (TSV, CSV, JSONEachRow, …).") var format = "TSV"
    @Option(help: "Workload seed.") var seed: UInt64 = 1
    @Option(help: "Time of the first row, 'YYYY-MM-DD hh:mm:ss' UTC (default: yesterday at 00:00).") var start: String?

    public func run() throws {
        let first: UInt32
        if let start {
            guard let parsed = DateTime.parse(start) else { throw ValidationError("--start takes 'YYYY-MM-DD hh:mm:ss', not \(start)") }
            first = parsed
        } else {
            first = (UInt32(Date().timeIntervalSince1970) / 86_400 - 1) * 86_400
        }
        var written = 0
        func write(_ batch: Batch) throws {
            let rows = batch.rowCount <= self.rows - written ? batch : batch.slice(0..<(self.rows - written))
            FileHandle.standardOutput.write(Data(try SQLSession.render(rows, format: format)))
            written += rows.rowCount
        }
        if table == OptiInfraSchema.performanceMetrics.table {
            var workload = PerformanceWorkload(seed: seed, customers: 8, servicesPerCustomer: 4, start: first, rowsPerSecond: 200)
            while written < rows { try write(workload.nextBatch(rows: min(100_000, rows - written))) }
            return
        }
        guard [OptiInfraSchema.qualityMetrics, OptiInfraSchema.resourceMetrics, OptiInfraSchema.costMetrics].map(\.table).contains(table) else {
            throw ValidationError("--table is one of the four raw tables, not \(table)")
        }
        var fleet = OptiInfraFleet(seed: seed, requestsPerSecond: 1, start: first)
        var hour = first
        while written < rows {
            for (name, batch) in fleet.hour(hour) where name.table == table { try write(batch) }
            hour += 3600
        }
    }
}
