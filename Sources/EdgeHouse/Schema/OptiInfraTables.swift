/// The four raw tables of the OptiInfra schema (`schema/init.sql`), as definitions.
///
/// Column names, types, partitioning, sorting keys, TTLs and granularity are exactly the
/// seed's.
public enum OptiInfraTables {
    public static let database = "optiinfra"

    public static let costMetrics = TableName(database, "cost_metrics_ts")
    public static let performanceMetrics = TableName(database, "performance_metrics_ts")
    public static let resourceMetrics = TableName(database, "resource_metrics_ts")
    public static let qualityMetrics = TableName(database, "quality_metrics_ts")

    public static var all: [TableDefinition] { [cost, performance, resource, quality] }

    // The definitions below are valid by construction; `try!` documents that.
    public static let cost = try! TableDefinition(
        name: costMetrics,
        columns: [
            .init("timestamp", .dateTime), .init("customer_id", .uuid), .init("cloud_provider", .string),
            .init("service_name", .string), .init("instance_id", .string), .init("instance_type", .string),
            .init("region", .string), .init("cost_per_hour", .float64), .init("utilization_percent", .float32),
            .init("is_spot", .uint8), .init("is_reserved", .uint8),
        ],
        partitionColumn: "timestamp", orderBy: ["customer_id", "cloud_provider", "timestamp"],
        ttl: TTLRule(column: "timestamp", days: 90))

    public static let performance = try! TableDefinition(
        name: performanceMetrics,
        columns: [
            .init("timestamp", .dateTime), .init("customer_id", .uuid), .init("service_id", .uuid),
            .init("service_type", .string), .init("model_name", .string), .init("request_id", .uuid),
            .init("latency_ms", .float32), .init("throughput_tokens_per_sec", .float32),
            .init("gpu_utilization", .float32), .init("kv_cache_utilization", .float32),
            .init("batch_size", .uint32), .init("prompt_tokens", .uint32), .init("completion_tokens", .uint32),
            .init("total_tokens", .uint32),
        ],
        partitionColumn: "timestamp", orderBy: ["customer_id", "service_id", "timestamp"],
        ttl: TTLRule(column: "timestamp", days: 30))

    public static let resource = try! TableDefinition(
        name: resourceMetrics,
        columns: [
            .init("timestamp", .dateTime), .init("customer_id", .uuid), .init("instance_id", .string),
            .init("instance_type", .string), .init("gpu_index", .uint8), .init("gpu_utilization", .float32),
            .init("gpu_memory_used_mb", .float32), .init("gpu_memory_total_mb", .float32),
            .init("gpu_temperature", .float32), .init("cpu_utilization", .float32),
            .init("memory_used_gb", .float32), .init("memory_total_gb", .float32),
            .init("network_rx_mbps", .float32), .init("network_tx_mbps", .float32),
        ],
        partitionColumn: "timestamp", orderBy: ["customer_id", "instance_id", "timestamp"],
        ttl: TTLRule(column: "timestamp", days: 90))

    public static let quality = try! TableDefinition(
        name: qualityMetrics,
        columns: [
            .init("timestamp", .dateTime), .init("customer_id", .uuid), .init("service_id", .uuid),
            .init("request_id", .uuid), .init("model_name", .string), .init("relevance_score", .float32),
            .init("coherence_score", .float32), .init("factuality_score", .float32),
            .init("hallucination_detected", .uint8), .init("toxicity_score", .float32),
            .init("overall_quality_score", .float32), .init("prompt_hash", .string), .init("latency_ms", .uint32),
        ],
        partitionColumn: "timestamp", orderBy: ["customer_id", "service_id", "timestamp"],
        ttl: TTLRule(column: "timestamp", days: 30))
}
