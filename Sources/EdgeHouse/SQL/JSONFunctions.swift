/// ClickHouse's JSON functions over String values: `JSONHas`, `JSONLength`, `JSONExtractKeys`,
/// `JSONExtractRaw` and `JSONExtractString`/`Int`/`UInt`/`Float`/`Bool`, each with a path of
/// keys (a string names an object's member, an integer the 1-based element of an array or
/// object, negative from the end). Invalid JSON, or a path that leads nowhere, gives the
/// type's default, as in ClickHouse 26.9.
enum JSONFunction: Sendable, Equatable {
    case has, length, extractKeys, extractRaw, extractString, extractInt, extractUInt, extractFloat, extractBool

    init?(name: String) {
        switch name {
        case "JSONHas": self = .has
        case "JSONLength": self = .length
        case "JSONExtractKeys": self = .extractKeys
        case "JSONExtractRaw": self = .extractRaw
        case "JSONExtractString": self = .extractString
        case "JSONExtractInt": self = .extractInt
        case "JSONExtractUInt": self = .extractUInt
        case "JSONExtractFloat": self = .extractFloat
        case "JSONExtractBool": self = .extractBool
        default: return nil
        }
    }

    var resultType: ColumnType {
        switch self {
        case .has, .extractBool: .uint8
        case .length, .extractUInt: .uint64
        case .extractKeys: .array(.string)
        case .extractRaw, .extractString: .string
        case .extractInt: .int64
        case .extractFloat: .float64
        }
    }

    /// `args[0]` the documents, the rest the path's elements (strings or integers).
    func apply(_ args: [ColumnValues], rows: Int) -> ColumnValues {
        guard case .string(let documents) = args[0] else { preconditionFailure("bound to a String") }
        // Each path element's column: keys, or indexes.
        let path = args.dropFirst().map { column -> (keys: StringColumn?, indexes: [Int64]) in
            if case .string(let keys) = column { (keys, []) } else { (nil, Numeric.int64s(column)) }
        }
        let found = (0..<rows).map { row -> JSONValue? in
            guard var value = JSONValue.parse(documents[row]) else { return nil }
            for element in path {
                let step: JSONValue.PathElement = if let keys = element.keys { .key(Array(keys[row])) } else { .index(element.indexes[row]) }
                guard let next = value.child(step) else { return nil }
                value = next
            }
            return value
        }
        switch self {
        case .has: return .uint8(found.map { $0 == nil ? 0 : 1 })
        case .length: return .uint64(found.map { UInt64($0?.length ?? 0) })
        case .extractBool: return .uint8(found.map { if case .bool(true)? = $0 { 1 } else { 0 } })
        case .extractInt: return .int64(found.map { $0?.int64 ?? 0 })
        case .extractUInt: return .uint64(found.map { $0?.uint64 ?? 0 })
        case .extractFloat: return .float64(found.map { $0?.double ?? 0 })
        case .extractRaw: return .string(StringColumn(found.map { $0.map { String(decoding: $0.serialized, as: UTF8.self) } ?? "" }))
        case .extractString:
            return .string(StringColumn(found.map { value -> String in
                switch value {
                case .string(let bytes)?: String(decoding: bytes, as: UTF8.self)
                case .null?, nil: ""
                case let other?: String(decoding: other.serialized, as: UTF8.self)
                }
            }))
        case .extractKeys:
            var keys = ArrayColumn(of: .string)
            for value in found {
                let members: [(key: [UInt8], value: JSONValue)] = if case .object(let members)? = value { members } else { [] }
                keys.append(row: .string(StringColumn(members.map { String(decoding: $0.key, as: UTF8.self) })))
            }
            return .arrays(keys)
        }
    }
}

