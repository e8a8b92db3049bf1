/// The values of one column: a typed, contiguous array per type. Data moves through EdgeHouse
/// as these, never as rows of `Any`.
public enum ColumnValues: Sendable, Equatable {
    case uint8([UInt8])
    case uint16([UInt16])
    case uint32([UInt32])
    case uint64([UInt64])
    case int8([Int8])
    case int16([Int16])
    case int32([Int32])
    case int64([Int64])
    case float32([Float])
    case float64([Double])
    /// Seconds since the Unix epoch, UTC.
    case dateTime([UInt32])
    /// Days since 1970-01-01.
    case date([UInt16])
    case uuid([UUIDValue])
    case string(StringColumn)
    indirect case arrays(ArrayColumn)
    indirect case nullable(NullableColumn)
    indirect case tuples(TupleColumn)
    /// `Nothing`: the type of `NULL` alone (inside `Nullable`), values without content.
    case nothing(count: Int)
    /// Serialized states of an aggregate function, one per row (ClickHouse's binary format).
    case aggregateStates(AggregateFunction, StringColumn)

    public var type: ColumnType {
        switch self {
        case .uint8: .uint8
        case .uint16: .uint16
        case .uint32: .uint32
        case .uint64: .uint64
        case .int8: .int8
        case .int16: .int16
        case .int32: .int32
        case .int64: .int64
        case .float32: .float32
        case .float64: .float64
        case .dateTime: .dateTime
        case .date: .date
        case .uuid: .uuid
        case .string: .string
        case .arrays(let v): .array(v.elementType)
        case .nullable(let v): .nullable(v.values.type)
        case .tuples(let v): .tuple(v.elementTypes)
        case .nothing: .nothing
        case .aggregateStates(let function, _): .aggregateState(function)
        }
    }

    public var count: Int {
        switch self {
        case .uint8(let v): v.count
        case .uint16(let v), .date(let v): v.count
        case .int8(let v): v.count
        case .int16(let v): v.count
        case .int32(let v): v.count
        case .uint32(let v), .dateTime(let v): v.count
        case .uint64(let v): v.count
        case .int64(let v): v.count
        case .float32(let v): v.count
        case .float64(let v): v.count
        case .uuid(let v): v.count
        case .string(let v), .aggregateStates(_, let v): v.count
        case .arrays(let v): v.count
        case .nullable(let v): v.count
        case .tuples(let v): v.count
        case .nothing(let count): count
        }
    }

    /// An empty column of `type`.
    public static func empty(_ type: ColumnType) -> ColumnValues {
        defaults(type, count: 0)
    }

    /// `count` copies of ClickHouse's default value for `type` (0, empty string, zero UUID,
    /// 1970-01-01 00:00:00): what an omitted column gets on insert.
    /// Arrays of `type`'s defaults with the lengths of `sibling`'s arrays: what an array added
    /// to a Nested column holds in rows written before it (the arrays of a Nested share their
    /// sizes). `nil` unless both are arrays.
    static func defaults(_ type: ColumnType, shapedLike sibling: ColumnValues) -> ColumnValues? {
        guard case .array(let element) = type, case .arrays(let sizes) = sibling else { return nil }
        return .arrays(ArrayColumn(elements: .defaults(element, count: Int(sizes.ends.last ?? 0)), ends: sizes.ends))
    }

