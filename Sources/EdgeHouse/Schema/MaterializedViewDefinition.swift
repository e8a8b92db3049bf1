/// `CREATE MATERIALIZED VIEW <name> ENGINE = … AS SELECT … FROM <source> GROUP BY …`.
///
/// On every insert into `source`, `query` runs over the inserted rows (each insert block, as
/// ClickHouse does) and its result is inserted into `target`. Unlike ClickHouse, the source
/// rows and the view rows of one insert are committed together: readers and crashes see both or
/// neither.
public struct MaterializedViewDefinition: Hashable, Sendable, Codable {
    public var name: TableName
    public var source: TableName
    /// The table holding the view's rows: `<database>..inner.<view>` unless created with `TO`.
    public var target: TableName
    public var query: AggregationQuery
    /// True when the target was created with the view (and is dropped with it).
    public var ownsTarget: Bool

    /// The target name ClickHouse gives an inner table in an `Ordinary` database (and 18.16).
    public static func innerTargetName(of view: TableName) -> TableName {
        TableName(view.database, ".inner.\(view.table)")
    }
}

/// The storage part of a view's target table: engine, partitioning, sorting key, settings.
public struct ViewStorage: Hashable, Sendable {
    public var engine: TableEngine
    /// `PARTITION BY toYYYYMM(<column>)`.
    public var partitionColumn: String?
    public var orderBy: [String]
    public var indexGranularity: Int
    public var allowDimensionsOutsideSortingKey: Bool
    /// `non_replicated_deduplication_window` of the view's inner table.
    public var deduplicationWindow: Int?

    public init(engine: TableEngine, partitionColumn: String?, orderBy: [String], indexGranularity: Int = 8192,
                allowDimensionsOutsideSortingKey: Bool = false, deduplicationWindow: Int? = nil) {
        self.engine = engine
        self.partitionColumn = partitionColumn
        self.orderBy = orderBy
        self.indexGranularity = indexGranularity
        self.allowDimensionsOutsideSortingKey = allowDimensionsOutsideSortingKey
        self.deduplicationWindow = deduplicationWindow
    }
}