/// A parsed JSON document, numbers classified as simdjson (ClickHouse's parser) classifies them.
indirect enum JSONValue {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    /// An integer beyond 64 bits: ClickHouse keeps its digits (and writes them as a string).
    case bigInteger([UInt8])
    case string([UInt8])
    case array([JSONValue])
    case object([(key: [UInt8], value: JSONValue)])

    enum PathElement {
        case key([UInt8])
        case index(Int64)
    }

    /// The whole of `text` as one JSON value, or `nil` when it is not (invalid UTF-8 anywhere
    /// included, as simdjson validates the whole document).
    static func parse(_ text: ArraySlice<UInt8>) -> JSONValue? {
        guard String(validating: text, as: UTF8.self) != nil else { return nil }
        var reader = JSONDocumentParser(bytes: Array(text))
        guard let value = reader.value(depth: 0) else { return nil }
        reader.skipSpace()
        return reader.position == reader.bytes.count ? value : nil
    }

    /// The member or element the path element names (duplicate keys: the first).
    func child(_ element: PathElement) -> JSONValue? {
        switch (self, element) {
        case (.object(let members), .key(let key)): return members.first { $0.key == key }?.value
        case (.object(let members), .index(let index)): return Self.element(members.map(\.value), index)
        case (.array(let elements), .index(let index)): return Self.element(elements, index)
        default: return nil
        }
    }

    private static func element(_ values: [JSONValue], _ index: Int64) -> JSONValue? {
        if index > 0 && index <= Int64(values.count) { return values[Int(index) - 1] }
        if index < 0 && -index <= Int64(values.count) { return values[values.count + Int(index)] }
        return nil
    }

    var length: Int {
        switch self {
        case .array(let elements): elements.count
        case .object(let members): members.count
        default: 0
        }
    }

    /// A number (or a string holding one), truncated, in Int64's range; else nil.
    var int64: Int64? {
        switch self {
        case .int(let v): v
        case .uint(let v): Int64(exactly: v)
        case .double(let v): v.isFinite && v > -9.3e18 && v < 9.3e18 ? Int64(exactly: v.rounded(.towardZero)) : nil
        case .string(let bytes): JSONValue.number(in: bytes)?.int64
        default: nil
        }
    }

    var uint64: UInt64? {
        switch self {
        case .int(let v): UInt64(exactly: v)
        case .uint(let v): v
        case .double(let v): v.isFinite && v >= 0 && v < 1.9e19 ? UInt64(exactly: v.rounded(.towardZero)) : nil
        case .string(let bytes): JSONValue.number(in: bytes)?.uint64
        default: nil
        }
    }

    var double: Double? {
        switch self {
        case .int(let v): Double(v)
        case .uint(let v): Double(v)
        case .double(let v): v
        case .string(let bytes): JSONValue.number(in: bytes)?.double
        default: nil
        }
    }

    /// The number a string holds, all of it and nothing around it (`"12"`, not `" 7"`).
    private static func number(in bytes: [UInt8]) -> JSONValue? {
        let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
        guard let first = bytes.first, let last = bytes.last, first == UInt8(ascii: "-") || digits.contains(first), digits.contains(last),
              let value = parse(bytes[...]) else { return nil }
        switch value {
        case .int, .uint, .double: return value
        default: return nil
        }
    }

    /// Minified JSON, as `JSONExtractRaw` writes a value.
    var serialized: [UInt8] {
        var out = [UInt8]()
        serialize(into: &out)
        return out
    }

    private func serialize(into out: inout [UInt8]) {
        switch self {
        case .null: out += Array("null".utf8)
        case .bool(let v): out += Array((v ? "true" : "false").utf8)
        case .int(let v): out += Array(String(v).utf8)
        case .uint(let v): out += Array(String(v).utf8)
        case .double(let v): out += Array(FloatText.format(v).utf8)
        case .bigInteger(let digits): Self.quote(digits, into: &out)
        case .string(let bytes): Self.quote(bytes, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                element.serialize(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.quote(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                member.value.serialize(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A JSON string: quote, backslash and control characters escaped, the rest as is.
    private static func quote(_ bytes: [UInt8], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""): out += Array("\\\"".utf8)
            case UInt8(ascii: "\\"): out += Array("\\\\".utf8)
            case 0x0A: out += Array("\\n".utf8)
            case 0x0D: out += Array("\\r".utf8)
            case 0x09: out += Array("\\t".utf8)
            case 0x08: out += Array("\\b".utf8)
            case 0x0C: out += Array("\\f".utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// A strict recursive-descent parser of RFC 8259 JSON, for the JSON functions: values nest at
/// most 1024 deep, counting the innermost (simdjson's bound in ClickHouse 26.9),
/// and any departure from the grammar makes the document invalid. (The JSONEachRow
/// input reader, `JSONReader`, is lenient instead, and reports errors with row numbers.)
private struct JSONDocumentParser {
    let bytes: [UInt8]
    var position = 0
    static let maximumDepth = 1024

    mutating func skipSpace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    private mutating func accept(_ literal: String) -> Bool {
        let text = Array(literal.utf8)
        guard position + text.count <= bytes.count, Array(bytes[position..<position + text.count]) == text else { return false }
        position += text.count
        return true
    }

    mutating func value(depth: Int) -> JSONValue? {
        skipSpace()
        guard position < bytes.count, depth < Self.maximumDepth else { return nil }
        switch bytes[position] {
        case UInt8(ascii: "{"): return object(depth: depth)
        case UInt8(ascii: "["): return array(depth: depth)
        case UInt8(ascii: "\""): return string().map(JSONValue.string)
        case UInt8(ascii: "t"): return accept("true") ? .bool(true) : nil
        case UInt8(ascii: "f"): return accept("false") ? .bool(false) : nil
        case UInt8(ascii: "n"): return accept("null") ? .null : nil
        default: return number()
        }
    }

    private mutating func object(depth: Int) -> JSONValue? {
        position += 1
        var members = [(key: [UInt8], value: JSONValue)]()
        skipSpace()
        if position < bytes.count && bytes[position] == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        while true {
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\""), let key = string() else { return nil }
            skipSpace()
            guard accept(":"), let value = value(depth: depth + 1) else { return nil }
            members.append((key, value))
            skipSpace()
            if accept(",") { continue }
            return accept("}") ? .object(members) : nil
        }
    }

    private mutating func array(depth: Int) -> JSONValue? {
        position += 1
        var elements = [JSONValue]()
        skipSpace()
        if accept("]") { return .array(elements) }
        while true {
            guard let element = value(depth: depth + 1) else { return nil }
            elements.append(element)
            skipSpace()
            if accept(",") { continue }
            return accept("]") ? .array(elements) : nil
        }
    }

    /// A string's bytes, escapes decoded (surrogate pairs joined); at its opening quote.
    private mutating func string() -> [UInt8]? {
        position += 1
        var out = [UInt8]()
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""): return out
            case 0..<0x20: return nil
            case UInt8(ascii: "\\"):
                guard position < bytes.count else { return nil }
                let escaped = bytes[position]
                position += 1
                if let byte = JSONEscapes.byte(escaped: escaped) {
                    out.append(byte)
                    continue
                }
                guard escaped == UInt8(ascii: "u"), var scalar = hex4() else { return nil }
                if (0xD800..<0xDC00).contains(scalar) {
                    guard accept("\\u"), let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let unicode = Unicode.Scalar(scalar) else { return nil }
                out += Array(String(Character(unicode)).utf8)
            default: out.append(byte)
            }
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard position + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for byte in bytes[position..<position + 4] {
            guard let digit = Character(UnicodeScalar(byte)).hexDigitValue else { return nil }
            value = value << 4 | UInt32(digit)
        }
        position += 4
        return value
    }

    /// `-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`: an integer when it has neither
    /// point nor exponent and fits 64 bits, else a double.
    private mutating func number() -> JSONValue? {
        let start = position
        func digits() -> Int {
            let from = position
            while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) { position += 1 }
            return position - from
        }
        let negative = accept("-")
        let integerStart = position
        let integerDigits = digits()
        guard integerDigits > 0, integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else { return nil }
        var isInteger = true
        if accept(".") {
            isInteger = false
            guard digits() > 0 else { return nil }
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            isInteger = false
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { return nil }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if isInteger {
            if let value = Int64(text) { return .int(value) }
            if !negative, let value = UInt64(text) { return .uint(value) }
            return .bigInteger(Array(bytes[start..<position]))
        }
        return Double(text).map(JSONValue.double)
    }
}

extension Binder {
    /// Binds a JSON function, or `nil` when `name` is not one.
    func bindJSONFunction(_ name: String, _ arguments: [ASTExpression]) throws(SQLError) -> BoundExpression? {
        guard let function = JSONFunction(name: name) else { return nil }
        guard !arguments.isEmpty else {
            throw .badValue(.numberOfArgumentsDoesntMatch, message: "Function \(name) requires at least one argument")
        }
        let bound = try bindAll(arguments)
        guard bound[0].type == .string else {
            throw .illegalType("The first argument of function \(name) should be a string containing JSON, illegal type: \(bound[0].type)")
        }
        for (index, element) in bound.enumerated().dropFirst()
        where element.type != .string && !(element.type.isNumeric && element.type != .float32 && element.type != .float64) {
            throw .illegalType("The argument \(index + 1) of function \(name) should be a string specifying key or an integer specifying index, illegal type: \(element.type)")
        }
        return .call(.json(function), bound, function.resultType)
    }
}
