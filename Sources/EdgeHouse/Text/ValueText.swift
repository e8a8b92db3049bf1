extension ColumnValues {
    /// Value `row` as ClickHouse prints it in text formats, before any format's escaping:
    /// `2026-11-20 10:05:07`, lowercase UUIDs, shortest round-trip floats (`FloatText`),
    /// `[1.5,2]` for arrays, raw bytes for strings and aggregate states.
    public func text(at row: Int) -> String {
        switch self {
        case .uint8(let v): String(v[row])
        case .uint16(let v): String(v[row])
        case .int8(let v): String(v[row])
        case .int16(let v): String(v[row])
        case .int32(let v): String(v[row])
        case .uint32(let v): String(v[row])
        case .uint64(let v): String(v[row])
        case .int64(let v): String(v[row])
        case .float32(let v): FloatText.format(v[row])
        case .float64(let v): FloatText.format(v[row])
        case .dateTime(let v): DateTime.format(v[row])
        case .date(let v): DateTime.formatDate(v[row])
        case .uuid(let v): v[row].description
        case .string(let v), .aggregateStates(_, let v): v.string(at: row)
        case .arrays(let v): "[" + v.range(of: row).map { TextEscaping.quoted(v.elements, $0) }.joined(separator: ",") + "]"
        // `\N`, as TSV and CSV write NULL; the formats that spell it otherwise check `isNull(at:)`.
        case .nullable(let v): v.nulls[row] ? "\\N" : v.values.text(at: row)
        case .nothing: "\\N"
        case .tuples(let v): "(" + v.elements.map { TextEscaping.quoted($0, row) }.joined(separator: ",") + ")"
        }
    }
}

extension ColumnValues {
    /// Whether value `row` is `NULL`.
    public func isNull(at row: Int) -> Bool {
        switch self {
        case .nullable(let v): v.nulls[row]
        case .nothing: true
        default: false
        }
    }
}

extension Batch {
    /// Each row as tab-separated values (`text(at:)` of each column), in batch order.
    public var rowTexts: [String] {
        (0..<rowCount).map { row in columns.map { $0.text(at: row) }.joined(separator: "\t") }
    }
}

/// ClickHouse's escaping of a value inside text: TabSeparated's backslashes, and SQL literals.
enum TextEscaping {
    static func tsvEscaped(_ text: String) -> String {
        var out = [UInt8]()
        appendTSVEscaped(text.utf8, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// ClickHouse's TabSeparated escaping. Every escaped character is ASCII, so it works on the
    /// UTF-8 bytes: the bytes of other characters pass through.
    static func appendTSVEscaped(_ bytes: some Sequence<UInt8>, to out: inout [UInt8]) {
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "\t"): out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case UInt8(ascii: "\n"): out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case UInt8(ascii: "'"): out += [UInt8(ascii: "\\"), UInt8(ascii: "'")]
            case 0: out += [UInt8(ascii: "\\"), UInt8(ascii: "0")]
            case 8: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 12: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            default: out.append(byte)
            }
        }
    }

    /// A value as an SQL literal (a `Values` field, an array's element): strings, times and
    /// UUIDs in single quotes, escaped.
    static func quoted(_ column: ColumnValues, _ row: Int) -> String {
        switch column {
        case .nullable(let v): v.nulls[row] ? "NULL" : quoted(v.values, row)
        case .nothing: "NULL"
        case .string, .dateTime, .date, .uuid, .aggregateStates: "'" + tsvEscaped(column.text(at: row)) + "'"
        default: column.text(at: row)
        }
    }
}
