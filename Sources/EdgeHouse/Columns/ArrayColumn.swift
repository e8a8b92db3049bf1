/// A column of `Array(T)` values: every row's elements back to back in one column of `T`, and
/// the end offset of each row (ClickHouse's `ColumnArray` layout).
public struct ArrayColumn: Sendable, Equatable {
    public private(set) var elements: ColumnValues
    public private(set) var ends: [UInt32]

    /// An empty column of arrays of `elementType`.
    public init(of elementType: ColumnType) {
        elements = .empty(elementType)
        ends = []
    }

    /// Rows from their elements and end offsets (increasing, the last one `elements.count`).
    public init(elements: ColumnValues, ends: [UInt32]) {
        precondition(ends.last.map { Int($0) == elements.count } ?? (elements.count == 0), "array ends do not match the elements")
        self.elements = elements
        self.ends = ends
    }

    /// `Array(Float64)` rows (what `quantiles` returns).
    public init(_ arrays: [[Double]]) {
        var ends = [UInt32]()
        ends.reserveCapacity(arrays.count)
        var total = 0
        for array in arrays {
            total += array.count
            ends.append(UInt32(total))
        }
        self.init(elements: .float64(arrays.flatMap { $0 }), ends: ends)
    }

    public var count: Int { ends.count }

    public var elementType: ColumnType { elements.type }

    /// The positions in `elements` of row `row`'s elements.
    public func range(of row: Int) -> Range<Int> {
        (row == 0 ? 0 : Int(ends[row - 1]))..<Int(ends[row])
    }

    /// Row `row`'s elements.
    public subscript(row: Int) -> ColumnValues { elements.slice(range(of: row)) }

    /// Row `row` of an `Array(Float64)` column.
    public func doubles(_ row: Int) -> ArraySlice<Double> {
        guard case .float64(let values) = elements else { preconditionFailure("Array(\(elementType)) is not Array(Float64)") }
        return values[range(of: row)]
    }

    /// Appends one row whose elements are `row`.
    public mutating func append(row: ColumnValues) {
        elements.append(contentsOf: row)
        ends.append(UInt32(elements.count))
    }

    public mutating func append(contentsOf other: ArrayColumn) {
        let base = UInt32(elements.count)
        elements.append(contentsOf: other.elements)
        ends.append(contentsOf: other.ends.map { $0 + base })
    }

    /// The rows at `indices`, in that order.
    public func gathering(_ indices: some Collection<Int32>) -> ArrayColumn {
        var positions = [Int32]()
        var newEnds = [UInt32]()
        newEnds.reserveCapacity(indices.count)
        for index in indices {
            for position in range(of: Int(index)) { positions.append(Int32(position)) }
            newEnds.append(UInt32(positions.count))
        }
        return ArrayColumn(elements: elements.gathering(positions), ends: newEnds)
    }

    public func slice(_ rows: Range<Int>) -> ArrayColumn {
        guard !rows.isEmpty else { return ArrayColumn(of: elementType) }
        let start = rows.lowerBound == 0 ? 0 : ends[rows.lowerBound - 1]
        return ArrayColumn(elements: elements.slice(Int(start)..<Int(ends[rows.upperBound - 1])), ends: ends[rows].map { $0 - start })
    }
}
