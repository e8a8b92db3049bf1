/// Column values as ClickHouse's `Native` format lays them out — on the native protocol's wire
/// and in `FORMAT Native` over HTTP. It is the layout of EdgeHouse's own column blocks but for
/// two types: an `Array` is every row's cumulative end offset (`UInt64`) and then all elements,
/// and an `AggregateFunction` column is its states back to back, with no length in front.
package enum NativeColumnLayout {
    /// Appends the values of `rows`.
    package static func append(_ values: ColumnValues, rows: Range<Int>, to out: inout [UInt8]) {
        switch values {
        case .float64Arrays(let column):
            var end: UInt64 = 0
            for row in rows {
                end += UInt64(column[row].count)
                appendValue(end, to: &out)
            }
            for row in rows { appendValues(Array(column[row]), to: &out) }
        case .aggregateStates(_, let states):
            guard !rows.isEmpty else { return }
            let start = rows.lowerBound == 0 ? 0 : Int(states.ends[rows.lowerBound - 1])
            out.append(contentsOf: states.bytes[start..<Int(states.ends[rows.upperBound - 1])])
        default:
            ColumnSerialization.append(values, rows: rows, to: &out)
        }
    }

    /// Decodes `count` values of a type whose Native layout is EdgeHouse's own (every type but
    /// arrays and aggregate states) from exactly their bytes.
    package static func decode(_ type: ColumnType, count: Int, from bytes: ArraySlice<UInt8>) throws(CodecError) -> ColumnValues {
        precondition(type != .float64Array && !type.isAggregateState, "decode arrays with decodeArrays; states have no length prefix")
        return try ColumnSerialization.decode(type, count: count, from: bytes)
    }

    /// `Array(Float64)` rows from their end offsets and the bytes of all their elements.
    package static func decodeArrays(ends: [UInt64], elements bytes: ArraySlice<UInt8>) throws(CodecError) -> ColumnValues {
        let total = ends.last ?? 0
        guard UInt64(bytes.count) == total * 8 else { throw .sizeMismatch(expected: Int(clamping: total * 8), actual: bytes.count) }
        let all: [Double] = try { () throws(CodecError) -> [Double] in
            var reader = ByteReader(bytes)
            return try reader.readValues(Double.self, count: Int(total))
        }()
        var column = Float64ArrayColumn()
        var start = 0
        for end in ends {
            guard end >= UInt64(start), end <= total else { throw .corruptPayload("array offsets are not increasing") }
            column.append(all[start..<Int(end)])
            start = Int(end)
        }
        return .float64Arrays(column)
    }
}
