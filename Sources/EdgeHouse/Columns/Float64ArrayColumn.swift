/// A column of `Array(Float64)` values: all elements back to back, and the end offset of each
/// array (ClickHouse's `ColumnArray` layout).
public struct Float64ArrayColumn: Sendable, Equatable {
    public private(set) var elements: [Double] = []
    public private(set) var ends: [UInt32] = []

    public init() {}

    public init(_ arrays: [[Double]]) {
        for array in arrays { append(array) }
    }

    public var count: Int { ends.count }

    public subscript(index: Int) -> ArraySlice<Double> {
        elements[(index == 0 ? 0 : Int(ends[index - 1]))..<Int(ends[index])]
    }

    public mutating func append(_ array: some Collection<Double>) {
        elements.append(contentsOf: array)
        ends.append(UInt32(elements.count))
    }

    public mutating func append(contentsOf other: Float64ArrayColumn) {
        for i in 0..<other.count { append(other[i]) }
    }

    public func gathering(_ indices: some Collection<Int32>) -> Float64ArrayColumn {
        var result = Float64ArrayColumn()
        for index in indices { result.append(self[Int(index)]) }
        return result
    }

    public func slice(_ range: Range<Int>) -> Float64ArrayColumn { gathering(range.map { Int32($0) }) }
}
