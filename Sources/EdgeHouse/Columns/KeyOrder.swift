/// The order of sorting keys, as ClickHouse sorts them: integers and DateTime numerically,
/// floats with NaN last and `-0 == 0`, UUIDs by their second half first, strings bytewise.
enum KeyOrder {
    /// Compares row `i` of `a` with row `j` of `b` (same type): negative, zero or positive.
    static func compare(_ a: ColumnValues, _ i: Int, _ b: ColumnValues, _ j: Int) -> Int {
        func cmp<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x == y ? 0 : 1) }
        switch (a, b) {
        case (.uint8(let x), .uint8(let y)): return cmp(x[i], y[j])
        case (.date(let x), .date(let y)): return cmp(x[i], y[j])
        case (.uint32(let x), .uint32(let y)), (.dateTime(let x), .dateTime(let y)): return cmp(x[i], y[j])
        case (.uint64(let x), .uint64(let y)): return cmp(x[i], y[j])
        case (.int64(let x), .int64(let y)): return cmp(x[i], y[j])
        case (.float32(let x), .float32(let y)): return cmp(orderedBits(Double(x[i])), orderedBits(Double(y[j])))
        case (.float64(let x), .float64(let y)): return cmp(orderedBits(x[i]), orderedBits(y[j]))
        case (.uuid(let x), .uuid(let y)): return cmp(x[i], y[j])
        case (.string(let x), .string(let y)): return x[i].lexicographicallyPrecedes(y[j]) ? -1 : (x[i].elementsEqual(y[j]) ? 0 : 1)
        default: preconditionFailure("comparing \(a.type) with \(b.type): not a key type")
        }
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
    /// Each row's key is flattened into `UInt64` words with the same order (a UUID is two
    /// words, a string its rank among the block's distinct strings), so the sort compares
    /// machine words, not typed values.
    static func sortPermutation(_ keys: [ColumnValues]) -> [Int32] {
        let rowCount = keys.first?.count ?? 0
        var perm = (0..<Int32(rowCount)).map { $0 }
        guard rowCount > 1, !keys.isEmpty else { return perm }
        if let grouped = groupedPermutation(keys, rowCount: rowCount) { return grouped }
        let width = keys.reduce(0) { $0 + ($1.type == .uuid ? 2 : 1) }
        var words = [UInt64](repeating: 0, count: rowCount * width)
        var column = 0
        for key in keys {
            switch key {
            case .uint8(let v): for r in 0..<rowCount { words[r * width + column] = UInt64(v[r]) }
            case .date(let v): for r in 0..<rowCount { words[r * width + column] = UInt64(v[r]) }
            case .uint32(let v), .dateTime(let v): for r in 0..<rowCount { words[r * width + column] = UInt64(v[r]) }
            case .uint64(let v): for r in 0..<rowCount { words[r * width + column] = v[r] }
            case .int64(let v): for r in 0..<rowCount { words[r * width + column] = UInt64(bitPattern: v[r]) ^ (1 << 63) }
            case .float32(let v): for r in 0..<rowCount { words[r * width + column] = orderedBits(Double(v[r])) }
            case .float64(let v): for r in 0..<rowCount { words[r * width + column] = orderedBits(v[r]) }
            case .uuid(let v):
                for r in 0..<rowCount {
                    words[r * width + column] = v[r].low
                    words[r * width + column + 1] = v[r].high
                }
            case .string(let v):
                let ranks = stringRanks(v)
                for r in 0..<rowCount { words[r * width + column] = UInt64(ranks[r]) }
            case .float64Arrays, .aggregateStates:
                preconditionFailure("\(key.type) cannot be a sorting key")
            }
            column += key.type == .uuid ? 2 : 1
        }
        if isSorted(words, width: width, rowCount: rowCount) { return perm }
        RawCopy.sortRows(&perm, words: words, width: width)
        return perm
    }

    /// The sort of time-ordered inserts, in linear time. When the last key column never
    /// decreases in insertion order (the timestamp of rows that arrive in time order), a stable
    /// sort by the other key columns is the whole sort; and when those take few distinct values
    /// (customers, services), that sort is a counting sort over their groups. `nil` when the
    /// input is not like that (or a float key could make two groups compare equal).
    private static func groupedPermutation(_ keys: [ColumnValues], rowCount: Int) -> [Int32]? {
        guard keys.count >= 2, let last = keys.last else { return nil }
        let prefix = Array(keys.dropLast())
        guard prefix.allSatisfy({ $0.type != .float32 && $0.type != .float64 }) else { return nil }
        for row in 1..<rowCount where compare(last, row - 1, last, row) > 0 { return nil }
        var indexer = GroupIndexer(types: prefix.map(\.type))
        let groups = indexer.assign(prefix, rowCount: rowCount)
        guard indexer.groupCount <= max(1, rowCount / 16) else { return nil }
        return permutation(groups: groups, groupKeys: indexer.keys, groupCount: indexer.groupCount)
    }

    /// The stable permutation that orders rows by their groups' keys: `groups` numbers each
    /// row's group, `groupKeys` holds each group's key (groups numbered by first appearance, as
    /// `GroupIndexer` does). A counting sort: linear in the rows.
    static func permutation(groups: [Int32], groupKeys: [ColumnValues], groupCount: Int) -> [Int32] {
        let ranked = (0..<groupCount).sorted { compare(groupKeys, $0, groupKeys, $1) < 0 }
        var start = [Int](repeating: 0, count: groupCount)  // by group number: where its rows begin
        var counts = [Int](repeating: 0, count: groupCount)
        for group in groups { counts[Int(group)] += 1 }
        var offset = 0
        for group in ranked {
            start[group] = offset
            offset += counts[group]
        }
        var permutation = [Int32](repeating: 0, count: groups.count)
        for (row, group) in groups.enumerated() {
            permutation[start[Int(group)]] = Int32(row)
            start[Int(group)] += 1
        }
        return permutation
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
