/// `RowBinary` input: each row's values one after another, in the INSERT's column order, with
/// ClickHouse's binary encodings (numbers and `DateTime` little-endian, UUID as two
/// little-endian halves high first, `String` as a LEB128 length and its bytes, an array as its
/// length and its elements). The forwarder sends rows this way: unlike text, every `Float64`
/// arrives exactly (`forwarding.md` §1.7).
///
/// Each column's bytes are gathered as they are found — a value's bytes in RowBinary are the
/// same as in a Native column, but for arrays' lengths — and decoded once per column.
enum RowBinaryRows {
    static func read(_ data: [UInt8], columns: [ColumnDefinition]) throws(SQLError) -> Batch {
        try read(data, columns: columns, endsInput: true, rowsBefore: 0).rows
    }

    /// The rows of `data`, and the bytes they took. Unless `data` `endsInput`, a row it cuts
    /// short is left for the next call, with the bytes that follow; errors number rows after
    /// `rowsBefore`.
    static func read(_ data: [UInt8], columns: [ColumnDefinition], endsInput: Bool, rowsBefore: Int) throws(SQLError) -> (rows: Batch, consumed: Int) {
        let values = try columns.map { (column: ColumnDefinition) throws(SQLError) -> RowBinaryValue in
            switch column.type {
            case .string: return .string
            case .array(let element) where (element.fixedWidth ?? 0) > 0: return .array(elementWidth: element.fixedWidth!)
            case .array, .nullable, .nothing, .tuple, .aggregateState:
                throw .notImplemented("RowBinary input of \(column.type) (column \(column.name))")
            case .uint8, .uint16, .uint32, .uint64, .int8, .int16, .int32, .int64, .float32, .float64, .dateTime, .date, .uuid:
                return .fixed(width: column.type.fixedWidth!)
            }
        }
        let split: RowBinaryLayout.Columns
        do throws(RowBinaryLayout.CutRow) { split = try RowBinaryLayout.split(data, values: values, endsInput: endsInput) } catch {
            // ClickHouse's error for a row cut short.
            throw .badValue(.cannotReadAllData, message: "Cannot read all data in RowBinary format: (at row \(rowsBefore + error.row))")
        }
        var decoded = [(String, ColumnValues)]()
        for (index, column) in columns.enumerated() {
            let bytes = split.bytes[index]
            do throws(CodecError) {
                switch column.type {
                case .string: decoded.append((column.name, .string(StringColumn(bytes: bytes, ends: split.stringEnds[index]))))
                case .array(let element):
                    decoded.append((column.name, try NativeColumnLayout.decodeArrays(of: element, ends: split.arrayEnds[index], elements: bytes[...])))
                default: decoded.append((column.name, try NativeColumnLayout.decode(column.type, count: split.rows, from: bytes[...])))
                }
            } catch {
                throw .badValue(.incorrectData, message: "Cannot read column \(column.name): \(error)")
            }
        }
        return (Batch(decoded), split.consumed)
    }
}
