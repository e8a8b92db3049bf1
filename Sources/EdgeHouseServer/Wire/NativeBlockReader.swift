import EdgeHouse

/// Reads ClickHouse `Native` blocks as they arrive: a client's Data packets, and the body of an
/// HTTP `INSERT … FORMAT Native`. The layout (written by the engine's `BinaryFormats`):
///
/// ```
/// [block info: 01 <is_overflows UInt8> 02 <bucket_num Int32> 00]   native protocol only
/// varint columns, varint rows
/// per column: String name, String type, rows × values
/// ```
///
/// Every count and size is checked against ``WireLimits`` before bytes are awaited for it.
enum NativeBlockReader {
    /// One block; `blockInfo` for the native protocol.
    static func read(from source: ByteSource, blockInfo: Bool, limits: WireLimits) async throws(WireError) -> Batch {
        if blockInfo { try await skipBlockInfo(source) }
        let columnCount = try await source.readLength(of: "number of columns", limit: limits.blockColumns)
        let rowCount = try await source.readLength(of: "number of rows", limit: limits.blockRows)
        var columns = [(String, ColumnValues)]()
        var budget = limits.blockBytes
        for _ in 0..<columnCount {
            let name = try await source.readString(limit: limits.stringBytes)
            let typeName = try await source.readString(limit: limits.stringBytes)
            guard !columns.contains(where: { $0.0 == name }) else { throw .malformed("Duplicate column \(name) in a block") }
            if typeName.hasPrefix("LowCardinality("), typeName.hasSuffix(")"),
               let inner = columnType(String(typeName.dropFirst("LowCardinality(".count).dropLast())) {
                columns.append((name, try await readLowCardinality(inner, named: typeName, rows: rowCount, from: source, limits: limits, budget: &budget)))
                continue
            }
            guard let type = columnType(typeName) else { throw .unknownType(typeName) }
            columns.append((name, try await readColumn(type, named: typeName, rows: rowCount, from: source, limits: limits, budget: &budget)))
        }
        return Batch(columns)
    }

    /// A type name as a client writes it. A `DateTime` with a zone is accepted for UTC zones
    /// only: EdgeHouse keeps times in UTC.
    static func columnType(_ name: String) -> ColumnType? {
        if let type = ColumnType(name) { return type }
        return ["DateTime('UTC')", "DateTime('Etc/UTC')"].contains(name) ? .dateTime : nil
    }

    private static func skipBlockInfo(_ source: ByteSource) async throws(WireError) {
        while true {
            switch try await source.readVarUInt() {
            case 0: return
            case 1: _ = try await source.readUInt8()
            case 2: _ = try await source.readInteger(Int32.self)
            case let field: throw .malformed("Unknown BlockInfo field number: \(field)")
            }
        }
    }

    /// A `LowCardinality(T)` column (what clickhouse-connect sends for a column so declared), as
    /// T's values. ClickHouse's layout: a keys-serialization version (UInt64 1), then per piece
    /// a UInt64 of flags (index width in the low byte; the piece's own dictionary, bit 9), the
    /// dictionary's size and values (of T without Nullable: for a Nullable T, index 0 is NULL),
    /// the piece's row count and its indexes. A shared (global) dictionary is not read.
    private static func readLowCardinality(_ inner: ColumnType, named typeName: String, rows: Int, from source: ByteSource,
                                           limits: WireLimits, budget: inout Int) async throws(WireError) -> ColumnValues {
        guard rows > 0 else { return .empty(inner) }
        guard try await source.readInteger(UInt64.self) == 1 else { throw .malformed("Cannot read a \(typeName) column: unknown keys serialization version") }
        var values = ColumnValues.empty(inner)
        var done = 0
        while done < rows {
            let flags = try await source.readInteger(UInt64.self)
            let indexWidth = 1 << Int(flags & 0xFF)
            guard flags & 0xFF <= 3 else { throw .malformed("Cannot read a \(typeName) column: index type \(flags & 0xFF)") }
            guard flags & (1 << 9) != 0 else { throw .unsupportedType("\(typeName) with a shared dictionary") }
            let keyCount = try await source.readInteger(UInt64.self)
            guard keyCount >= 1, keyCount <= UInt64(limits.blockRows) else {
                throw .tooLarge(what: "dictionary size", size: keyCount, limit: limits.blockRows)
            }
            let keys = try await readColumn(inner.withoutNullable, named: typeName, rows: Int(keyCount), from: source, limits: limits, budget: &budget)
            let count = try await source.readInteger(UInt64.self)
            guard count >= 1, count <= UInt64(rows - done) else { throw .malformed("Cannot read a \(typeName) column: \(count) indexes for \(rows - done) rows") }
            guard Int(count) * indexWidth <= budget else {
                throw .tooLarge(what: "block size", size: UInt64(limits.blockBytes - budget) + count * UInt64(indexWidth), limit: limits.blockBytes)
            }
            budget -= Int(count) * indexWidth
            let bytes = try await source.readBytes(Int(count) * indexWidth)
            var indexes = [Int32]()
            indexes.reserveCapacity(Int(count))
            for row in 0..<Int(count) {
                var index: UInt64 = 0
                for byte in 0..<indexWidth { index |= UInt64(bytes[row * indexWidth + byte]) << (8 * UInt64(byte)) }
                guard index < keyCount else { throw .malformed("Cannot read a \(typeName) column: index \(index) past a dictionary of \(keyCount)") }
                indexes.append(Int32(index))
            }
            let piece = keys.gathering(indexes)
            values.append(contentsOf: inner.isNullable ? .nullable(NullableColumn(values: piece, nulls: indexes.map { $0 == 0 })) : piece)
            done += Int(count)
        }
        return values
    }

