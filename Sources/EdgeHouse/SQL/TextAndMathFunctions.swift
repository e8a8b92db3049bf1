import Foundation

/// String functions beyond the basic ones: search, replace, trim, pad, hex, UTF-8 case.
enum TextFunction: Sendable, Equatable {
    case position(caseInsensitive: Bool)
    case replace(all: Bool)
    case trim(leading: Bool, trailing: Bool)
    case repeated, leftPad, left, right
    case hex, unhex
    case lowerUTF8, upperUTF8, lengthUTF8

    func apply(_ args: [ColumnValues], rows: Int) throws(SQLError) -> ColumnValues {
        func strings(_ index: Int) -> StringColumn {
            if case .string(let s) = args[index] { return s }
            return StringColumn((0..<rows).map { args[index].text(at: $0) })
        }
        func map(_ transform: (Int) -> [UInt8]) -> ColumnValues {
            var output = StringColumn()
            for row in 0..<rows { output.append(bytes: transform(row)[...]) }
            return .string(output)
        }
        switch self {
        case .position(let caseInsensitive):
            let (haystacks, needles) = (strings(0), strings(1))
            return .uint64((0..<rows).map { row in
                var (haystack, needle) = (Array(haystacks[row]), Array(needles[row]))
                if caseInsensitive { (haystack, needle) = (Self.asciiLower(haystack), Self.asciiLower(needle)) }
                return Self.firstIndex(of: needle[...], in: haystack[...]).map { UInt64($0 + 1) } ?? 0
            })
        case .replace(let all):
            let (texts, needles, replacements) = (strings(0), strings(1), strings(2))
            return map { row in
                let (text, needle, replacement) = (texts[row], needles[row], Array(replacements[row]))
                guard !needle.isEmpty else { return Array(text) }
                var output = [UInt8]()
                var rest = text
                while let found = Self.firstIndex(of: needle, in: rest) {
                    output += rest.prefix(found)
                    output += replacement
                    rest = rest.dropFirst(found + needle.count)
                    if !all { break }
                }
                return output + rest
            }
        case .trim(let leading, let trailing):
            let texts = strings(0)
            return map { row in
                var text = texts[row]
                if leading { text = text.drop { $0 == 0x20 } }
                if trailing { while text.last == 0x20 { text = text.dropLast() } }
                return Array(text)
            }
        case .repeated:
            let (texts, counts) = (strings(0), Numeric.int64s(args[1]))
            for row in 0..<rows where Int64(texts[row].count) * max(0, min(counts[row], 1 << 40)) > Self.maxResultBytes {
                throw Self.tooLarge
            }
            return map { Array(repeatElement(Array(texts[$0]), count: Int(max(0, counts[$0]))).joined()) }
        case .leftPad:
            let (texts, lengths) = (strings(0), Numeric.int64s(args[1]))
            guard lengths.allSatisfy({ $0 <= Self.maxResultBytes }) else { throw Self.tooLarge }
            let pads = args.count > 2 ? strings(2) : StringColumn(repeating: [0x20], count: rows)
            return map { row in
                let (text, length, pad) = (Array(texts[row]), Int(max(0, lengths[row])), Array(pads[row]))
                guard text.count < length else { return Array(text.prefix(length)) }
                guard !pad.isEmpty else { return text }
                let fill = (0..<(length - text.count)).map { pad[$0 % pad.count] }
                return fill + text
            }
        case .left, .right:
            let (texts, counts) = (strings(0), Numeric.int64s(args[1]))
            return map { row in
                let text = texts[row]
                let count = counts[row] >= 0 ? Int(min(counts[row], Int64(text.count))) : max(0, text.count + Int(max(counts[row], -Int64(text.count))))
                return Array(self == .left ? text.prefix(count) : text.suffix(count))
            }
        case .hex:
            let digits = Array("0123456789ABCDEF".utf8)
            func hex(_ bytes: some Sequence<UInt8>) -> [UInt8] { bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] } }
            if case .string(let texts) = args[0] { return map { hex(texts[$0]) } }
            if case .aggregateStates(_, let states) = args[0] { return map { hex(states[$0]) } }
            // A number as its big-endian bytes, leading zero bytes dropped (at least one byte).
            let words = Numeric.uint64s(args[0])
            return map { row in
                var bytes = (0..<8).reversed().map { UInt8(truncatingIfNeeded: words[row] >> ($0 * 8)) }
                while bytes.count > 1 && bytes.first == 0 { bytes.removeFirst() }
                return hex(bytes)
            }
        case .unhex:
            // ClickHouse's: two digits a byte, an odd first digit a byte of its own; a character
            // that is no hex digit counts as -1 (`unhex('zz')` is 0xEF, as 26.9 answers).
            func digit(_ c: UInt8) -> Int {
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(c) - 48
                case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(c) - 87
                case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(c) - 55
                default: -1
                }
            }
            let texts = strings(0)
            return map { row in
                let text = Array(texts[row])
                var bytes = [UInt8]()
                var index = 0
                if text.count % 2 == 1 {
                    bytes.append(UInt8(truncatingIfNeeded: digit(text[0])))
                    index = 1
                }
                while index < text.count {
                    bytes.append(UInt8(truncatingIfNeeded: digit(text[index]) * 16 + digit(text[index + 1])))
                    index += 2
                }
                return bytes
            }
        case .lowerUTF8, .upperUTF8:
            let texts = strings(0)
            return map { row in
                let text = String(decoding: texts[row], as: UTF8.self)
                return Array((self == .lowerUTF8 ? text.lowercased() : text.uppercased()).utf8)
            }
        case .lengthUTF8:
            let texts = strings(0)
            return .uint64((0..<rows).map { row in UInt64(texts[row].filter { $0 & 0xC0 != 0x80 }.count) })
        }
    }

    /// The longest string `repeat` and `leftPad` make (ClickHouse's limits are of this order):
    /// a bigger one is an error, not an allocation that takes the process down.
    private static let maxResultBytes: Int64 = 1 << 30
    private static let tooLarge = SQLError.badValue(.tooLargeStringSize, message: "Too large string size in function")

    private static func asciiLower(_ bytes: [UInt8]) -> [UInt8] {
        bytes.map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 + 32 : $0 }
    }

    /// The offset of the first occurrence of `needle` in `haystack` (0 for an empty needle).
    static func firstIndex(of needle: ArraySlice<UInt8>, in haystack: ArraySlice<UInt8>) -> Int? {
        guard !needle.isEmpty else { return 0 }
        guard haystack.count >= needle.count else { return nil }
        for offset in 0...(haystack.count - needle.count)
        where haystack[haystack.startIndex + offset] == needle.first! && haystack.dropFirst(offset).starts(with: needle) {
            return offset
        }
        return nil
    }
}