    public static func defaults(_ type: ColumnType, count: Int) -> ColumnValues {
        switch type {
        case .uint8: .uint8(Array(repeating: 0, count: count))
        case .uint16: .uint16(Array(repeating: 0, count: count))
        case .int8: .int8(Array(repeating: 0, count: count))
        case .int16: .int16(Array(repeating: 0, count: count))
        case .int32: .int32(Array(repeating: 0, count: count))
        case .uint32: .uint32(Array(repeating: 0, count: count))
        case .uint64: .uint64(Array(repeating: 0, count: count))
        case .int64: .int64(Array(repeating: 0, count: count))
        case .float32: .float32(Array(repeating: 0, count: count))
        case .float64: .float64(Array(repeating: 0, count: count))
        case .dateTime: .dateTime(Array(repeating: 0, count: count))
        case .date: .date(Array(repeating: 0, count: count))
        case .uuid: .uuid(Array(repeating: .zero, count: count))
        case .string: .string(StringColumn(Array(repeating: "", count: count)))
        case .array(let element): .arrays(ArrayColumn(elements: .empty(element), ends: Array(repeating: 0, count: count)))
        // ClickHouse's default of a Nullable column is NULL.
        case .nullable(let inner): .nullable(NullableColumn(nulls: inner, count: count))
        case .tuple(let types): .tuples(TupleColumn(types.map { .defaults($0, count: count) }, count: count))
        case .nothing: .nothing(count: count)
        case .aggregateState(let function):
            .aggregateStates(function, StringColumn(repeating: function.emptyState, count: count))
        }
    }

    /// The values at `indices`, in that order: how a sort permutation is applied, one column at a time.
    public func gathering(_ indices: [Int32]) -> ColumnValues {
        func gather<T: BitwiseCopyable>(_ values: [T]) -> [T] { RawCopy.gather(values, indices: indices) }
        switch self {
        case .uint8(let v): return .uint8(gather(v))
        case .uint16(let v): return .uint16(gather(v))
        case .int8(let v): return .int8(gather(v))
        case .int16(let v): return .int16(gather(v))
        case .int32(let v): return .int32(gather(v))
        case .uint32(let v): return .uint32(gather(v))
        case .uint64(let v): return .uint64(gather(v))
        case .int64(let v): return .int64(gather(v))
        case .float32(let v): return .float32(gather(v))
        case .float64(let v): return .float64(gather(v))
        case .dateTime(let v): return .dateTime(gather(v))
        case .date(let v): return .date(gather(v))
        case .uuid(let v): return .uuid(gather(v))
        case .string(let v): return .string(v.gathering(indices))
        case .arrays(let v): return .arrays(v.gathering(indices))
        case .nullable(let v): return .nullable(v.gathering(indices))
        case .tuples(let v): return .tuples(v.gathering(indices))
        case .nothing: return .nothing(count: indices.count)
        case .aggregateStates(let f, let v): return .aggregateStates(f, v.gathering(indices))
        }
    }

    public func slice(_ range: Range<Int>) -> ColumnValues {
        switch self {
        case .uint8(let v): .uint8(Array(v[range]))
        case .uint16(let v): .uint16(Array(v[range]))
        case .int8(let v): .int8(Array(v[range]))
        case .int16(let v): .int16(Array(v[range]))
        case .int32(let v): .int32(Array(v[range]))
        case .uint32(let v): .uint32(Array(v[range]))
        case .uint64(let v): .uint64(Array(v[range]))
        case .int64(let v): .int64(Array(v[range]))
        case .float32(let v): .float32(Array(v[range]))
        case .float64(let v): .float64(Array(v[range]))
        case .dateTime(let v): .dateTime(Array(v[range]))
        case .date(let v): .date(Array(v[range]))
        case .uuid(let v): .uuid(Array(v[range]))
        case .string(let v): .string(v.slice(range))
        case .arrays(let v): .arrays(v.slice(range))
        case .nullable(let v): .nullable(v.slice(range))
        case .tuples(let v): .tuples(v.slice(range))
        case .nothing: .nothing(count: range.count)
        case .aggregateStates(let f, let v): .aggregateStates(f, v.slice(range))
        }
    }

