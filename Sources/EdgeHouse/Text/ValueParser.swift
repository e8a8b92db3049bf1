/// Parses text into values of column types, as ClickHouse 26.9 reads text formats and literals:
/// integers wrap to their width (`300` into UInt8 is 44), floats are correctly rounded, DateTime
/// accepts `YYYY-MM-DD hh:mm:ss`, `T`, fractions (dropped), a trailing `Z`, a date alone, or unix
/// seconds, and rejects impossible dates; UUIDs accept dashed or plain, either case.
enum ValueParser {
    static func parse(_ text: String, as type: ColumnType) -> ColumnValues? {
        parse(Array(text.utf8)[...], as: type)
    }

    /// One value as a one-row column, or `nil` when the text is not a value of the type.
    static func parse(_ bytes: ArraySlice<UInt8>, as type: ColumnType) -> ColumnValues? {
        switch type {
        case .uint8: unsigned(bytes).map { .uint8([UInt8(truncatingIfNeeded: $0)]) }
        case .uint16: unsigned(bytes).map { .uint16([UInt16(truncatingIfNeeded: $0)]) }
        case .uint32: unsigned(bytes).map { .uint32([UInt32(truncatingIfNeeded: $0)]) }
        case .uint64: unsigned(bytes).map { .uint64([$0]) }
        case .int8: signed(bytes).map { .int8([Int8(truncatingIfNeeded: $0)]) }
        case .int16: signed(bytes).map { .int16([Int16(truncatingIfNeeded: $0)]) }
        case .int32: signed(bytes).map { .int32([Int32(truncatingIfNeeded: $0)]) }
        case .int64: signed(bytes).map { .int64([$0]) }
        case .float32: float(bytes).map { .float32([$0]) }
        case .float64: double(bytes).map { .float64([$0]) }
        case .dateTime: dateTime(bytes).map { .dateTime([$0]) }
        case .date: date(bytes).map { .date([$0]) }
        case .uuid: UUIDValue(utf8: bytes).map { .uuid([$0]) }
        case .string: .string(StringColumn([String(decoding: bytes, as: UTF8.self)]))
        case .array(let element): try? array(bytes, of: element).map { .arrays(ArrayColumn(elements: $0, ends: [UInt32($0.count)])) }.get()
        case .nullable(let inner):
            ColumnBuilder.isNull(bytes) ? .nullable(NullableColumn(nulls: inner, count: 1)) : parse(bytes, as: inner).map { .nullable(NullableColumn($0)) }
        case .nothing: ColumnBuilder.isNull(bytes) ? .nothing(count: 1) : nil
        case .tuple(let types): try? tuple(bytes, of: types).get()
        case .aggregateState: nil
        }
    }

    /// Digits with an optional `+`; wraps modulo 2^64 like ClickHouse's text readers.
    static func unsigned(_ bytes: ArraySlice<UInt8>) -> UInt64? {
        var digits = bytes
        if digits.first == UInt8(ascii: "+") { digits = digits.dropFirst() }
        guard !digits.isEmpty else { return nil }
        var value: UInt64 = 0
        for byte in digits {
            guard byte >= 48 && byte <= 57 else { return nil }
            value = value &* 10 &+ UInt64(byte - 48)
        }
        return value
    }

    static func signed(_ bytes: ArraySlice<UInt8>) -> Int64? {
        if bytes.first == UInt8(ascii: "-") { return unsigned(bytes.dropFirst()).map { 0 &- Int64(bitPattern: $0) } }
        return unsigned(bytes).map { Int64(bitPattern: $0) }
    }