/// Rounding, powers and logarithms, bits and float classes.
/// ClickHouse's Float64 functions of one number, computed by the C library as ClickHouse's are.
enum ElementaryFunction: String, Sendable, Equatable {
    case sqrt, cbrt, exp, exp2, exp10, log, log2, log10, log1p
    case sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, asinh, acosh, atanh
    case erf, erfc, lgamma, tgamma, degrees, radians

    func apply(_ x: Double) -> Double {
        switch self {
        case .sqrt: x.squareRoot()
        case .cbrt: Self.cubeRoot(x)
        case .exp: Foundation.exp(x)
        case .exp2: Foundation.exp2(x)
        case .exp10: Foundation.pow(10, x)
        case .log: Foundation.log(x)
        case .log2: Foundation.log2(x)
        case .log10: Foundation.log10(x)
        case .log1p: Foundation.log1p(x)
        case .sin: Foundation.sin(x)
        case .cos: Foundation.cos(x)
        case .tan: Foundation.tan(x)
        case .asin: Foundation.asin(x)
        case .acos: Foundation.acos(x)
        case .atan: Foundation.atan(x)
        case .sinh: Foundation.sinh(x)
        case .cosh: Foundation.cosh(x)
        case .tanh: Foundation.tanh(x)
        case .asinh: Foundation.asinh(x)
        case .acosh: Foundation.acosh(x)
        case .atanh: Foundation.atanh(x)
        case .erf: Foundation.erf(x)
        case .erfc: Foundation.erfc(x)
        case .lgamma: Foundation.lgamma(x)
        case .tgamma: Foundation.tgamma(x)
        case .degrees: x * (180 / Double.pi)
        case .radians: x * (Double.pi / 180)
        }
    }
}

