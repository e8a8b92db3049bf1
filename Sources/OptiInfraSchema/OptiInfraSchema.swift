import EdgeHouse

/// The OptiInfra schema: `schema/init.sql`, compiled into this module and installed by running
/// it, so the tables and views exist in one place — the SQL a real ClickHouse runs too.
///
/// The names below are for code that addresses the tables; what each table holds (columns,
/// keys, TTLs) is only in the SQL.
public enum OptiInfraSchema {
    public static let database = "optiinfra"

    public static let costMetrics = TableName(database, "cost_metrics_ts")
    public static let performanceMetrics = TableName(database, "performance_metrics_ts")
    public static let resourceMetrics = TableName(database, "resource_metrics_ts")
    public static let qualityMetrics = TableName(database, "quality_metrics_ts")

    /// The four raw tables, in the order `init.sql` creates them.
    public static let tables = [costMetrics, performanceMetrics, resourceMetrics, qualityMetrics]

    public static let costHourly = TableName(database, "cost_metrics_hourly_mv")
    public static let performanceHourly = TableName(database, "performance_metrics_hourly_mv")
    public static let resourceHourly = TableName(database, "resource_metrics_hourly_mv")
    public static let qualityHourly = TableName(database, "quality_metrics_hourly_mv")

    /// The four hourly materialized views, in the order `init.sql` creates them.
    public static let views = [costHourly, performanceHourly, resourceHourly, qualityHourly]

    /// The text of `schema/init.sql` (embedded at build time: `Sources/OptiInfraSchema/init.sql`
    /// links to it).
    public static var sql: String { String(decoding: PackageResources.init_sql, as: UTF8.self) }

    /// Creates the database, the four tables and (unless `views` is false) the four views in
    /// `store`, each only if missing, by running `init.sql`.
    public static func install(in store: Store, views: Bool = true) throws(SQLError) {
        let session = SQLSession(store: store)
        for item in try session.script(sql) {
            let statement = try item.statement.get()
            if !views && statement.createsMaterializedView { continue }
            _ = try session.run(statement)
        }
    }
}
