/// Reads INSERT data in ClickHouse's text formats into a batch. A bad row fails the whole read
/// with ClickHouse's code and the row number: nothing of the INSERT is stored.
enum InputFormat {
    /// - Parameter columns: the INSERT's columns, in the order the data lists them (for the
    ///   `…WithNames` formats and JSONEachRow the header or keys decide the order instead).
    static func read(_ data: [UInt8], format: FormatName, columns: [ColumnDefinition], table: TableName) throws(SQLError) -> Batch {
        switch format {
        case .tabSeparated: return try TSVReader.readInParallel(data, columns: columns, table: table)
        case .tabSeparatedWithNames: return try TSVReader.read(data, columns: columns, table: table, header: true)
        case .csv, .csvWithNames: return try delimited(data, columns: columns, table: table, tab: false, header: format == .csvWithNames)
        case .jsonEachRow: return try JSONRows.read(data, columns: columns)
        case .values: return try ValuesRows.read(data, columns: columns)
        case .pretty, .prettyCompact: throw .notImplemented("Format \(format.rawValue) is not suitable for input")
        }
    }

    /// Stands for a TSV `\N` field after splitting (a byte sequence no unescaped field can hold).
    private static let nullMarker: [UInt8] = [0xFF, 0x00, 0xFF]

    /// TSV and CSV: one row per line.
    private static func delimited(_ data: [UInt8], columns: [ColumnDefinition], table: TableName, tab: Bool, header: Bool) throws(SQLError) -> Batch {
        var order = columns
        var builders = columns.map { ColumnBuilder($0.type) }
        var position = 0
        var row = 0
        var field = [UInt8]()
        var headerPending = header
        while position < data.count {
            if data[position] == 0x0A { position += 1; continue }  // blank line
            row += 1
            var fields = [ArraySlice<UInt8>]()
            var storage = [[UInt8]]()
            // Split the line into fields, unescaping (TSV) or unquoting (CSV).
            while true {
                field.removeAll(keepingCapacity: true)
                if tab, position + 1 < data.count, data[position] == UInt8(ascii: "\\"), data[position + 1] == UInt8(ascii: "N"),
                   position + 2 == data.count || data[position + 2] == 0x09 || data[position + 2] == 0x0A {
                    field = Array(Self.nullMarker)  // \N: NULL, read as the default (input_format_null_as_default)
                    position += 2
                } else if tab {
                    while position < data.count, data[position] != 0x09, data[position] != 0x0A {
                        if data[position] == UInt8(ascii: "\\"), position + 1 < data.count {
                            field.append(Lexer.unescape(data[position + 1]))
                            position += 2
                        } else {
                            field.append(data[position])
                            position += 1
                        }
                    }
                } else if position < data.count, data[position] == UInt8(ascii: "\"") || data[position] == UInt8(ascii: "'") {
                    let quote = data[position]
                    position += 1
                    while true {
                        guard position < data.count else {
                            throw .badValue(code: 27, name: "CANNOT_PARSE_INPUT_ASSERTION_FAILED", message: "Cannot parse input: expected '\(Character(UnicodeScalar(quote)))' at end of stream.: (at row \(row))")
                        }
                        if data[position] == quote {
                            if position + 1 < data.count, data[position + 1] == quote { field.append(quote); position += 2; continue }
                            position += 1
                            break
                        }
                        field.append(data[position])
                        position += 1
                    }
                } else {
                    while position < data.count, data[position] != UInt8(ascii: ","), data[position] != 0x0A, data[position] != 0x0D {
                        field.append(data[position])
                        position += 1
                    }
                }
                storage.append(field)
                if position < data.count, data[position] == (tab ? 0x09 : UInt8(ascii: ",")) { position += 1; continue }
                if position < data.count, data[position] == 0x0D { position += 1 }
                if position < data.count, data[position] == 0x0A { position += 1 }
                break
            }
            fields = storage.map { $0[...] }
            if headerPending {
                headerPending = false
                var named = [ColumnDefinition]()
                for name in fields {
                    let text = String(decoding: name, as: UTF8.self)
                    guard let column = columns.first(where: { $0.name == text }) else { throw .storage(.noSuchColumn(text, table: table)) }
                    named.append(column)
                }
                order = named
                builders = order.map { ColumnBuilder($0.type) }
                row = 0
                continue
            }
            guard fields.count >= order.count else {
                throw .badValue(code: 27, name: "CANNOT_PARSE_INPUT_ASSERTION_FAILED", message: "Cannot parse input: expected '\(tab ? "\\t" : ",")' before: end of line: (at row \(row))")
            }
            guard fields.count == order.count else {
                throw .badValue(code: 117, name: "INCORRECT_DATA", message: "Expected end of line: (at row \(row))")
            }
            for (index, text) in fields.enumerated() {
                if text.isEmpty, builders[index].type != .string, !tab {
                    builders[index].appendDefault()  // input_format_csv_empty_as_default = 1
                } else if tab, text.elementsEqual(Self.nullMarker) {
                    builders[index].appendDefault()
                } else if !builders[index].append(text) {
                    throw ColumnBuilder.parseError(text, type: order[index].type, column: order[index].name, row: row)
                }
            }
        }
        return Batch(zip(order, builders).map { ($0.name, $1.build()) })
    }
}