    /// Appends `other`, which must have the same type. Amortized O(`other.count`): the
    /// values are moved out of `self` first, so their storage has one owner and grows in place
    /// (appending to a bound copy would copy the whole column on every call).
    public mutating func append(contentsOf other: ColumnValues) {
        // Each case binds a copy of the payload, then drops `self`'s reference, so the copy is
        // the only owner and grows in place.
        let placeholder = ColumnValues.uint8([])
        switch other {
        case .uint8(let b): if case .uint8(var a) = self { self = placeholder; a += b; self = .uint8(a); return }
        case .uint16(let b): if case .uint16(var a) = self { self = placeholder; a += b; self = .uint16(a); return }
        case .int8(let b): if case .int8(var a) = self { self = placeholder; a += b; self = .int8(a); return }
        case .int16(let b): if case .int16(var a) = self { self = placeholder; a += b; self = .int16(a); return }
        case .int32(let b): if case .int32(var a) = self { self = placeholder; a += b; self = .int32(a); return }
        case .uint32(let b): if case .uint32(var a) = self { self = placeholder; a += b; self = .uint32(a); return }
        case .uint64(let b): if case .uint64(var a) = self { self = placeholder; a += b; self = .uint64(a); return }
        case .int64(let b): if case .int64(var a) = self { self = placeholder; a += b; self = .int64(a); return }
        case .float32(let b): if case .float32(var a) = self { self = placeholder; a += b; self = .float32(a); return }
        case .float64(let b): if case .float64(var a) = self { self = placeholder; a += b; self = .float64(a); return }
        case .dateTime(let b): if case .dateTime(var a) = self { self = placeholder; a += b; self = .dateTime(a); return }
        case .date(let b): if case .date(var a) = self { self = placeholder; a += b; self = .date(a); return }
        case .uuid(let b): if case .uuid(var a) = self { self = placeholder; a += b; self = .uuid(a); return }
        case .string(let b):
            if case .string(var a) = self { self = placeholder; a.append(contentsOf: b); self = .string(a); return }
        case .arrays(let b):
            if case .arrays(var a) = self, a.elementType == b.elementType { self = placeholder; a.append(contentsOf: b); self = .arrays(a); return }
        case .nullable(let b):
            if case .nullable(var a) = self, a.values.type == b.values.type { self = placeholder; a.append(contentsOf: b); self = .nullable(a); return }
        case .nothing(let b):
            if case .nothing(let a) = self { self = .nothing(count: a + b); return }
        case .tuples(let b):
            if case .tuples(let a) = self, a.elementTypes == b.elementTypes { self = .tuples(a.appending(b)); return }
        case .aggregateStates(let g, let b):
            if case .aggregateStates(let f, var a) = self, f == g {
                self = placeholder
                a.append(contentsOf: b)
                self = .aggregateStates(f, a)
                return
            }
        }
        preconditionFailure("appending \(other.type) to \(type)")
    }

    /// The values of `parts` (all of one type) one after another, in storage allocated once.
    public static func joined(_ parts: [ColumnValues]) -> ColumnValues {
        precondition(!parts.isEmpty, "joining no columns")
        guard parts.count > 1 else { return parts[0] }
        func join<Element>(_ values: (ColumnValues) -> [Element]) -> [Element] {
            var all = [Element]()
            all.reserveCapacity(parts.reduce(0) { $0 + $1.count })
            for part in parts { all += values(part) }
            return all
        }
        func strings(_ part: ColumnValues) -> StringColumn {
            if case .string(let v) = part { v } else if case .aggregateStates(_, let v) = part { v } else { mismatch(part) }
        }
        func mismatch(_ part: ColumnValues) -> Never { preconditionFailure("joining \(part.type) to \(parts[0].type)") }
        switch parts[0] {
        case .uint8: return .uint8(join { if case .uint8(let v) = $0 { v } else { mismatch($0) } })
        case .uint16: return .uint16(join { if case .uint16(let v) = $0 { v } else { mismatch($0) } })
        case .int8: return .int8(join { if case .int8(let v) = $0 { v } else { mismatch($0) } })
        case .int16: return .int16(join { if case .int16(let v) = $0 { v } else { mismatch($0) } })
        case .int32: return .int32(join { if case .int32(let v) = $0 { v } else { mismatch($0) } })
        case .uint32: return .uint32(join { if case .uint32(let v) = $0 { v } else { mismatch($0) } })
        case .uint64: return .uint64(join { if case .uint64(let v) = $0 { v } else { mismatch($0) } })
        case .int64: return .int64(join { if case .int64(let v) = $0 { v } else { mismatch($0) } })
        case .float32: return .float32(join { if case .float32(let v) = $0 { v } else { mismatch($0) } })
        case .float64: return .float64(join { if case .float64(let v) = $0 { v } else { mismatch($0) } })
        case .dateTime: return .dateTime(join { if case .dateTime(let v) = $0 { v } else { mismatch($0) } })
        case .date: return .date(join { if case .date(let v) = $0 { v } else { mismatch($0) } })
        case .uuid: return .uuid(join { if case .uuid(let v) = $0 { v } else { mismatch($0) } })
        case .string: return .string(StringColumn(joining: parts.map(strings)))
        case .aggregateStates(let function, _): return .aggregateStates(function, StringColumn(joining: parts.map(strings)))
        case .arrays, .nullable, .nothing, .tuples:
            var all = parts[0]
            for part in parts.dropFirst() { all.append(contentsOf: part) }
            return all
        }
    }

