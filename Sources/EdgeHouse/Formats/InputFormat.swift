/// Reads INSERT data in ClickHouse's text formats into a batch. A bad row fails the whole read
/// with ClickHouse's code and the row number: nothing of the INSERT is stored.
enum InputFormat {
    /// - Parameter columns: the INSERT's columns, in the order the data lists them (for the
    ///   `…WithNames` formats and JSONEachRow the header or keys decide the order instead).
    static func read(_ data: [UInt8], format: FormatName, columns: [ColumnDefinition], table: TableName) throws(SQLError) -> Batch {
        switch format {
        case .tabSeparated: return try TSVReader.readAll(data, columns: columns, table: table)
        case .tabSeparatedWithNames: return try TSVReader.read(data, columns: columns, table: table, header: true)
        case .csv, .csvWithNames: return try CSVRows.read(data, columns: columns, table: table, header: format == .csvWithNames)
        case .jsonEachRow: return try JSONRows.read(data, columns: columns)
        case .values: return try ValuesRows.read(data, columns: columns)
        case .pretty, .prettyCompact, .tabSeparatedWithNamesAndTypes, .tabSeparatedRaw, .tabSeparatedRawWithNames, .csvWithNamesAndTypes,
             .jsonCompactEachRow, .jsonCompactEachRowWithNames, .vertical, .json, .jsonCompact, .null: throw .notImplemented("Format \(format.rawValue) is not suitable for input")
        case .rowBinary: return try RowBinaryRows.read(data, columns: columns)
        case .native, .rowBinaryWithNamesAndTypes:
            // `edgehouse server` reads Native input block by block (EdgeHouseServer).
            throw .notImplemented("Format \(format.rawValue) is read as input only by `edgehouse server`")
        }
    }

    /// The columns a `…WithNames` header lists, in its order.
    static func headerColumns(_ names: [ArraySlice<UInt8>], of columns: [ColumnDefinition], table: TableName) throws(SQLError) -> [ColumnDefinition] {
        var named = [ColumnDefinition]()
        for name in names {
            let text = String(decoding: name, as: UTF8.self)
            guard let column = columns.first(where: { $0.name == text }) else { throw .storage(.noSuchColumn(text, table: table)) }
            guard !named.contains(where: { $0.name == text }) else {
                throw .badValue(.incorrectData, message: "Duplicate field found while parsing format header: \(text): (while reading header)")
            }
            named.append(column)
        }
        return named
    }
}

/// CSV input: fields separated by commas, optionally quoted with `"` (doubled inside; single
/// quotes are plain characters, `format_csv_allow_single_quotes = 0`); an empty unquoted field
/// is the default value (`input_format_csv_empty_as_default = 1`).
enum CSVRows {
    static func read(_ data: [UInt8], columns: [ColumnDefinition], table: TableName, header: Bool) throws(SQLError) -> Batch {
        var order = columns
        var builders = columns.map { ColumnBuilder($0.type) }
        var position = 0
        var row = 0
        var headerPending = header
        while position < data.count {
            if data[position] == 0x0A { position += 1; continue }  // blank line
            row += 1
            let fields = try line(data, &position, row: row)
            if headerPending {
                headerPending = false
                order = try InputFormat.headerColumns(fields.map { $0[...] }, of: columns, table: table)
                builders = order.map { ColumnBuilder($0.type) }
                row = 0
                continue
            }
            guard fields.count >= order.count else {
                throw .badValue(.cannotParseInputAssertionFailed, message: "Cannot parse input: expected ',' before: end of line: (at row \(row))")
            }
            guard fields.count == order.count else {
                throw .badValue(.incorrectData, message: "Expected end of line: (at row \(row))")
            }
            for (index, text) in fields.enumerated() {
                if text.isEmpty, builders[index].type != .string {
                    builders[index].appendDefault()
                } else if !builders[index].append(text[...]) {
                    throw ColumnBuilder.parseError(text[...], type: order[index].type, column: order[index].name, row: row)
                }
            }
        }
        return Batch(zip(order, builders).map { ($0.name, $1.build()) })
    }

    /// The fields of the line at `position`, unquoted; moves past the line's end.
    private static func line(_ data: [UInt8], _ position: inout Int, row: Int) throws(SQLError) -> [[UInt8]] {
        var fields = [[UInt8]]()
        while true {
            var field = [UInt8]()
            if position < data.count, data[position] == UInt8(ascii: "\"") {
                let quote = data[position]
                position += 1
                while true {
                    guard position < data.count else {
                        throw .badValue(.cannotParseInputAssertionFailed, message: "Cannot parse input: expected '\(Character(UnicodeScalar(quote)))' at end of stream.: (at row \(row))")
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
            fields.append(field)
            if position < data.count, data[position] == UInt8(ascii: ",") { position += 1; continue }
            if position < data.count, data[position] == 0x0D { position += 1 }
            if position < data.count, data[position] == 0x0A { position += 1 }
            return fields
        }
    }
}
