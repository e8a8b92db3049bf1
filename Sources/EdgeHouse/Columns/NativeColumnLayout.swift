/// Column values as ClickHouse's `Native` format lays them out — on the native protocol's wire
/// and in `FORMAT Native` over HTTP. It is the layout of EdgeHouse's own column blocks but for
/// two types: an `Array` is every row's cumulative end offset (`UInt64`) and then all elements,
/// and an `AggregateFunction` column is its states back to back, with no length in front.
package enum NativeColumnLayout {
    /// Appends the values of `rows`.
    package static func append(_ values: ColumnValues, rows: Range<Int>, to out: inout [UInt8]) {
        switch values {
        case .arrays(let column):
            guard !rows.isEmpty else { return }
            let start = rows.lowerBound == 0 ? 0 : Int(column.ends[rows.lowerBound - 1])
            for row in rows { appendValue(UInt64(Int(column.ends[row]) - start), to: &out) }
            append(column.elements, rows: start..<Int(column.ends[rows.upperBound - 1]), to: &out)
        case .nullable(let column):
            out.append(contentsOf: column.nulls[rows].map { $0 ? 1 : 0 })
            append(column.values, rows: rows, to: &out)
        case .tuples(let column):
            for element in column.elements { append(element, rows: rows, to: &out) }
        case .nothing:
            // ClickHouse writes a `Nothing` value as the byte '0'.
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: rows.count))
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
        if case .array = type { preconditionFailure("decode arrays with decodeArrays") }
        precondition(!type.isAggregateState, "states have no length prefix")
        return try ColumnSerialization.decode(type, count: count, from: bytes)
    }

    /// `Array(T)` rows (`T` of EdgeHouse's own layout) from their end offsets and the bytes of
    /// all their elements.
    package static func decodeArrays(of elementType: ColumnType, ends: [UInt64], elements bytes: ArraySlice<UInt8>) throws(CodecError) -> ColumnValues {
        let total = ends.last ?? 0
        var previous: UInt64 = 0
        for end in ends {
            guard end >= previous, end <= total else { throw .corruptPayload("array offsets are not increasing") }
            previous = end
        }
        guard total <= UInt64(UInt32.max) else { throw .corruptPayload("array of \(total) elements") }
        let elements = try decode(elementType, count: Int(total), from: bytes)
        return .arrays(ArrayColumn(elements: elements, ends: ends.map { UInt32($0) }))
    }
}