extension ElementaryFunction {
    /// The cube root, correctly rounded (as ClickHouse's C library answers `cbrt(27)`: 3, where
    /// glibc's is an ulp above): of glibc's answer and its neighbours, the one whose cube is
    /// nearest `x`, each cube's error carried exactly by fused multiply-adds.
    static func cubeRoot(_ x: Double) -> Double {
        let root = Foundation.cbrt(x)
        guard root.isNormal else { return root }
        func cubeError(_ c: Double) -> Double {
            let square = c * c, squareError = (-square).addingProduct(c, c)
            let cube = square * c, cubeError = (-cube).addingProduct(square, c)
            return abs((cube - x) + (cubeError + squareError * c))
        }
        return [root.nextDown, root, root.nextUp].min { cubeError($0) < cubeError($1) }!
    }
}

enum MathFunction: Sendable, Equatable {
    case round(FloatingPointRoundingRule), pow, sign
    /// `sqrt(x)`, `sin(x)`, `log(x)`, …: a Float64 function of one number.
    case elementary(ElementaryFunction)
    /// `atan2(y, x)`, `hypot(x, y)`.
    case atan2, hypot
    case bitAnd, bitOr, bitXor, bitShiftLeft, bitShiftRight
    case isNaN, isFinite, isInfinite
    /// ClickHouse's `intHash32` / `intHash64` of an integer (signed ones sign-extended to 64 bits).
    case intHash32, intHash64
    /// `sipHash64(a, …)`: each argument's bytes (a string's, a number's in memory), hashed; the
    /// hashes of several combined as ClickHouse does (the hash of the two hashes' 16 bytes).
    case sipHash64
    /// `cityHash64(a, …)`: a string's CityHash64 (v1.0.2), a number's (or date's) in-memory bits
    /// through `intHash64`; several combined pairwise by CityHash's 128-to-64-bit mix.
    case cityHash64

    func apply(_ args: [ColumnValues], resultType: ColumnType, rows: Int) throws(SQLError) -> ColumnValues {
        switch self {
        case .round(let rule):
            // Floats round at `digits` decimal places (nearest even at the half, as ClickHouse's
            // nearbyint); integers are whole already.
            guard args[0].type == .float32 || args[0].type == .float64 else { return args[0] }
            let digits = args.count > 1 ? Numeric.int64s(args[1]) : Array(repeating: 0, count: rows)
            let values = Numeric.doubles(args[0])
            let rounded = (0..<rows).map { row -> Double in
                let scale = Foundation.pow(10, Double(digits[row]))
                return digits[row] == 0 ? values[row].rounded(rule) : (values[row] * scale).rounded(rule) / scale
            }
            return resultType == .float32 ? .float32(rounded.map { Float($0) }) : .float64(rounded)
        case .pow: return .float64(zip(Numeric.doubles(args[0]), Numeric.doubles(args[1])).map { Foundation.pow($0, $1) })
        case .atan2: return .float64(zip(Numeric.doubles(args[0]), Numeric.doubles(args[1])).map { Foundation.atan2($0, $1) })
        case .hypot: return .float64(zip(Numeric.doubles(args[0]), Numeric.doubles(args[1])).map { Foundation.hypot($0, $1) })
        case .elementary(let function): return .float64(Numeric.doubles(args[0]).map(function.apply))
        case .sign: return .int8(Numeric.doubles(args[0]).map { $0 > 0 ? 1 : $0 < 0 ? -1 : 0 })
        case .bitAnd, .bitOr, .bitXor, .bitShiftLeft, .bitShiftRight:
            let (a, b) = (Numeric.uint64s(args[0]), Numeric.uint64s(args[1]))
            let words = zip(a, b).map { (x: UInt64, y: UInt64) -> UInt64 in
                switch self {
                case .bitAnd: x & y
                case .bitOr: x | y
                case .bitXor: x ^ y
                case .bitShiftLeft: y >= 64 ? 0 : x << y
                default: y >= 64 ? 0 : x >> y
                }
            }
            return try Conversion.convert(.uint64(words), to: resultType)
        case .intHash32, .intHash64:
            let words = args[0].type.isSignedInteger ? Numeric.int64s(args[0]).map { UInt64(bitPattern: $0) } : Numeric.uint64s(args[0])
            if self == .intHash64 { return .uint64(words.map { EdgeHouse.intHash64($0 ^ 0x4CF2_D2BA_AE6D_A887) }) }
            return .uint32(words.map(Self.intHash32))
        case .sipHash64:
            let hashes = args.map { column in (0..<rows).map { SipHash128.hash64(Self.memoryBytes(column, row: $0)) } }
            return .uint64((0..<rows).map { row in
                hashes.dropFirst().reduce(hashes[0][row]) { combined, next in
                    var bytes = [UInt8]()
                    appendValue(combined.littleEndian, to: &bytes)
                    appendValue(next[row].littleEndian, to: &bytes)
                    return SipHash128.hash64(bytes)
                }
            })
        case .cityHash64:
            let hashes = args.map { column in
                (0..<rows).map { row -> UInt64 in
                    let bytes = Self.memoryBytes(column, row: row)
                    if column.type == .string { return CityHash102.hash64(bytes[...]) }
                    return EdgeHouse.intHash64(bytes.reversed().reduce(0) { $0 << 8 | UInt64($1) } ^ 0x4CF2_D2BA_AE6D_A887)
                }
            }
            return .uint64((0..<rows).map { row in hashes.dropFirst().reduce(hashes[0][row]) { CityHash102.hashLen16($0, $1[row]) } })
        case .isNaN, .isFinite, .isInfinite:
            return .uint8(Numeric.doubles(args[0]).map { value in
                let holds = self == .isNaN ? value.isNaN : self == .isFinite ? value.isFinite : value.isInfinite
                return holds ? 1 : 0
            })
        }
    }
}

