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
    /// Overrides the table's compression for this column.
    public var compression: BlockCompression?
    /// The column's `CODEC(…)` clause as declared in SQL (shown by `SHOW CREATE TABLE` and
    /// `system.columns`); its general-purpose codec is `compression`.
    public var codecs: [ColumnCodec]?
    /// `DEFAULT`, `MATERIALIZED` or `ALIAS` and its expression; `nil`: the type's default.
    public var defaultValue: ColumnDefault?
    /// `SimpleAggregateFunction(f, T)`: values of `type` (T) that an `AggregatingMergeTree`
    /// merge combines with `f`.
    public var simpleAggregate: SimpleAggregate?

    /// Declared `LowCardinality(T)`: stored as `type` (T), shown as declared.
    public var lowCardinality: Bool?
    /// Declared `Enum8(…)` / `Enum16(…)`: stored as the names (`type` is String), shown as declared.
    public var enumeration: EnumDefinition?
    /// `COMMENT 'text'`.
    public var comment: String?
    /// A column EdgeHouse adds to store the values of an `ORDER BY` expression (`intHash32(u)`),
    /// named as ClickHouse names the expression and `MATERIALIZED` by it: the table sorts by
    /// it as by a column. Not shown by `DESCRIBE`, `SHOW CREATE` or `system.columns`.
    public var holdsKeyExpression: Bool?
    /// A ``VirtualColumn`` a query's source lists (`_part`): read, never stored.
    public var isVirtual: Bool?

    /// A column the user declared (not one that holds a key expression).
    public var isDeclared: Bool { holdsKeyExpression != true }

    /// The type as declared: `SimpleAggregateFunction(sum, UInt64)`, `LowCardinality(String)`,
    /// else the type.
    public var declaredType: String { declared(type.description) }

    /// The declared type as `SHOW CREATE` prints it: a `Tuple`'s elements each on a line of
    /// their own (see ``ColumnType/showCreateText(indent:)``).
    public var showCreateType: String { declared(type.showCreateText(indent: 4)) }

    private func declared(_ typeText: String) -> String {
        let plain = enumeration?.typeName ?? typeText
        let stored = lowCardinality == true ? "LowCardinality(\(plain))" : plain
        return simpleAggregate.map { "SimpleAggregateFunction(\($0.rawValue), \(stored))" } ?? stored
    }

    /// A column an INSERT without a column list fills and `SELECT *` shows: not `MATERIALIZED`
    /// or `ALIAS`.
    public var isOrdinary: Bool { isVirtual != true && defaultValue.map { $0.kind == .default } ?? true }

    public init(_ name: String, _ type: ColumnType, compression: BlockCompression? = nil) {
        self.name = name
        self.type = type
        self.compression = compression
    }

    /// A column with a `CODEC(…)` clause: the codecs' general-purpose compression, if they name one.
    public init(_ name: String, _ type: ColumnType, codecs: [ColumnCodec]) {
        self.init(name, type, compression: ColumnCodec.compression(of: codecs))
        self.codecs = codecs
    }
}

/// The functions of a `SimpleAggregateFunction(f, T)` column: each combines values of T into
/// one of T.
public enum SimpleAggregate: String, Hashable, Sendable, Codable, CaseIterable {
    case sum, min, max, any, anyLast
    /// Summed in the column's own type, wrapping (`sum` of its result type does the same here).
    case sumWithOverflow
    /// The values' bits combined (integers).
    case groupBitAnd, groupBitOr, groupBitXor
}

/// A column's value when an insert does not give it: an SQL expression over the row's other
/// columns. Storage keeps its text; the SQL layer binds and evaluates it (`ColumnDefaults`).
public struct ColumnDefault: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable {
        /// Computed when an insert omits the column; shown by `SELECT *`.
        case `default` = "DEFAULT"
        /// Always computed at insert (an insert may not give it); hidden from `SELECT *`.
        case materialized = "MATERIALIZED"
        /// ClickHouse computes it at read; here it is computed at insert and stored, as
        /// `MATERIALIZED` (the same answers unless a mutation changes the columns it reads).
        case alias = "ALIAS"
    }

    public var kind: Kind
    /// The expression as ClickHouse prints it in `SHOW CREATE TABLE`.
    public var expression: String

    public init(_ kind: Kind, _ expression: String) {
        self.kind = kind
        self.expression = expression
    }
}