    /// Keeps the values where `keep` is true.
    public func filtered(_ keep: [Bool]) -> ColumnValues {
        var indices = [Int32]()
        indices.reserveCapacity(count)
        for (i, k) in keep.enumerated() where k { indices.append(Int32(i)) }
        return gathering(indices)
    }

    /// The `DateTime` values, or `nil` for other types.
    public var dateTimes: [UInt32]? {
        if case .dateTime(let v) = self { return v }
        return nil
    }

    /// The seconds that place each row in a monthly partition: a DateTime's, or a Date's
    /// midnight (saturated past 2106, where seconds end); `nil` for other types.
    var partitionSeconds: [UInt32]? {
        switch self {
        case .dateTime(let v): v
        case .date(let days): days.map { UInt32(clamping: Int64($0) * 86_400) }
        default: nil
        }
    }
}

extension ColumnValues {
    /// Bytes the values take in memory (strings and states by their contents).
    var byteCount: Int {
        switch self {
        case .string(let v), .aggregateStates(_, let v): v.bytes.count + 4 * v.count
        case .arrays(let v): v.elements.byteCount + 4 * v.count
        case .nullable(let v): v.values.byteCount + v.count
        case .tuples(let v): v.elements.reduce(0) { $0 + $1.byteCount }
        case .nothing: 0
        default: type.fixedWidth! * count
        }
    }

    /// Bytes of value `row` in the column serialization of part files (a length byte and the
    /// bytes of a string or state; 8 per array element); the fixed width for other types.
    func byteCount(at row: Int) -> Int { byteCount(rows: row..<row + 1) }

    /// Bytes of the values of `rows` in the column serialization of part files, in constant
    /// time (from the end offsets of strings, states and arrays).
    func byteCount(rows: Range<Int>) -> Int {
        func span(_ ends: [UInt32]) -> Int {
            rows.isEmpty ? 0 : Int(ends[rows.upperBound - 1]) - (rows.lowerBound == 0 ? 0 : Int(ends[rows.lowerBound - 1]))
        }
        switch self {
        case .string(let v), .aggregateStates(_, let v): return span(v.ends) + rows.count
        case .nullable(let v): return v.values.byteCount(rows: rows) + rows.count
        case .tuples(let v): return v.elements.reduce(0) { $0 + $1.byteCount(rows: rows) }
        case .nothing: return 0
        case .arrays(let v):
            guard !rows.isEmpty else { return 0 }
            let start = rows.lowerBound == 0 ? 0 : Int(v.ends[rows.lowerBound - 1])
            return v.elements.byteCount(rows: start..<Int(v.ends[rows.upperBound - 1])) + rows.count
        default: return type.fixedWidth! * rows.count
        }
    }
}
