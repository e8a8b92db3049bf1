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
        for row in 0..<batch.rowCount {
            for column in batch.columns {
                if case .float64Arrays(let arrays) = column {
                    // RowBinary writes an array's length as a varint, then its elements.
                    appendVarUInt(UInt64(arrays[row].count), to: &out)
                    ColumnSerialization.append(.float64(Array(arrays[row])), to: &out)
                } else {
                    NativeColumnLayout.append(column, rows: row..<row + 1, to: &out)
                }
            }
        }
        return out
    }

    package static func appendVarUInt(_ value: UInt64, to out: inout [UInt8]) {
        ColumnSerialization.appendVarUInt(value, to: &out)
    }

    package static func appendString(_ value: String, to out: inout [UInt8]) {
        appendVarUInt(UInt64(value.utf8.count), to: &out)
        out += value.utf8
    }
}
