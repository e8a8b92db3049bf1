/// Writes query results in ClickHouse's text formats, byte for byte as ClickHouse 26.9 writes them
/// for these types.
enum OutputFormat {
    /// `batch` in `format`; `rowsBefore` rows of the same result were written before it (what
    /// `Vertical` numbers its rows from).
    static func write(_ batch: Batch, as format: FormatName, rowsBefore: Int = 0) -> [UInt8] {
        var out = [UInt8]()
        switch format {
        case .tabSeparated, .tabSeparatedWithNames, .tabSeparatedWithNamesAndTypes:
            if format != .tabSeparated { line(batch.names.map(TextEscaping.tsvEscaped), separator: "\t", to: &out) }
            if format == .tabSeparatedWithNamesAndTypes { line(batch.columns.map { TextEscaping.tsvEscaped($0.type.description) }, separator: "\t", to: &out) }
            // Straight into the output bytes: a dashboard's result is written on every query.
            for row in 0..<batch.rowCount {
                for (index, column) in batch.columns.enumerated() {
                    if index > 0 { out.append(UInt8(ascii: "\t")) }
                    appendTSV(column, row, to: &out)
                }
                out.append(UInt8(ascii: "\n"))
            }
        case .tabSeparatedRaw, .tabSeparatedRawWithNames:
            if format == .tabSeparatedRawWithNames { line(batch.names, separator: "\t", to: &out) }
            for row in 0..<batch.rowCount { line(batch.columns.map { $0.text(at: row) }, separator: "\t", to: &out) }
        case .csv, .csvWithNames, .csvWithNamesAndTypes:
            if format != .csv { line(batch.names.map(csvQuoted), separator: ",", to: &out) }
            if format == .csvWithNamesAndTypes { line(batch.columns.map { csvQuoted($0.type.description) }, separator: ",", to: &out) }
            for row in 0..<batch.rowCount { line(batch.columns.map { csv($0, row) }, separator: ",", to: &out) }
        case .jsonEachRow:
            let keys = batch.names.map { jsonString($0) + ":" }
            for row in 0..<batch.rowCount {
                out.append(UInt8(ascii: "{"))
                for (index, column) in batch.columns.enumerated() {
                    if index > 0 { out.append(UInt8(ascii: ",")) }
                    out += Array(keys[index].utf8)
                    out += Array(json(column, row).utf8)
                }
                out += Array("}\n".utf8)
            }
        case .jsonCompactEachRow, .jsonCompactEachRowWithNames:
            if format == .jsonCompactEachRowWithNames { line(["[" + batch.names.map(jsonString).joined(separator: ", ") + "]"], separator: "", to: &out) }
            for row in 0..<batch.rowCount { line(["[" + batch.columns.map { json($0, row) }.joined(separator: ", ") + "]"], separator: "", to: &out) }
        case .vertical:
            // `Row n:`, a rule as long, then `name: value` with the names padded to the longest;
            // a blank line between rows.
            let width = batch.names.map(\.count).max() ?? 0
            for row in 0..<batch.rowCount {
                let title = "Row \(rowsBefore + row + 1):"
                var text = (rowsBefore + row > 0 ? "\n" : "") + title + "\n" + String(repeating: "─", count: title.count) + "\n"
                for (name, column) in zip(batch.names, batch.columns) {
                    text += name + ":" + String(repeating: " ", count: width - name.count + 1) + (column.isNull(at: row) ? "ᴺᵁᴸᴸ" : column.text(at: row)) + "\n"
                }
                out += Array(text.utf8)
            }
        case .values:
            for row in 0..<batch.rowCount {
                if row > 0 { out.append(UInt8(ascii: ",")) }
                out += Array(("(" + batch.columns.map { values($0, row) }.joined(separator: ",") + ")").utf8)
            }
        case .pretty, .prettyCompact:
            // ClickHouse prints nothing at all for an empty result in Pretty formats.
            if batch.rowCount > 0 { out = Array(prettyCompact(batch).utf8) }
        case .json, .jsonCompact:
            out = jsonHeader(batch) + jsonRows(batch, compact: format == .jsonCompact, first: true) + jsonFooter(rows: batch.rowCount)
        case .native:
            out = BinaryFormats.native(batch)
        case .rowBinary, .rowBinaryWithNamesAndTypes:
            out = BinaryFormats.rowBinary(batch, namesAndTypes: format == .rowBinaryWithNamesAndTypes)
        case .null:
            break
        }
        return out
    }

    /// `JSON` / `JSONCompact`: the opening and the columns' names and types.
    static func jsonHeader(_ batch: Batch) -> [UInt8] {
        let meta = zip(batch.names, batch.columns).map { name, column in
            "\t\t{\n\t\t\t\"name\": \(jsonString(name)),\n\t\t\t\"type\": \(jsonString(column.type.description))\n\t\t}"
        }
        return Array(("{\n\t\"meta\":\n\t[\n" + meta.joined(separator: ",\n") + "\n\t],\n\n\t\"data\":\n\t[\n").utf8)
    }