/// `TTL <column> + INTERVAL <days> DAY`: a row expires when `column + days ≤ now`.
public struct TTLRule: Hashable, Sendable, Codable {
    public var column: String
    public var days: UInt32
    /// `INTERVAL n MONTH` (QUARTER, YEAR): calendar months instead of `days` (a short month's
    /// end as its last day, as `addMonths` does).
    public var calendar: CalendarInterval?

    /// `n` months, quarters or years.
    public struct CalendarInterval: Hashable, Sendable, Codable {
        public enum Unit: String, Hashable, Sendable, Codable {
            case month = "Month", quarter = "Quarter", year = "Year"
            var months: Int64 { self == .year ? 12 : self == .quarter ? 3 : 1 }
        }
        public var amount: UInt32
        public var unit: Unit

        public init(amount: UInt32, unit: Unit) {
            self.amount = amount
            self.unit = unit
        }
    }

    public init(column: String, days: UInt32) {
        self.column = column
        self.days = days
    }

    public init(column: String, calendar: CalendarInterval) {
        self.column = column
        self.days = 0
        self.calendar = calendar
    }

    /// `toIntervalDay(30)`, `toIntervalMonth(3)`: the interval as ClickHouse prints it.
    public var intervalText: String {
        calendar.map { "toInterval\($0.unit.rawValue)(\($0.amount))" } ?? "toIntervalDay(\(days))"
    }

    /// A `Date` TTL column's day as the time its rows are compared by: its midnight, in
    /// `DateTime` seconds — saturating at `DateTime`'s maximum, which a `Date` past 2106-02-07
    /// exceeds (such rows are not expired until then).
    static func seconds(ofDay day: UInt16) -> UInt32 {
        UInt32(clamping: UInt64(day) * UInt64(DateTime.secondsPerDay))
    }

    /// The TTL value of a row, saturating at `DateTime`'s maximum.
    func expiry(of timestamp: UInt32) -> UInt32 {
        if let calendar {
            let moved = Self.addingMonths(Int64(calendar.amount) * calendar.unit.months, to: Int64(timestamp))
            return UInt32(clamping: moved)
        }
        let (sum, overflow) = timestamp.addingReportingOverflow(days * DateTime.secondsPerDay)
        return overflow ? .max : sum
    }

    /// The latest time whose rows are expired at `now`, or nil when none can be; a bound that
    /// may fall short of the exact one (calendar months), never past it.
    func expiredThrough(_ now: UInt32) -> UInt32? {
        if let calendar {
            let moved = Self.addingMonths(-Int64(calendar.amount) * calendar.unit.months, to: Int64(now))
            return moved > 0 ? UInt32(clamping: moved) : nil
        }
        let (threshold, underflow) = now.subtractingReportingOverflow(days * DateTime.secondsPerDay)
        return underflow ? nil : threshold
    }

    /// `seconds` moved by `months` calendar months, the time of day kept.
    private static func addingMonths(_ months: Int64, to seconds: Int64) -> Int64 {
        let (year, month, day) = DateTime.civil(days: seconds / 86_400)
        let index = year * 12 + (month - 1) + months
        let (newYear, newMonth) = (index >= 0 ? index / 12 : (index - 11) / 12, (index % 12 + 12) % 12 + 1)
        let days = DateTime.days(year: newYear, month: newMonth, day: min(day, DateTime.daysIn(year: newYear, month: newMonth)))
        return days * 86_400 + seconds % 86_400
    }

    /// ClickHouse: a row is expired when its TTL value is ≤ now, except a TTL value of 0, which never expires.
    func isExpired(_ timestamp: UInt32, now: UInt32) -> Bool {
        let ttl = expiry(of: timestamp)
        return ttl != 0 && ttl <= now
    }
}

