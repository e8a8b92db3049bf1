import EdgeHouse

/// Parses plain tab-separated rows (no escapes) into a batch with a table's columns. Test data
/// only; the real input formats are in the engine.
public func tsvBatch(_ lines: [Substring], columns: [ColumnDefinition]) -> Batch {
    let fields = lines.map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
    return Batch(columns.enumerated().map { index, column in
        let texts = fields.map { String($0[index]) }
        let values: ColumnValues = switch column.type {
        case .uint8: .uint8(texts.map { UInt8($0)! })
        case .uint32: .uint32(texts.map { UInt32($0)! })
        case .uint64: .uint64(texts.map { UInt64($0)! })
        case .int64: .int64(texts.map { Int64($0)! })
        case .float32: .float32(texts.map { Float($0)! })
        case .float64: .float64(texts.map { Double($0)! })
        case .dateTime: .dateTime(texts.map { DateTime.parse($0)! })
        case .uuid: .uuid(texts.map { UUIDValue($0)! })
        case .string: .string(StringColumn(texts))
        default: preconditionFailure("no test parser for \(column.type)")
        }
        return (column.name, values)
    })
}
