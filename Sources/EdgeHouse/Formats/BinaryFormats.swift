/// ClickHouse's binary output formats: `Native` (columns; also the native protocol's Data
/// blocks) and `RowBinary` (rows), byte for byte as ClickHouse writes them.
package enum BinaryFormats {
    /// `is_overflows = 0`, `bucket_num = -1`: the block info of every native-protocol block but
    /// GROUP BY overflow rows.
    package static let defaultBlockInfo: [UInt8] = [0x01, 0x00, 0x02, 0xff, 0xff, 0xff, 0xff, 0x00]

    /// One Native block of `batch`'s `rows`:
    ///
    /// ```
    /// [block info]                  native protocol only
    /// varint columns, varint rows
    /// per column: String name, String type, the rows' values (NativeColumnLayout)
    /// ```
    package static func nativeBlock(_ batch: Batch, rows: Range<Int>, blockInfo: Bool) -> [UInt8] {
        var out = blockInfo ? defaultBlockInfo : []
        appendVarUInt(UInt64(batch.names.count), to: &out)
        appendVarUInt(UInt64(rows.count), to: &out)
        for (name, column) in zip(batch.names, batch.columns) {
            appendString(name, to: &out)
            appendString(column.type.description, to: &out)
            NativeColumnLayout.append(column, rows: rows, to: &out)
        }
        return out
    }

    /// `FORMAT Native` over HTTP: blocks of at most `blockRows` rows without block info, and
    /// nothing at all for an empty result (as ClickHouse sends no header block there).
    static func native(_ batch: Batch, blockRows: Int = 65_409) -> [UInt8] {
        var out = [UInt8]()
        for start in stride(from: 0, to: batch.rowCount, by: blockRows) {
            out += nativeBlock(batch, rows: start..<min(batch.rowCount, start + blockRows), blockInfo: false)
        }
        return out
    }

    /// `RowBinary`, and with `namesAndTypes` the `RowBinaryWithNamesAndTypes` header first.
    package static func rowBinary(_ batch: Batch, namesAndTypes: Bool) -> [UInt8] {
        var out = [UInt8]()
        if namesAndTypes {
            appendVarUInt(UInt64(batch.names.count), to: &out)
            for name in batch.names { appendString(name, to: &out) }
            for column in batch.columns { appendString(column.type.description, to: &out) }
        }
        // Plain columns (numbers, times, UUIDs, strings): a column's Native bytes are the bytes
        // RowBinary writes for its values, so each column is laid out once and its rows'
        // pieces interleaved (a value at a time through the column layout is ~3x slower).
        let pieces = batch.columns.map(rowPieces)
        guard pieces.allSatisfy({ $0 != nil }) else {
            for row in 0..<batch.rowCount { appendRow(row, of: batch, to: &out) }
            return out
        }
        let rows = RowBinaryLayout.interleave(pieces.map { $0! }, rows: batch.rowCount)
        return out.isEmpty ? rows : out + rows
    }

    /// `nil` for arrays and aggregate states, whose RowBinary bytes are not their Native bytes cut by row.
    private static func rowPieces(_ column: ColumnValues) -> RowBinaryLayout.ColumnPieces? {
        var bytes = [UInt8]()
        switch column {
        case .arrays, .aggregateStates, .nullable, .nothing, .tuples: return nil
        case .string(let strings):
            NativeColumnLayout.append(column, rows: 0..<column.count, to: &bytes)
            var starts = [0]
            starts.reserveCapacity(column.count + 1)
            var previousEnd = 0
            for end in strings.ends.lazy.map(Int.init) {
                let length = end - previousEnd
                starts.append(starts.last! + varUIntSize(UInt64(length)) + length)
                previousEnd = end
            }
            return RowBinaryLayout.ColumnPieces(bytes: bytes, width: nil, starts: starts)
        default:
            NativeColumnLayout.append(column, rows: 0..<column.count, to: &bytes)
            return RowBinaryLayout.ColumnPieces(bytes: bytes, width: column.type.fixedWidth, starts: [])
        }
    }

    private static func varUIntSize(_ value: UInt64) -> Int {
        var size = 1
        var rest = value >> 7
        while rest != 0 { size += 1; rest >>= 7 }
        return size
    }

    private static func appendRow(_ row: Int, of batch: Batch, to out: inout [UInt8]) {
        for column in batch.columns { appendRowBinary(column, row, to: &out) }
    }

    private static func appendRowBinary(_ column: ColumnValues, _ row: Int, to out: inout [UInt8]) {
        switch column {
        case .arrays(let arrays):
            // An array's length as a varint, then its elements.
            let range = arrays.range(of: row)
            appendVarUInt(UInt64(range.count), to: &out)
            for element in range { appendRowBinary(arrays.elements, element, to: &out) }
        case .nullable(let v):
            // A byte (1 = NULL), then the value unless NULL.
            out.append(v.nulls[row] ? 1 : 0)
            if !v.nulls[row] { appendRowBinary(v.values, row, to: &out) }
        case .nothing:
            out.append(1)
        case .tuples(let v):
            for element in v.elements { appendRowBinary(element, row, to: &out) }
        default:
            NativeColumnLayout.append(column, rows: row..<row + 1, to: &out)
        }
    }

    package static func appendVarUInt(_ value: UInt64, to out: inout [UInt8]) {
        VarUInt.append(value, to: &out)
    }

    package static func appendString(_ value: String, to out: inout [UInt8]) {
        appendVarUInt(UInt64(value.utf8.count), to: &out)
        out += value.utf8
    }
}
