/// A block of rows in columnar form: named columns of equal length.
///
/// Insert batches may omit columns (they get ClickHouse's defaults) and may list columns in any
/// order; the table puts them into its own order before writing.
public struct Batch: Sendable, Equatable {
    public private(set) var names: [String]
    public private(set) var columns: [ColumnValues]

    /// - Precondition: names are unique (unless `allowDuplicateNames`, for query results such as
    ///   `SELECT 1, 1`) and every column has the same number of values.
    public init(_ columns: [(String, ColumnValues)], allowDuplicateNames: Bool = false) {
        names = columns.map(\.0)
        self.columns = columns.map(\.1)
        precondition(allowDuplicateNames || Set(names).count == names.count, "duplicate column name")
        precondition(Set(self.columns.map(\.count)).count <= 1, "columns of different lengths")
    }

    public var rowCount: Int { columns.first?.count ?? 0 }

    /// The bytes the values take (strings and states by their contents), to bound memory.
    package var byteCount: Int { columns.reduce(0) { $0 + $1.byteCount } }

    public func column(named name: String) -> ColumnValues? {
        names.firstIndex(of: name).map { columns[$0] }
    }

    public func gathering(_ indices: [Int32]) -> Batch {
        Batch(names: names, columns: columns.map { $0.gathering(indices) })
    }

    /// `gathering(indices)` with the columns gathered on every core (for large blocks).
    func gatheringConcurrently(_ indices: [Int32]) -> Batch {
        Batch(names: names, columns: concurrentMap(columns) { $0.gathering(indices) })
    }

    public func slice(_ range: Range<Int>) -> Batch {
        Batch(names: names, columns: columns.map { $0.slice(range) })
    }

    public func filtered(_ keep: [Bool]) -> Batch {
        Batch(names: names, columns: columns.map { $0.filtered(keep) })
    }

    /// Appends the rows of `other`, which must have the same columns in the same order.
    public mutating func append(contentsOf other: Batch) {
        precondition(other.names == names, "appending a batch with other columns")
        for i in columns.indices { columns[i].append(contentsOf: other.columns[i]) }
    }

    /// The rows of `batches` (all with the same columns in the same order) one after another,
    /// each column allocated once.
    public init(joining batches: [Batch]) {
        precondition(!batches.isEmpty, "joining no batches")
        let names = batches[0].names
        precondition(batches.allSatisfy { $0.names == names }, "joining batches with other columns")
        self.init(names: names, columns: concurrentMap(Array(names.indices)) { column in ColumnValues.joined(batches.map { $0.columns[column] }) })
    }

    init(names: [String], columns: [ColumnValues]) {
        self.names = names
        self.columns = columns
    }

    /// An empty batch with the given columns.
    public static func empty(_ schema: [ColumnDefinition]) -> Batch {
        Batch(names: schema.map(\.name), columns: schema.map { ColumnValues.empty($0.type) })
    }
}
