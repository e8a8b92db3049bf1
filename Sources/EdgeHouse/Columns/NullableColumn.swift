/// A column of `Nullable(T)` values: the values (a row that is `NULL` holds `T`'s default) and
/// a flag per row, ClickHouse's `ColumnNullable` layout (its null map: 1 = `NULL`).
public struct NullableColumn: Sendable, Equatable {
    public private(set) var values: ColumnValues
    public private(set) var nulls: [Bool]

    public init(values: ColumnValues, nulls: [Bool]) {
        precondition(values.count == nulls.count, "a null flag per value")
        self.values = values
        self.nulls = nulls
    }

    /// `values` with no `NULL` among them.
    public init(_ values: ColumnValues) {
        self.init(values: values, nulls: Array(repeating: false, count: values.count))
    }

    /// `count` `NULL`s of `type`.
    public init(nulls type: ColumnType, count: Int) {
        self.init(values: .defaults(type, count: count), nulls: Array(repeating: true, count: count))
    }

    public var count: Int { nulls.count }

    public func gathering(_ indices: [Int32]) -> NullableColumn {
        NullableColumn(values: values.gathering(indices), nulls: indices.map { nulls[Int($0)] })
    }

    public func slice(_ range: Range<Int>) -> NullableColumn {
        NullableColumn(values: values.slice(range), nulls: Array(nulls[range]))
    }

    public mutating func append(contentsOf other: NullableColumn) {
        values.append(contentsOf: other.values)
        nulls += other.nulls
    }
}
