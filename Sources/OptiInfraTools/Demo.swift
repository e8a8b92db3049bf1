import ArgumentParser
import EdgeHouse
import Foundation
import OptiInfraMetricsCore
import OptiInfraMetricsEmbedded
import OptiInfraSchema
import OptiInfraWorkload

/// The main job: an embedded store fed by a simulated fleet of edge agents, read back through
/// the typed client's four dashboards.
public struct Demo: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Simulate a fleet of edge agents for a day, store their metrics, and print the four dashboards.",
        discussion: """
        Opens (or creates) the store in --path, applies schema/init.sql (the four tables and their
        hourly views), generates --hours of metrics after the newest data already stored, and prints
        the dashboards of the OptiInfraMetrics client, the insert throughput, and where the data
        lives. Running it again continues where the last run stopped.
        """)

    public init() {}

    @Option(help: "Store directory.") var path = "edgehouse-data"
    @Option(help: "Schema to apply (defaults to schema/init.sql when present, else the copy of it built into the binary).") var schema: String?
    @Option(help: "Hours of metrics to simulate.") var hours = 24
    @Option(help: "LLM requests per second across the fleet.") var rate = 12
    @Option(help: "Random seed of the fleet.") var seed: UInt64 = 2026

    public func run() async throws {
        let store = try Store.open(path: path)
        defer { store.close() }
        let transport = EmbeddedTransport(store: store)
        let schemaFile = schema ?? (FileManager.default.fileExists(atPath: "schema/init.sql") ? "schema/init.sql" : nil)
        if let schemaFile {
            try await MetricsClient(transport: transport).applySchema(try String(contentsOfFile: schemaFile, encoding: .utf8))
        } else {
            try OptiInfraSchema.install(in: store)
        }
        let newest = try store.snapshot().parts(of: OptiInfraSchema.performanceMetrics).compactMap { $0.meta.dateTimeRanges["timestamp"]?.upperBound }.max()
        let now = UInt32(Date().timeIntervalSince1970)
        let start = newest.map { DateTime.startOfHour($0) + 3600 } ?? DateTime.startOfHour(now) - UInt32(hours) * 3600
        let end = start + UInt32(hours) * 3600
        print("store \(path), schema \(schemaFile ?? "built in"): simulating \(hours) h of a fleet from \(DateTime.format(start)) UTC")

        var fleet = OptiInfraFleet(seed: seed &+ UInt64(start), requestsPerSecond: rate, start: start)
        var inserted = 0
        var busy = 0.0
        var firstRequests: Batch?
        for hour in 0..<hours {
            for (table, batch) in fleet.hour(start + UInt32(hour) * 3600) {
                let begin = ContinuousClock.now
                inserted += try await transport.insert(batch, into: table.table)
                busy += Terminal.seconds(since: begin)
                if table == OptiInfraSchema.performanceMetrics, firstRequests == nil { firstRequests = batch }
            }
            Terminal.progress("ingesting", done: hour + 1, total: hours)
        }
        print(String(format: "inserted %d rows (4 tables, 4 views) in %.2f s of insert time: %.0f rows/s", inserted, busy, Double(inserted) / max(busy, 1e-9)))
        guard let sample = firstRequests, case .uuid(let customers) = sample.column(named: "customer_id")!,
              case .uuid(let services) = sample.column(named: "service_id")! else { return }
        let client = MetricsClient(transport: transport, clock: { Date(timeIntervalSince1970: TimeInterval(end)) })
        try await Dashboards(client: client, customer: customers[0].foundationUUID, start: start, end: end,
                             services: Array(Set(zip(customers, services).filter { $0.0 == customers[0] }.map { $0.1.foundationUUID })).sorted { $0.uuidString < $1.uuidString },
                             instances: try instances(of: customers[0], store: store)).print()
        print("\ndata lives in \(URL(fileURLWithPath: path).standardizedFileURL.path) (\(Terminal.bytes(Terminal.diskUsage(path))))")
    }

    private func instances(of customer: UUIDValue, store: Store) throws -> [String] {
        let rows = try store.snapshot().read(OptiInfraSchema.resourceMetrics, columns: ["instance_id"], filter: ScanFilter([.equals("customer_id", .uuid(customer))]))
        guard case .string(let ids) = rows.columns[0] else { return [] }
        return Array(Set((0..<ids.count).map { ids.string(at: $0) })).sorted()
    }
}

