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

    /// Clears the flag of every row of `values` outside the range: one pass per column, the type
    /// switched on once (a scan's filter runs this over every row it reads).
    func restrict(_ flags: inout [Bool], _ values: ColumnValues) {
        func restrict<T: Comparable>(_ v: [T], _ bound: (ColumnValues) -> [T]?) {
            let low = lower.flatMap(bound)?.first, high = upper.flatMap(bound)?.first
            for row in flags.indices where flags[row] {
                let value = v[row]
                if let low, value < low || (!lowerInclusive && value == low) { flags[row] = false }
                if let high, value > high || (!upperInclusive && value == high) { flags[row] = false }
            }
        }
        switch values {
        case .uint8(let v): restrict(v) { if case .uint8(let b) = $0 { b } else { nil } }
        case .date(let v): restrict(v) { if case .date(let b) = $0 { b } else { nil } }
        case .uint32(let v), .dateTime(let v): restrict(v) { if case .uint32(let b) = $0 { b } else { $0.dateTimes } }
        case .uint64(let v): restrict(v) { if case .uint64(let b) = $0 { b } else { nil } }
        case .int64(let v): restrict(v) { if case .int64(let b) = $0 { b } else { nil } }
        case .uuid(let v): restrict(v) { if case .uuid(let b) = $0 { b } else { nil } }
        default:  // floats (NaN's place in the order) and strings: row by row
            for row in flags.indices where flags[row] { flags[row] = contains(values, row) }
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
    /// The filter's ranges on each sorting-key column, in key order.
    private let keyRanges: [[BoundRange]]

    init(ranges: [BoundRange], definition: TableDefinition) {
        self.ranges = ranges
        columns = definition.columns
        keyRanges = definition.keyIndices.map { key in ranges.filter { $0.columnIndex == key } }
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
        guard keyRanges.contains(where: { !$0.isEmpty }) else { return [0..<count] }
        var result = [Range<Int>]()
        for g in 0..<count {
            // Granule g holds keys between index entry g and entry g + 1 (inclusive: equal keys
            // can straddle a granule boundary).
            let aboveLower = lowerKey.isEmpty || KeyOrder.compare(part.index, g + 1, lowerKey, 0, prefix: lowerKey.count) >= 0
            let belowUpper = upperKey.isEmpty || KeyOrder.compare(part.index, g, upperKey, 0, prefix: upperKey.count) <= 0
            guard aboveLower && belowUpper && mayMatchKeyColumns(part.index, granule: g) else { continue }
            if let last = result.last, last.upperBound == g {
                result[result.count - 1] = last.lowerBound..<g + 1
            } else {
                result.append(g..<g + 1)
            }
        }
        return result
    }

    /// The check ClickHouse's generic exclusion search adds for key columns after the prefix:
    /// where a granule's first and last keys share their first `L` columns, every row of it has
    /// those values and its column `L` lies between theirs — a filter on any of them can rule the
    /// granule out (`hour` in the cost view, behind `cloud_provider` and `service_name`).
    private func mayMatchKeyColumns(_ index: [ColumnValues], granule g: Int) -> Bool {
        for position in keyRanges.indices {
            let column = index[position]
            for range in keyRanges[position] {
                if let lower = range.lower {
                    let c = KeyOrder.compare(column, g + 1, lower, 0)
                    if c < 0 || (c == 0 && !range.lowerInclusive) { return false }
                }
                if let upper = range.upper {
                    let c = KeyOrder.compare(column, g, upper, 0)
                    if c > 0 || (c == 0 && !range.upperInclusive) { return false }
                }
            }
            // Past the first column where the bounds differ, columns are unconstrained.
            if KeyOrder.compare(column, g, column, g + 1) != 0 { return true }
        }
        return true
    }
}
