import Foundation

/// An expression with every name resolved and every type known: what the executor evaluates,
/// a column at a time.
indirect enum BoundExpression: Sendable, Equatable {
    /// A column of the batch being evaluated.
    case column(String, ColumnType)
    /// A one-row column, broadcast to the batch.
    case constant(ColumnValues)
    case call(ScalarFunction, [BoundExpression], ColumnType)

    /// Whether a column or constant of a float type appears: comparisons with NaN make such a
    /// conjunct something the scan's ranges do not decide exactly.
    var involvesFloats: Bool {
        switch self {
        case .column(_, let type): type == .float32 || type == .float64
        case .constant(let values): values.type == .float32 || values.type == .float64
        case .call(_, let arguments, _): arguments.contains { $0.involvesFloats }
        }
    }

    var type: ColumnType {
        switch self {
        case .column(_, let type), .call(_, _, let type): type
        case .constant(let values): values.type
        }
    }

    var constantValue: ColumnValues? {
        if case .constant(let values) = self { return values }
        return nil
    }

    func evaluate(_ batch: Batch) throws(SQLError) -> ColumnValues {
        switch self {
        case .column(let name, _):
            guard let values = batch.column(named: name) else { throw .unknownIdentifier(name) }
            return values
        case .constant(let values):
            return values.gathering(Array(repeating: 0, count: batch.rowCount))
        case .call(.propagatingNulls(let inner), let arguments, _):
            var nulls = [Bool](repeating: false, count: batch.rowCount)
            var stripped = [(String, ColumnValues)]()
            for (index, argument) in arguments.enumerated() {
                var values = try argument.evaluate(batch)
                if case .nullable(let column) = values {
                    for row in nulls.indices where column.nulls[row] { nulls[row] = true }
                    values = column.values
                }
                stripped.append(("$\(index)", values))
            }
            return .nullable(NullableColumn(values: try inner.evaluate(Batch(stripped)), nulls: nulls))
        case .call(let function, let arguments, let type):
            var values = [ColumnValues]()
            for argument in arguments { values.append(try argument.evaluate(batch)) }
            return try function.apply(values, resultType: type, rows: batch.rowCount)
        }
    }
}

/// The scalar functions and operators of the SQL subset.
enum ScalarFunction: Sendable, Equatable {
    case plus, minus, multiply, divide, modulo, negate
    case equals, notEquals, less, greater, lessOrEquals, greaterOrEquals
    case and, or, not
    case toStartOfHour, toStartOfDay, toStartOfMinute, toYYYYMM
    /// `toDate`: of a DateTime, of a Date, or of a number (days up to 65535, seconds above).
    case toDate
    case formatReadableSize
    case formatReadableQuantity
    case toFloat64, toString
    /// `LIKE` with a constant pattern: `%` any run of bytes, `_` any one character.
    case like(pattern: [UInt8], negated: Bool)
    // The function library (`FunctionLibrary.swift`).
    /// `CAST(x, 'T')`, `toT(x)`, `toTOrZero(x)`.
    case cast(ColumnType, orZero: Bool)
    /// `toTOrNull(x)`: NULL where `x` does not convert.
    case castOrNull(ColumnType)
    /// `x IN (SELECT …)`.
    case member(of: ValueSet, negated: Bool)
    /// `if(condition, then, else)`, the branches of the result's type.
    case ifThenElse
    case length, empty, notEmpty, lower, upper, reverse, concat, substring, startsWith, endsWith
    case abs, intDiv, greatest, least
    case toYear, toMonth, toDayOfMonth, toHour, toMinute, toSecond, toYYYYMMDD, toDayOfWeek
    /// Calendar arithmetic, differences, truncations and formatting (`CalendarFunctions.swift`).
    case calendar(CalendarFunction)
    /// Search, replace, trim, pad and hex (`TextAndMathFunctions.swift`).
    case text(TextFunction)
    case array(ArrayFunction)
    case null(NullFunction)
    case tuple(TupleFunction)
    case json(JSONFunction)
    /// `rand()` / `rand64()`: a random value per row (never folded into a constant).
    case random(UInt64)
    /// The number of each name of an `Enum` column (stored as its names): what ORDER BY sorts
    /// it by and `toInt8` answers.
    case enumNumber(EnumDefinition)
    /// `blockSize()` / `rowNumberInBlock()`: of the batch the row is computed in (never folded).
    case blockSize, rowNumberInBlock
    /// `runningDifference` / `neighbor`: over the rows of the batch (never folded).
    case block(BlockFunction)
    /// A function of non-Nullable arguments applied to Nullable ones: the expression (over
    /// columns `$0`, `$1`, … of the arguments' values) computed, NULL where any argument is.
    indirect case propagatingNulls(BoundExpression)
    /// A lambda's body over the elements of its arrays (`HigherOrderFunctions.swift`).
    case lambda(Lambda)
    /// Rounding, powers and logarithms, bits, float classes.
    case math(MathFunction)
    /// `throwIf(condition[, message])`: error 395 when any row's condition holds.
    case throwIf(message: String?)
    /// `finalizeAggregation(state)`: each row's state to its final value.
    case finalizeAggregation(AggregateFunction)
    /// `state * n`: each row's state merged with itself into `n` times its rows (ClickHouse's
    /// exponentiation by squaring: `sum` times n, `uniq` the same, `groupArray` n copies).
    case multiplyState(AggregateFunction, times: UInt64)
    /// `arrayReduce('f', arrays…)`: an aggregate of each row's arrays.
    case arrayReduce(ArrayReduce)