    /// Reads one column's values; `budget` is what is left of the block's byte limit.
    private static func readColumn(_ type: ColumnType, named typeName: String, rows: Int, from source: ByteSource,
                                   limits: WireLimits, budget: inout Int) async throws(WireError) -> ColumnValues {
        func take(_ bytes: Int) throws(WireError) {
            guard bytes <= budget else { throw .tooLarge(what: "block size", size: UInt64(limits.blockBytes - budget + bytes), limit: limits.blockBytes) }
            budget -= bytes
        }
        func decoded(_ decode: () throws(CodecError) -> ColumnValues) throws(WireError) -> ColumnValues {
            do { return try decode() } catch { throw .malformed("Cannot read a \(typeName) column: \(error)") }
        }
        switch type {
        case .aggregateState:
            // A state's length is known only to its function's reader: clients insert raw rows
            // and the views compute the states.
            throw .unsupportedType(typeName)
        case .array(let element):
            // Each row's end offset, then the elements as a column of their own.
            let width = max(1, element.fixedWidth ?? 1)
            try take(rows * 8)
            let offsets = try await source.readBytes(rows * 8)
            guard case .uint64(let ends) = try decoded({ () throws(CodecError) in try NativeColumnLayout.decode(.uint64, count: rows, from: offsets[...]) }) else {
                preconditionFailure("a UInt64 column decodes as .uint64")
            }
            let total = ends.last ?? 0
            var previous: UInt64 = 0
            for end in ends {
                guard end >= previous else { throw .malformed("Cannot read a \(typeName) column: array offsets are not increasing") }
                previous = end
            }
            // Checked before anything is allocated: every element takes at least `width` bytes.
            guard total <= UInt64(budget / width) else { throw .tooLarge(what: "array size", size: total, limit: budget / width) }
            let elements = try await readColumn(element, named: typeName, rows: Int(total), from: source, limits: limits, budget: &budget)
            return .arrays(ArrayColumn(elements: elements, ends: ends.map { UInt32($0) }))
        case .nullable(let inner):
            // The null map, a byte per row (1 = NULL), then the values.
            try take(rows)
            let map = try await source.readBytes(rows)
            guard map.allSatisfy({ $0 <= 1 }) else { throw .malformed("Cannot read a \(typeName) column: a null map byte other than 0 or 1") }
            let values = try await readColumn(inner, named: typeName, rows: rows, from: source, limits: limits, budget: &budget)
            return .nullable(NullableColumn(values: values, nulls: map.map { $0 == 1 }))
        case .tuple(let types):
            // Each element's column in turn.
            var elements = [ColumnValues]()
            for element in types { elements.append(try await readColumn(element, named: typeName, rows: rows, from: source, limits: limits, budget: &budget)) }
            return .tuples(TupleColumn(elements, count: rows))
        case .nothing:
            throw .unsupportedType(typeName)
        case .string:
            let bytes = try await source.readLengthPrefixedValues(count: rows, valueLimit: limits.stringBytes, totalLimit: budget)
            try take(bytes.count)
            return try decoded { () throws(CodecError) in try NativeColumnLayout.decode(type, count: rows, from: bytes[...]) }
        case .uint8, .uint16, .uint32, .uint64, .int8, .int16, .int32, .int64, .float32, .float64, .dateTime, .date, .uuid:
            let size = rows * type.fixedWidth!
            try take(size)
            let bytes = try await source.readBytes(size)
            return try decoded { () throws(CodecError) in try NativeColumnLayout.decode(type, count: rows, from: bytes[...]) }
        }
    }
}
