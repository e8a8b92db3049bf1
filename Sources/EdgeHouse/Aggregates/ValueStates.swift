/// States that exist only within a query (`any`, `uniqExact`, `argMin`, `groupArray`, …): they
/// have no ClickHouse binary format here, so they are never merged from or serialized to bytes —
/// `-State`, `-Merge` and views of them are rejected when the query is bound (see
/// `AggregateKind.hasBinaryState`). They work on any column type, a batch at a time.
protocol QueryOnlyStates: GroupedStates {}

extension QueryOnlyStates {
    mutating func merge(_ states: StringColumn, groups: [Int32]) throws(CodecError) {
        preconditionFailure("no binary state: rejected when the query is bound")
    }

    func serialize(_ group: Int, into out: inout [UInt8]) {
        preconditionFailure("no binary state: rejected when the query is bound")
    }
}

/// `any` and `anyLast`: the first or last value each group sees.
struct ChosenValueStates: QueryOnlyStates {
    /// Whether a later row replaces the value (`anyLast`).
    let last: Bool
    private var chosen: ColumnValues
    private var present: [Bool] = []

    init(_ type: ColumnType, last: Bool) {
        self.last = last
        chosen = .empty(type)
    }

    var groupCount: Int { present.count }

    mutating func grow(to count: Int) {
        guard count > present.count else { return }
        chosen.append(contentsOf: .defaults(chosen.type, count: count - present.count))
        present += repeatElement(false, count: count - present.count)
    }

    mutating func update(_ values: ColumnValues, groups: [Int32]) {
        // Each group's replacing row, then one gather over both columns.
        var replacement = [Int: Int]()
        for (row, g) in groups.enumerated() where last || (!present[Int(g)] && replacement[Int(g)] == nil) {
            replacement[Int(g)] = row
        }
        guard !replacement.isEmpty else { return }
        var indices = (0..<Int32(present.count)).map { $0 }
        for (group, row) in replacement {
            indices[group] = Int32(present.count + row)
            present[group] = true
        }
        chosen = ColumnValues.joined([chosen, values]).gathering(indices)
    }

    func finalize(_ kind: AggregateKind) -> ColumnValues { chosen }
}

/// `uniqExact`: the distinct values of each group, counted as (group, value) pairs first seen.
struct DistinctCountStates: QueryOnlyStates {
    private var pairs: GroupIndexer
    private var counts: [UInt64] = []

    init(_ type: ColumnType) {
        pairs = GroupIndexer(types: [.uint32, type])
    }

    var groupCount: Int { counts.count }

    mutating func grow(to count: Int) { counts += repeatElement(0, count: max(0, count - counts.count)) }

    mutating func update(_ values: ColumnValues, groups: [Int32]) {
        let known = pairs.groupCount
        let numbers = pairs.assign([.uint32(groups.map { UInt32(bitPattern: $0) }), values], rowCount: groups.count)
        // A pair is new when it opened a group: group numbers are handed out in row order.
        var next = Int32(known)
        for (row, number) in numbers.enumerated() where number == next {
            counts[Int(groups[row])] += 1
            next += 1
        }
    }

    func finalize(_ kind: AggregateKind) -> ColumnValues { .uint64(counts) }
}

/// `argMin(x, key)` / `argMax(x, key)`: per group, the least / greatest key seen and its row's
/// `x` (the first row among equal keys), fed by `update(_:keys:groups:)`; and `min`/`max` of
/// strings, dates and UUIDs, whose values are their own keys.
struct ArgExtremeStates: QueryOnlyStates {
    let greatest: Bool
    /// Within one batch, a later row with an equal key wins: what ClickHouse's `argMax` without
    /// GROUP BY does in a block (its vectorized path), while it keeps the first otherwise.
    var laterTiesWinInBatch = false
    private var values: ColumnValues
    private var keys: ColumnValues?
    private var present: [Bool] = []

    init(_ type: ColumnType, greatest: Bool) {
        self.greatest = greatest
        values = .empty(type)
    }

    var groupCount: Int { present.count }