    func apply(_ args: [ColumnValues], resultType: ColumnType, rows: Int) throws(SQLError) -> ColumnValues {
        switch self {
        case .plus, .minus, .multiply, .divide, .modulo:
            return try arithmetic(args[0], args[1], resultType)
        case .negate:
            switch args[0] {
            case .float32(let v): return .float32(v.map { -$0 })
            case .float64(let v): return .float64(v.map { -$0 })
            default:
                // A signed integer negates in its own type, wrapping (-(-128) is -128 in Int8).
                let negated = ColumnValues.int64(Numeric.int64s(args[0]).map { 0 &- $0 })
                return resultType == .int64 ? negated : try Conversion.convert(negated, to: resultType)
            }
        case .equals, .notEquals, .less, .greater, .lessOrEquals, .greaterOrEquals:
            let order = Comparison.compare(args[0], args[1])
            return .uint8(order.map { c -> UInt8 in
                let result: Bool = switch self {
                case .equals: c == 0
                case .notEquals: c != 0
                case .less: c < 0
                case .greater: c == 1
                case .lessOrEquals: c <= 0
                default: c == 0 || c == 1  // 2 marks an unordered (NaN) pair
                }
                return result ? 1 : 0
            })
        case .and:
            let a = Numeric.truth(args[0]), b = Numeric.truth(args[1])
            return .uint8(zip(a, b).map { $0 && $1 ? 1 : 0 })
        case .or:
            let a = Numeric.truth(args[0]), b = Numeric.truth(args[1])
            return .uint8(zip(a, b).map { $0 || $1 ? 1 : 0 })
        case .not:
            return .uint8(Numeric.truth(args[0]).map { $0 ? 0 : 1 })
        case .toStartOfHour: return .dateTime(Self.seconds(args[0]).map(DateTime.startOfHour))
        case .toStartOfDay:
            if case .date = args[0] { return .dateTime(Self.seconds(args[0])) }  // midnight already; saturated past 2106
            return .dateTime(Self.seconds(args[0]).map(DateTime.startOfDay))
        case .toStartOfMinute: return .dateTime(Self.seconds(args[0]).map { $0 - $0 % 60 })
        case .toYYYYMM:
            if case .date(let days) = args[0] { return .uint32(days.map { DateTime.yyyymm(days: Int64($0)) }) }  // Dates past 2106 too
            return .uint32(Self.seconds(args[0]).map(DateTime.yyyymm))
        case .toDate:
            switch args[0] {
            case .date: return args[0]
            case .dateTime(let v): return .date(v.map { UInt16(truncatingIfNeeded: $0 / DateTime.secondsPerDay) })
            default:
                return .date(Numeric.uint64s(args[0]).map { UInt16(truncatingIfNeeded: $0 <= UInt64(UInt16.max) ? $0 : $0 / UInt64(DateTime.secondsPerDay)) })
            }
        case .formatReadableSize: return .string(StringColumn(Numeric.doubles(args[0]).map(ReadableSize.text)))
        case .formatReadableQuantity: return .string(StringColumn(Numeric.doubles(args[0]).map(ReadableSize.quantity)))
        case .toFloat64: return .float64(Numeric.doubles(args[0]))
        case .toString: return .string(StringColumn((0..<rows).map { args[0].text(at: $0) }))
        case .like(let pattern, let negated):
            guard case .string(let strings) = args[0] else { return .uint8(Array(repeating: 0, count: rows)) }
            return .uint8((0..<rows).map { Self.matches(strings[$0], pattern[...]) != negated ? 1 : 0 })
        default:
            return try applyLibrary(args, resultType: resultType, rows: rows)
        }
    }