    /// A `Float64` from its text: decimals (with an exponent or not) by `FloatParser`, correctly
    /// rounded; `nan`, `inf` and `infinity` in any case with a sign; anything undecided by the
    /// fast algorithm through Swift's exact parser. `nil` when the text is not a number.
    static func double(_ bytes: ArraySlice<UInt8>) -> Double? {
        guard !bytes.isEmpty, bytes.count <= maximumFloatText else { return nil }
        if let (value, end) = FieldScan.double(bytes.span, from: 0), end == bytes.count { return value }
        if let value = special(bytes) { return value }
        return exactText(bytes).flatMap { Double($0) }
    }

    /// A `Float32` from its text, rounded once, from the decimal to binary32, as ClickHouse 26.9
    /// reads `Float32` text (through a `Double`, one value in about 2^29 would round differently).
    static func float(_ bytes: ArraySlice<UInt8>) -> Float? {
        guard !bytes.isEmpty, bytes.count <= maximumFloatText else { return nil }
        if let (value, end) = FieldScan.float(bytes.span, from: 0), end == bytes.count { return value }
        if let value = special(bytes) { return Float(value) }
        return exactText(bytes).flatMap { Float($0) }
    }

    /// The longest float text read. The exact decimal of a halfway point between two doubles
    /// can take ~770 significant digits, and ClickHouse reads it; beyond this, no.
    static let maximumFloatText = 4096

    /// `nan` and infinities, as ClickHouse spells them in text.
    private static func special(_ bytes: ArraySlice<UInt8>) -> Double? {
        guard bytes.count <= 9 else { return nil }
        switch String(decoding: bytes, as: UTF8.self).lowercased() {
        case "nan", "+nan": return .nan
        case "-nan": return -.nan
        case "inf", "+inf", "infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default: return nil
        }
    }

