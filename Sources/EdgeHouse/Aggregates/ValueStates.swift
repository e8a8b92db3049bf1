/// States of functions that work on values of any column type, a batch at a time (`any`,
/// `uniqExact`, `argMin`, `groupArray`, …). Those of plain types (`PlainValueCodec`) have
/// ClickHouse's binary formats; `argMin`/`argMax` have none here, so their `-State`, `-Merge`
/// and views are rejected when the query is bound (see `AggregateKind.hasBinaryState`).

/// Serialized states each holding at most one value (`SingleValueData`), merged by feeding the
/// values to `update` in row order: the same rules as rows.
private func mergeSingleValues(_ states: StringColumn, groups: [Int32], type: ColumnType,
                               into update: (ColumnValues, [Int32]) -> Void) throws(CodecError) {
    var values = ColumnValues.empty(type)
    var valueGroups = [Int32]()
    for (row, group) in groups.enumerated() {
        let value = try decodeState(states[row]) { (reader: inout ByteReader) throws(CodecError) in try PlainValueCodec.readSingle(type, from: &reader) }
        if let value {
            values.append(contentsOf: value)
            valueGroups.append(group)
        }
    }
    if !valueGroups.isEmpty { update(values, valueGroups) }
}

/// `any` and `anyLast`: the first or last value each group sees. Serialized as ClickHouse's
/// `SingleValueData` (plain types).
struct ChosenValueStates: GroupedStates {
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

    mutating func merge(_ states: StringColumn, groups: [Int32]) throws(CodecError) {
        try mergeSingleValues(states, groups: groups, type: chosen.type) { update($0, groups: $1) }
    }

    func serialize(_ group: Int, into out: inout [UInt8]) {
        PlainValueCodec.appendSingle(chosen, row: present[group] ? group : nil, to: &out)
    }
}

/// `uniqExact` (and `uniq`, exact here): the distinct values of each group, counted as (group,
/// value) pairs first seen. Serialized as ClickHouse's hash set: a LEB128 count and the values —
/// a String as its SipHash-128, which is what is kept of strings (in the order first seen; the
/// order of ClickHouse's hash table differs, the set is the same).
struct DistinctCountStates: GroupedStates {
    private var pairs: GroupIndexer
    private var counts: [UInt64] = []
    /// Whether values are strings, kept as their hashes (UUID-typed: two words).
    private let hashesStrings: Bool
    /// Each pair's value, and its group, in order first seen.
    private var distinct: ColumnValues
    private var groupOfValue: [Int32] = []

    init(_ type: ColumnType) {
        hashesStrings = type == .string
        let kept: ColumnType = hashesStrings ? .uuid : type
        pairs = GroupIndexer(types: [.uint32, kept])
        distinct = .empty(kept)
    }

    var groupCount: Int { counts.count }

    mutating func grow(to count: Int) { counts += repeatElement(0, count: max(0, count - counts.count)) }

    mutating func update(_ values: ColumnValues, groups: [Int32]) {
        add(hashesStrings ? Self.hashes(values) : values, groups: groups)
    }

    private mutating func add(_ values: ColumnValues, groups: [Int32]) {
        let known = pairs.groupCount
        let numbers = pairs.assign([.uint32(groups.map { UInt32(bitPattern: $0) }), values], rowCount: groups.count)
        // A pair is new when it opened a group: group numbers are handed out in row order.
        var next = Int32(known)
        var fresh = [Int32]()
        for (row, number) in numbers.enumerated() where number == next {
            counts[Int(groups[row])] += 1
            groupOfValue.append(groups[row])
            fresh.append(Int32(row))
            next += 1
        }
        if !fresh.isEmpty { distinct.append(contentsOf: values.gathering(fresh)) }
    }

