/// Gives every row of a stream of batches a dense group number — 0, 1, 2, … in order of each
/// group's first row — for the key columns of a GROUP BY.
///
/// Keys become machine words (integers and DateTime as is, floats by bit pattern, a UUID as two
/// words, a string, an aggregate state or an array as its id from a per-column interner), and groups live in an open-addressing
/// table over those words: per row, a hash and a word comparison, no allocation.
struct GroupIndexer {
    private let types: [ColumnType]
    private let width: Int
    /// One per key column (unused but for strings, states, arrays, nullables and tuples),
    /// mutated in place: a copy taken out and stored back would share its storage for the
    /// span of the call, and the first new value would copy every value seen so far.
    private var interners: [StringInterner]
    /// `width` words per group, group after group.
    private(set) var groupWords: [UInt64] = []
    private var table = HashSlots()
    /// The key words of the rows being assigned, kept for the next call.
    private var scratch: [UInt64] = []
    /// Each group's first row, as key columns (the GROUP BY output).
    private(set) var keys: [ColumnValues]

    init(types: [ColumnType]) {
        self.types = types
        width = types.reduce(0) { $0 + ($1 == .uuid ? 2 : 1) }
        keys = types.map { ColumnValues.empty($0) }
        interners = Array(repeating: StringInterner(), count: types.count)
    }

    var groupCount: Int { table.count }

    /// Group numbers of `rowCount` rows whose key columns (in key order) are `columns`.
    mutating func assign(_ columns: [ColumnValues], rowCount: Int) -> [Int32] {
        if width == 0 {
            if groupCount == 0 && rowCount > 0 { _ = table.find(0) { _ in true } }
            return Array(repeating: 0, count: rowCount)
        }
        // Reused from call to call: a chunk's key words in a new array would be fresh pages
        // (page faults) every time.
        var words = scratch
        scratch = []
        if words.count < rowCount * width { words = Array(repeating: 0, count: rowCount * width) }
        defer { scratch = words }
        var offset = 0
        for (index, column) in columns.enumerated() {
            var out = words.mutableSpan
            switch column {
            case .uint8(let v): for r in 0..<rowCount { out[r * width + offset] = UInt64(v[r]) }
            case .uint16(let v), .date(let v): for r in 0..<rowCount { out[r * width + offset] = UInt64(v[r]) }
            case .int8(let v): for r in 0..<rowCount { out[r * width + offset] = UInt64(bitPattern: Int64(v[r])) }
            case .int16(let v): for r in 0..<rowCount { out[r * width + offset] = UInt64(bitPattern: Int64(v[r])) }
            case .int32(let v): for r in 0..<rowCount { out[r * width + offset] = UInt64(bitPattern: Int64(v[r])) }
            case .uint32(let v), .dateTime(let v): for r in 0..<rowCount { out[r * width + offset] = UInt64(v[r]) }
            case .uint64(let v): for r in 0..<rowCount { out[r * width + offset] = v[r] }
            case .int64(let v): for r in 0..<rowCount { out[r * width + offset] = UInt64(bitPattern: v[r]) }
            case .float32(let v): for r in 0..<rowCount { out[r * width + offset] = UInt64(v[r].bitPattern) }
            case .float64(let v): for r in 0..<rowCount { out[r * width + offset] = v[r].bitPattern }
            case .uuid(let v):
                for r in 0..<rowCount {
                    out[r * width + offset] = v[r].high
                    out[r * width + offset + 1] = v[r].low
                }
            case .string(let v), .aggregateStates(_, let v):
                // Aggregate states group by their serialized bytes, as in ClickHouse.
                for r in 0..<rowCount { out[r * width + offset] = UInt64(interners[index].id(of: v[r])) }
            case .nothing:
                for r in 0..<rowCount { out[r * width + offset] = 0 }
            case .arrays, .nullable, .tuples:
                // Arrays group by their serialized elements (floats by their bit patterns),
                // nullable values by their null flag and value: every NULL in one group.
                for r in 0..<rowCount {
                    var bytes = [UInt8]()
                    ColumnSerialization.append(column, rows: r..<r + 1, to: &bytes)
                    out[r * width + offset] = UInt64(interners[index].id(of: bytes[...]))
                }
            }
            offset += column.type == .uuid ? 2 : 1
        }
        var groups = [Int32](repeating: 0, count: rowCount)
        var newRows = [Int32]()
        // The known groups' words, out of `self` while the table is probed: the match closure
        // reads them without copying (a capture of the property would retain it per row).
        var known = groupWords
        groupWords = []
        let width = width
        let rowWords = words.span
        for r in 0..<rowCount {
            let base = r * width
            // One multiply per word, one full mix at the end: the slot is taken from the low bits.
            var hash: UInt64 = 0x243F_6A88_85A3_08D3
            for k in 0..<width { hash = (hash ^ rowWords[base + k]) &* 0x9E37_79B9_7F4A_7C15 }
            let (group, inserted) = table.find(Self.mix(hash)) { group in
                let knownWords = known.span
                let start = Int(group) * width
                for k in 0..<width where knownWords[start + k] != rowWords[base + k] { return false }
                return true
            }
            if inserted {
                for k in 0..<width { known.append(rowWords[base + k]) }
                newRows.append(Int32(r))
            }
            groups[r] = group
        }
        groupWords = known
        if !newRows.isEmpty {
            for k in keys.indices { keys[k].append(contentsOf: columns[k].gathering(newRows)) }
        }
        return groups
    }

    static func mix(_ value: UInt64) -> UInt64 {
        var x = value &* 0x9E37_79B9_7F4A_7C15
        x ^= x >> 32
        x = x &* 0xD6E8_FEB8_6659_FD93
        return x ^ (x >> 32)
    }
}

/// Maps distinct byte strings to dense ids.
struct StringInterner {
    private var strings = StringColumn()
    private var table = HashSlots()

    mutating func id(of value: ArraySlice<UInt8>) -> UInt32 {
        let text = value.span
        let (id, inserted) = table.find(GroupIndexer.mix(ByteStringHash.hash(text))) { strings.hasValue(Int($0), equalTo: text) }
        if inserted { strings.append(bytes: value) }
        return UInt32(id)
    }
}

/// The slots of an open-addressing hash table (linear probing, kept at most half full): entry
/// numbers by hash, in order of insertion. Callers keep the entries and say what matches.
///
/// A slot holds its entry's number and the high half of its hash, so that a probe reads one
/// word per slot and asks `isMatch` only when the hashes agree.
struct HashSlots {
    /// 0 for an empty slot, else `(entry + 1) | hash's high half << 32`.
    private var slots = [UInt64](repeating: 0, count: 64)
    /// Each entry's full hash, to place it again when the table grows.
    private var hashes: [UInt64] = []

    var count: Int { hashes.count }

    /// The entry with `hash` that `isMatch` accepts, or a new entry numbered `count`.
    @inline(__always)
    mutating func find(_ hash: UInt64, isMatch: (Int32) -> Bool) -> (entry: Int32, inserted: Bool) {
        let tag = hash & 0xFFFF_FFFF_0000_0000
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let value = slots[slot]
            if value == 0 {
                let new = Int32(hashes.count)
                slots[slot] = tag | UInt64(new + 1)
                hashes.append(hash)
                if hashes.count * 2 > slots.count { grow() }
                return (new, true)
            }
            let entry = Int32(truncatingIfNeeded: value) - 1
            if value & 0xFFFF_FFFF_0000_0000 == tag && isMatch(entry) { return (entry, false) }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (entry, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = hash & 0xFFFF_FFFF_0000_0000 | UInt64(entry + 1)
        }
    }
}
