/// `topK(N[, load_factor])(x)` and `topKWeighted(N[, load_factor])(x, weight)`: per group, a
/// ``SpaceSaving`` of `N · load_factor` counters; the answer is the `N` most frequent values
/// (most weighted), in ClickHouse's order. States are ClickHouse's bytes (`topK` only: a state
/// of two arguments names both types, which `AggregateFunction` does not hold).
struct TopKStates: PairedGroupedStates {
    private let type: ColumnType
    private let threshold: Int
    private let reserved: Int
    private var sets: [SpaceSaving] = []

    init(_ type: ColumnType, threshold: Int, reserved: Int) {
        self.type = type
        self.threshold = threshold
        self.reserved = reserved
    }

    var groupCount: Int { sets.count }

    mutating func grow(to count: Int) { sets += repeatElement(SpaceSaving(), count: max(0, count - sets.count)) }

    mutating func update(_ values: ColumnValues, groups: [Int32]) {
        for (row, group) in groups.enumerated() { insert(values, row: row, into: Int(group), weight: 1) }
    }

    /// ClickHouse reads any integer weight as its 64 bits, unsigned (`getUInt`).
    mutating func update(_ values: ColumnValues, paired weights: ColumnValues, groups: [Int32]) {
        let weights = Numeric.int64s(weights)
        for (row, group) in groups.enumerated() { insert(values, row: row, into: Int(group), weight: UInt64(bitPattern: weights[row])) }
    }

    private mutating func insert(_ values: ColumnValues, row: Int, into group: Int, weight: UInt64) {
        let key = Self.key(values, row: row)
        sets[group].reserve(reserved)
        sets[group].insert(key, hash: hash(key), increment: weight)
    }

    mutating func merge(_ states: StringColumn, groups: [Int32]) throws(CodecError) {
        for (row, group) in groups.enumerated() {
            let other = try decodeState(states[row]) { (reader: inout ByteReader) throws(CodecError) in try read(&reader) }
            guard !other.isEmpty else { continue }
            sets[Int(group)].reserve(reserved)
            sets[Int(group)].merge(other)
        }
    }

    /// `SpaceSaving::write`: the counters (at most the capacity, in ClickHouse's order) as value,
    /// LEB128 count and error; then the error map's size and values.
    func serialize(_ group: Int, into out: inout [UInt8]) {
        let set = sets[group]
        let counters = set.top(set.capacity)
        VarUInt.append(UInt64(counters.count), to: &out)
        for counter in counters {
            if !isFixedWidth { VarUInt.append(UInt64(counter.key.count), to: &out) }
            out += counter.key
            VarUInt.append(counter.count, to: &out)
            VarUInt.append(counter.error, to: &out)
        }
        VarUInt.append(UInt64(set.alpha.count), to: &out)
        for value in set.alpha { VarUInt.append(value, to: &out) }
    }

    func finalize(_ kind: AggregateKind) -> ColumnValues {
        var elements = ColumnValues.empty(type)
        var ends = [UInt32]()
        var bytes = [UInt8]()
        for set in sets {
            for counter in set.top(threshold) {
                bytes.removeAll(keepingCapacity: true)
                if type == .string { VarUInt.append(UInt64(counter.key.count), to: &bytes) }
                bytes += counter.key
                // A key is a value of this column's type in its own serialization: it reads back.
                elements.append(contentsOf: try! ColumnSerialization.decode(type, count: 1, from: bytes[...]))
            }
            ends.append(UInt32(elements.count))
        }
        return .arrays(ArrayColumn(elements: elements, ends: ends))
    }

    /// `SpaceSaving::read`: no more counters than the capacity, and an error map of its size.
    private func read(_ reader: inout ByteReader) throws(CodecError) -> SpaceSaving {
        let count = try reader.readVarUInt()
        guard count <= UInt64(reserved) else { throw .corruptPayload("Found too large when reading counters (Passed: \(count). Maximum: \(reserved))") }
        var counters = [SpaceSaving.Counter]()
        for _ in 0..<count {
            let size = try isFixedWidth ? UInt64(type.fixedWidth!) : reader.readVarUInt()
            guard size <= UInt64(reader.remaining) else { throw .truncated(needed: Int(clamping: size), available: reader.remaining) }
            // A UUID's bytes are 16: any other length would not read back as a value.
            if type == .uuid, size != 16 { throw .corruptPayload("a topK key of type UUID has \(size) bytes") }
            let key = Array(try reader.read(count: Int(size)))
            counters.append(SpaceSaving.Counter(key: key, hash: hash(key), count: try reader.readVarUInt(), error: try reader.readVarUInt()))
        }
        let alphaCount = try reader.readVarUInt()
        guard alphaCount <= UInt64(reader.remaining) else { throw .truncated(needed: Int(clamping: alphaCount), available: reader.remaining) }
        var alpha = [UInt64]()
        for _ in 0..<alphaCount { alpha.append(try reader.readVarUInt()) }
        var set = SpaceSaving()
        guard count > 0 else { return set }
        set.reserve(reserved)
        guard alpha.count == set.alpha.count else {
            throw .corruptPayload("Found incorrect alpha vector size (Passed: \(alpha.count). Expected: \(set.alpha.count))")
        }
        set.restore(counters, alpha: alpha, capacity: reserved)
        return set
    }

    /// Numbers, dates and times are counted as numbers (`HashCRC32<T>`, little-endian bytes in
    /// states); strings and UUIDs as byte strings (`StringViewHash`, a length before the bytes).
    /// Values of other types (arrays, tuples, Nullable: no states here) are counted by their
    /// serialized bytes, as ClickHouse counts them by its own.
    private var isFixedWidth: Bool { type != .string && type != .uuid && ColumnType.all.contains(type) }

    private func hash(_ key: [UInt8]) -> UInt64 {
        guard isFixedWidth else { return CRC32Hash.bytes(key[...]) }
        return CRC32Hash.integer(key.reversed().reduce(0) { $0 << 8 | UInt64($1) })
    }

    private static func key(_ values: ColumnValues, row: Int) -> [UInt8] {
        if case .string(let strings) = values { return Array(strings[row]) }
        var bytes = [UInt8]()
        ColumnSerialization.append(values, rows: row..<row + 1, to: &bytes)
        return bytes
    }
}
