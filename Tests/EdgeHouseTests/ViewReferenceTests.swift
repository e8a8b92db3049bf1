@testable import EdgeHouse
import EdgeHouseTestSupport
import Foundation
import Testing
import OptiInfraSchema

/// The corrected schema's views against ClickHouse 26.9 (References/views.tsv, produced by
/// Tests/References/generate.py): the same dataset inserted insert by insert, the corrected
/// dashboard queries answered before merges and after OPTIMIZE FINAL.
@Suite struct ViewReferenceTests {
    static let reference: [String: [String]] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("References/views.tsv")
        var sections = [String: [String]]()
        var current = ""
        for line in try! String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") { current = String(line.dropFirst(3)) } else if !line.isEmpty { sections[current, default: []].append(String(line)) }
        }
        return sections
    }()

    static let customer = UUIDValue("123e4567-e89b-12d3-a456-426614174000")!
    static let range = ColumnRange.halfOpen("hour", from: .dateTime(DateTime.parse("2026-10-31 21:00:00")!),
                                            to: .dateTime(DateTime.parse("2026-11-01 03:00:00")!))

    static func keys(_ names: [String]) -> [SelectItem] {
        names.map { $0 == "hour" ? .key("hour", .column("hour")) : .key($0, .column($0)) }
    }

    /// The Swift form of each reference query (same names as VIEW_QUERIES in generate.py).
    static let queries: [String: (TableName, AggregationQuery, ScanFilter, [String])] = {
        func query(_ keys: [String], _ aggregates: [(String, AggregateCall)]) -> AggregationQuery {
            AggregationQuery(select: Self.keys(keys) + aggregates.map { .aggregate($0.0, $0.1) }, groupBy: keys.map { .column($0) })
        }
        return [
            "cost_hourly": (OptiInfraSchema.costHourly, query(["hour", "cloud_provider", "service_name"], [
                ("total_cost", AggregateCall(.sum, .none, "total_cost")), ("utilization", AggregateCall(.sum, .none, "utilization_sum")),
                ("samples", AggregateCall(.sum, .none, "sample_count"))]),
                ScanFilter([.equals("customer_id", .uuid(customer)), range]), ["hour", "cloud_provider", "service_name"]),
            "performance_range": (OptiInfraSchema.performanceHourly, query(["customer_id", "service_id"], [
                ("avg", AggregateCall(.avg, .merge, "avg_latency")), ("p95", AggregateCall(.quantile(0.95), .merge, "p95_latency")),
                ("p99", AggregateCall(.quantile(0.99), .merge, "p99_latency")), ("throughput", AggregateCall(.avg, .merge, "avg_throughput")),
                ("requests", AggregateCall(.count, .merge, "request_count"))]),
                ScanFilter([range]), ["customer_id", "service_id"]),
            "performance_hourly": (OptiInfraSchema.performanceHourly, query(["hour", "customer_id", "service_id", "service_type"], [
                ("avg", AggregateCall(.avg, .merge, "avg_latency")), ("p95", AggregateCall(.quantile(0.95), .merge, "p95_latency")),
                ("p99", AggregateCall(.quantile(0.99), .merge, "p99_latency")), ("throughput", AggregateCall(.avg, .merge, "avg_throughput")),
                ("gpu", AggregateCall(.avg, .merge, "avg_gpu_util")), ("requests", AggregateCall(.count, .merge, "request_count"))]),
                .all, ["hour", "customer_id", "service_id", "service_type"]),
            "performance_p95": (OptiInfraSchema.performanceHourly, query([], [
                ("avg", AggregateCall(.avg, .merge, "avg_latency")), ("p95", AggregateCall(.quantile(0.95), .merge, "p95_latency")),
                ("p99", AggregateCall(.quantile(0.99), .merge, "p99_latency")), ("throughput", AggregateCall(.avg, .merge, "avg_throughput")),
                ("requests", AggregateCall(.count, .merge, "request_count"))]),
                ScanFilter([.equals("customer_id", .uuid(customer)), range]), []),
            "performance_empty": (OptiInfraSchema.performanceHourly, query([], [
                ("avg", AggregateCall(.avg, .merge, "avg_latency")), ("p95", AggregateCall(.quantile(0.95), .merge, "p95_latency")),
                ("p99", AggregateCall(.quantile(0.99), .merge, "p99_latency")), ("throughput", AggregateCall(.avg, .merge, "avg_throughput")),
                ("requests", AggregateCall(.count, .merge, "request_count"))]),
                ScanFilter([ColumnRange("hour", lower: .dateTime(DateTime.parse("2030-01-01 00:00:00")!))]), []),
            "resource_range": (OptiInfraSchema.resourceHourly, query(["customer_id", "instance_id"], [
                ("gpu", AggregateCall(.avg, .merge, "avg_gpu_util")), ("max_gpu", AggregateCall(.max, .merge, "max_gpu_util")),
                ("memory", AggregateCall(.avg, .merge, "avg_gpu_memory")), ("cpu", AggregateCall(.avg, .merge, "avg_cpu_util")),
                ("samples", AggregateCall(.count, .merge, "sample_count"))]),
                ScanFilter([range]), ["customer_id", "instance_id"]),
            "quality_hourly": (OptiInfraSchema.qualityHourly, query(["hour", "customer_id", "service_id"], [
                ("quality", AggregateCall(.avg, .merge, "avg_quality")), ("relevance", AggregateCall(.avg, .merge, "avg_relevance")),
                ("coherence", AggregateCall(.avg, .merge, "avg_coherence")), ("factuality", AggregateCall(.avg, .merge, "avg_factuality")),
                ("hallucinations", AggregateCall(.sum, .merge, "hallucination_count")), ("requests", AggregateCall(.count, .merge, "request_count"))]),
                .all, ["hour", "customer_id", "service_id"]),
        ]
    }()

    /// A store with the reference dataset inserted, insert by insert, in the generator's order.
    static func loadedStore(fileSystem: (any FileSystem)? = nil) throws -> Store {
        var options = StoreOptions()
        options.backgroundMaintenance = false
        options.clock = Clock { DateTime.parse("2026-11-02 00:00:00")! }
        let store = try fileSystem.map { try Store(fileSystem: $0, root: "/s", options: options) } ?? Store.inMemory(options: options)
        try OptiInfraSchema.install(in: store)
        for table in ["performance_metrics_ts", "quality_metrics_ts", "resource_metrics_ts", "cost_metrics_ts"] {
            let name = TableName("optiinfra", table)
            let definition = try store.snapshot().definition(of: name)
            var inserts = [Int: [Substring]]()
            for line in reference["data \(table)"]! {
                let tab = line.firstIndex(of: "\t")!
                inserts[Int(line[..<tab])!, default: []].append(line[line.index(after: tab)...])
            }
            for number in inserts.keys.sorted() {
                try store.insert(tsvBatch(inserts[number]!, columns: definition.columns), into: name)
            }
        }
        return store
    }

    static func answers(_ store: Store, _ name: String) throws -> [String] {
        let (view, query, filter, order) = queries[name]!
        return try store.snapshot().aggregate(view, query, filter: filter, orderBy: order).rowTexts
    }

    @Test(arguments: ["cost_hourly", "performance_range", "performance_hourly", "performance_p95", "performance_empty", "resource_range", "quality_hourly"])
    func viewAnswersMatchClickHouseBeforeAndAfterMerges(_ name: String) throws {
        let store = try Self.loadedStore()
        #expect(try Self.answers(store, name) == Self.reference["inserted \(name)"]!, "before merges")
        try store.runMaintenance()
        #expect(try Self.answers(store, name) == Self.reference["optimized \(name)"]!, "after background merges")
        for view in OptiInfraSchema.views { try store.optimize(MaterializedViewDefinition.innerTargetName(of: view), final: true) }
        #expect(try Self.answers(store, name) == Self.reference["optimized \(name)"]!, "after OPTIMIZE FINAL")
    }
}
