import Foundation

/// JSONEachRow input, as ClickHouse 26.9 reads it: one object per row; unknown keys skipped;
/// missing keys and `null` become defaults; numbers may come as strings; `true`/`false` are 1/0.
enum JSONRows {
    static func read(_ data: [UInt8], columns: [ColumnDefinition]) throws(SQLError) -> Batch {
        var builders = columns.map { ColumnBuilder($0.type) }
        var index = [String: Int]()
        for (i, column) in columns.enumerated() { index[column.name] = i }
        var reader = JSONReader(data: data)
        var row = 0
        while true {
            reader.skipWhitespace()
            if reader.atEnd { break }
            row += 1
            try reader.expect(UInt8(ascii: "{"), row: row)
            var seen = [Bool](repeating: false, count: columns.count)
            reader.skipWhitespace()
            if reader.peek == UInt8(ascii: "}") { reader.position += 1 } else {
                while true {
                    reader.skipWhitespace()
                    let key = try reader.string(row: row)
                    reader.skipWhitespace()
                    try reader.expect(UInt8(ascii: ":"), row: row)
                    reader.skipWhitespace()
                    let value = try reader.scalar(row: row)
                    if let column = index[String(decoding: key, as: UTF8.self)] {
                        guard !seen[column] else {
                            throw .badValue(.incorrectData, message: "Duplicate field found while parsing JSONEachRow format: \(columns[column].name): (at row \(row))")
                        }
                        seen[column] = true
                        switch value {
                        case .null: builders[column].appendDefault()
                        case .text(let text), .number(let text):
                            if !builders[column].append(text[...]) {
                                // An integer column stops at the first non-digit: ClickHouse then
                                // expects the value's end (code 27), as for "abc" or 1.5.
                                if [.uint8, .uint32, .uint64, .int64].contains(columns[column].type), text.first != UInt8(ascii: "-") {
                                    throw .badValue(.cannotParseInputAssertionFailed, message: "Cannot parse input: expected ',' before: '\(String(decoding: text.prefix(20), as: UTF8.self))': (while reading the value of key \(columns[column].name)): (at row \(row))")
                                }
                                throw ColumnBuilder.parseError(text[...], type: columns[column].type, column: columns[column].name, row: row)
                            }
                        case .boolean(let flag): _ = builders[column].append(Array((flag ? "1" : "0").utf8)[...])
                        }
                    }
                    reader.skipWhitespace()
                    if reader.peek == UInt8(ascii: ",") { reader.position += 1; continue }
                    try reader.expect(UInt8(ascii: "}"), row: row)
                    break
                }
            }
            for (column, present) in seen.enumerated() where !present { builders[column].appendDefault() }
            reader.skipWhitespace()
            if reader.peek == UInt8(ascii: ",") { reader.position += 1 }
        }
        return Batch(zip(columns, builders).map { ($0.name, $1.build()) })
    }
}

/// A minimal JSON scanner over bytes for flat rows.
struct JSONReader {
    enum Scalar { case text([UInt8]), number([UInt8]), boolean(Bool), null }

    let data: [UInt8]
    var position = 0

    var atEnd: Bool { position >= data.count }
    var peek: UInt8? { position < data.count ? data[position] : nil }

    mutating func skipWhitespace() {
        while position < data.count, [0x20, 0x09, 0x0A, 0x0D].contains(data[position]) { position += 1 }
    }

    static func truncated(_ row: Int) -> SQLError {
        .badValue(.cannotReadAllData, message: "Unexpected end of stream while parsing JSONEachRow format: (at row \(row))")
    }

    mutating func expect(_ byte: UInt8, row: Int) throws(SQLError) {
        guard let next = peek else { throw Self.truncated(row) }
        guard next == byte else {
            throw .badValue(.cannotParseInputAssertionFailed, message: "Cannot parse input: expected '\(Character(UnicodeScalar(byte)))' before: '\(String(decoding: data[position...].prefix(20), as: UTF8.self))': (at row \(row))")
        }
        position += 1
    }

    mutating func string(row: Int) throws(SQLError) -> [UInt8] {
        try expect(UInt8(ascii: "\""), row: row)
        var out = [UInt8]()
        while true {
            guard let c = peek else { throw Self.truncated(row) }
            position += 1
            if c == UInt8(ascii: "\"") { return out }
            if c == UInt8(ascii: "\\") {
                guard let e = peek else { throw Self.truncated(row) }
                position += 1
                if let byte = JSONEscapes.byte(escaped: e) {
                    out.append(byte)
                } else if e == UInt8(ascii: "u") {
                    guard position + 4 <= data.count, let code = UInt32(String(decoding: data[position..<position + 4], as: UTF8.self), radix: 16) else { throw Self.truncated(row) }
                    position += 4
                    out += Array(String(UnicodeScalar(code).map(Character.init) ?? "\u{FFFD}").utf8)
                } else {
                    out.append(e)
                }
            } else {
                out.append(c)
            }
        }
    }