/// The four dashboards of the seed's client, printed as tables.
struct Dashboards {
    let client: MetricsClient
    let customer: UUID
    let start: UInt32
    let end: UInt32
    let services: [UUID]
    let instances: [String]

    func print() async throws {
        let date = { (seconds: UInt32) in Date(timeIntervalSince1970: TimeInterval(seconds)) }
        let costs = try await client.queryCostHourly(customerID: customer, start: date(end - 6 * 3600), end: date(end))
        try show("hourly cost of customer \(customer.uuidString.lowercased()), last 6 hours", [
            ("hour", .dateTime(costs.map { UInt32($0.hour.timeIntervalSince1970) })),
            ("provider", .string(StringColumn(costs.map(\.cloudProvider)))), ("service", .string(StringColumn(costs.map(\.serviceName)))),
            ("total_cost", .float64(costs.map(\.totalCost))), ("avg_utilization_%", .float64(costs.map(\.avgUtilization).map(round1))),
            ("samples", .uint64(costs.map(\.sampleCount))),
        ])
        var performance = [PerformanceSummary]()
        for service in services { performance.append(try await client.queryPerformanceP95(customerID: customer, serviceID: service, hours: 24)) }
        try show("LLM latency per service, last 24 hours", [
            ("service", .string(StringColumn(services.map { $0.uuidString.lowercased() }))),
            ("avg_ms", .float64(performance.map(\.avgLatencyMs).map(round1))), ("p95_ms", .float64(performance.map(\.p95LatencyMs).map(round1))),
            ("p99_ms", .float64(performance.map(\.p99LatencyMs).map(round1))), ("tokens/s", .float64(performance.map(\.avgThroughput).map(round1))),
            ("requests", .uint64(performance.map(\.totalRequests))),
        ])
        var resources = [ResourceUtilization]()
        for instance in instances { resources.append(try await client.queryResourceUtilization(customerID: customer, instanceID: instance, hours: 24)) }
        try show("GPU/CPU utilization per instance, last 24 hours", [
            ("instance", .string(StringColumn(instances))), ("avg_gpu_%", .float64(resources.map(\.avgGPUUtilization).map(round1))),
            ("max_gpu_%", .float64(resources.map(\.maxGPUUtilization).map(round1))), ("avg_gpu_mem_mb", .float64(resources.map(\.avgGPUMemoryMB).map(round1))),
            ("avg_cpu_%", .float64(resources.map(\.avgCPUUtilization).map(round1))), ("samples", .uint64(resources.map(\.sampleCount))),
        ])
        if let service = services.first {
            let trends = try await client.queryQualityTrends(customerID: customer, serviceID: service, hours: 6)
            try show("quality of service \(service.uuidString.lowercased()), last 6 hours", [
                ("hour", .dateTime(trends.map { UInt32($0.hour.timeIntervalSince1970) })),
                ("quality", .float64(trends.map(\.avgQuality).map(round3))), ("relevance", .float64(trends.map(\.avgRelevance).map(round3))),
                ("coherence", .float64(trends.map(\.avgCoherence).map(round3))), ("factuality", .float64(trends.map(\.avgFactuality).map(round3))),
                ("hallucinations", .uint64(trends.map(\.hallucinations))), ("requests", .uint64(trends.map(\.totalRequests))),
            ])
        }
    }

    private func round1(_ v: Double) -> Double { (v * 10).rounded() / 10 }
    private func round3(_ v: Double) -> Double { (v * 1000).rounded() / 1000 }

    private func show(_ title: String, _ columns: [(String, ColumnValues)]) throws {
        Swift.print("\n\(title)")
        let text = String(decoding: try SQLSession.render(Batch(columns), format: "PrettyCompact"), as: UTF8.self)
        Swift.print(text, terminator: "")
    }
}