    /// Rows of `JSON` (an object each) or `JSONCompact` (an array each); `first`: no row before.
    static func jsonRows(_ batch: Batch, compact: Bool, first: Bool) -> [UInt8] {
        let keys = batch.names.map(jsonString)
        let rows = (0..<batch.rowCount).map { row in
            compact
                ? "\t\t[" + batch.columns.map { json($0, row) }.joined(separator: ", ") + "]"
                : "\t\t{\n" + zip(keys, batch.columns).map { "\t\t\t\($0): \(json($1, row))" }.joined(separator: ",\n") + "\n\t\t}"
        }
        guard !rows.isEmpty else { return [] }
        return Array(((first ? "" : ",\n") + rows.joined(separator: ",\n")).utf8)
    }

    /// `JSON` / `JSONCompact`: the closing, with the row count.
    static func jsonFooter(rows: Int) -> [UInt8] {
        Array("\n\t],\n\n\t\"rows\": \(rows)\n}\n".utf8)
    }

    /// A TSV field: strings escaped, NULL as `\N`, the rest as their text.
    private static func appendTSV(_ column: ColumnValues, _ row: Int, to out: inout [UInt8]) {
        switch column {
        case .string(let strings): TextEscaping.appendTSVEscaped(strings[row], to: &out)
        case .nullable(let v) where !v.nulls[row]: appendTSV(v.values, row, to: &out)
        default: out += column.text(at: row).utf8
        }
    }

    private static func line(_ fields: [String], separator: String, to out: inout [UInt8]) {
        out += Array((fields.joined(separator: separator) + "\n").utf8)
    }

    // MARK: - Values of each format


    static func csv(_ column: ColumnValues, _ row: Int) -> String {
        switch column {
        case .nullable(let v): v.nulls[row] ? "\\N" : csv(v.values, row)
        // A tuple's elements as fields of their own.
        case .tuples(let v): v.elements.map { csv($0, row) }.joined(separator: ",")
        case .string, .dateTime, .date, .uuid, .arrays, .aggregateStates: csvQuoted(column.text(at: row))
        default: column.text(at: row)
        }
    }

    static func csvQuoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    static func json(_ column: ColumnValues, _ row: Int) -> String {
        switch column {
        case .nullable(let v): v.nulls[row] ? "null" : json(v.values, row)
        case .tuples(let v): "[" + v.elements.map { json($0, row) }.joined(separator: ",") + "]"
        case .nothing: "null"
        case .float32(let v): v[row].isFinite ? FloatText.format(v[row]) : "null"
        case .float64(let v): v[row].isFinite ? FloatText.format(v[row]) : "null"
        case .arrays(let v): "[" + v.range(of: row).map { json(v.elements, $0) }.joined(separator: ",") + "]"
        case .string, .dateTime, .date, .uuid, .aggregateStates: jsonString(column.text(at: row))
        default: column.text(at: row)
        }
    }

    /// A JSON string as ClickHouse writes it: `/` escaped, control characters as `\u00XX`.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "/": out += "\\/"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\u{8}": out += "\\b"
            case "\u{C}": out += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func values(_ column: ColumnValues, _ row: Int) -> String { TextEscaping.quoted(column, row) }


    // MARK: - PrettyCompact

    /// ClickHouse 26.9's PrettyCompact without colors: numbered rows, numbers right-aligned, the
    /// column names in the top border.
    static func prettyCompact(_ batch: Batch) -> String {
        let cells = batch.columns.map { column in (0..<batch.rowCount).map { column.isNull(at: $0) ? "ᴺᵁᴸᴸ" : column.text(at: $0) } }
        let rightAligned = batch.columns.map { $0.type.withoutNullable.isNumeric || $0.type.withoutNullable.isCalendar }
        let widths = batch.names.indices.map { c in max(batch.names[c].count, cells[c].map(\.count).max() ?? 0) }
        let numberWidth = "\(batch.rowCount).".count
        let indent = String(repeating: " ", count: numberWidth + 1)
        var out = indent + "┌"
        for (c, name) in batch.names.enumerated() {
            let fill = widths[c] - name.count
            out += rightAligned[c]
                ? String(repeating: "─", count: fill + 1) + name + "─"
                : "─" + name + String(repeating: "─", count: fill + 1)
            out += c + 1 < batch.names.count ? "┬" : "┐\n"
        }
        for row in 0..<batch.rowCount {
            let number = "\(row + 1)."
            out += String(repeating: " ", count: numberWidth - number.count) + number + " │"
            for c in batch.columns.indices {
                let text = cells[c][row]
                let pad = String(repeating: " ", count: widths[c] - text.count)
                out += " " + (rightAligned[c] ? pad + text : text + pad) + " │"
            }
            out += "\n"
        }
        out += indent + "└" + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: "┴") + "┘\n"
        return out
    }
}
