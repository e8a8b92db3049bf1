#if _endian(big)
#error("EdgeHouse's on-disk format is little-endian and copies memory directly")
#endif

/// Turns column values into the bytes of a block and back, in ClickHouse's native layout:
/// fixed-width values little-endian back to back, a UUID as two little-endian `UInt64`
/// halves, a string as a LEB128 length followed by its bytes.
package enum ColumnSerialization {
    package static func encode(_ values: ColumnValues) -> [UInt8] {
        var out = [UInt8]()
        append(values, to: &out)
        return out
    }

    static func append(_ values: ColumnValues, to out: inout [UInt8]) {
        append(values, rows: 0..<values.count, to: &out)
    }

    /// Appends the values of `rows` only, without copying them out first (the part writer
    /// serializes a column granule by granule).
    static func append(_ values: ColumnValues, rows: Range<Int>, to out: inout [UInt8]) {
        switch values {
        case .uint8(let v): out.append(contentsOf: v[rows])
        case .int8(let v): appendRaw(v[rows], to: &out)
        case .uint16(let v), .date(let v): appendRaw(v[rows], to: &out)
        case .int16(let v): appendRaw(v[rows], to: &out)
        case .int32(let v): appendRaw(v[rows], to: &out)
        case .uint32(let v), .dateTime(let v): appendRaw(v[rows], to: &out)
        case .uint64(let v): appendRaw(v[rows], to: &out)
        case .int64(let v): appendRaw(v[rows], to: &out)
        case .float32(let v): appendRaw(v[rows], to: &out)
        case .float64(let v): appendRaw(v[rows], to: &out)
        // A UUID's memory is its two halves, high then low: the layout of the file.
        case .uuid(let v):
            assert(MemoryLayout<UUIDValue>.offset(of: \UUIDValue.low) == 8)
            appendRaw(v[rows], to: &out)
        // Nullable: the null map (a byte per row, 1 = NULL), then the values; Native's layout.
        case .nullable(let column):
            out.append(contentsOf: column.nulls[rows].map { $0 ? 1 : 0 })
            append(column.values, rows: rows, to: &out)
        case .nothing:
            break
        // A tuple: each element's values in turn (Native's layout).
        case .tuples(let column):
            for element in column.elements { append(element, rows: rows, to: &out) }
        // An array: its length, then its elements serialized as a column of their type.
        case .arrays(let column):
            for row in rows {
                let elements = column.range(of: row)
                appendVarUInt(UInt64(elements.count), to: &out)
                append(column.elements, rows: elements, to: &out)
            }
        case .string(let column), .aggregateStates(_, let column):
            out.append(contentsOf: RawCopy.serializedStrings(column.bytes, ends: column.ends, rows: rows))
        }
    }

    /// Decodes exactly `count` values of `type` from `bytes`, keeping only the rows where
    /// `keeping` is true: strings and aggregate states of the other rows are skipped, not copied
    /// (a filtered read of a view copies the few states it needs, not the granule's).
    static func decode(_ type: ColumnType, count: Int, from bytes: ArraySlice<UInt8>, keeping: ArraySlice<Bool>) throws(CodecError) -> ColumnValues {
        guard type == .string || type.isAggregateState else {
            return try decode(type, count: count, from: bytes).filtered(Array(keeping))
        }
        var ends = [UInt32]()
        var payload = [UInt8]()
        var position = bytes.startIndex
        for keep in keeping {
            let length = try readVarUInt(bytes, at: &position)
            guard length <= UInt64(bytes.endIndex - position) else {
                throw .truncated(needed: Int(clamping: length), available: bytes.endIndex - position)
            }
            if keep {
                payload.append(contentsOf: bytes[position..<position + Int(length)])
                ends.append(UInt32(payload.count))
            }
            position += Int(length)
        }
        guard keeping.count == count, position == bytes.endIndex else { throw .sizeMismatch(expected: position - bytes.startIndex, actual: bytes.count) }
        let strings = StringColumn(bytes: payload, ends: ends)
        if case .aggregateState(let function) = type { return .aggregateStates(function, strings) }
        return .string(strings)
    }

    /// Decodes exactly `count` values of `type` from `bytes`; trailing or missing bytes are corruption.
    static func decode(_ type: ColumnType, count: Int, from bytes: ArraySlice<UInt8>) throws(CodecError) -> ColumnValues {
        if let width = type.fixedWidth, bytes.count != width * count {
            throw .sizeMismatch(expected: width * count, actual: bytes.count)
        }
        switch type {
        case .uint8: return .uint8(Array(bytes))
        case .int8: return .int8(loadRaw(bytes, count: count))
        case .uint16: return .uint16(loadRaw(bytes, count: count))
        case .int16: return .int16(loadRaw(bytes, count: count))
        case .int32: return .int32(loadRaw(bytes, count: count))
        case .uint32: return .uint32(loadRaw(bytes, count: count))
        case .dateTime: return .dateTime(loadRaw(bytes, count: count))
        case .date: return .date(loadRaw(bytes, count: count))
        case .uint64: return .uint64(loadRaw(bytes, count: count))
        case .int64: return .int64(loadRaw(bytes, count: count))
        case .float32: return .float32(loadRaw(bytes, count: count))
        case .float64: return .float64(loadRaw(bytes, count: count))
        case .uuid:
            let halves: [(UInt64, UInt64)] = loadRaw(bytes, count: count)
            return .uuid(halves.map { UUIDValue(high: $0.0, low: $0.1) })
        case .nothing:
            guard bytes.isEmpty else { throw .sizeMismatch(expected: 0, actual: bytes.count) }
            return .nothing(count: count)
        case .tuple(let types):
            var elements = [ColumnValues]()
            var position = bytes.startIndex
            for type in types {
                let extent = try serializedLength(type, count: count, in: bytes, from: position)
                elements.append(try decode(type, count: count, from: bytes[position..<position + extent]))
                position += extent
            }
            guard position == bytes.endIndex else { throw .sizeMismatch(expected: position - bytes.startIndex, actual: bytes.count) }
            return .tuples(TupleColumn(elements, count: count))
        case .nullable(let inner):
            guard bytes.count >= count else { throw .truncated(needed: count, available: bytes.count) }
            let map = bytes.prefix(count)
            guard map.allSatisfy({ $0 <= 1 }) else { throw .corruptPayload("a null map byte other than 0 or 1") }
            return .nullable(NullableColumn(values: try decode(inner, count: count, from: bytes.dropFirst(count)), nulls: map.map { $0 == 1 }))
        case .array(let elementType):
            var pieces = [ColumnValues]()
            var ends = [UInt32]()
            ends.reserveCapacity(count)
            var total = 0
            var position = bytes.startIndex
            for _ in 0..<count {
                let length = try readVarUInt(bytes, at: &position)
                guard length <= UInt64(bytes.endIndex - position) else { throw .truncated(needed: Int(clamping: length), available: bytes.endIndex - position) }
                let extent = try serializedLength(elementType, count: Int(length), in: bytes, from: position)
                pieces.append(try decode(elementType, count: Int(length), from: bytes[position..<position + extent]))
                position += extent
                total += Int(length)
                ends.append(UInt32(total))
            }
            guard position == bytes.endIndex else { throw .sizeMismatch(expected: position - bytes.startIndex, actual: bytes.count) }
            return .arrays(ArrayColumn(elements: pieces.isEmpty ? .empty(elementType) : .joined(pieces), ends: ends))
        case .string, .aggregateState:
            var ends = [UInt32]()
            ends.reserveCapacity(count)
            var payload = [UInt8]()
            payload.reserveCapacity(bytes.count)
            var position = bytes.startIndex
            for _ in 0..<count {
                let length = try readVarUInt(bytes, at: &position)
                guard length <= UInt64(bytes.endIndex - position) else {
                    throw .truncated(needed: Int(clamping: length), available: bytes.endIndex - position)
                }
                payload.append(contentsOf: bytes[position..<position + Int(length)])
                position += Int(length)
                ends.append(UInt32(payload.count))
            }
            guard position == bytes.endIndex else { throw .sizeMismatch(expected: position - bytes.startIndex, actual: bytes.count) }
            let strings = StringColumn(bytes: payload, ends: ends)
            if case .aggregateState(let function) = type { return .aggregateStates(function, strings) }
            return .string(strings)
        }
    }

    /// Whether serializing rows `a..<b` and then `b..<c` gives the bytes of `a..<c`: each row's
    /// bytes follow the previous row's. Not so for `Nullable` (the null map of all the rows,
    /// then their values) and `Tuple` (each element's values in turn), whose pieces must be
    /// decoded one by one.
    static func concatenatesRows(_ type: ColumnType) -> Bool {
        switch type {
        case .nullable, .tuple: false
        default: true
        }
    }

    /// How many bytes the serialization of `count` values of `type` starting at `position` takes.
    private static func serializedLength(_ type: ColumnType, count: Int, in bytes: ArraySlice<UInt8>, from start: Int) throws(CodecError) -> Int {
        if let width = type.fixedWidth {
            guard width == 0 || count <= (bytes.endIndex - start) / width else { throw .truncated(needed: count * width, available: bytes.endIndex - start) }
            return count * width
        }
        if case .nullable(let inner) = type {
            guard count <= bytes.endIndex - start else { throw .truncated(needed: count, available: bytes.endIndex - start) }
            return count + (try serializedLength(inner, count: count, in: bytes, from: start + count))
        }
        if case .tuple(let types) = type {
            var length = 0
            for element in types { length += try serializedLength(element, count: count, in: bytes, from: start + length) }
            return length
        }
        var position = start
        for _ in 0..<count {
            let length = try readVarUInt(bytes, at: &position)
            guard length <= UInt64(bytes.endIndex - position) else { throw .truncated(needed: Int(clamping: length), available: bytes.endIndex - position) }
            if case .array(let element) = type {
                position += try serializedLength(element, count: Int(length), in: bytes, from: position)
            } else {
                position += Int(length)
            }
        }
        return position - start
    }

    static func appendVarUInt(_ value: UInt64, to out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    static func readVarUInt(_ bytes: ArraySlice<UInt8>, at position: inout Int) throws(CodecError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < bytes.endIndex else { throw .truncated(needed: 1, available: 0) }
            let byte = bytes[position]
            position += 1
            guard shift < 64 else { throw .corruptPayload("variable-length integer too long") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    // Reason for the pointers: fixed-width columns are copied to and from disk as raw memory
    // (one memcpy per block instead of a loop per value).
    private static func appendRaw<T: BitwiseCopyable>(_ values: some Collection<T>, to out: inout [UInt8]) {
        let copied: Void? = values.withContiguousStorageIfAvailable { out.append(contentsOf: UnsafeRawBufferPointer($0)) }
        precondition(copied != nil, "column values are arrays, always contiguous")
    }

    private static func loadRaw<T: BitwiseCopyable>(_ bytes: ArraySlice<UInt8>, count: Int) -> [T] {
        [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source)
            }
            initialized = count
        }
    }
}

/// Little-endian integers in and out of byte arrays, for headers, marks and indexes.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(contentsOf other: some Sequence<UInt8>) { bytes.append(contentsOf: other) }

    /// Replaces the bytes of an integer appended earlier (a length known only afterwards).
    mutating func overwrite<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        var remaining = value
        for i in 0..<MemoryLayout<T>.size {
            bytes[offset + i] = UInt8(truncatingIfNeeded: remaining)
            remaining >>= 8
        }
    }
}

struct ByteReader {
    let bytes: ArraySlice<UInt8>
    private(set) var position: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        position = bytes.startIndex
    }

    var isAtEnd: Bool { position == bytes.endIndex }
    var remaining: Int { bytes.endIndex - position }

    mutating func read<T: FixedWidthInteger>(_: T.Type = T.self) throws(CodecError) -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { throw .truncated(needed: size, available: remaining) }
        var value: T = 0
        for i in 0..<size { value |= T(bytes[position + i]) << (8 * i) }
        position += size
        return value
    }

    mutating func read(count: Int) throws(CodecError) -> ArraySlice<UInt8> {
        guard count >= 0, remaining >= count else { throw .truncated(needed: count, available: remaining) }
        defer { position += count }
        return bytes[position..<position + count]
    }
}
