/// One value of a plain type (numbers, dates, UUID, String) in the layouts ClickHouse's
/// aggregate states use for it.
enum PlainValueCodec {
    /// ClickHouse's `SingleValueData` (the state of `any`, `anyLast`, `min`, `max`): a String as
    /// its size with a terminating zero byte (Int32; -1 when there is no value), the bytes and
    /// the zero; any other type as a presence byte and, when present, its RowBinary value.
    static func appendSingle(_ values: ColumnValues, row: Int?, to out: inout [UInt8]) {
        if case .string(let strings) = values {
            guard let row else { return appendValue(Int32(-1), to: &out) }
            let bytes = strings[row]
            appendValue(Int32(bytes.count + 1), to: &out)
            out.append(contentsOf: bytes)
            out.append(0)
            return
        }
        out.append(row == nil ? 0 : 1)
        if let row { ColumnSerialization.append(values, rows: row..<row + 1, to: &out) }
    }

    /// Reads a `SingleValueData` of `type`: a one-row column, or `nil` for no value.
    static func readSingle(_ type: ColumnType, from reader: inout ByteReader) throws(CodecError) -> ColumnValues? {
        if type == .string {
            let size = try reader.read(Int32.self)
            guard size >= 0 else { return nil }
            guard size >= 1 else { throw .corruptPayload("string state of size 0 has no terminating zero") }
            let bytes = try reader.read(count: Int(size))
            return .string(StringColumn([String(decoding: bytes.dropLast(), as: UTF8.self)]))
        }
        guard try reader.read(UInt8.self) != 0 else { return nil }
        return try read(type, count: 1, from: &reader)
    }

    /// `count` RowBinary values of `type`.
    static func read(_ type: ColumnType, count: Int, from reader: inout ByteReader) throws(CodecError) -> ColumnValues {
        if let width = type.fixedWidth {
            guard count <= reader.remaining / max(1, width) else { throw .truncated(needed: count * width, available: reader.remaining) }
            return try ColumnSerialization.decode(type, count: count, from: try reader.read(count: count * width))
        }
        precondition(type == .string, "plain types only")
        var strings = StringColumn()
        for _ in 0..<count {
            let length = try reader.readVarUInt()
            guard length <= UInt64(reader.remaining) else { throw .truncated(needed: Int(clamping: length), available: reader.remaining) }
            strings.append(bytes: try reader.read(count: Int(length)))
        }
        return .string(strings)
    }
}
