/// Conversion of a column to another type, as ClickHouse's `CAST` and `toT` functions convert:
/// integers wrap to the target's width, floats truncate toward zero (through `Int64`), strings
/// parse (`…OrZero`: zero where they do not), dates and times count days and seconds.
enum Conversion {
    static func convert(_ values: ColumnValues, to type: ColumnType, orZero: Bool = false) throws(SQLError) -> ColumnValues {
        if values.type == type { return values }
        switch (values, type) {
        case (.nullable(let column), .nullable(let inner)):
            return .nullable(NullableColumn(values: try convertKeepingNulls(column, to: inner, orZero: orZero), nulls: column.nulls))
        case (_, .nullable(let inner)):
            return .nullable(NullableColumn(try convert(values, to: inner, orZero: orZero)))
        case (.nullable(let column), _):
            guard !column.nulls.contains(true) else {
                throw .badValue(.cannotInsertNullInOrdinaryColumn, message: "Cannot convert NULL value to non-Nullable type")
            }
            return try convert(column.values, to: type, orZero: orZero)
        case (.nothing(let count), _):
            return .defaults(type, count: count)
        case (.tuples(let column), .tuple(let types)) where types.count == column.elements.count:
            var elements = [ColumnValues]()
            for (element, type) in zip(column.elements, types) { elements.append(try convert(element, to: type, orZero: orZero)) }
            return .tuples(TupleColumn(elements, count: column.count))
        default:
            break
        }
        // Arrays convert element by element.
        if case .arrays(let arrays) = values, case .array(let element) = type {
            return .arrays(ArrayColumn(elements: try convert(arrays.elements, to: element, orZero: orZero), ends: arrays.ends))
        }
        if case .string(let strings) = values, type != .string { return try parse(strings, as: type, orZero: orZero) }
        switch type {
        case .string:
            return .string(StringColumn((0..<values.count).map { values.text(at: $0) }))
        case .uint8: return .uint8(try integers(values, from: .int32).map { UInt8(truncatingIfNeeded: $0) })
        case .uint16: return .uint16(try integers(values, from: .int32).map { UInt16(truncatingIfNeeded: $0) })
        case .uint32: return .uint32(try integers(values).map { UInt32(truncatingIfNeeded: $0) })
        case .uint64: return .uint64(try integers(values, from: .uint64))
        case .int8: return .int8(try integers(values, from: .int32).map { Int8(truncatingIfNeeded: $0) })
        case .int16: return .int16(try integers(values, from: .int32).map { Int16(truncatingIfNeeded: $0) })
        case .int32: return .int32(try integers(values, from: .int32).map { Int32(truncatingIfNeeded: $0) })
        case .int64: return .int64(try integers(values).map { Int64(bitPattern: $0) })
        case .float32: return .float32(Numeric.doubles(values).map { Float($0) })
        case .float64: return .float64(Numeric.doubles(values))
        case .date:
            switch values {
            case .dateTime(let seconds): return .date(seconds.map { UInt16(truncatingIfNeeded: $0 / DateTime.secondsPerDay) })
            default:
                // A number up to 65535 is days, a greater one seconds.
                return .date(try integers(values).map { UInt16(truncatingIfNeeded: $0 <= UInt64(UInt16.max) ? $0 : $0 / UInt64(DateTime.secondsPerDay)) })
            }
        case .dateTime:
            if case .date = values { return .dateTime(ScalarFunction.seconds(values)) }
            return .dateTime(try integers(values).map { UInt32(truncatingIfNeeded: $0) })
        default:
            throw .badValue(.cannotConvertType, message: "Conversion from \(values.type) to \(type) is not supported")
        }
    }

    /// A Nullable column's values converted; the NULL rows' values (defaults) become the
    /// target's default rather than fail a parse.
    private static func convertKeepingNulls(_ column: NullableColumn, to type: ColumnType, orZero: Bool) throws(SQLError) -> ColumnValues {
        guard column.nulls.contains(true), column.values.type != .nothing else { return try convert(column.values, to: type, orZero: orZero) }
        let kept = column.nulls.indices.filter { !column.nulls[$0] }.map { Int32($0) }
        let converted = try convert(column.values.gathering(kept), to: type, orZero: orZero)
        // Back into place: the converted values, then a default for every NULL row.
        var next = 0
        let order = column.nulls.map { isNull -> Int32 in
            if isNull { return Int32(kept.count) }
            defer { next += 1 }
            return Int32(next)
        }
        return ColumnValues.joined([converted, .defaults(type, count: 1)]).gathering(order)
    }

    /// How a float becomes an integer: ClickHouse's `static_cast`, as x86-64 compiles it.
    enum FloatTruncation {
        /// `cvttsd2si` to 32 bits (Int8 … Int32, UInt8, UInt16): out of Int32's range is its minimum.
        case int32
        /// `cvttsd2si` to 64 bits (Int64, UInt32, dates): out of Int64's range is its minimum.
        case int64
        /// Clang's two conversions for UInt64: values from 2^63 up convert as `v - 2^63` with the
        /// top bit set; out of range is 2^63.
        case uint64

