/// A column of byte strings in two contiguous buffers, like ClickHouse's `ColumnString`: all
/// bytes back to back, and the end offset of each value. No per-value allocation.
public struct StringColumn: Sendable, Equatable {
    public private(set) var bytes: [UInt8]
    /// `ends[i]` is one past the last byte of value `i`.
    public private(set) var ends: [UInt32]

    public init() {
        bytes = []
        ends = []
    }

    public init<S: Sequence>(_ values: S) where S.Element: StringProtocol {
        self.init()
        for value in values { append(value) }
    }

    /// `count` copies of the same bytes.
    public init(repeating value: [UInt8], count: Int) {
        self.init()
        reserveCapacity(values: count, bytes: value.count * count)
        for _ in 0..<count { append(bytes: value[...]) }
    }

    /// The values of `parts` one after another, in storage allocated once.
    public init(joining parts: [StringColumn]) {
        self.init()
        reserveCapacity(values: parts.reduce(0) { $0 + $1.count }, bytes: parts.reduce(0) { $0 + $1.bytes.count })
        for part in parts { append(contentsOf: part) }
    }

    public var count: Int { ends.count }

    public subscript(index: Int) -> ArraySlice<UInt8> {
        let start = index == 0 ? 0 : Int(ends[index - 1])
        return bytes[start..<Int(ends[index])]
    }

    /// Whether value `index` is `other`, byte for byte (no slice of the column made).
    func hasValue(_ index: Int, equalTo other: Span<UInt8>) -> Bool {
        let start = index == 0 ? 0 : Int(ends[index - 1])
        guard Int(ends[index]) - start == other.count else { return false }
        return ByteScan.equal(bytes.span, from: start, other, from: 0, count: other.count)
    }

    /// Whether values `i` and `j` are the same bytes.
    func valuesEqual(_ i: Int, _ j: Int) -> Bool {
        let (iStart, jStart) = (i == 0 ? 0 : Int(ends[i - 1]), j == 0 ? 0 : Int(ends[j - 1]))
        let count = Int(ends[i]) - iStart
        guard Int(ends[j]) - jStart == count else { return false }
        let stored = bytes.span
        return ByteScan.equal(stored, from: iStart, stored, from: jStart, count: count)
    }

    public func string(at index: Int) -> String { String(decoding: self[index], as: UTF8.self) }

    public mutating func append<S: StringProtocol>(_ value: S) {
        bytes.append(contentsOf: value.utf8)
        ends.append(UInt32(bytes.count))
    }

    public mutating func append(bytes value: ArraySlice<UInt8>) {
        bytes.append(contentsOf: value)
        ends.append(UInt32(bytes.count))
    }

    public mutating func append(contentsOf other: StringColumn) {
        let base = UInt32(bytes.count)
        bytes.append(contentsOf: other.bytes)
        ends.append(contentsOf: other.ends.lazy.map { $0 + base })
    }

    mutating func reserveCapacity(values: Int, bytes byteCount: Int) {
        ends.reserveCapacity(values)
        bytes.reserveCapacity(byteCount)
    }

    /// The values at `indices`, in that order.
    public func gathering(_ indices: some Collection<Int32>) -> StringColumn {
        var newEnds = [UInt32]()
        newEnds.reserveCapacity(indices.count)
        var total: UInt32 = 0
        for index in indices {
            let i = Int(index)
            total += ends[i] - (i == 0 ? 0 : ends[i - 1])
            newEnds.append(total)
        }
        let newBytes = RawCopy.gather(bytes, ends: ends, indices: indices, total: Int(total))
        return StringColumn(bytes: newBytes, ends: newEnds)
    }

    public func slice(_ range: Range<Int>) -> StringColumn {
        guard !range.isEmpty else { return StringColumn() }
        let start = range.lowerBound == 0 ? 0 : Int(ends[range.lowerBound - 1])
        var result = StringColumn()
        result.bytes = Array(bytes[start..<Int(ends[range.upperBound - 1])])
        result.ends = ends[range].map { $0 - UInt32(start) }
        return result
    }

    /// Builds a column from raw parts; `ends` must be non-decreasing and end at `bytes.count`.
    init(bytes: [UInt8], ends: [UInt32]) {
        precondition(ends.last.map { Int($0) == bytes.count } ?? bytes.isEmpty)
        self.bytes = bytes
        self.ends = ends
    }
}
