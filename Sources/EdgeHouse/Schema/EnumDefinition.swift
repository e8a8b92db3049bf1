/// The elements of an `Enum8` / `Enum16` column: names and their numbers.
///
/// EdgeHouse stores an enum column as its names (a `String` column declared as the enum): the
/// names are what every query, format and comparison with a string sees. The numbers are kept
/// for what ClickHouse does with them: ORDER BY sorts by number, `toInt8(e)` answers it, an
/// INSERT may give the number for the name, and a missing value is the least number's name.
public struct EnumDefinition: Hashable, Sendable, Codable {
    public struct Element: Hashable, Sendable, Codable {
        public var name: String
        public var value: Int16
    }

    /// `Enum16` (else `Enum8`).
    public var wide: Bool
    /// Sorted by number, as ClickHouse keeps (and prints) them.
    public private(set) var elements: [Element]

    /// Parses `Enum8('a' = 1, 'b' = 2)`, `Enum16(…)` or `Enum('a', 'b' = 5, 'c')` (numbers from 1,
    /// each missing one the previous plus one; `Enum8` when they all fit). `nil` when `text` is
    /// not an enum type at all.
    public init?(typeName text: String) throws(SchemaError) {
        let kind: String
        if text.hasPrefix("Enum8(") { kind = "Enum8" } else if text.hasPrefix("Enum16(") { kind = "Enum16" } else if text.hasPrefix("Enum(") { kind = "Enum" } else { return nil }
        guard text.hasSuffix(")") else { throw .invalidEnum("\(text): expected ')'") }
        var scanner = Substring(text.dropFirst(kind.count + 1).dropLast())
        var parsed = [(String, Int)]()
        var next = 1
        while true {
            scanner = scanner.drop(while: \.isWhitespace)
            guard let name = Self.quoted(&scanner) else { throw .invalidEnum("\(text): expected a quoted name") }
            scanner = scanner.drop(while: \.isWhitespace)
            var value = next
            if scanner.first == "=" {
                scanner = scanner.dropFirst().drop(while: \.isWhitespace)
                let digits = scanner.prefix { $0 == "-" || $0 == "+" || $0.isNumber }
                guard let number = Int(digits) else { throw .invalidEnum("\(text): expected the number of '\(name)'") }
                value = number
                scanner = scanner.dropFirst(digits.count).drop(while: \.isWhitespace)
            } else if kind != "Enum" {
                throw .invalidEnum("\(text): '\(name)' has no number")
            }
            parsed.append((name, value))
            next = value + 1
            if scanner.isEmpty { break }
            guard scanner.first == "," else { throw .invalidEnum("\(text): expected ','") }
            scanner = scanner.dropFirst()
        }
        wide = kind == "Enum16" || (kind == "Enum" && parsed.contains { !(Int(Int8.min)...Int(Int8.max)).contains($0.1) })
        let range = wide ? Int(Int16.min)...Int(Int16.max) : Int(Int8.min)...Int(Int8.max)
        for (name, value) in parsed where !range.contains(value) {
            throw .enumValueOutOfRange("Value \(value) for element '\(name)' exceeds range of \(wide ? "Enum16" : "Enum8")")
        }
        for (index, (name, value)) in parsed.enumerated() {
            if let other = parsed[..<index].first(where: { $0.0 == name }) {
                throw .invalidEnum("Duplicate names in enum: '\(name)' = \(other.1) and \(value)")
            }
            if let other = parsed[..<index].first(where: { $0.1 == value }) {
                throw .invalidEnum("Duplicate values in enum: '\(other.0)' = \(value) and '\(name)'")
            }
        }
        elements = parsed.map { Element(name: $0.0, value: Int16($0.1)) }.sorted { $0.value < $1.value }
    }

    /// `Enum8('a' = 1, 'b' = 2)`, names quoted as ClickHouse quotes them.
    public var typeName: String {
        let list = elements.map { element in
            "'" + element.name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "' = \(element.value)"
        }
        return "\(wide ? "Enum16" : "Enum8")(\(list.joined(separator: ", ")))"
    }

    public func value(of name: String) -> Int16? { elements.first { $0.name == name }?.value }

    public func name(of value: Int64) -> String? { elements.first { Int64($0.value) == value }?.name }

    /// What a row without a value holds: the name of the least number.
    public var defaultName: String { elements[0].name }

    /// A single-quoted string at the start of `text` (backslash escapes, `''` for a quote), consumed.
    private static func quoted(_ text: inout Substring) -> String? {
        guard text.first == "'" else { return nil }
        var result = ""
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let character = text[index]
            index = text.index(after: index)
            if character == "\\", index < text.endIndex {
                result.append(text[index])
                index = text.index(after: index)
            } else if character == "'" {
                if index < text.endIndex, text[index] == "'" {
                    result.append("'")
                    index = text.index(after: index)
                } else {
                    text = text[index...]
                    return result
                }
            } else {
                result.append(character)
            }
        }
        return nil
    }
}