    /// The text for Swift's exact parsers when it is made of the characters of a decimal number.
    private static func exactText(_ bytes: ArraySlice<UInt8>) -> String? {
        guard bytes.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") || $0 | 0x20 == UInt8(ascii: "e") }) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// An `Array(Float64)` as ClickHouse 26.9 reads one in text formats: `[1, 2.5, nan]`,
    /// spaces anywhere between elements, a trailing comma allowed, `NULL` read as 0. The array or
    /// the error ClickHouse gives (its code and message, without the row).
    static func float64Array(_ text: ArraySlice<UInt8>) -> Result<[Double], SQLError> {
        func failure(_ code: ClickHouseErrorCode, _ message: String) -> Result<[Double], SQLError> {
            .failure(.badValue(code, message: message))
        }
        var i = text.startIndex
        func skipSpaces() { while i < text.endIndex, text[i] == 0x20 { i += 1 } }
        guard i < text.endIndex, text[i] == UInt8(ascii: "[") else {
            return failure(.cannotReadArrayFromText, "Array does not start with '[' character")
        }
        i += 1
        var values = [Double]()
        skipSpaces()
        if i < text.endIndex, text[i] == UInt8(ascii: "]") {
            i += 1
        } else {
            while true {
                // The longest run that can spell a float (`nan`, `inf`, `NULL` by letters), then a
                // comma or the end of the array, as ClickHouse reads an element and what follows.
                let start = i
                let isWord = i < text.endIndex && (text[i] | 0x20 >= UInt8(ascii: "a") && text[i] | 0x20 <= UInt8(ascii: "z"))
                let signed = i < text.endIndex && (text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+"))
                let letters = isWord || (signed && i + 1 < text.endIndex && text[i + 1] | 0x20 >= UInt8(ascii: "a") && text[i + 1] | 0x20 <= UInt8(ascii: "z"))
                if signed { i += 1 }
                while i < text.endIndex {
                    let c = text[i]
                    let inRun = letters ? (c | 0x20 >= UInt8(ascii: "a") && c | 0x20 <= UInt8(ascii: "z"))
                                        : ((c >= 48 && c <= 57) || c == UInt8(ascii: ".") || c | 0x20 == UInt8(ascii: "e")
                                           || ((c == UInt8(ascii: "-") || c == UInt8(ascii: "+")) && text[i - 1] | 0x20 == UInt8(ascii: "e")))
                    guard inRun else { break }
                    i += 1
                }
                let element = text[start..<i]
                if String(decoding: element, as: UTF8.self).uppercased() == "NULL" {
                    values.append(0)  // NULL as the default (input_format_null_as_default)
                } else if let value = double(element) {
                    values.append(value)
                } else {
                    return failure(.cannotParseNumber, "Cannot read floating point value here: \(String(decoding: text[start...].prefix(60), as: UTF8.self))")
                }
                skipSpaces()
                guard i < text.endIndex else {
                    return failure(.cannotParseInputAssertionFailed, "Cannot parse input: expected ']' at end of stream")
                }
                if text[i] == UInt8(ascii: "]") {
                    i += 1
                    break
                }
                guard text[i] == UInt8(ascii: ",") else {
                    return failure(.cannotReadArrayFromText,
                                   "Cannot read array from text, expected comma or end of array, found '\(String(decoding: text[i...].prefix(1), as: UTF8.self))'")
                }
                i += 1
                skipSpaces()
                if i < text.endIndex, text[i] == UInt8(ascii: "]") {  // a trailing comma
                    i += 1
                    break
                }
            }
        }
        guard i == text.endIndex else {
            return failure(.cannotParseInputAssertionFailed,
                           "Cannot parse input: expected the end of the value before: '\(String(decoding: text[i...].prefix(30), as: UTF8.self))'")
        }
        return .success(values)
    }

    /// An `Array(T)` in text formats: `[1, 2]`, `['a', 'b\'c']`, `[[1], []]`; its elements as a
    /// column of `T`, or the error ClickHouse gives (without the row). `Array(Float64)` is read
    /// as ``float64Array(_:)`` reads it.
    static func array(_ text: ArraySlice<UInt8>, of element: ColumnType) -> Result<ColumnValues, SQLError> {
        if element == .float64 { return float64Array(text).map { .float64($0) } }
        func failure(_ code: ClickHouseErrorCode, _ message: String) -> Result<ColumnValues, SQLError> {
            .failure(.badValue(code, message: message))
        }
        var i = text.startIndex
        func skipSpaces() { while i < text.endIndex, text[i] == 0x20 { i += 1 } }
        skipSpaces()
        guard i < text.endIndex, text[i] == UInt8(ascii: "[") else {
            return failure(.cannotReadArrayFromText, "Array does not start with '[' character")
        }
        i += 1
        var builder = ColumnBuilder(element)
        skipSpaces()
        while i < text.endIndex, text[i] != UInt8(ascii: "]") {
            let start = i
            var value: ArraySlice<UInt8>
            if text[i] == UInt8(ascii: "'") {
                // A quoted element: up to the closing quote, backslash escapes undone.
                var bytes = [UInt8]()
                i += 1
                while i < text.endIndex, text[i] != UInt8(ascii: "'") {
                    if text[i] == UInt8(ascii: "\\"), i + 1 < text.endIndex {
                        i += 1
                        bytes.append(Self.unescaped(text[i]))
                    } else {
                        bytes.append(text[i])
                    }
                    i += 1
                }
                guard i < text.endIndex else { return failure(.cannotParseInputAssertionFailed, "Cannot parse input: expected ' at end of stream") }
                i += 1
                value = bytes[...]
            } else {
                // Unquoted: a number, or a nested array up to its matching bracket.
                var depth = 0
                while i < text.endIndex {
                    let c = text[i]
                    if c == UInt8(ascii: "[") { depth += 1 } else if c == UInt8(ascii: "]") { if depth == 0 { break }; depth -= 1 }
                    if depth == 0 && c == UInt8(ascii: ",") { break }
                    i += 1
                }
                value = text[start..<i]
                while value.last == 0x20 { value = value.dropLast() }
            }
            guard builder.append(value) else {
                if case .array(let inner) = element, case .failure(let error) = array(value, of: inner) { return .failure(error) }
                return failure(.cannotParseNumber, "Cannot parse number: \(String(decoding: value.prefix(60), as: UTF8.self))")
            }
            skipSpaces()
            guard i < text.endIndex else { return failure(.cannotParseInputAssertionFailed, "Cannot parse input: expected ']' at end of stream") }
            if text[i] == UInt8(ascii: ",") {
                i += 1
                skipSpaces()
            } else if text[i] != UInt8(ascii: "]") {
                return failure(.cannotReadArrayFromText,
                               "Cannot read array from text, expected comma or end of array, found '\(String(decoding: text[i...].prefix(1), as: UTF8.self))'")
            }
        }
        guard i < text.endIndex else { return failure(.cannotParseInputAssertionFailed, "Cannot parse input: expected ']' at end of stream") }
        i += 1
        skipSpaces()
        guard i == text.endIndex else {
            return failure(.cannotParseInputAssertionFailed,
                           "Cannot parse input: expected the end of the value before: '\(String(decoding: text[i...].prefix(30), as: UTF8.self))'")
        }
        return .success(builder.build())
    }

    /// A `Tuple(…)` in text formats: `(1, 'a')`; a one-row column, or a parse error.
    static func tuple(_ text: ArraySlice<UInt8>, of types: [ColumnType]) -> Result<ColumnValues, SQLError> {
        let failure = SQLError.badValue(.cannotParseInputAssertionFailed, message: "Cannot parse input: expected a tuple of \(types.count) elements: \(String(decoding: text.prefix(60), as: UTF8.self))")
        var trimmed = text
        while trimmed.first == 0x20 { trimmed = trimmed.dropFirst() }
        while trimmed.last == 0x20 { trimmed = trimmed.dropLast() }
        guard trimmed.first == UInt8(ascii: "("), trimmed.last == UInt8(ascii: ")") else { return .failure(failure) }
        var fields = [ArraySlice<UInt8>]()
        var depth = 0, quoted = false, start = trimmed.startIndex + 1, i = start
        while i < trimmed.endIndex - 1 {
            let c = trimmed[i]
            if quoted {
                if c == UInt8(ascii: "\\") { i += 1 } else if c == UInt8(ascii: "'") { quoted = false }
            } else if c == UInt8(ascii: "'") {
                quoted = true
            } else if c == UInt8(ascii: "(") || c == UInt8(ascii: "[") {
                depth += 1
            } else if c == UInt8(ascii: ")") || c == UInt8(ascii: "]") {
                depth -= 1
            } else if c == UInt8(ascii: ","), depth == 0 {
                fields.append(trimmed[start..<i])
                start = i + 1
            }
            i += 1
        }
        fields.append(trimmed[start..<trimmed.endIndex - 1])
        guard fields.count == types.count else { return .failure(failure) }
        var elements = [ColumnValues]()
        for (field, type) in zip(fields, types) {
            var value = field
            while value.first == 0x20 { value = value.dropFirst() }
            while value.last == 0x20 { value = value.dropLast() }
            var bytes = Array(value)
            // A quoted element: its text without the quotes and escapes.
            if bytes.count >= 2, bytes.first == UInt8(ascii: "'"), bytes.last == UInt8(ascii: "'") {
                var unquoted = [UInt8](), j = 1
                while j < bytes.count - 1 {
                    if bytes[j] == UInt8(ascii: "\\"), j + 1 < bytes.count - 1 { j += 1; unquoted.append(unescaped(bytes[j])) } else { unquoted.append(bytes[j]) }
                    j += 1
                }
                bytes = unquoted
            }
            var builder = ColumnBuilder(type)
            guard builder.append(bytes[...]) else { return .failure(failure) }
            elements.append(builder.build())
        }
        return .success(.tuples(TupleColumn(elements, count: 1)))
    }

    /// The byte a backslash escape stands for, as ClickHouse reads it (`\n` → newline); other
    /// bytes stand for themselves.
    static func unescaped(_ byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "n"): 0x0A
        case UInt8(ascii: "t"): 0x09
        case UInt8(ascii: "r"): 0x0D
        case UInt8(ascii: "0"): 0x00
        case UInt8(ascii: "b"): 0x08
        case UInt8(ascii: "f"): 0x0C
        case UInt8(ascii: "a"): 0x07
        case UInt8(ascii: "v"): 0x0B
        default: byte
        }
    }