    private func arithmetic(_ a: ColumnValues, _ b: ColumnValues, _ type: ColumnType) throws(SQLError) -> ColumnValues {
        if self == .modulo && type != .float64 { return try remainder(a, b, type) }
        // Narrower integer results are computed in 64 bits (they cannot overflow there: the
        // result type is wider than the operands'), then narrowed.
        if type.isNumeric && type.fixedWidth! < 8 {
            return try Conversion.convert(try arithmeticInPlace(a, b, type.isSignedInteger ? .int64 : .uint64), to: type)
        }
        return try arithmeticInPlace(a, b, type)
    }

    /// An integer `a % b` as ClickHouse 26.9 computes it: an unsigned dividend modulo the
    /// divisor's magnitude (`UInt8(7) % Int32(-3)` is 1, `UInt64(2^64 - 1) % Int8(-3)` 0), a
    /// signed one in Int64 with the dividend's sign; then narrowed to `type`
    /// (`Binder.moduloResultType`, which holds every remainder).
    private func remainder(_ a: ColumnValues, _ b: ColumnValues, _ type: ColumnType) throws(SQLError) -> ColumnValues {
        let computed: ColumnValues
        if a.type.isSignedInteger {
            // The least value of the dividend's own type over -1 is refused, as Int64's is below.
            let least: Int64? = switch a.type {
            case .int8: Int64(Int8.min)
            case .int16: Int64(Int16.min)
            case .int32: Int64(Int32.min)
            default: nil
            }
            if let least, zip(Numeric.int64s(a), Numeric.int64s(b)).contains(where: { $0 == least && $1 == -1 }) {
                throw .badValue(.illegalDivision, message: "Division of minimal signed number by minus one.")
            }
            computed = try arithmeticInPlace(a, b, .int64)
        } else {
            let divisors: ColumnValues = b.type.isSignedInteger ? .uint64(Numeric.int64s(b).map(\.magnitude)) : b
            computed = try arithmeticInPlace(a, divisors, .uint64)
        }
        return computed.type == type ? computed : try Conversion.convert(computed, to: type)
    }