    /// ClickHouse's `sipHash128` of each string, as the two words its hash set stores.
    private static func hashes(_ values: ColumnValues) -> ColumnValues {
        guard case .string(let strings) = values else { preconditionFailure("strings are hashed") }
        return .uuid((0..<strings.count).map { row in
            let (low, high) = SipHash128.hash(strings[row])
            return UUIDValue(high: low, low: high)  // serialized high word first: the hash's byte order
        })
    }

    func finalize(_ kind: AggregateKind) -> ColumnValues { .uint64(counts) }

    mutating func merge(_ states: StringColumn, groups: [Int32]) throws(CodecError) {
        for (row, group) in groups.enumerated() {
            let values = try decodeState(states[row]) { (reader: inout ByteReader) throws(CodecError) in try readList(distinct.type, from: &reader) }
            add(values, groups: Array(repeating: group, count: values.count))
        }
    }

    func serialize(_ group: Int, into out: inout [UInt8]) {
        appendList(distinct, rows: groupOfValue.indices.filter { groupOfValue[$0] == Int32(group) }, to: &out)
    }

    func serializedColumn() -> StringColumn {
        serializedByGroup(groupOfValue, groupCount: groupCount) { out, rows in appendList(distinct, rows: rows, to: &out) }
    }
}

/// A list state (`groupArray`, `uniqExact`): a LEB128 count, then the values' RowBinary.
private func appendList(_ values: ColumnValues, rows: [Int], to out: inout [UInt8]) {
    VarUInt.append(UInt64(rows.count), to: &out)
    for row in rows { ColumnSerialization.append(values, rows: row..<row + 1, to: &out) }
}

/// Reads a list state's values.
private func readList(_ type: ColumnType, from reader: inout ByteReader) throws(CodecError) -> ColumnValues {
    let count = try reader.readVarUInt()
    guard count <= UInt64(reader.remaining) else { throw .truncated(needed: Int(clamping: count), available: reader.remaining) }
    return try PlainValueCodec.read(type, count: Int(count), from: &reader)
}

/// `argMin(x, key)` / `argMax(x, key)`: per group, the least / greatest key seen and its row's
/// `x` (the first row among equal keys), fed by `update(_:paired:groups:)`; and `min`/`max` of
/// strings, dates and UUIDs, whose values are their own keys.
struct ArgExtremeStates: PairedGroupedStates {
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
        update(values, paired: values, groups: groups)
    }

    mutating func update(_ newValues: ColumnValues, paired newKeys: ColumnValues, groups: [Int32]) {
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

    // `min` / `max` of plain types only (their values are their keys): `argMin`/`argMax` have
    // no binary state here, and are rejected when the query is bound.
    mutating func merge(_ states: StringColumn, groups: [Int32]) throws(CodecError) {
        try mergeSingleValues(states, groups: groups, type: values.type) { update($0, groups: $1) }
    }

    func serialize(_ group: Int, into out: inout [UInt8]) {
        PlainValueCodec.appendSingle(values, row: present[group] ? group : nil, to: &out)
    }
}

/// `groupArray` / `groupUniqArray`: every group's values in row order, kept as one column of
/// values and the group of each, gathered into arrays at the end.
struct GroupArrayStates: GroupedStates {
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

    mutating func merge(_ states: StringColumn, groups: [Int32]) throws(CodecError) {
        for (row, group) in groups.enumerated() {
            let values = try decodeState(states[row]) { (reader: inout ByteReader) throws(CodecError) in try readList(self.values.type, from: &reader) }
            update(values, groups: Array(repeating: group, count: values.count))
        }
    }

    /// A LEB128 count and the values, as ClickHouse's `groupArray` (and `groupUniqArray`, whose
    /// values it lists in its hash table's order; here in the order first seen).
    func serialize(_ group: Int, into out: inout [UInt8]) {
        appendList(values, rows: groupOfValue.indices.filter { groupOfValue[$0] == Int32(group) }, to: &out)
    }

    func serializedColumn() -> StringColumn {
        serializedByGroup(groupOfValue, groupCount: groupCount) { out, rows in appendList(values, rows: rows, to: &out) }
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
