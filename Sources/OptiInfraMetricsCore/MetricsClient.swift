import Foundation

/// The seed's `ClickHouseClient` in Swift: four inserts and four dashboard queries over the
/// OptiInfra schema, against an embedded EdgeHouse store or a ClickHouse server.
///
/// Switching backends changes configuration, not code:
/// ```swift
/// let client = MetricsClient(transport: EmbeddedTransport(store: try Store.open(path: "edgehouse-data")))
/// let client = MetricsClient(transport: HTTPTransport(host: "clickhouse.internal", port: 8123))
/// ```
/// or, as the seed's `get_clickhouse_client()`, from the environment: ``MetricsClient/shared()``.
///
/// Each query is built once as SQL text with its values as escaped literals (as
/// clickhouse-driver sends them, so ClickHouse 18.16 understands them too) and run unchanged by
/// either transport; both return TabSeparated text, decoded here into typed results. The seed's
/// query bugs are fixed: hourly costs are re-aggregated, counts come from count states, and
/// hallucinations are read with `sumMerge`.
public final class MetricsClient: Sendable {
    public let transport: any MetricsTransport
    /// The database the OptiInfra schema creates, where the transports go by default
    /// (`OptiInfraSchema.database`, which the contract tests hold to the same name).
    public static let defaultDatabase = "optiinfra"
    private let clock: @Sendable () -> Date

    /// - Parameter clock: "now" for the last-N-hours queries (UTC); tests pass a fixed one.
    public init(transport: any MetricsTransport, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.transport = transport
        self.clock = clock
    }

    /// True when the store answers `SELECT 1`.
    public func ping() async -> Bool {
        (try? await transport.execute("SELECT 1"))?.trimmingCharacters(in: .whitespacesAndNewlines) == "1"
    }

    // MARK: - Inserts

    /// Inserts cost rows; returns how many. An empty array inserts nothing and returns 0.
    @discardableResult
    public func insertCostMetrics(_ rows: [CostMetric]) async throws(MetricsError) -> Int {
        rows.isEmpty ? 0 : try await transport.insert(MetricColumns(rows), into: "cost_metrics_ts")
    }

    @discardableResult
    public func insertPerformanceMetrics(_ rows: [PerformanceMetric]) async throws(MetricsError) -> Int {
        rows.isEmpty ? 0 : try await transport.insert(MetricColumns(rows), into: "performance_metrics_ts")
    }

    @discardableResult
    public func insertResourceMetrics(_ rows: [ResourceMetric]) async throws(MetricsError) -> Int {
        rows.isEmpty ? 0 : try await transport.insert(MetricColumns(rows), into: "resource_metrics_ts")
    }

    @discardableResult
    public func insertQualityMetrics(_ rows: [QualityMetric]) async throws(MetricsError) -> Int {
        rows.isEmpty ? 0 : try await transport.insert(MetricColumns(rows), into: "quality_metrics_ts")
    }

    // MARK: - Dashboard queries

    /// Hourly costs of a customer in `[start, end)`, per provider and service, ordered by hour.
    /// An empty window is an empty array.
    public func queryCostHourly(customerID: UUID, start: Date, end: Date, cloudProvider: String? = nil) async throws(MetricsError) -> [CostHourly] {
        let sql = MetricsSQL.costHourly(customerID: customerID, start: start, end: end, cloudProvider: cloudProvider)
        let result = TSVResult(try await transport.execute(sql))
        return try result.rows.indices.map { (r: Int) throws(MetricsError) -> CostHourly in
            CostHourly(hour: try result.date(r, 0), cloudProvider: try result.string(r, 1), serviceName: try result.string(r, 2),
                       totalCost: try result.double(r, 3), avgUtilization: try result.double(r, 4), sampleCount: try result.unsigned(r, 5))
        }
    }

    /// Latency (average, P95, P99), throughput and request count of a service over the last
    /// `hours` hours.
    public func queryPerformanceP95(customerID: UUID, serviceID: UUID, hours: Int = 24) async throws(MetricsError) -> PerformanceSummary {
        let (start, end) = window(hours)
        let result = TSVResult(try await transport.execute(MetricsSQL.performance(customerID: customerID, serviceID: serviceID, start: start, end: end)))
        return PerformanceSummary(avgLatencyMs: try result.double(0, 0), p95LatencyMs: try result.double(0, 1), p99LatencyMs: try result.double(0, 2),
                                  avgThroughput: try result.double(0, 3), totalRequests: try result.unsigned(0, 4))
    }

    /// GPU and CPU utilization of an instance over the last `hours` hours.
    public func queryResourceUtilization(customerID: UUID, instanceID: String, hours: Int = 24) async throws(MetricsError) -> ResourceUtilization {
        let (start, end) = window(hours)
        let result = TSVResult(try await transport.execute(MetricsSQL.resource(customerID: customerID, instanceID: instanceID, start: start, end: end)))
        return ResourceUtilization(avgGPUUtilization: try result.double(0, 0), maxGPUUtilization: try result.double(0, 1),
                                   avgGPUMemoryMB: try result.double(0, 2), avgCPUUtilization: try result.double(0, 3),
                                   sampleCount: try result.unsigned(0, 4))
    }

    /// Quality scores of a service per hour over the last `hours` hours, ordered by hour.
    public func queryQualityTrends(customerID: UUID, serviceID: UUID, hours: Int = 24) async throws(MetricsError) -> [QualityTrend] {
        let (start, end) = window(hours)
        let result = TSVResult(try await transport.execute(MetricsSQL.quality(customerID: customerID, serviceID: serviceID, start: start, end: end)))
        return try result.rows.indices.map { (r: Int) throws(MetricsError) -> QualityTrend in
            QualityTrend(hour: try result.date(r, 0), avgQuality: try result.double(r, 1), avgRelevance: try result.double(r, 2),
                         avgCoherence: try result.double(r, 3), avgFactuality: try result.double(r, 4),
                         hallucinations: try result.unsigned(r, 5), totalRequests: try result.unsigned(r, 6))
        }
    }

    private func window(_ hours: Int) -> (Date, Date) {
        let end = clock()
        return (end.addingTimeInterval(-Double(hours) * 3600), end)
    }

    // MARK: - Schema

    /// Runs a schema script (`schema/init.sql`) statement by statement. `USE` is skipped (the
    /// transport names its database); against ClickHouse before 19 (no TTL), `TTL` lines are
    /// removed, as the schema's README describes.
    public func applySchema(_ sql: String) async throws(MetricsError) {
        var hasTTL: Bool?
        for statement in MetricsSQL.statements(sql) {
            let upper = statement.uppercased()
            if upper.hasPrefix("USE ") { continue }
            if hasTTL == nil && !upper.hasPrefix("CREATE DATABASE") {
                // Asked once the database exists (the transport names it in every request).
                let version = try await transport.execute("SELECT version()").trimmingCharacters(in: .whitespacesAndNewlines)
                hasTTL = Int(version.prefix { $0.isNumber }).map { $0 >= 19 } ?? true
            }
            let text = hasTTL != false ? statement
                : statement.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("TTL ") }.joined(separator: "\n")
            _ = try await transport.execute(text)
        }
    }
}