    mutating func grow(to count: Int) {
        guard count > present.count else { return }
        values.append(contentsOf: .defaults(values.type, count: count - present.count))
        if let known = keys { keys = ColumnValues.joined([known, .defaults(known.type, count: count - present.count)]) }
        present += repeatElement(false, count: count - present.count)
    }

    mutating func update(_ values: ColumnValues, groups: [Int32]) {
        update(values, keys: values, groups: groups)
    }

    mutating func update(_ newValues: ColumnValues, keys newKeys: ColumnValues, groups: [Int32]) {
        let known = keys ?? .defaults(newKeys.type, count: present.count)
        var winner = [Int: Int]()  // group → row of this batch
        for (row, g) in groups.enumerated() {
            let group = Int(g)
            let order: Int
            if let best = winner[group] {
                order = KeyOrder.compare(newKeys, row, newKeys, best)
                if order == 0 && laterTiesWinInBatch {
                    winner[group] = row
                    continue
                }
            } else if present[group] {
                order = KeyOrder.compare(newKeys, row, known, group)
            } else {
                winner[group] = row
                continue
            }
            if greatest ? order > 0 : order < 0 { winner[group] = row }
        }
        guard !winner.isEmpty else { return }
        var indices = (0..<Int32(present.count)).map { $0 }
        for (group, row) in winner {
            indices[group] = Int32(present.count + row)
            present[group] = true
        }
        values = ColumnValues.joined([values, newValues]).gathering(indices)
        keys = ColumnValues.joined([known, newKeys]).gathering(indices)
    }

    func finalize(_ kind: AggregateKind) -> ColumnValues { values }
}

/// `groupArray` / `groupUniqArray`: every group's values in row order, kept as one column of
/// values and the group of each, gathered into arrays at the end.
struct GroupArrayStates: QueryOnlyStates {
    private let limit: Int?
    private let unique: Bool
    private var values: ColumnValues
    private var groupOfValue: [Int32] = []
    private var sizes: [Int] = []
    /// `groupUniqArray`: the (group, value) pairs seen.
    private var seen: GroupIndexer

    init(_ type: ColumnType, limit: Int?, unique: Bool) {
        self.limit = limit
        self.unique = unique
        values = .empty(type)
        seen = GroupIndexer(types: [.uint32, type])
    }

    var groupCount: Int { sizes.count }

    mutating func grow(to count: Int) { sizes += repeatElement(0, count: max(0, count - sizes.count)) }

    mutating func update(_ values: ColumnValues, groups: [Int32]) {
        var isNew = [Bool](repeating: true, count: groups.count)
        if unique {
            let known = seen.groupCount
            let numbers = seen.assign([.uint32(groups.map { UInt32(bitPattern: $0) }), values], rowCount: groups.count)
            var next = Int32(known)
            for (row, number) in numbers.enumerated() {
                isNew[row] = number == next
                if isNew[row] { next += 1 }
            }
        }
        var kept = [Int32]()
        for (row, group) in groups.enumerated() where isNew[row] && sizes[Int(group)] < (limit ?? .max) {
            sizes[Int(group)] += 1
            kept.append(Int32(row))
            groupOfValue.append(group)
        }
        self.values.append(contentsOf: kept.count == groups.count ? values : values.gathering(kept))
    }

    func finalize(_ kind: AggregateKind) -> ColumnValues {
        // A stable counting sort of the values by group.
        var ends = [UInt32]()
        ends.reserveCapacity(sizes.count)
        var total = 0
        for size in sizes { total += size; ends.append(UInt32(total)) }
        var next = sizes.indices.map { $0 == 0 ? 0 : Int(ends[$0 - 1]) }
        var order = [Int32](repeating: 0, count: total)
        for (index, group) in groupOfValue.enumerated() {
            order[next[Int(group)]] = Int32(index)
            next[Int(group)] += 1
        }
        // ClickHouse's groupUniqArray lists a hash set, in no documented order; for small
        // numbers that is ascending, which is the order given here for every type.
        if unique {
            for group in sizes.indices {
                let range = (group == 0 ? 0 : Int(ends[group - 1]))..<Int(ends[group])
                order[range].sort { KeyOrder.compare(values, Int($0), values, Int($1)) < 0 }
            }
        }
        return .arrays(ArrayColumn(elements: values.gathering(order), ends: ends))
    }
}