    mutating func scalar(row: Int) throws(SQLError) -> Scalar {
        guard let c = peek else { throw Self.truncated(row) }
        if c == UInt8(ascii: "\"") { return .text(try string(row: row)) }
        if c == UInt8(ascii: "[") {
            // An array (of numbers: the one array type here): its text, read as TSV reads one.
            let start = position
            while let b = peek, b != UInt8(ascii: "]") { position += 1 }
            guard peek != nil else { throw Self.truncated(row) }
            position += 1
            return .number(Array(data[start..<position]))
        }
        let start = position
        while let b = peek, ![UInt8(ascii: ","), UInt8(ascii: "}"), 0x20, 0x0A, 0x09, 0x0D].contains(b) { position += 1 }
        let word = Array(data[start..<position])
        switch String(decoding: word, as: UTF8.self) {
        case "null": return .null
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        default:
            if word.isEmpty { throw Self.truncated(row) }
            return .number(word)
        }
    }
}

/// `VALUES (…), (…)` rows: literals (numbers, quoted strings with escapes, negative numbers).
enum ValuesRows {
    static func read(_ data: [UInt8], columns: [ColumnDefinition]) throws(SQLError) -> Batch {
        var builders = columns.map { ColumnBuilder($0.type) }
        let text = String(decoding: data, as: UTF8.self)
        var parser = try Parser(text)
        var row = 0
        var expressions = [[ASTExpression]]()
        try parser.valuesRows { values in expressions.append(values) }
        for values in expressions {
            row += 1
            guard values.count == columns.count else {
                throw .badValue(.syntaxError, message: "Expected \(columns.count) values in row \(row), got \(values.count)")
            }
            for (index, value) in values.enumerated() {
                let literal: String? = switch value {
                case .integer(let v): String(v)
                case .float(let v): v.isNaN ? "nan" : v.isInfinite ? (v < 0 ? "-inf" : "inf") : String(v)
                case .string(let s): s
                case .negativeInteger(let v): String(v)
                case .array(let items): Self.arrayText(items)
                default: nil
                }
                // A literal of the column's type is read as text; anything else (`'12'` for a
                // number, `1.5` for an integer, `now()`, `1 + 1`) is evaluated and converted as
                // ClickHouse's CAST converts it.
                if let literal, builders[index].append(Array(literal.utf8)[...]) { continue }
                let converted = try Conversion.convert(try Self.evaluate(value), to: columns[index].type)
                guard builders[index].append(Array(converted.text(at: 0).utf8)[...]) else {
                    let bytes = Array((literal ?? value.columnName).utf8)[...]
                    throw ColumnBuilder.parseError(bytes, type: columns[index].type, column: columns[index].name, row: row)
                }
            }
        }
        return Batch(zip(columns, builders).map { ($0.name, $1.build()) })
    }

    /// A constant expression's value.
    private static func evaluate(_ expression: ASTExpression) throws(SQLError) -> ColumnValues {
        let context = QueryContext(database: "default", databases: [], now: UInt32(clamping: Int(Date().timeIntervalSince1970)))
        let binder = Binder(columns: [:], context: context, subquery: { (_: SelectQuery) throws(SQLError) -> Batch in
            throw .notImplemented("subqueries in VALUES")
        })
        // Bound without columns, so it reads none: a call left unfolded (`[1, NULL]`) is
        // evaluated over one row.
        let bound = try binder.bind(expression)
        if let value = bound.constantValue { return value }
        return try bound.evaluate(Batch([("_row", .uint8([0]))]))
    }

    /// `[1, -2.5]` as array text (numbers only: the one array type here), or `nil`.
    private static func arrayText(_ items: [ASTExpression]) -> String? {
        var elements = [String]()
        for item in items {
            switch item {
            case .integer(let v): elements.append(String(v))
            case .negativeInteger(let v): elements.append(String(v))
            case .float(let v): elements.append(v.isNaN ? "nan" : v.isInfinite ? (v < 0 ? "-inf" : "inf") : String(v))
            default: return nil
            }
        }
        return "[" + elements.joined(separator: ",") + "]"
    }
}
