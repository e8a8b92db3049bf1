import Foundation

/// TabSeparated input in one pass: fields are found in the input buffer and handed to the
/// column builders as slices; only a field holding a backslash escape is copied (to unescape it).
/// No allocation per row or per field: this is the CLI's ingest path.
enum TSVReader {
    /// Bytes of input parsed per thread at a time. (4 MiB was measured against 1 MiB: a 10M-row
    /// ingest peaked 16 MiB higher and a 40k-row one was 12 % slower, the others the same.)
    static let chunkBytes = 1 << 20
    /// Rows read before the column builders reserve room for a chunk's rows.
    static let sampleRows = 256

    /// All of `data` as one batch (parsed on every core when it is large).
    static func readAll(_ data: [UInt8], columns: [ColumnDefinition], table: TableName) throws(SQLError) -> Batch {
        var all = Batch.empty(columns)
        try TSVStream(InsertInput(data), columns: columns, table: table, blockRows: { _ in (.max, .max) }).run { all = $0.joined() }
        return all
    }

    /// The error with its row number moved on by `offset` rows (the rows of earlier chunks).
    static func renumbered(_ error: SQLError, by offset: Int) -> SQLError {
        guard offset > 0, case .badValue(let code, let message) = error,
              let range = message.range(of: #"\(at row (\d+)\)"#, options: .regularExpression),
              let row = Int(message[range].filter(\.isNumber)) else { return error }
        return .badValue(code, message: message.replacingCharacters(in: range, with: "(at row \(row + offset))"))
    }

    static func read(_ data: [UInt8], columns: [ColumnDefinition], table: TableName, header: Bool) throws(SQLError) -> Batch {
        var order = columns
        var builders = columns.map { ColumnBuilder($0.type) }
        var scratch = [UInt8]()
        var position = 0
        var row = 0
        let end = data.count
        let text = data.span
        if header {
            while position < end && data[position] == 0x0A { position += 1 }
            var names = [ArraySlice<UInt8>]()
            while position < end {
                let start = position
                while position < end, data[position] != 0x09, data[position] != 0x0A { position += 1 }
                names.append(data[start..<position])
                let lineEnds = position >= end || data[position] == 0x0A
                position += 1
                if lineEnds { break }
            }
            if !names.isEmpty {
                order = try InputFormat.headerColumns(names, of: columns, table: table)
                builders = order.map { ColumnBuilder($0.type) }
            }
        }
        // The builders through one mutable span: appending to a builder then costs no check,
        // per field, that the array of builders is uniquely referenced.
        var builderSpan = builders.mutableSpan
        while position < end {
            if data[position] == 0x0A { position += 1; continue }
            row += 1
            if row == Self.sampleRows + 1 {
                // Room for the whole chunk at the sample's bytes per row, and a little more.
                let factor = 1.1 * Double(end) / Double(position)
                for index in builderSpan.indices { builderSpan[index].reserveCapacity(scaling: factor) }
            }
            for index in 0..<order.count {
                let start = position
                let isLast = index == order.count - 1
                if let delimiter = builderSpan[index].appendScanning(text, of: data, from: start, delimiter: isLast ? 0x0A : 0x09,
                                                                  orEnd: isLast) {
                    position = delimiter + 1
                    continue
                }
                let (fieldEnd, escaped) = ByteScan.field(in: data, from: position)
                position = fieldEnd
                if !isLast && (position >= end || data[position] == 0x0A) {
                    throw .badValue(.cannotParseInputAssertionFailed, message: "Cannot parse input: expected '\\t' before: end of line: (at row \(row))")
                }
                if isLast, position < end, data[position] == 0x09 {
                    throw .badValue(.incorrectData, message: "Expected end of line: (at row \(row))")
                }
                var field = data[start..<position]
                if field.last == 0x0D && isLast { field = field.dropLast() }
                if escaped {
                    if field.elementsEqual([UInt8(ascii: "\\"), UInt8(ascii: "N")]) {
                        builderSpan[index].appendDefault()  // NULL as the default (input_format_null_as_default)
                        position += 1
                        continue
                    }
                    scratch.removeAll(keepingCapacity: true)
                    var i = field.startIndex
                    while i < field.endIndex {
                        if field[i] == UInt8(ascii: "\\"), i + 1 < field.endIndex {
                            scratch.append(Lexer.unescape(field[i + 1]))
                            i += 2
                        } else {
                            scratch.append(field[i])
                            i += 1
                        }
                    }
                    if !builderSpan[index].append(scratch[...]) {
                        throw ColumnBuilder.parseError(scratch[...], type: order[index].type, column: order[index].name, row: row)
                    }
                } else if !builderSpan[index].append(field) {
                    // ClickHouse reads an integer up to its first non-digit and then expects the
                    // field's end (code 27); an empty integer field is 0. Floats fail with 72.
                    if [.uint8, .uint32, .uint64, .int64].contains(order[index].type) {
                        if field.isEmpty {
                            builderSpan[index].appendDefault()
                        } else {
                            throw .badValue(.cannotParseInputAssertionFailed, message: "Cannot parse input: expected '\\t' before: '\(String(decoding: field.prefix(30), as: UTF8.self))': (at row \(row))")
                        }
                    } else {
                        throw ColumnBuilder.parseError(field, type: order[index].type, column: order[index].name, row: row)
                    }
                }
                position += 1  // the tab or newline
            }
        }
        return Batch(zip(order, builders).map { ($0.name, $1.build()) })
    }
}