        func bits(_ v: Double) -> UInt64 {
            func int64(_ v: Double) -> Int64 { Int64(exactly: v.rounded(.towardZero)) ?? .min }
            switch self {
            case .int32:
                return UInt64(bitPattern: Int64(Int32(exactly: v.rounded(.towardZero)) ?? .min))
            case .int64:
                return UInt64(bitPattern: int64(v))
            case .uint64:
                let low = int64(v), high = int64(v - 9_223_372_036_854_775_808.0)
                return UInt64(bitPattern: low | (high & (low >> 63)))
            }
        }
    }

    /// Integer values as 64-bit patterns: floats truncated toward zero as `truncation` says
    /// (NaN and infinities are an error).
    private static func integers(_ values: ColumnValues, from truncation: FloatTruncation = .int64) throws(SQLError) -> [UInt64] {
        switch values {
        case .float32, .float64:
            return try Numeric.doubles(values).map { (v: Double) throws(SQLError) -> UInt64 in
                guard v.isFinite else {
                    throw .badValue(.cannotConvertType, message: "Unexpected inf or nan to integer conversion")
                }
                return truncation.bits(v)
            }
        case .uint8, .uint16, .uint32, .uint64, .date, .dateTime:
            return Numeric.uint64s(values)
        case .int8, .int16, .int32, .int64:
            return Numeric.int64s(values).map { UInt64(bitPattern: $0) }
        default:
            throw .badValue(.cannotConvertType, message: "Conversion from \(values.type) to an integer is not supported")
        }
    }

    private static func parse(_ strings: StringColumn, as type: ColumnType, orZero: Bool) throws(SQLError) -> ColumnValues {
        if type.isNumeric && type != .float32 && type != .float64 {
            var words = [UInt64]()
            words.reserveCapacity(strings.count)
            for row in 0..<strings.count {
                do throws(SQLError) {
                    let word = try integer(strings[row], as: type)
                    // `toUInt8OrZero('300')` is 0: the OrZero forms take only what fits (CAST wraps).
                    words.append(orZero && !fits(word, negative: strings[row].first == UInt8(ascii: "-"), in: type) ? 0 : word)
                } catch {
                    guard orZero else { throw error }
                    words.append(0)
                }
            }
            return try convert(.uint64(words), to: type)
        }
        var result = ColumnValues.empty(type)
        for row in 0..<strings.count {
            let text = strings[row]
            if let value = ValueParser.parse(text, as: type) {
                result.append(contentsOf: value)
                continue
            }
            guard orZero else {
                let string = String(decoding: text, as: UTF8.self)
                switch type {
                case .date: _ = try ValueParser.date(string)
                case .dateTime: _ = try ValueParser.dateTime(string)
                case .uuid: _ = try ValueParser.uuid(string)
                default: break
                }
                throw .badValue(.cannotParseText, message: "Cannot parse string '\(string)' as \(type): syntax error at begin of string. Note: there are to\(type)OrZero and to\(type)OrNull functions, which returns zero/NULL instead of throwing exception")
            }
            result.append(contentsOf: ColumnValues.defaults(type, count: 1))
        }
        return result
    }

    /// Whether text read as `word` (its 64-bit pattern) is a value of the integer `type`.
    private static func fits(_ word: UInt64, negative: Bool, in type: ColumnType) -> Bool {
        switch type {
        case .uint8: !negative && word <= UInt64(UInt8.max)
        case .uint16: !negative && word <= UInt64(UInt16.max)
        case .uint32: !negative && word <= UInt64(UInt32.max)
        case .uint64: !negative
        case .int8: Int64(Int8.min)...Int64(Int8.max) ~= Int64(bitPattern: word)
        case .int16: Int64(Int16.min)...Int64(Int16.max) ~= Int64(bitPattern: word)
        case .int32: Int64(Int32.min)...Int64(Int32.max) ~= Int64(bitPattern: word)
        default: true
        }
    }