    /// `arithmetic` computed in `type` itself (64-bit integers, floats, dates).
    private func arithmeticInPlace(_ a: ColumnValues, _ b: ColumnValues, _ type: ColumnType) throws(SQLError) -> ColumnValues {
        switch type {
        case .float64:
            let x = Numeric.doubles(a), y = Numeric.doubles(b)
            return .float64(zip(x, y).map { l, r in
                switch self {
                case .plus: l + r
                case .minus: l - r
                case .multiply: l * r
                case .divide: l / r
                default: l.truncatingRemainder(dividingBy: r)
                }
            })
        case .dateTime:
            let x = Numeric.int64s(a), y = Numeric.int64s(b)
            // Modulo 2^32, as ClickHouse computes DateTime arithmetic.
            return .dateTime(zip(x, y).map { l, r in UInt32(truncatingIfNeeded: self == .plus ? l &+ r : l &- r) })
        case .date:
            let x = Numeric.int64s(a), y = Numeric.int64s(b)
            return .date(zip(x, y).map { l, r in UInt16(truncatingIfNeeded: self == .plus ? l &+ r : l &- r) })
        case .int64:
            let x = Numeric.int64s(a), y = Numeric.int64s(b)
            return .int64(try zip(x, y).map { (l: Int64, r: Int64) throws(SQLError) -> Int64 in
                switch self {
                case .plus: return l &+ r
                case .minus: return l &- r
                case .multiply: return l &* r
                default:
                    guard r != 0 else { throw .badValue(.illegalDivision, message: "Division by zero.") }
                    guard l != .min || r != -1 else {
                        throw .badValue(.illegalDivision, message: "Division of minimal signed number by minus one.")
                    }
                    return l % r
                }
            })
        default:
            let x = Numeric.uint64s(a), y = Numeric.uint64s(b)
            return .uint64(try zip(x, y).map { (l: UInt64, r: UInt64) throws(SQLError) -> UInt64 in
                switch self {
                case .plus: return l &+ r
                case .multiply: return l &* r
                default:
                    guard r != 0 else { throw .badValue(.illegalDivision, message: "Division by zero.") }
                    return l % r
                }
            })
        }
    }

    /// DateTime seconds of a DateTime or Date column (a date is its midnight, UTC).
    /// DateTime values, or Date values at midnight — saturating at the end of DateTime's range
    /// (2106-02-07 06:28:15), as ClickHouse converts the Dates past it.
    static func seconds(_ column: ColumnValues) -> [UInt32] {
        if case .date(let days) = column { return days.map { UInt32(clamping: Int64($0) * Int64(DateTime.secondsPerDay)) } }
        return column.dateTimes!
    }

    /// Whether `text` matches a LIKE pattern (backtracking on `%`).
    static func matches(_ text: ArraySlice<UInt8>, _ pattern: ArraySlice<UInt8>) -> Bool {
        guard let first = pattern.first else { return text.isEmpty }
        switch first {
        case UInt8(ascii: "%"):
            let rest = pattern.dropFirst()
            var suffix = text
            while true {
                if matches(suffix, rest) { return true }
                guard !suffix.isEmpty else { return false }
                suffix = suffix.dropFirst()
            }
        case UInt8(ascii: "_"):
            guard let byte = text.first else { return false }
            // One UTF-8 character: its lead byte and continuation bytes.
            var rest = text.dropFirst()
            if byte >= 0xC0 { while let next = rest.first, next & 0xC0 == 0x80 { rest = rest.dropFirst() } }
            return matches(rest, pattern.dropFirst())
        case UInt8(ascii: "\\") where pattern.count > 1:
            guard text.first == pattern[pattern.startIndex + 1] else { return false }
            return matches(text.dropFirst(), pattern.dropFirst(2))
        default:
            guard text.first == first else { return false }
            return matches(text.dropFirst(), pattern.dropFirst())
        }
    }
}

/// Three-way comparison of two columns of comparable types (checked by the binder).
enum Comparison {
    static func compare(_ a: ColumnValues, _ b: ColumnValues) -> [Int] {
        let count = a.count
        if a.type == b.type, a.type != .float32, a.type != .float64 {
            return (0..<count).map { KeyOrder.compare(a, $0, b, $0) }
        }
        if [a.type, b.type].contains(where: { $0 == .float32 || $0 == .float64 }) {
            let x = Numeric.doubles(a), y = Numeric.doubles(b)
            // IEEE comparison: NaN is unordered (every comparison but != is false).
            return zip(x, y).map { $0 < $1 ? -1 : ($0 > $1 ? 1 : ($0 == $1 ? 0 : 2)) }
        }
        if a.type.isSignedInteger || b.type.isSignedInteger {
            let x = Numeric.int64s(a), y = Numeric.int64s(b)
            return zip(x, y).map { $0 < $1 ? -1 : ($0 == $1 ? 0 : 1) }
        }
        let x = Numeric.uint64s(a), y = Numeric.uint64s(b)
        return zip(x, y).map { $0 < $1 ? -1 : ($0 == $1 ? 0 : 1) }
    }
}