    /// `DateTime` from text (UTC), best effort as ClickHouse 26.9.
    static func dateTime(_ bytes: ArraySlice<UInt8>) -> UInt32? {
        if bytes.count == 19, let fast = DateTime.parseCanonical(bytes) { return fast }
        if bytes.count >= 1, bytes.count <= 10, bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }), bytes.count != 8 {
            return unsigned(bytes).flatMap { UInt32(exactly: $0) }
        }
        var text = Array(bytes)
        if text.last == UInt8(ascii: "Z") { text.removeLast() }
        if text.count > 19, text[19] == UInt8(ascii: ".") {
            var end = 20
            while end < text.count && text[end] >= 48 && text[end] <= 57 { end += 1 }
            guard end == text.count else { return nil }
            text.removeSubrange(19...)
        }
        return DateTime.parse(String(decoding: text, as: UTF8.self))
    }

    /// A `Date`: `YYYY-MM-DD` (one-digit month and day allowed), `YYYYMMDD`, or a DateTime text
    /// whose time is dropped, as ClickHouse reads them; days since 1970-01-01 within `UInt16`.
    static func date(_ bytes: ArraySlice<UInt8>) -> UInt16? {
        let digits = bytes.allSatisfy { $0 >= 48 && $0 <= 57 }
        let fields: [ArraySlice<UInt8>]
        if bytes.count == 8 && digits {
            let start = bytes.startIndex
            fields = [bytes[start..<start + 4], bytes[start + 4..<start + 6], bytes[start + 6..<start + 8]]
        } else if bytes.count > 10, let seconds = dateTime(bytes) {
            return UInt16(exactly: seconds / DateTime.secondsPerDay)
        } else {
            fields = bytes.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        }
        guard fields.count == 3, fields[0].count == 4, (1...2).contains(fields[1].count), (1...2).contains(fields[2].count),
              let year = unsigned(fields[0]), let month = unsigned(fields[1]), let day = unsigned(fields[2]) else { return nil }
        // As ClickHouse: a month or day outside 1...12 / 1...31 gives the zero date, a day past
        // the month's end runs into the next month (2026-02-30 is 2026-03-02), and dates outside
        // the type's range saturate at 1970-01-01 and 2149-06-06.
        guard (1...12).contains(month), (1...31).contains(day) else { return 0 }
        return UInt16(clamping: DateTime.days(year: Int64(year), month: Int64(month), day: 1) + Int64(day) - 1)
    }

    static func date(_ text: String) throws(SQLError) -> UInt16 {
        guard let value = date(Array(text.utf8)[...]) else {
            throw .badValue(.cannotParseDate, message: "Cannot parse date: expected a date in the YYYY-MM-DD or YYYYMMDD format: Cannot parse Date from String")
        }
        return value
    }

    static func dateTime(_ text: String) throws(SQLError) -> UInt32 {
        guard let value = dateTime(Array(text.utf8)[...]) else {
            throw .badValue(.cannotParseDatetime, message: "Cannot read DateTime: while converting '\(text)' to DateTime")
        }
        return value
    }

    static func uuid(_ text: String) throws(SQLError) -> UUIDValue {
        guard let value = UUIDValue(text) else {
            throw .badValue(.cannotParseUuid, message: "Cannot parse uuid \(text): while converting '\(text)' to UUID")
        }
        return value
    }
}