/// The table engine: what a merge does with rows whose sorting keys are equal.
public enum TableEngine: Hashable, Sendable, Codable {
    /// Keeps every row.
    case mergeTree
    /// Collapses equal keys into one row: numeric non-key columns summed in their own type
    /// (wrapping), or only `columns` when given; other columns keep the first row's value; a row
    /// whose summed columns are all zero is removed.
    case summingMergeTree(columns: [String]?)
    /// Collapses equal keys into one row: `AggregateFunction` columns merged, other columns keep
    /// the first row's value.
    case aggregatingMergeTree
    /// Collapses equal keys into one row: the one with the greatest `version`, or the last
    /// inserted (ties too: the last).
    case replacingMergeTree(version: String?)
    /// Cancels rows of equal keys by their `sign` column (1: a state, -1: its cancellation), as
    /// ClickHouse's CollapsingMergeTree: see `RowCollapser`.
    case collapsingMergeTree(sign: String)
    /// `Memory`, `Log`, `TinyLog`, `StripeLog` (the engine's name): every row kept, in insertion
    /// order, without partitions or sorting key. Stored as parts like the others — so, unlike
    /// ClickHouse's `Memory`, such a table survives a restart.
    case insertionOrder(String)
    /// `Null`: inserts feed the table's materialized views and store nothing.
    case null

    public var collapsesRows: Bool {
        switch self {
        case .mergeTree, .insertionOrder, .null: false
        case .summingMergeTree, .aggregatingMergeTree, .replacingMergeTree, .collapsingMergeTree: true
        }
    }

    /// `MergeTree()`, `SummingMergeTree()`, `AggregatingMergeTree()`.
    public var name: String {
        switch self {
        case .mergeTree: "MergeTree"
        case .summingMergeTree: "SummingMergeTree"
        case .aggregatingMergeTree: "AggregatingMergeTree"
        case .replacingMergeTree: "ReplacingMergeTree"
        case .collapsingMergeTree: "CollapsingMergeTree"
        case .insertionOrder(let name): name
        case .null: "Null"
        }
    }
}

/// `PARTITION BY <expression>` as ClickHouse prints it, and the columns it reads.
public struct PartitionExpression: Hashable, Sendable, Codable {
    public let text: String
    public let columns: [String]

    public init(text: String, columns: [String]) {
        self.text = text
        self.columns = columns
    }
}

/// What a `MergeTree` table is: columns, partitioning, sort key, TTL, granularity.
///
/// The value of `CREATE TABLE … ENGINE = MergeTree() PARTITION BY toYYYYMM(c) ORDER BY (…) TTL c +
/// INTERVAL n DAY SETTINGS index_granularity = g`.
public struct TableDefinition: Hashable, Sendable, Codable {
    public private(set) var name: TableName
    public private(set) var columns: [ColumnDefinition]
    /// `PARTITION BY toYYYYMM(<column>)`; `nil` = one partition named `all`, or partitions by
    /// `partitionExpression`.
    public private(set) var partitionColumn: String?
    /// `PARTITION BY <any other expression>` (`toDate(t)`, `(x % 2, d)`, …), evaluated by the
    /// SQL layer for each inserted block (`PartitionKeys`).
    public private(set) var partitionExpression: PartitionExpression?
    /// `SAMPLE BY <expression>` as SQL text: shown by `SHOW CREATE`; sampling is not supported.
    public private(set) var sampleBy: String?
    /// `ORDER BY (…)`: the sorting key, which is also the primary key.
    public private(set) var orderBy: [String]
    public private(set) var ttl: TTLRule?
    public private(set) var indexGranularity: Int
    /// The compression of every column without its own; `nil` (the default) chooses by type —
    /// see ``automaticCompression(for:)``.
    public private(set) var compression: BlockCompression?
    public private(set) var engine: TableEngine
    /// ClickHouse's table setting `allow_dimensions_outside_sorting_key`: lets an
    /// `AggregatingMergeTree` keep plain columns outside its sorting key.
    public private(set) var allowDimensionsOutsideSortingKey: Bool
    /// ClickHouse's table setting `non_replicated_deduplication_window`: how many of the last
    /// insert blocks' ids are kept to drop a repeated block (see `InsertDeduplication`); `nil`
    /// is ClickHouse's default, 0 (no deduplication).
    public private(set) var deduplicationWindow: Int?
    /// A table declared in the deprecated form, `MergeTree(date, key, granularity)`: its engine
    /// and arguments as written, which `SHOW CREATE` prints in place of the clauses, as
    /// ClickHouse does.
    public private(set) var legacyEngineClause: String?

    /// The same table under another name (`CREATE TABLE t AS other`) or with other columns
    /// (`ALTER TABLE … ADD/DROP COLUMN`), validated as a new definition is.
    public func with(name: TableName? = nil, columns: [ColumnDefinition]? = nil) throws(SchemaError) -> TableDefinition {
        try TableDefinition(name: name ?? self.name, columns: columns ?? self.columns, partitionColumn: partitionColumn, orderBy: orderBy, ttl: ttl,
                            indexGranularity: indexGranularity, compression: compression, engine: engine,
                            allowDimensionsOutsideSortingKey: allowDimensionsOutsideSortingKey, deduplicationWindow: deduplicationWindow,
                            partitionExpression: partitionExpression, sampleBy: sampleBy, legacyEngineClause: legacyEngineClause)
    }

