/// A column of `Tuple(T1, T2, …)` values: one column per element (ClickHouse's `ColumnTuple`).
public struct TupleColumn: Sendable, Equatable {
    public private(set) var elements: [ColumnValues]
    /// Rows, kept apart from the elements: a tuple of no elements still has rows.
    public let count: Int

    public init(_ elements: [ColumnValues], count: Int) {
        precondition(elements.allSatisfy { $0.count == count }, "every element column has a value per row")
        self.elements = elements
        self.count = count
    }

    public var elementTypes: [ColumnType] { elements.map(\.type) }

    public func gathering(_ indices: [Int32]) -> TupleColumn {
        TupleColumn(elements.map { $0.gathering(indices) }, count: indices.count)
    }

    public func slice(_ range: Range<Int>) -> TupleColumn {
        TupleColumn(elements.map { $0.slice(range) }, count: range.count)
    }

    /// `other` after these rows; its element types must be these.
    public func appending(_ other: TupleColumn) -> TupleColumn {
        TupleColumn(zip(elements, other.elements).map { ColumnValues.joined([$0, $1]) }, count: count + other.count)
    }
}
