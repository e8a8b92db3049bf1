/// The order of sorting keys, as ClickHouse sorts them: integers and DateTime numerically,
/// floats with NaN last and `-0 == 0`, UUIDs by their second half first, strings bytewise.
enum KeyOrder {
    /// Compares row `i` of `a` with row `j` of `b` (same type): negative, zero or positive.
    static func compare(_ a: ColumnValues, _ i: Int, _ b: ColumnValues, _ j: Int) -> Int {
        func cmp<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x == y ? 0 : 1) }
        switch (a, b) {
        case (.uint8(let x), .uint8(let y)): return cmp(x[i], y[j])
        case (.int8(let x), .int8(let y)): return cmp(x[i], y[j])
        case (.uint16(let x), .uint16(let y)), (.date(let x), .date(let y)): return cmp(x[i], y[j])
        case (.int16(let x), .int16(let y)): return cmp(x[i], y[j])
        case (.int32(let x), .int32(let y)): return cmp(x[i], y[j])
        case (.uint32(let x), .uint32(let y)), (.dateTime(let x), .dateTime(let y)): return cmp(x[i], y[j])
        case (.uint64(let x), .uint64(let y)): return cmp(x[i], y[j])
        case (.int64(let x), .int64(let y)): return cmp(x[i], y[j])
        case (.float32(let x), .float32(let y)): return cmp(orderedBits(Double(x[i])), orderedBits(Double(y[j])))
        case (.float64(let x), .float64(let y)): return cmp(orderedBits(x[i]), orderedBits(y[j]))
        case (.uuid(let x), .uuid(let y)): return cmp(x[i], y[j])
        case (.string(let x), .string(let y)): return x[i].lexicographicallyPrecedes(y[j]) ? -1 : (x[i].elementsEqual(y[j]) ? 0 : 1)
        // NULL after every value (ClickHouse's default, NULLS LAST).
        case (.nullable(let x), .nullable(let y)):
            switch (x.nulls[i], y.nulls[j]) {
            case (true, true): return 0
            case (true, false): return 1
            case (false, true): return -1
            case (false, false): return compare(x.values, i, y.values, j)
            }
        case (.nothing, .nothing): return 0
        // Tuples compare element by element.
        case (.tuples(let x), .tuples(let y)):
            for (a, b) in zip(x.elements, y.elements) {
                let c = compare(a, i, b, j)
                if c != 0 { return c }
            }
            return 0
        // Arrays compare element by element, then by length (ClickHouse's order).
        case (.arrays(let x), .arrays(let y)):
            let (r, s) = (x.range(of: i), y.range(of: j))
            for (p, q) in zip(r, s) {
                let c = compare(x.elements, p, y.elements, q)
                if c != 0 { return c }
            }
            return cmp(r.count, s.count)
        default: preconditionFailure("comparing \(a.type) with \(b.type): not a key type")
        }
    }

    /// Whether each row starts a run of rows equal (in this order's sense) in every column of
    /// `keys`: row 0 does. One typed pass per column, where a row-by-row `compare` pays for
    /// matching the columns' types and retaining their storage at every row.
    static func runStarts(_ keys: [ColumnValues], rowCount: Int) -> [Bool] {
        var starts = [Bool](repeating: false, count: rowCount)
        guard rowCount > 0 else { return starts }
        starts[0] = true
        func mark<T: Equatable>(_ values: [T]) {
            for row in 1..<rowCount where values[row] != values[row - 1] { starts[row] = true }
        }
        for column in keys {
            switch column {
            case .uint8(let v): mark(v)
            case .int8(let v): mark(v)
            case .uint16(let v), .date(let v): mark(v)
            case .int16(let v): mark(v)
            case .int32(let v): mark(v)
            case .uint32(let v), .dateTime(let v): mark(v)
            case .uint64(let v): mark(v)
            case .int64(let v): mark(v)
            case .float32(let v): mark(v.map { orderedBits(Double($0)) })
            case .float64(let v): mark(v.map(orderedBits))
            case .uuid(let v): mark(v)
            case .string(let v): for row in 1..<rowCount where !v.valuesEqual(row, row - 1) { starts[row] = true }
            default: for row in 1..<rowCount where compare(column, row - 1, column, row) != 0 { starts[row] = true }
            }
        }
        return starts
    }

    /// Compares two rows over several key columns, lexicographically.
    static func compare(_ a: [ColumnValues], _ i: Int, _ b: [ColumnValues], _ j: Int, prefix: Int? = nil) -> Int {
        for k in 0..<(prefix ?? a.count) {
            let c = compare(a[k], i, b[k], j)
            if c != 0 { return c }
        }
        return 0
    }

    /// A `UInt64` whose unsigned order is the float order above.
    static func orderedBits(_ value: Double) -> UInt64 {
        if value.isNaN { return .max }
        let bits = (value == 0 ? 0.0 : value).bitPattern
        return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }

    /// The permutation that sorts rows by `keys`, stable: rows with equal keys keep their
    /// insertion order (the canonical order that feeds aggregate states).
    ///
    /// In linear time when the key packs into 64 bits (`packedKeys`): one radix sort. Otherwise
    /// each row's key is flattened into `UInt64` words with the same order (a UUID is two words,
    /// a string its rank among the block's distinct strings) and the rows are sorted by
    /// comparing machine words.
    static func sortPermutation(_ keys: [ColumnValues]) -> [Int32] {
        let rowCount = keys.first?.count ?? 0
        var perm = (0..<Int32(rowCount)).map { $0 }
        guard rowCount > 1, !keys.isEmpty else { return perm }
        if let (packed, bits) = packedKeys(keys, rowCount: rowCount) {
            return isNonDecreasing(packed) ? perm : RadixSort.permutation(packed, bits: bits)
        }
        // Tuples and Nullable keys: compared value by value (ties in insertion order).
        if keys.contains(where: { key in
            switch key.type {
            case .tuple, .nullable, .array, .nothing: true
            default: false
            }
        }) {
            return perm.sorted { a, b in
                let c = compare(keys, Int(a), keys, Int(b))
                return c < 0 || (c == 0 && a < b)
            }
        }
        let width = keys.reduce(0) { $0 + ($1.type == .uuid ? 2 : 1) }
        var words = [UInt64](repeating: 0, count: rowCount * width)
        var column = 0
        for key in keys {
            if let ordered = orderedWords(key) {
                for r in 0..<rowCount { words[r * width + column] = ordered[r] }
            } else {
                switch key {
                case .uuid(let v):
                    for r in 0..<rowCount {
                        words[r * width + column] = v[r].low
                        words[r * width + column + 1] = v[r].high
                    }
                case .string(let v):
                    let ranks = stringRanks(v)
                    for r in 0..<rowCount { words[r * width + column] = UInt64(ranks[r]) }
                default:
                    preconditionFailure("\(key.type) cannot be a sorting key")
                }
            }
            column += key.type == .uuid ? 2 : 1
        }
        if isSorted(words, width: width, rowCount: rowCount) { return perm }
        RawCopy.sortRows(&perm, words: words, width: width)
        return perm
    }

    /// Each row's whole key as one `UInt64` whose order is the key's: every column's dense code
    /// (`denseCodes`) in as many bits as its codes need, the first column highest. `nil` when
    /// the codes need more than 64 bits together.
    private static func packedKeys(_ keys: [ColumnValues], rowCount: Int) -> (keys: [UInt64], bits: Int)? {
        var packed = [UInt64](repeating: 0, count: rowCount)
        var bits = 0
        for column in keys.reversed() {
            guard let (codes, width) = denseCodes(column), bits + width <= 64 else { return nil }
            if width > 0 {
                for row in 0..<rowCount { packed[row] |= codes[row] << UInt64(bits) }
            }
            bits += width
        }
        return (packed, bits)
    }

    /// A column's values as small numbers in the same order, and the bits they need: numbers
    /// and times less the least of them; UUIDs and strings their rank among the column's
    /// distinct values (few: customers, services, model names).
    private static func denseCodes(_ column: ColumnValues) -> (codes: [UInt64], bits: Int)? {
        if let ordered = orderedWords(column) {
            guard let least = ordered.min(), let greatest = ordered.max() else { return ([], 0) }
            return (ordered.map { $0 - least }, bitWidth(greatest - least))
        }
        guard column.type == .uuid || column.type == .string else { return nil }
        var indexer = GroupIndexer(types: [column.type])
        let ids = indexer.assign([column], rowCount: column.count)
        let distinct = indexer.keys[0]
        let ranked = (0..<indexer.groupCount).sorted { compare(distinct, $0, distinct, $1) < 0 }
        var rankOfID = [UInt64](repeating: 0, count: indexer.groupCount)
        for (rank, id) in ranked.enumerated() { rankOfID[id] = UInt64(rank) }
        return (ids.map { rankOfID[Int($0)] }, bitWidth(UInt64(max(indexer.groupCount - 1, 0))))
    }

    /// Whether a key column of `type` is sorted by its value (a number or a time) rather than
    /// numbered into groups first.
    static func isOrderedByValue(_ type: ColumnType) -> Bool {
        switch type {
        case .uint8, .uint16, .date, .uint32, .dateTime, .uint64, .int8, .int16, .int32, .int64, .float32, .float64: true
        case .uuid, .string, .array, .aggregateState, .nullable, .nothing, .tuple: false
        }
    }

    /// The stable permutation that orders rows by their groups' keys, then by `values` (a
    /// numeric column, or `nil` when the groups are the whole key): `groups` numbers each row's
    /// group, `groupKeys` holds each group's key (`GroupIndexer`'s, all distinct). The groups
    /// are ranked by sorting their keys; rows are then radix-sorted by (rank, value − least
    /// value) as one 64-bit word. `nil` when that word would need more than 64 bits.
    static func permutation(groups: [Int32], groupKeys: [ColumnValues], groupCount: Int,
                            then values: ColumnValues? = nil) -> [Int32]? {
        var rankOfGroup = [UInt64](repeating: 0, count: groupCount)
        for (rank, group) in sortPermutation(groupKeys).enumerated() { rankOfGroup[Int(group)] = UInt64(rank) }
        var keys = groups.map { rankOfGroup[Int($0)] }
        var bits = bitWidth(UInt64(max(groupCount - 1, 0)))
        if let values, let (codes, valueBits) = denseCodes(values), !isNonDecreasing(codes) {
            guard bits + valueBits <= 64 else { return nil }
            for row in keys.indices { keys[row] = keys[row] << UInt64(valueBits) | codes[row] }
            bits += valueBits
        }
        // Values already in order (rows that arrive in time order): the rank alone sorts them.
        if isNonDecreasing(keys) { return (0..<Int32(keys.count)).map { $0 } }
        return RadixSort.permutation(keys, bits: bits)
    }

    /// A column's values as `UInt64`s in the same order; `nil` for types without one.
    private static func orderedWords(_ column: ColumnValues) -> [UInt64]? {
        switch column {
        case .uint8(let v): v.map { UInt64($0) }
        case .uint16(let v), .date(let v): v.map { UInt64($0) }
        case .uint32(let v), .dateTime(let v): v.map { UInt64($0) }
        case .uint64(let v): v
        case .int8(let v): v.map { UInt64(bitPattern: Int64($0)) ^ (1 << 63) }
        case .int16(let v): v.map { UInt64(bitPattern: Int64($0)) ^ (1 << 63) }
        case .int32(let v): v.map { UInt64(bitPattern: Int64($0)) ^ (1 << 63) }
        case .int64(let v): v.map { UInt64(bitPattern: $0) ^ (1 << 63) }
        case .float32(let v): v.map { orderedBits(Double($0)) }
        case .float64(let v): v.map { orderedBits($0) }
        case .uuid, .string, .arrays, .aggregateStates, .nullable, .nothing, .tuples: nil
        }
    }

    private static func bitWidth(_ value: UInt64) -> Int { UInt64.bitWidth - value.leadingZeroBitCount }

    private static func isNonDecreasing(_ words: [UInt64]) -> Bool {
        zip(words, words.dropFirst()).allSatisfy { $0 <= $1 }
    }

    private static func isSorted(_ words: [UInt64], width: Int, rowCount: Int) -> Bool {
        for r in 1..<rowCount {
            for k in 0..<width {
                let previous = words[(r - 1) * width + k], current = words[r * width + k]
                if previous < current { break }
                if previous > current { return false }
            }
        }
        return true
    }

    /// Dense ranks of a block's strings in bytewise order.
    private static func stringRanks(_ column: StringColumn) -> [UInt32] {
        var order = (0..<Int32(column.count)).map { $0 }
        order.sort { column[Int($0)].lexicographicallyPrecedes(column[Int($1)]) }
        var ranks = [UInt32](repeating: 0, count: column.count)
        var rank: UInt32 = 0
        for (position, row) in order.enumerated() {
            if position > 0, !column[Int(order[position - 1])].elementsEqual(column[Int(row)]) { rank += 1 }
            ranks[Int(row)] = rank
        }
        return ranks
    }
}