    /// The same table under another name (`RENAME TABLE`): nothing else changes, so there is
    /// nothing to validate again.
    func renamed(_ name: TableName) -> TableDefinition {
        var copy = self
        copy.name = name
        return copy
    }

    public init(
        name: TableName, columns: [ColumnDefinition], partitionColumn: String?, orderBy: [String],
        ttl: TTLRule? = nil, indexGranularity: Int = 8192, compression: BlockCompression? = nil,
        engine: TableEngine = .mergeTree, allowDimensionsOutsideSortingKey: Bool = false, deduplicationWindow: Int? = nil,
        partitionExpression: PartitionExpression? = nil, sampleBy: String? = nil, legacyEngineClause: String? = nil
    ) throws(SchemaError) {
        self.sampleBy = sampleBy
        self.legacyEngineClause = legacyEngineClause
        self.name = name
        self.columns = columns
        self.partitionColumn = partitionColumn
        self.partitionExpression = partitionExpression
        self.orderBy = orderBy
        self.ttl = ttl
        self.indexGranularity = indexGranularity
        self.compression = compression
        self.engine = engine
        self.allowDimensionsOutsideSortingKey = allowDimensionsOutsideSortingKey
        self.deduplicationWindow = deduplicationWindow == 0 ? nil : deduplicationWindow
        try validate()
    }

    private enum CodingKeys: String, CodingKey {
        case name, columns, partitionColumn, orderBy, ttl, indexGranularity, compression, engine
        case allowDimensionsOutsideSortingKey, deduplicationWindow, partitionExpression, sampleBy, legacyEngineClause
    }

