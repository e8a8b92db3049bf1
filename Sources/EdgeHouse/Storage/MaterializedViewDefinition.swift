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
    /// The view's SELECT as written, bound against the source's columns when the view is
    /// created and, once per definition of its source, at the first insert that feeds it
    /// (`ViewSelect`, cached by `Store.boundViews`); then run over each insert block.
    public var select: String
    /// True when the target was created with the view (and is dropped with it).
    public var ownsTarget: Bool

    public init(name: TableName, source: TableName, target: TableName, select: String, ownsTarget: Bool) {
        self.name = name
        self.source = source
        self.target = target
        self.select = select
        self.ownsTarget = ownsTarget
    }

    // A MANIFEST holds a view's SELECT as text, under `select`. Stores written before kept a
    // GROUP BY view as the Swift encoding of the query it was compiled to, under `query`
    // (`LegacyViewQuery`), read back as the SELECT it stands for.
    private enum CodingKeys: String, CodingKey { case name, source, target, query, select, ownsTarget }

    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        name = try values.decode(TableName.self, forKey: .name)
        source = try values.decode(TableName.self, forKey: .source)
        target = try values.decode(TableName.self, forKey: .target)
        ownsTarget = try values.decode(Bool.self, forKey: .ownsTarget)
        if let text = try values.decodeIfPresent(String.self, forKey: .select) {
            select = text
        } else {
            select = try values.decode(LegacyViewQuery.self, forKey: .query).select(from: source)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var values = encoder.container(keyedBy: CodingKeys.self)
        try values.encode(name, forKey: .name)
        try values.encode(source, forKey: .source)
        try values.encode(target, forKey: .target)
        try values.encode(ownsTarget, forKey: .ownsTarget)
        try values.encode(select, forKey: .select)
    }

    /// The target name ClickHouse gives an inner table in an `Ordinary` database (and 18.16).
    public static func innerTargetName(of view: TableName) -> TableName {
        TableName(view.database, ".inner.\(view.table)")
    }
}

/// `CREATE VIEW name AS SELECT …`: a stored query, read as a subquery wherever the view is named.
public struct PlainViewDefinition: Hashable, Sendable, Codable {
    public var name: TableName
    /// The SELECT as written.
    public var select: String

    public init(name: TableName, select: String) {
        self.name = name
        self.select = select
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
    /// `PARTITION BY <any other expression>`.
    public var partitionExpression: PartitionExpression?
    /// `ORDER BY` items that are expressions: the name in `orderBy` of each, and its SQL text.
    public var keyExpressions: [String: String] = [:]
    /// `SAMPLE BY <expression>`, as SQL text: shown, not used.
    public var sampleBy: String?
    /// The deprecated form's engine and arguments as written (see `TableDefinition.legacyEngineClause`).
    public var legacyEngineClause: String?

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
