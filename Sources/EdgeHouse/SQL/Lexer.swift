/// A token of ClickHouse SQL, with the byte offset where it starts (for error positions).
struct Token: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        /// A bare identifier or keyword (keywords are matched case-insensitively by the parser).
        case word(String)
        /// A `back-quoted` or "double-quoted" identifier: never a keyword.
        case quotedIdentifier(String)
        case integer(UInt64)
        case float(Double)
        case string(String)
        /// Punctuation and operators: `( ) , ; . * + - / % = == != <> < <= > >= { } : [ ] ->`.
        case symbol(String)
        case end
    }

    var kind: Kind
    var offset: Int

    /// The token's text as ClickHouse quotes it in syntax errors.
    var text: String {
        switch kind {
        case .word(let w): w
        case .quotedIdentifier(let w): "`\(w)`"
        case .integer(let n): String(n)
        case .float(let f): String(f)
        case .string(let s): "'\(s)'"
        case .symbol(let s): s
        case .end: "end of query"
        }
    }
}

/// Splits SQL text into tokens. Comments (`--`, `#!`/`# `, `/* */`) and whitespace are skipped.
struct Lexer {
    let source: [UInt8]

    init(_ text: String) { source = Array(text.utf8) }

    init(bytes: [UInt8]) { source = bytes }

    /// Every token of the text (tests and tools; the parser lexes on demand).
    func tokens() throws(SQLError) -> [Token] {
        var tokens = [Token]()
        var i = 0
        repeat { tokens.append(try token(at: &i)) } while tokens.last!.kind != .end
        return tokens
    }