    /// Decodes a definition (from a `MANIFEST`) and validates it as ``init(name:columns:partitionColumn:orderBy:ttl:indexGranularity:compression:engine:allowDimensionsOutsideSortingKey:deduplicationWindow:)``
    /// does: bytes that pass the manifest's checksum still never hand the engine a definition
    /// it cannot work with.
    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            name: values.decode(TableName.self, forKey: .name), columns: values.decode([ColumnDefinition].self, forKey: .columns),
            partitionColumn: values.decodeIfPresent(String.self, forKey: .partitionColumn),
            orderBy: values.decode([String].self, forKey: .orderBy), ttl: values.decodeIfPresent(TTLRule.self, forKey: .ttl),
            indexGranularity: values.decode(Int.self, forKey: .indexGranularity),
            compression: values.decodeIfPresent(BlockCompression.self, forKey: .compression),
            engine: values.decode(TableEngine.self, forKey: .engine),
            allowDimensionsOutsideSortingKey: values.decode(Bool.self, forKey: .allowDimensionsOutsideSortingKey),
            deduplicationWindow: values.decodeIfPresent(Int.self, forKey: .deduplicationWindow),
            partitionExpression: values.decodeIfPresent(PartitionExpression.self, forKey: .partitionExpression),
            sampleBy: values.decodeIfPresent(String.self, forKey: .sampleBy),
            legacyEngineClause: values.decodeIfPresent(String.self, forKey: .legacyEngineClause))
    }

    public func column(named name: String) -> ColumnDefinition? { columns.first { $0.name == name } }

    public func columnIndex(_ name: String) -> Int? { columns.firstIndex { $0.name == name } }

    /// Indices of the `ORDER BY` columns.
    var keyIndices: [Int] { orderBy.map { columnIndex($0)! } }

    func compression(of column: ColumnDefinition) -> BlockCompression {
        column.compression ?? compression ?? Self.automaticCompression(for: column.type)
    }

    /// What a column gets when neither it nor its table names a compression: ZSTD(1) for
    /// floats and strings, LZ4 for the rest. Floats stored as decimal integers
    /// (``DecimalFloats``) and repetitive strings (hashes, instance names) need ZSTD's entropy
    /// coding — on the reference metrics data it halves them against LZ4 — while timestamps,
    /// integers and UUIDs compress about as well with LZ4, which is faster.
    public static func automaticCompression(for type: ColumnType) -> BlockCompression {
        switch type {
        case .float32, .float64, .string: .zstd(level: 1)
        default: .lz4
        }
    }

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
            guard column.type == .dateTime || column.type == .date else { throw .notADateTime(partitionColumn, table: name) }
        }
        if let partitionExpression {
            guard partitionColumn == nil else { throw .twoPartitionKeys(name) }
            for name in partitionExpression.columns where column(named: name) == nil { throw .unknownColumn(name, table: self.name) }
        }
        if let ttl {
            guard let column = column(named: ttl.column) else { throw .unknownColumn(ttl.column, table: name) }
            guard column.type == .dateTime || column.type == .date else { throw .notADateTime(ttl.column, table: name) }
        }
        guard indexGranularity > 0, indexGranularity <= 1 << 20 else { throw .badGranularity(indexGranularity) }
        for key in orderBy {
            switch column(named: key)!.type {
            case .array, .aggregateState: throw .notAKeyType(key, table: name)
            default: break
            }
        }
        if case .summingMergeTree(let summed?) = engine {
            for name in summed where column(named: name) == nil { throw .unknownColumn(name, table: self.name) }
        }
        // ClickHouse 26.9 checks only tables that have aggregate measures at all (a table of
        // plain columns is accepted), and counts the partition key's columns as keys (a row's
        // partition never changes in a merge); verified with chdb.
        let partitionKey = Set([partitionColumn].compactMap { $0 } + (partitionExpression?.columns ?? []))
        let hasMeasures = columns.contains { if case .aggregateState = $0.type { true } else { $0.simpleAggregate != nil } }
        if engine == .aggregatingMergeTree && hasMeasures && !allowDimensionsOutsideSortingKey {
            let dimensions = columns.filter { column in
                if case .aggregateState = column.type { return false }
                if column.simpleAggregate != nil { return false }
                return !orderBy.contains(column.name) && !partitionKey.contains(column.name)
            }
            if !dimensions.isEmpty { throw .dimensionsOutsideSortingKey(dimensions.map(\.name)) }
        }
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
    case notAKeyType(String, table: TableName)
    /// Both a month column and a partition expression (a definition no statement makes).
    case twoPartitionKeys(TableName)
    /// ClickHouse 26.9's refusal of plain columns in an `AggregatingMergeTree` (code 36).
    case dimensionsOutsideSortingKey([String])
    /// An `Enum` type that does not parse, or names a name or a number twice (ClickHouse's code 62).
    case invalidEnum(String)
    /// An `Enum8` number outside Int8 (code 69).
    case enumValueOutOfRange(String)

    /// ClickHouse's code for the error.
    public var code: ClickHouseErrorCode {
        switch self {
        case .invalidEnum: .syntaxError
        case .enumValueOutOfRange: .argumentOutOfBound
        default: .badArguments
        }
    }

    /// The message in ClickHouse's words where it has them.
    public var message: String {
        switch self {
        case .dimensionsOutsideSortingKey(let columns):
            "Column(s) \(columns.joined(separator: ", ")) of the AggregatingMergeTree table are neither part of the sorting key nor aggregate measures (AggregateFunction or SimpleAggregateFunction). During background merges, rows with the same value of the sorting key are collapsed into one, so these columns keep an arbitrary value, which silently produces wrong results for queries that GROUP BY or filter on them. Add them to the sorting key (ORDER BY), or set 'allow_dimensions_outside_sorting_key = 1' if this is intentional (for example, when the columns are functionally dependent on the sorting key)."
        case .noColumns(let table): "Table \(table) has no columns."
        case .duplicateColumn(let column, let table): "Column \(column) specified more than once in table \(table)."
        case .unknownColumn(let column, let table): "Missing column \(column) in table \(table)."
        case .notADateTime(let column, let table): "Column \(column) of table \(table) must be DateTime (or Date, for toYYYYMM) for toYYYYMM and TTL."
        case .badGranularity(let value): "index_granularity \(value) is out of range."
        case .illegalAggregateArgument(let function, let type): "Illegal type \(type.map { "\($0)" } ?? "none") of argument for aggregate function \(function)."
        case .notAKeyType(let column, let table): "Column \(column) of table \(table) cannot be in the sorting key."
        case .twoPartitionKeys(let table): "Table \(table) has two partition keys."
        case .invalidEnum(let reason), .enumValueOutOfRange(let reason): reason
        }
    }
}
