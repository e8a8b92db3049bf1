/// The four hourly materialized views of `schema/init.sql`, corrected (see `schema/README.md`):
/// every dimension is in the sorting key, counts are `countState()` (or summed in the
/// SummingMergeTree), averages are states or a sum with its count.
public enum OptiInfraViews {
    public static let costHourly = TableName(OptiInfraTables.database, "cost_metrics_hourly_mv")
    public static let performanceHourly = TableName(OptiInfraTables.database, "performance_metrics_hourly_mv")
    public static let resourceHourly = TableName(OptiInfraTables.database, "resource_metrics_hourly_mv")
    public static let qualityHourly = TableName(OptiInfraTables.database, "quality_metrics_hourly_mv")

    /// A view: its name, source, query and target storage.
    public struct View: Sendable {
        public var name: TableName
        public var source: TableName
        public var query: AggregationQuery
        public var storage: ViewStorage
    }

    static let hour = Expression.toStartOfHour(.column("timestamp"))

    static func keys(_ names: [String]) -> [SelectItem] {
        [.key("hour", hour)] + names.map { .key($0, .column($0)) }
    }

    static func groupBy(_ names: [String]) -> [Expression] { [hour] + names.map { .column($0) } }

    public static let all: [View] = [cost, performance, resource, quality]

    public static let cost = View(
        name: costHourly, source: OptiInfraTables.costMetrics,
        query: AggregationQuery(
            select: keys(["customer_id", "cloud_provider", "service_name"]) + [
                .aggregate("total_cost", AggregateCall(.sum, .none, "cost_per_hour")),
                .aggregate("utilization_sum", AggregateCall(.sum, .none, "utilization_percent")),
                .aggregate("sample_count", AggregateCall(.count)),
            ],
            groupBy: groupBy(["customer_id", "cloud_provider", "service_name"])),
        storage: ViewStorage(engine: .summingMergeTree(columns: nil), partitionColumn: "hour",
                             orderBy: ["customer_id", "cloud_provider", "service_name", "hour"]))

    public static let performance = View(
        name: performanceHourly, source: OptiInfraTables.performanceMetrics,
        query: AggregationQuery(
            select: keys(["customer_id", "service_id", "service_type"]) + [
                .aggregate("avg_latency", AggregateCall(.avg, .state, "latency_ms")),
                .aggregate("p95_latency", AggregateCall(.quantile(0.95), .state, "latency_ms")),
                .aggregate("p99_latency", AggregateCall(.quantile(0.99), .state, "latency_ms")),
                .aggregate("avg_throughput", AggregateCall(.avg, .state, "throughput_tokens_per_sec")),
                .aggregate("avg_gpu_util", AggregateCall(.avg, .state, "gpu_utilization")),
                .aggregate("request_count", AggregateCall(.count, .state)),
            ],
            groupBy: groupBy(["customer_id", "service_id", "service_type"])),
        storage: ViewStorage(engine: .aggregatingMergeTree, partitionColumn: "hour",
                             orderBy: ["customer_id", "service_id", "hour", "service_type"]))

    public static let resource = View(
        name: resourceHourly, source: OptiInfraTables.resourceMetrics,
        query: AggregationQuery(
            select: keys(["customer_id", "instance_id", "instance_type"]) + [
                .aggregate("avg_gpu_util", AggregateCall(.avg, .state, "gpu_utilization")),
                .aggregate("max_gpu_util", AggregateCall(.max, .state, "gpu_utilization")),
                .aggregate("avg_gpu_memory", AggregateCall(.avg, .state, "gpu_memory_used_mb")),
                .aggregate("avg_cpu_util", AggregateCall(.avg, .state, "cpu_utilization")),
                .aggregate("sample_count", AggregateCall(.count, .state)),
            ],
            groupBy: groupBy(["customer_id", "instance_id", "instance_type"])),
        storage: ViewStorage(engine: .aggregatingMergeTree, partitionColumn: "hour",
                             orderBy: ["customer_id", "instance_id", "hour", "instance_type"]))

    public static let quality = View(
        name: qualityHourly, source: OptiInfraTables.qualityMetrics,
        query: AggregationQuery(
            select: keys(["customer_id", "service_id", "model_name"]) + [
                .aggregate("avg_quality", AggregateCall(.avg, .state, "overall_quality_score")),
                .aggregate("avg_relevance", AggregateCall(.avg, .state, "relevance_score")),
                .aggregate("avg_coherence", AggregateCall(.avg, .state, "coherence_score")),
                .aggregate("avg_factuality", AggregateCall(.avg, .state, "factuality_score")),
                .aggregate("hallucination_count", AggregateCall(.sum, .state, "hallucination_detected")),
                .aggregate("request_count", AggregateCall(.count, .state)),
            ],
            groupBy: groupBy(["customer_id", "service_id", "model_name"])),
        storage: ViewStorage(engine: .aggregatingMergeTree, partitionColumn: "hour",
                             orderBy: ["customer_id", "service_id", "hour", "model_name"]))

    /// Creates the four tables and the four views (if missing) in a store.
    public static func install(in store: Store, populate: Bool = true) throws(StorageError) {
        for table in OptiInfraTables.all { try store.createTable(table, ifNotExists: true) }
        for view in all {
            try store.createMaterializedView(view.name, from: view.source, query: view.query, storage: view.storage,
                                             populate: populate, ifNotExists: true)
        }
    }
}
