/// A fully qualified table name, `database.table`.
public struct TableName: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public var database: String
    public var table: String

    public init(_ database: String, _ table: String) {
        self.database = database
        self.table = table
    }

    public var description: String { "\(database).\(table)" }

    public static func < (a: TableName, b: TableName) -> Bool { (a.database, a.table) < (b.database, b.table) }
}

/// One column of a table.
public struct ColumnDefinition: Hashable, Sendable, Codable {
    public var name: String
    public var type: ColumnType
    /// Overrides the table's compression for this column (ClickHouse's `CODEC(...)`).
    public var compression: BlockCompression?

    public init(_ name: String, _ type: ColumnType, compression: BlockCompression? = nil) {
        self.name = name
        self.type = type
        self.compression = compression
    }
}

/// `TTL <column> + INTERVAL <days> DAY`: a row expires when `column + days ≤ now`.
public struct TTLRule: Hashable, Sendable, Codable {
    public var column: String
    public var days: UInt32

    public init(column: String, days: UInt32) {
        self.column = column
        self.days = days
    }

    /// The TTL value of a row, saturating at `DateTime`'s maximum.
    func expiry(of timestamp: UInt32) -> UInt32 {
        let (sum, overflow) = timestamp.addingReportingOverflow(days * DateTime.secondsPerDay)
        return overflow ? .max : sum
    }

    /// ClickHouse: a row is expired when its TTL value is ≤ now, except a TTL value of 0, which never expires.
    func isExpired(_ timestamp: UInt32, now: UInt32) -> Bool {
        let ttl = expiry(of: timestamp)
        return ttl != 0 && ttl <= now
    }
}

/// What a `MergeTree` table is: columns, partitioning, sort key, TTL, granularity.
///
/// The value of `CREATE TABLE … ENGINE = MergeTree() PARTITION BY toYYYYMM(c) ORDER BY (…) TTL c +
/// INTERVAL n DAY SETTINGS index_granularity = g`.
public struct TableDefinition: Hashable, Sendable, Codable {
    public var name: TableName
    public var columns: [ColumnDefinition]
    /// `PARTITION BY toYYYYMM(<column>)`; `nil` = one partition named `all`.
    public var partitionColumn: String?
    /// `ORDER BY (…)`: the sorting key, which is also the primary key.
    public var orderBy: [String]
    public var ttl: TTLRule?
    public var indexGranularity: Int
    /// The default compression of the table's columns.
    public var compression: BlockCompression

    public init(
        name: TableName, columns: [ColumnDefinition], partitionColumn: String?, orderBy: [String],
        ttl: TTLRule? = nil, indexGranularity: Int = 8192, compression: BlockCompression = .lz4
    ) throws(SchemaError) {
        self.name = name
        self.columns = columns
        self.partitionColumn = partitionColumn
        self.orderBy = orderBy
        self.ttl = ttl
        self.indexGranularity = indexGranularity
        self.compression = compression
        try validate()
    }

    public func column(named name: String) -> ColumnDefinition? { columns.first { $0.name == name } }

    public func columnIndex(_ name: String) -> Int? { columns.firstIndex { $0.name == name } }

    /// Indices of the `ORDER BY` columns.
    var keyIndices: [Int] { orderBy.map { columnIndex($0)! } }

    func compression(of column: ColumnDefinition) -> BlockCompression { column.compression ?? compression }

    private func validate() throws(SchemaError) {
        guard !columns.isEmpty else { throw .noColumns(name) }
        var seen = Set<String>()
        for column in columns where !seen.insert(column.name).inserted {
            throw .duplicateColumn(column.name, table: name)
        }
        for key in orderBy where column(named: key) == nil {
            throw .unknownColumn(key, table: name)
        }
        if let partitionColumn {
            guard let column = column(named: partitionColumn) else { throw .unknownColumn(partitionColumn, table: name) }
            guard column.type == .dateTime else { throw .notADateTime(partitionColumn, table: name) }
        }
        if let ttl {
            guard let column = column(named: ttl.column) else { throw .unknownColumn(ttl.column, table: name) }
            guard column.type == .dateTime else { throw .notADateTime(ttl.column, table: name) }
        }
        guard indexGranularity > 0, indexGranularity <= 1 << 20 else { throw .badGranularity(indexGranularity) }
    }
}

/// A table definition that cannot work.
public enum SchemaError: Error, Equatable, Sendable {
    case noColumns(TableName)
    case duplicateColumn(String, table: TableName)
    case unknownColumn(String, table: TableName)
    case notADateTime(String, table: TableName)
    case badGranularity(Int)
    case illegalAggregateArgument(String, ColumnType?)
}