extension MathFunction {
    /// `intHash32` with the salt ClickHouse's SQL function uses.
    /// A value as ClickHouse holds it in memory: a string's bytes, a number's (or a date's)
    /// little-endian bytes at its type's width.
    private static func memoryBytes(_ column: ColumnValues, row: Int) -> [UInt8] {
        func bytes<T: FixedWidthInteger & BitwiseCopyable>(_ value: T) -> [UInt8] {
            var out = [UInt8]()
            appendValue(value.littleEndian, to: &out)
            return out
        }
        switch column {
        case .string(let strings): return Array(strings[row])
        case .uint8(let v): return bytes(v[row])
        case .int8(let v): return bytes(v[row])
        case .uint16(let v), .date(let v): return bytes(v[row])
        case .int16(let v): return bytes(v[row])
        case .uint32(let v), .dateTime(let v): return bytes(v[row])
        case .int32(let v): return bytes(v[row])
        case .uint64(let v): return bytes(v[row])
        case .int64(let v): return bytes(v[row])
        case .float32(let v): return bytes(v[row].bitPattern)
        case .float64(let v): return bytes(v[row].bitPattern)
        default: preconditionFailure("a hash of \(column.type), refused when bound")
        }
    }

    private static func intHash32(_ value: UInt64) -> UInt32 { IntHash32.hash(value, salt: 0x75D9_543D_E018_BF45) }
}