    /// The token at or after `i` (skipping blanks and comments); moves `i` past it.
    func token(at i: inout Int) throws(SQLError) -> Token {
        func peek(_ k: Int = 0) -> UInt8? { i + k < source.count ? source[i + k] : nil }
        while i < source.count {
            let c = source[i]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { i += 1; continue }
            if c == UInt8(ascii: "-"), peek(1) == UInt8(ascii: "-") {
                while i < source.count && source[i] != 0x0A { i += 1 }
                continue
            }
            if c == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "*") {
                let start = i
                i += 2
                while i + 1 < source.count && !(source[i] == UInt8(ascii: "*") && source[i + 1] == UInt8(ascii: "/")) { i += 1 }
                guard i + 1 < source.count else { throw .syntax(position: start, near: "/*", expected: "end of comment") }
                i += 2
                continue
            }
            let start = i
            if Self.isIdentifierStart(c) {
                while i < source.count && Self.isIdentifierPart(source[i]) { i += 1 }
                return Token(kind: .word(String(decoding: source[start..<i], as: UTF8.self)), offset: start)
            }
            if Self.isDigit(c) || (c == UInt8(ascii: ".") && peek(1).map(Self.isDigit) == true) { return try number(&i) }
            if c == UInt8(ascii: "'") { return Token(kind: .string(try quoted(&i, quote: c)), offset: start) }
            if c == UInt8(ascii: "`") || c == UInt8(ascii: "\"") { return Token(kind: .quotedIdentifier(try quoted(&i, quote: c)), offset: start) }
            let two = peek(1).map { String(decoding: [c, $0], as: UTF8.self) } ?? ""
            if ["==", "!=", "<>", "<=", ">=", "||", "::", "->"].contains(two) {
                i += 2
                return Token(kind: .symbol(two), offset: start)
            }
            if "(),;.*+-/%=<>{}:[]?".utf8.contains(c) {
                i += 1
                return Token(kind: .symbol(String(UnicodeScalar(c))), offset: start)
            }
            throw .syntax(position: start, near: String(decoding: source[start..<min(source.count, start + 10)], as: UTF8.self), expected: "a token")
        }
        return Token(kind: .end, offset: source.count)
    }

    private func number(_ i: inout Int) throws(SQLError) -> Token {
        let start = i
        if source[i] == UInt8(ascii: "0"), i + 1 < source.count, source[i + 1] | 0x20 == UInt8(ascii: "x") {
            i += 2
            while i < source.count && source[i].isHexDigit { i += 1 }
            // A hexadecimal float: `0x1.8p3`, `0x123p-4`.
            var isFloat = false
            if i < source.count, source[i] == UInt8(ascii: ".") {
                isFloat = true
                i += 1
                while i < source.count && source[i].isHexDigit { i += 1 }
            }
            if i + 1 < source.count, source[i] | 0x20 == UInt8(ascii: "p"),
               Self.isDigit(source[i + 1]) || ((source[i + 1] == UInt8(ascii: "-") || source[i + 1] == UInt8(ascii: "+")) && i + 2 < source.count && Self.isDigit(source[i + 2])) {
                isFloat = true
                i += 2
                while i < source.count && Self.isDigit(source[i]) { i += 1 }
            }
            let text = String(decoding: source[start..<i], as: UTF8.self)
            if !isFloat, let value = UInt64(text.dropFirst(2), radix: 16) { return Token(kind: .integer(value), offset: start) }
            // Past UInt64, or with a binary exponent: a Float64, as ClickHouse reads it.
            guard let value = Double(isFloat || text.contains(".") ? text : text + "p0") else { throw .syntax(position: start, near: text, expected: "a number") }
            return Token(kind: .float(value), offset: start)
        }
        var isFloat = false
        while i < source.count {
            let c = source[i]
            if Self.isDigit(c) { i += 1 }
            else if c == UInt8(ascii: "."), !isFloat { isFloat = true; i += 1 }
            else if c | 0x20 == UInt8(ascii: "e"), i + 1 < source.count,
                    Self.isDigit(source[i + 1]) || ((source[i + 1] == UInt8(ascii: "-") || source[i + 1] == UInt8(ascii: "+")) && i + 2 < source.count && Self.isDigit(source[i + 2])) {
                isFloat = true
                i += 2
            } else { break }
        }
        let text = String(decoding: source[start..<i], as: UTF8.self)
        if !isFloat, let value = UInt64(text) { return Token(kind: .integer(value), offset: start) }
        // Past Float64 (`1e400`) is no number for ClickHouse's parser either.
        guard let value = Double(text), value.isFinite else { throw .syntax(position: start, near: text, expected: "a number") }
        return Token(kind: .float(value), offset: start)
    }

    /// A quoted string or identifier with ClickHouse's escapes (`\n`, `\t`, `\\`, `\'`, `\0`, …, and
    /// a doubled quote).
    private func quoted(_ i: inout Int, quote: UInt8) throws(SQLError) -> String {
        let start = i
        i += 1
        var bytes = [UInt8]()
        while true {
            guard i < source.count else { throw .syntax(position: start, near: String(decoding: source[start..<min(source.count, start + 20)], as: UTF8.self), expected: "closing quote") }
            let c = source[i]
            if c == quote {
                if i + 1 < source.count && source[i + 1] == quote { bytes.append(quote); i += 2; continue }
                i += 1
                return String(decoding: bytes, as: UTF8.self)
            }
            if c == UInt8(ascii: "\\"), i + 1 < source.count {
                bytes.append(Self.unescape(source[i + 1]))
                i += 2
                continue
            }
            bytes.append(c)
            i += 1
        }
    }

    /// The byte a backslash escape stands for, as ClickHouse reads it.
    static func unescape(_ c: UInt8) -> UInt8 { ValueParser.unescaped(c) }

    static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    static func isIdentifierStart(_ c: UInt8) -> Bool { (c | 0x20 >= 97 && c | 0x20 <= 122) || c == 95 || c >= 0x80 }
    static func isIdentifierPart(_ c: UInt8) -> Bool { isIdentifierStart(c) || isDigit(c) || c == UInt8(ascii: "$") }
}

extension UInt8 {
    var isHexDigit: Bool { Lexer.isDigit(self) || (self | 0x20 >= 97 && self | 0x20 <= 102) }
}
