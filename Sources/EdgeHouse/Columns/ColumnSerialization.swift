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
        case .int8(let v): RawValues.append(v[rows], to: &out)
        case .uint16(let v), .date(let v): RawValues.append(v[rows], to: &out)
        case .int16(let v): RawValues.append(v[rows], to: &out)
        case .int32(let v): RawValues.append(v[rows], to: &out)
        case .uint32(let v), .dateTime(let v): RawValues.append(v[rows], to: &out)
        case .uint64(let v): RawValues.append(v[rows], to: &out)
        case .int64(let v): RawValues.append(v[rows], to: &out)
        case .float32(let v): RawValues.append(v[rows], to: &out)
        case .float64(let v): RawValues.append(v[rows], to: &out)
        // A UUID's memory is its two halves, high then low: the layout of the file.
        case .uuid(let v):
            assert(MemoryLayout<UUIDValue>.offset(of: \UUIDValue.low) == 8)
            RawValues.append(v[rows], to: &out)
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
                VarUInt.append(UInt64(elements.count), to: &out)
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
            let length = try VarUInt.read(bytes, at: &position)
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
        case .int8: return .int8(RawValues.load(bytes, count: count))
        case .uint16: return .uint16(RawValues.load(bytes, count: count))
        case .int16: return .int16(RawValues.load(bytes, count: count))
        case .int32: return .int32(RawValues.load(bytes, count: count))
        case .uint32: return .uint32(RawValues.load(bytes, count: count))
        case .dateTime: return .dateTime(RawValues.load(bytes, count: count))
        case .date: return .date(RawValues.load(bytes, count: count))
        case .uint64: return .uint64(RawValues.load(bytes, count: count))
        case .int64: return .int64(RawValues.load(bytes, count: count))
        case .float32: return .float32(RawValues.load(bytes, count: count))
        case .float64: return .float64(RawValues.load(bytes, count: count))
        case .uuid:
            let halves: [(UInt64, UInt64)] = RawValues.load(bytes, count: count)
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
                let length = try VarUInt.read(bytes, at: &position)
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
                let length = try VarUInt.read(bytes, at: &position)
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
            let length = try VarUInt.read(bytes, at: &position)
            guard length <= UInt64(bytes.endIndex - position) else { throw .truncated(needed: Int(clamping: length), available: bytes.endIndex - position) }
            if case .array(let element) = type {
                position += try serializedLength(element, count: Int(length), in: bytes, from: position)
            } else {
                position += Int(length)
            }
        }
        return position - start
    }
}