    /// Decimal digits (after an optional sign; `-` only for a signed type) as a 64-bit pattern,
    /// wrapping past the type's range as ClickHouse reads them.
    private static func integer(_ text: ArraySlice<UInt8>, as type: ColumnType) throws(SQLError) -> UInt64 {
        var digits = text
        var negative = false
        if let sign = digits.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            if negative && !type.isSignedInteger {
                throw .badValue(.cannotParseNumber, message: "Unsigned type must not contain '-' symbol: Cannot parse \(type) from String")
            }
            digits = digits.dropFirst()
        }
        var value: UInt64 = 0
        for (offset, byte) in digits.enumerated() {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else {
                let string = String(decoding: text, as: UTF8.self)
                let position = offset + (text.count - digits.count)
                let detail = position == 0 ? "at begin of string" : "at position \(position) (parsed just '\(String(decoding: text.prefix(position), as: UTF8.self))')"
                throw .badValue(.cannotParseText, message: "Cannot parse string '\(string)' as \(type): syntax error \(detail). Note: there are to\(type)OrZero and to\(type)OrNull functions, which returns zero/NULL instead of throwing exception")
            }
            value = value &* 10 &+ UInt64(byte - UInt8(ascii: "0"))
        }
        guard !digits.isEmpty else {
            throw .badValue(.cannotParseText, message: "Cannot parse string '\(String(decoding: text, as: UTF8.self))' as \(type): syntax error at begin of string. Note: there are to\(type)OrZero and to\(type)OrNull functions, which returns zero/NULL instead of throwing exception")
        }
        return negative ? 0 &- value : value
    }

    /// The type a `CAST` names: a type EdgeHouse has, or ClickHouse's error for one it does not know.
    static func type(named name: String) throws(SQLError) -> ColumnType {
        if let type = ColumnType(sqlName: name) { return type }
        if let inner = lowCardinalityInner(name) { return try type(named: inner) }
        let family = String(name.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
        if knownFamilies.contains(family) { throw .notImplemented("the type \(name)") }
        throw .badValue(.unknownType, message: "Unknown data type family: \(family)")
    }

    /// `T` of `LowCardinality(T)`, which is stored and computed as `T` here (a dictionary
    /// encoding of ClickHouse's, with the same values).
    static func lowCardinalityInner(_ name: String) -> String? {
        guard name.hasPrefix("LowCardinality("), name.hasSuffix(")") else { return nil }
        return String(name.dropFirst("LowCardinality(".count).dropLast()).trimmingCharacters(in: .whitespaces)
    }

    /// ClickHouse's types that EdgeHouse does not have (a CAST to one is not implemented, not unknown).
    private static let knownFamilies: Set<String> = [
        "Int128", "Int256", "UInt128", "UInt256", "Nullable", "LowCardinality", "Decimal",
        "Decimal32", "Decimal64", "Decimal128", "Decimal256", "Date32", "DateTime64", "Array", "Tuple", "Map", "FixedString",
        "Enum8", "Enum16", "Bool", "IPv4", "IPv6", "Nothing", "JSON", "Variant", "Dynamic", "BFloat16",
    ]
}

/// The type two types meet in (`if`'s branches, UNION's columns), as ClickHouse chooses it for
/// the types EdgeHouse has.
enum CommonType {
    static func of(_ a: ColumnType, _ b: ColumnType) throws(SQLError) -> ColumnType {
        if a == b { return a }
        // NULL meets anything as Nullable of it; Nullable meets a type as Nullable of their common type.
        if a == .nothing { return b }
        if b == .nothing { return a }
        if a.isNullable || b.isNullable {
            let inner = try of(a.withoutNullable, b.withoutNullable)
            return inner.canBeInsideNullable ? .nullable(inner) : inner
        }
        if case .array(let x) = a, case .array(let y) = b { return .array(try of(x, y)) }
        if case .tuple(let x) = a, case .tuple(let y) = b, x.count == y.count {
            var elements = [ColumnType]()
            for (p, q) in zip(x, y) { elements.append(try of(p, q)) }
            return .tuple(elements)
        }
        if a.isNumeric && b.isNumeric {
            if [a, b].contains(.float32) || [a, b].contains(.float64) { return .float64 }
            let width = max(a.fixedWidth!, b.fixedWidth!)
            if a.isSignedInteger || b.isSignedInteger {
                // A signed type holds an unsigned one of its width only when wider.
                let unsignedWidth = [a, b].filter { !$0.isSignedInteger }.map { $0.fixedWidth! }.max() ?? 0
                let needed = max([a, b].filter(\.isSignedInteger).map { $0.fixedWidth! }.max()!, unsignedWidth == 0 ? 0 : min(8, unsignedWidth * 2))
                return [1: .int8, 2: .int16, 4: .int32][needed] ?? .int64
            }
            return [1: .uint8, 2: .uint16, 4: .uint32][width] ?? .uint64
        }
        if a.isCalendar && b.isCalendar { return .dateTime }
        throw .badValue(.noCommonType, message: "There is no supertype for types \(a), \(b) because some of them are String/FixedString/Enum and some of them are not")
    }
}

extension BoundExpression {
    /// The expression converted to `type` (itself when it has that type).
    func converted(to type: ColumnType) -> BoundExpression {
        guard self.type != type else { return self }
        return .call(.cast(type, orZero: false), [self], type)
    }
}

/// The values of an `IN (SELECT …)` set, by their text in the subject's type.
struct ValueSet: Equatable, Sendable {
    private let texts: Set<String>

    init(_ values: ColumnValues) {
        texts = Set((0..<values.count).map { values.text(at: $0) })
    }

    func contains(_ values: ColumnValues, row: Int) -> Bool { texts.contains(values.text(at: row)) }
}
