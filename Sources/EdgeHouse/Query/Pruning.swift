/// A ``ColumnRange`` with its bounds converted to the column's type.
struct BoundRange {
    var columnIndex: Int
    var lower: ColumnValues?
    var lowerInclusive: Bool
    var upper: ColumnValues?
    var upperInclusive: Bool
    var isEquality: Bool

    init(_ range: ColumnRange, in columns: [ColumnDefinition], table: TableName) throws(StorageError) {
        guard let index = columns.firstIndex(where: { $0.name == range.column }) else {
            throw .noSuchColumn(range.column, table: table)
        }
        let type = columns[index].type
        func convert(_ value: Value?) throws(StorageError) -> ColumnValues? {
            guard let value else { return nil }
            guard let column = value.column(of: type) else {
                throw .typeMismatch(column: range.column, expected: type, actual: Self.type(of: value))
            }
            return column
        }
        columnIndex = index
        lower = try convert(range.lower)
        upper = try convert(range.upper)
        lowerInclusive = range.lowerInclusive
        upperInclusive = range.upperInclusive
        isEquality = range.isEquality
    }

    private static func type(of value: Value) -> ColumnType {
        switch value {
        case .uint: .uint64
        case .float: .float64
        case .dateTime: .dateTime
        case .uuid: .uuid
        case .string: .string
        }
    }

    /// Whether row `row` of `values` satisfies the range.
    func contains(_ values: ColumnValues, _ row: Int) -> Bool {
        if let lower {
            let c = KeyOrder.compare(values, row, lower, 0)
            if c < 0 || (c == 0 && !lowerInclusive) { return false }
        }
        if let upper {
            let c = KeyOrder.compare(values, row, upper, 0)
            if c > 0 || (c == 0 && !upperInclusive) { return false }
        }
        return true
    }
}

/// Decides which parts and granules a filter can skip, from part min/max values and the
/// sparse primary index, as ClickHouse's `KeyCondition` does for a key prefix.
struct Pruner {
    let ranges: [BoundRange]
    let columns: [ColumnDefinition]
    /// Lexicographic bounds on the sorting key: equalities on a key prefix, then at most one
    /// range on the next key column.
    private var lowerKey: [ColumnValues] = []
    private var upperKey: [ColumnValues] = []

    init(ranges: [BoundRange], definition: TableDefinition) {
        self.ranges = ranges
        columns = definition.columns
        for key in definition.keyIndices {
            let onKey = ranges.filter { $0.columnIndex == key }
            if let equality = onKey.first(where: \.isEquality) {
                lowerKey.append(equality.lower!)
                upperKey.append(equality.upper!)
                continue
            }
            if let range = onKey.first {
                if let lower = range.lower, lowerKey.count == upperKey.count { lowerKey.append(lower) }
                if let upper = range.upper { upperKey.append(upper) }
            }
            break
        }
    }

    /// False when the part's min/max of a DateTime column rules the filter out.
    func mayMatch(_ meta: PartMeta) -> Bool {
        for range in ranges {
            let column = columns[range.columnIndex]
            guard let bounds = meta.dateTimeRanges[column.name] else { continue }
            let minMax = ColumnValues.dateTime([bounds.lowerBound, bounds.upperBound])
            if let lower = range.lower, KeyOrder.compare(minMax, 1, lower, 0) < (range.lowerInclusive ? 0 : 1) { return false }
            if let upper = range.upper, KeyOrder.compare(minMax, 0, upper, 0) > (range.upperInclusive ? 0 : -1) { return false }
        }
        return true
    }

    /// The granule ranges of a part that may hold matching rows.
    func granules(of part: PartReader) -> [Range<Int>] {
        let count = part.meta.granuleCount
        guard count > 0 else { return [] }
        guard !lowerKey.isEmpty || !upperKey.isEmpty else { return [0..<count] }
        var result = [Range<Int>]()
        for g in 0..<count {
            // Granule g holds keys between index entry g and entry g + 1 (inclusive: equal keys
            // can straddle a granule boundary).
            let aboveLower = lowerKey.isEmpty || KeyOrder.compare(part.index, g + 1, lowerKey, 0, prefix: lowerKey.count) >= 0
            let belowUpper = upperKey.isEmpty || KeyOrder.compare(part.index, g, upperKey, 0, prefix: upperKey.count) <= 0
            guard aboveLower && belowUpper else { continue }
            if let last = result.last, last.upperBound == g {
                result[result.count - 1] = last.lowerBound..<g + 1
            } else {
                result.append(g..<g + 1)
            }
        }
        return result
    }
}
