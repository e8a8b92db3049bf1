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
        var columnBytes = [[UInt8]](repeating: [], count: columns.count)
        var arrayEnds = [[UInt64]](repeating: [], count: columns.count)
        var position = 0
        var rows = 0
        while position < data.count {
            rows += 1
            for (index, column) in columns.enumerated() {
                let start = position
                switch column.type {
                case .string:
                    let length = try varUInt(data, &position, row: rows)
                    try skip(Int(clamping: length), data, &position, row: rows)
                    columnBytes[index] += data[start..<position]
                case .float64Array:
                    let count = try varUInt(data, &position, row: rows)
                    let elementsStart = position
                    try skip(Int(clamping: count).multipliedReportingOverflow(by: 8).partialValue, data, &position, row: rows)
                    arrayEnds[index].append((arrayEnds[index].last ?? 0) + count)
                    columnBytes[index] += data[elementsStart..<position]
                case .aggregateState:
                    throw .notImplemented("RowBinary input of \(column.type) (column \(column.name))")
                default:
                    try skip(column.type.fixedWidth!, data, &position, row: rows)
                    columnBytes[index] += data[start..<position]
                }
            }
        }
        var values = [(String, ColumnValues)]()
        for (index, column) in columns.enumerated() {
            do throws(CodecError) {
                let decoded = column.type == .float64Array
                    ? try NativeColumnLayout.decodeArrays(ends: arrayEnds[index], elements: columnBytes[index][...])
                    : try NativeColumnLayout.decode(column.type, count: rows, from: columnBytes[index][...])
                values.append((column.name, decoded))
            } catch {
                throw .badValue(code: 117, name: "INCORRECT_DATA", message: "Cannot read column \(column.name): \(error)")
            }
        }
        return Batch(values)
    }

    private static func varUInt(_ data: [UInt8], _ position: inout Int, row: Int) throws(SQLError) -> UInt64 {
        do throws(CodecError) { return try ColumnSerialization.readVarUInt(data[...], at: &position) } catch {
            throw endOfData(row: row)
        }
    }

    private static func skip(_ count: Int, _ data: [UInt8], _ position: inout Int, row: Int) throws(SQLError) {
        guard count >= 0, count <= data.count - position else { throw endOfData(row: row) }
        position += count
    }

    /// ClickHouse's error for a row cut short.
    private static func endOfData(row: Int) -> SQLError {
        .badValue(code: 33, name: "CANNOT_READ_ALL_DATA", message: "Cannot read all data in RowBinary format: (at row \(row))")
    }
}