extension Binder {
    /// Binds a string or math function of the families above, or `nil` when `name` is not one.
    func bindTextOrMathFunction(_ name: String, _ arguments: [ASTExpression]) throws(SQLError) -> BoundExpression? {
        func arity(_ counts: ClosedRange<Int>) throws(SQLError) { try Self.checkArity(name, arguments.count, counts) }
        func bound(_ accepts: (ColumnType) -> Bool) throws(SQLError) -> [BoundExpression] {
            var values = [BoundExpression]()
            for argument in arguments {
                let value = try bind(argument)
                guard accepts(value.type) else { throw .illegalType("Illegal type \(value.type) of argument of function \(name)") }
                values.append(value)
            }
            return values
        }
        let isText: (ColumnType) -> Bool = { $0 == .string }
        let isNumber: (ColumnType) -> Bool = { $0.isNumeric }
        let isTextOrInteger: (ColumnType) -> Bool = { $0 == .string || ($0.isNumeric && $0 != .float32 && $0 != .float64) }
        let text: (TextFunction, ColumnType, ClosedRange<Int>)?
        switch name {
        case "position", "locate": text = (.position(caseInsensitive: false), .uint64, 2...2)
        case "positionCaseInsensitive": text = (.position(caseInsensitive: true), .uint64, 2...2)
        case "replaceAll", "replace": text = (.replace(all: true), .string, 3...3)
        case "replaceOne": text = (.replace(all: false), .string, 3...3)
        case "trim", "trimBoth": text = (.trim(leading: true, trailing: true), .string, 1...1)
        case "trimLeft", "ltrim": text = (.trim(leading: true, trailing: false), .string, 1...1)
        case "trimRight", "rtrim": text = (.trim(leading: false, trailing: true), .string, 1...1)
        case "repeat": text = (.repeated, .string, 2...2)
        case "leftPad", "lpad": text = (.leftPad, .string, 2...3)
        case "left": text = (.left, .string, 2...2)
        case "right": text = (.right, .string, 2...2)
        case "hex": text = (.hex, .string, 1...1)
        case "unhex": text = (.unhex, .string, 1...1)
        case "lowerUTF8": text = (.lowerUTF8, .string, 1...1)
        case "upperUTF8": text = (.upperUTF8, .string, 1...1)
        case "lengthUTF8", "char_length", "CHAR_LENGTH": text = (.lengthUTF8, .uint64, 1...1)
        default: text = nil
        }
        if let (function, type, counts) = text {
            try arity(counts)
            // hex() of an aggregate state: its serialized bytes.
            let values = try bound(function == .hex ? { isTextOrInteger($0) || $0.isAggregateState } : { $0 == .string || $0.isNumeric })
            if [.repeated, .leftPad, .left, .right].contains(function), !isText(values[0].type) {
                throw .illegalType("Illegal type \(values[0].type) of first argument of function \(name)")
            }
            if function == .unhex, !isText(values[0].type) {
                throw .illegalType("Illegal type \(values[0].type) of argument of function \(name)")
            }
            return .call(.text(function), values, type)
        }
        switch name {
        case "round", "floor", "ceil", "ceiling", "trunc", "truncate", "roundBankers":
            try arity(1...2)
            let values = try bound(isNumber)
            let rule: FloatingPointRoundingRule = switch name {
            case "floor": .down
            case "ceil", "ceiling": .up
            case "trunc", "truncate": .towardZero
            default: .toNearestOrEven
            }
            return .call(.math(.round(rule)), values, values[0].type)
        case _ where ElementaryFunction(rawValue: name == "ln" ? "log" : name) != nil:
            try arity(1...1)
            return .call(.math(.elementary(ElementaryFunction(rawValue: name == "ln" ? "log" : name)!)), try bound(isNumber), .float64)
        case "pow", "power", "atan2", "hypot":
            try arity(2...2)
            let function: MathFunction = name == "atan2" ? .atan2 : name == "hypot" ? .hypot : .pow
            return .call(.math(function), try bound(isNumber), .float64)
        case "pi", "e":
            try arity(0...0)
            return .constant(.float64([name == "pi" ? Double.pi : M_E]))
        case "sign":
            try arity(1...1)
            return .call(.math(.sign), try bound(isNumber), .int8)
        case "bitAnd", "bitOr", "bitXor", "bitShiftLeft", "bitShiftRight":
            try arity(2...2)
            let values = try bound { $0.isNumeric && $0 != .float32 && $0 != .float64 }
            let function: MathFunction = ["bitAnd": .bitAnd, "bitOr": .bitOr, "bitXor": .bitXor, "bitShiftLeft": .bitShiftLeft,
                                          "bitShiftRight": .bitShiftRight][name]!
            let type = name.hasPrefix("bitShift") ? values[0].type : try CommonType.of(values[0].type, values[1].type)
            return .call(.math(function), values, type)
        case "intHash32", "intHash64":
            try arity(1...1)
            let values = try bound { ($0.isNumeric && $0 != .float32 && $0 != .float64) || $0.isCalendar }
            return .call(.math(name == "intHash32" ? .intHash32 : .intHash64), values, name == "intHash32" ? .uint32 : .uint64)
        case "sipHash64":
            // ClickHouse's hash of no arguments: a constant it drew from /dev/urandom once.
            if arguments.isEmpty { return .constant(.uint64([0xE28D_BDE7_FE22_E41C])) }
            let values = try bound { $0 == .string || $0.isNumeric || $0.isCalendar }
            return .call(.math(.sipHash64), values, .uint64)
        case "cityHash64":
            guard !arguments.isEmpty else { throw .badValue(.numberOfArgumentsDoesntMatch, message: "Function cityHash64 requires at least one argument") }
            return .call(.math(.cityHash64), try bound { $0 == .string || $0.isNumeric || $0.isCalendar }, .uint64)
        case "isNaN", "isFinite", "isInfinite":
            try arity(1...1)
            let function: MathFunction = name == "isNaN" ? .isNaN : name == "isFinite" ? .isFinite : .isInfinite
            return .call(.math(function), try bound(isNumber), .uint8)
        default:
            return nil
        }
    }
}
