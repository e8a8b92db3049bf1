/// The scalar functions beyond comparison, arithmetic and the dashboards' calendar functions:
/// conversions (`CAST`, `toT`, `toTOrZero`), conditionals (`if`, `multiIf`, `?:`), strings,
/// integer arithmetic and the parts of dates and times — bound here, evaluated below.
extension Binder {
    /// ClickHouse's code 42 unless `count` arguments fit `counts`.
    static func checkArity(_ name: String, _ count: Int, _ counts: ClosedRange<Int>) throws(SQLError) {
        guard !counts.contains(count) else { return }
        throw .badValue(.numberOfArgumentsDoesntMatch, message: "Number of arguments for function \(name) doesn't match: passed \(count), should be \(counts.lowerBound)")
    }

    /// Each argument bound, in order.
    func bindAll(_ arguments: [ASTExpression]) throws(SQLError) -> [BoundExpression] {
        var values = [BoundExpression]()
        for argument in arguments { values.append(try bind(argument)) }
        return values
    }

    func bindLibraryFunction(_ name: String, _ arguments: [ASTExpression]) throws(SQLError) -> BoundExpression {
        func arity(_ counts: ClosedRange<Int>) throws(SQLError) {
            guard !counts.contains(arguments.count) else { return }
            let expected = counts.count == 1 ? "\(counts.lowerBound)" : "\(counts.lowerBound) to \(counts.upperBound)"
            throw .badValue(.numberOfArgumentsDoesntMatch, message: "Number of arguments for function \(name) doesn't match: passed \(arguments.count), should be \(expected).")
        }
        func argument(_ index: Int, _ accepts: (ColumnType) -> Bool) throws(SQLError) -> BoundExpression {
            let bound = try bind(arguments[index])
            guard accepts(bound.type) else {
                throw .illegalType("Illegal type \(bound.type) of argument of function \(name)")
            }
            return bound
        }
        if name.hasSuffix("OrNull"), let (type, orZero) = Self.conversion(named: String(name.dropLast(6))), !orZero, type.canBeInsideNullable {
            try arity(1...1)
            return .call(.castOrNull(type), [try bind(arguments[0])], .nullable(type))
        }
        if let (type, orZero) = Self.conversion(named: name) {
            try arity(1...1)
            return .call(.cast(type, orZero: orZero), [try bindNumberingEnum(arguments[0], for: type)], type)
        }
        if let calendar = try bindCalendarFunction(name, arguments) { return calendar }
        if let function = try bindTextOrMathFunction(name, arguments) { return function }
        if let function = try bindArrayFunction(name, arguments) { return function }
        if let function = try bindNullFunction(name, arguments) { return function }
        if let function = try bindTupleFunction(name, arguments) { return function }
        if let function = try bindJSONFunction(name, arguments) { return function }
        switch name {
        case "CAST", "_CAST":
            try arity(2...2)
            guard case .constant(.string(let typeName)) = try bind(arguments[1]) else {
                throw .illegalType("Second argument to CAST must be a constant string describing type")
            }
            let type = try Conversion.type(named: typeName.string(at: 0))
            return .call(.cast(type, orZero: false), [try bindNumberingEnum(arguments[0], for: type)], type)
        case "throwIf":
            try arity(1...2)
            var message: String?
            if arguments.count == 2 {
                guard case .constant(.string(let text)) = try bind(arguments[1]) else { throw .illegalType("Second argument of function throwIf must be a constant string") }
                message = text.string(at: 0)
            }
            return .call(.throwIf(message: message), [try argument(0) { $0.isNumeric }], .uint8)
        case "initializeAggregation":
            // A state (or value) of each row's own arguments: `arrayReduce` of one-element arrays.
            guard arguments.count >= 2 else {
                throw .badValue(.numberOfArgumentsDoesntMatch, message: "Function initializeAggregation requires at least 2 arguments")
            }
            return try bind(.function(name: "arrayReduce", parameters: nil, arguments: [arguments[0]] + arguments.dropFirst().map { .array([$0]) }))
        case "arrayReduce":
            guard arguments.count >= 2, case .string(let function) = arguments[0] else {
                throw .illegalType("First argument for function arrayReduce must be constant string: name of aggregate function.")
            }
            var arrays = [BoundExpression]()
            for argument in arguments.dropFirst() { arrays.append(try bind(argument)) }
            let elementTypes = try arrays.map { (array) throws(SQLError) -> ColumnType in
                guard case .array(let element) = array.type else { throw .illegalType("Argument \(array.type) of function arrayReduce must be an array") }
                return element
            }
            let reduce = try ArrayReduce(function: function, elementTypes: elementTypes)
            return .call(.arrayReduce(reduce), arrays, try reduce.resultType())
        case "finalizeAggregation":
            try arity(1...1)
            let states = try bind(arguments[0])
            guard case .aggregateState(let function) = states.type, let type = try? function.resultType else {
                throw .illegalType("Argument for function finalizeAggregation must have type AggregateFunction - state of aggregate function. Got \(states.type) instead")
            }
            return .call(.finalizeAggregation(function), [states], type)
        case "ignore":
            for index in arguments.indices { _ = try bind(arguments[index]) }
            return .constant(.uint8([0]))
        case "toLowCardinality":
            // LowCardinality values are their plain values here.
            try arity(1...1)
            return try bind(arguments[0])
        case "materialize":
            try arity(1...1)
            return try bind(arguments[0])
        case "toTypeName":
            try arity(1...1)
            // Only the argument's type counts, so after GROUP BY it may name the input columns
            // (ClickHouse folds it to a constant first).
            var scope = self
            if aggregated { (scope.aggregated, scope.columns) = (false, inputColumns.merging(columns) { $1 }) }
            let bound = try scope.bind(arguments[0])
            if case .column(let name, _) = bound, let declared = declaredTypes[name] { return .constant(.string(StringColumn([declared]))) }
            return .constant(.string(StringColumn([bound.type.description])))
        case "if":
            try arity(3...3)
            let (condition, then, otherwise) = (try bind(arguments[0]), try bind(arguments[1]), try bind(arguments[2]))
            // A NULL condition is false, as ClickHouse takes it.
            guard condition.type.withoutNullable.isNumeric || condition.type.withoutNullable == .nothing else {
                throw .illegalType("Illegal type \(condition.type) of first argument (condition) of function if. Must be UInt8.")
            }
            let type = try CommonType.of(then.type, otherwise.type)
            return .call(.ifThenElse, [condition, then.converted(to: type), otherwise.converted(to: type)], type)
        case "multiIf":
            // multiIf(c1, a1, c2, a2, …, else) is if(c1, a1, if(c2, a2, … else)).
            guard arguments.count >= 3, arguments.count % 2 == 1 else {
                throw .badValue(.numberOfArgumentsDoesntMatch, message: "Invalid number of arguments for function multiIf")
            }
            var nested = arguments[arguments.count - 1]
            for index in stride(from: arguments.count - 3, through: 0, by: -2) {
                nested = .function(name: "if", parameters: nil, arguments: [arguments[index], arguments[index + 1], nested])
            }
            return try bind(nested)
        case "rand", "rand32", "rand64", "randConstant":
            // Any arguments only tell calls apart, as in ClickHouse.
            for argument in arguments { _ = try bind(argument) }
            let wide = name == "rand64"
            let call = BoundExpression.call(.random(wide ? .max : UInt64(UInt32.max)), [], wide ? .uint64 : .uint32)
            return name == "randConstant" ? .constant(try call.evaluate(Batch([("dummy", .uint8([0]))]))) : call
        case "blockSize", "rowNumberInBlock":
            try arity(0...0)
            return .call(name == "blockSize" ? .blockSize : .rowNumberInBlock, [], .uint64)
        case "identity":
            try arity(1...1)
            return try bind(arguments[0])
        case "length":
            try arity(1...1)
            return .call(.length, [try argument(0) { $0 == .string || $0.isArray }], .uint64)
        case "empty", "notEmpty":
            try arity(1...1)
            return .call(name == "empty" ? .empty : .notEmpty, [try argument(0) { $0 == .string || $0.isArray }], .uint8)
        case "lower", "lcase", "upper", "ucase", "reverse":
            try arity(1...1)
            let function: ScalarFunction = name == "reverse" ? .reverse : name.hasPrefix("l") ? .lower : .upper
            return .call(function, [try argument(0) { $0 == .string }], .string)
        case "concat":
            try arity(1...Int.max)
            var parts = [BoundExpression]()
            for index in arguments.indices { parts.append(try bind(arguments[index]).converted(to: .string)) }
            return .call(.concat, parts, .string)
        case "substring", "substr", "mid":
            try arity(2...3)
            var parts = [try argument(0) { $0 == .string }]
            for index in 1..<arguments.count { parts.append(try argument(index) { $0.isNumeric && $0 != .float32 && $0 != .float64 }) }
            return .call(.substring, parts, .string)
        case "startsWith", "endsWith":
            try arity(2...2)
            return .call(name == "startsWith" ? .startsWith : .endsWith, [try argument(0) { $0 == .string }, try argument(1) { $0 == .string }], .uint8)
        case "abs":
            try arity(1...1)
            let value = try argument(0) { $0.isNumeric }
            // A signed integer's magnitude is the unsigned type of its width, as ClickHouse types it.
            let unsigned: [ColumnType: ColumnType] = [.int8: .uint8, .int16: .uint16, .int32: .uint32, .int64: .uint64]
            return .call(.abs, [value], unsigned[value.type] ?? value.type)
        case "intDiv":
            try arity(2...2)
            let (a, b) = (try argument(0) { $0.isNumeric }, try argument(1) { $0.isNumeric })
            let signed = [a.type, b.type].contains { $0.isSignedInteger || $0 == .float64 || $0 == .float32 }
            return .call(.intDiv, [a, b], signed ? .int64 : .uint64)
        case "greatest", "least":
            try arity(2...Int.max)
            var values = [BoundExpression]()
            for index in arguments.indices { values.append(try bind(arguments[index])) }
            var type = values[0].type
            for value in values.dropFirst() { type = try CommonType.of(type, value.type) }
            return .call(name == "greatest" ? .greatest : .least, values.map { $0.converted(to: type) }, type)
        case "toYear", "toMonth", "toDayOfMonth", "toHour", "toMinute", "toSecond", "toYYYYMMDD", "toDayOfWeek":
            try arity(1...1)
            let time = try argument(0) { $0.isCalendar }
            if time.type == .date && ["toHour", "toMinute", "toSecond"].contains(name) {
                throw .illegalType("Illegal type Date of argument of function \(name)")
            }
            let function: ScalarFunction = switch name {
            case "toYear": .toYear
            case "toMonth": .toMonth
            case "toDayOfMonth": .toDayOfMonth
            case "toHour": .toHour
            case "toMinute": .toMinute
            case "toSecond": .toSecond
            case "toYYYYMMDD": .toYYYYMMDD
            default: .toDayOfWeek
            }
            // ClickHouse's toYear is a UInt16, which EdgeHouse does not have: the nearest wider type.
            return .call(function, [time], name == "toYear" || name == "toYYYYMMDD" ? .uint32 : .uint8)
        default:
            throw .unknownFunction(name)
        }
    }

    /// `toUInt8`…`toDateTime` and their `OrZero` forms: the target type.
    private static func conversion(named name: String) -> (ColumnType, orZero: Bool)? {
        let orZero = name.hasSuffix("OrZero")
        let base = orZero ? String(name.dropLast(6)) : name
        guard base.hasPrefix("to"), let type = ColumnType(String(base.dropFirst(2))), !type.isAggregateState, !type.isArray else { return nil }
        return (type, orZero)
    }
}

extension ScalarFunction {
    /// Evaluates the library's functions (see `Binder.bindLibraryFunction`).
    func applyLibrary(_ args: [ColumnValues], resultType: ColumnType, rows: Int) throws(SQLError) -> ColumnValues {
        func strings(_ index: Int) -> StringColumn {
            if case .string(let s) = args[index] { return s }
            preconditionFailure("bound to a String argument")
        }
        func mapStrings(_ transform: (ArraySlice<UInt8>) -> [UInt8]) -> ColumnValues {
            let input = strings(0)
            var output = StringColumn()
            for row in 0..<rows { output.append(bytes: transform(input[row])[...]) }
            return .string(output)
        }
        switch self {
        case .cast(let type, let orZero):
            return try Conversion.convert(args[0], to: type, orZero: orZero)
        case .castOrNull(let type):
            // Each row on its own: the ones that do not convert — or, from text, do not fit the
            // integer type — are NULL.
            let converted = (0..<rows).map { row -> ColumnValues? in
                let value = args[0].slice(row..<row + 1)
                if case .string = value, type.isNumeric, type.fixedWidth.map({ $0 < 8 }) == true, type != .float32 {
                    let wide: ColumnType = type.isSignedInteger ? .int64 : .uint64
                    guard let parsed = try? Conversion.convert(value, to: wide),
                          let back = try? Conversion.convert(Conversion.convert(parsed, to: type), to: wide), back == parsed,
                          !(wide == .uint64 && value.text(at: 0).hasPrefix("-")) else { return nil }
                }
                return try? Conversion.convert(value, to: type)
            }
            let values = ColumnValues.joined([.empty(type)] + converted.map { $0 ?? .defaults(type, count: 1) })
            return .nullable(NullableColumn(values: values, nulls: converted.map { $0 == nil }))
        case .calendar(let function):
            return try function.apply(args, rows: rows)
        case .text(let function):
            return try function.apply(args, rows: rows)
        case .array(let function):
            return try function.apply(args, resultType: resultType, rows: rows)
        case .null(let function):
            return try function.apply(args, resultType: resultType, rows: rows)
        case .tuple(let function):
            return function.apply(args, rows: rows)
        case .json(let function):
            return function.apply(args, rows: rows)
        case .lambda(let lambda):
            return try lambda.map(args, rows: rows)
        case .arrayReduce(let reduce):
            return try reduce.apply(args.map { if case .arrays(let arrays) = $0 { arrays } else { preconditionFailure("bound to arrays") } }, rows: rows)
        case .finalizeAggregation(let function):
            // Each row's state on its own: merged into a fresh state of its own group.
            guard case .aggregateStates(_, let serialized) = args[0] else { preconditionFailure("bound to a state column") }
            var states = function.makeStates()
            states.grow(to: rows)
            do { try states.merge(serialized, groups: (0..<Int32(rows)).map { $0 }) } catch {
                throw .badValue(.incorrectData, message: "Cannot read an aggregate state: \(error)")
            }
            return states.finalize(function.kind)
        case .multiplyState(let function, let times):
            guard case .aggregateStates(_, let serialized) = args[0] else { preconditionFailure("bound to a state column") }
            var product = StringColumn()
            var bytes = [UInt8]()
            for row in 0..<rows {
                // Group 0 the product, group 1 the state doubled as the exponent halves.
                var states = function.makeStates()
                states.grow(to: 2)
                func mergeIn(_ source: Int, into target: Int32) throws(CodecError) {
                    bytes.removeAll(keepingCapacity: true)
                    states.serialize(source, into: &bytes)
                    var column = StringColumn()
                    column.append(bytes: bytes[...])
                    try states.merge(column, groups: [target])
                }
                do throws(CodecError) {
                    var single = StringColumn()
                    single.append(bytes: serialized[row])
                    try states.merge(single, groups: [1])
                    var remaining = times
                    while remaining > 0 {
                        if remaining % 2 == 1 {
                            try mergeIn(1, into: 0)
                            remaining -= 1
                        } else {
                            try mergeIn(1, into: 1)
                            remaining /= 2
                        }
                    }
                } catch {
                    throw .badValue(.incorrectData, message: "Cannot read an aggregate state: \(error)")
                }
                bytes.removeAll(keepingCapacity: true)
                states.serialize(0, into: &bytes)
                product.append(bytes: bytes[...])
            }
            return .aggregateStates(function, product)
        case .enumNumber(let enumeration):
            guard case .string(let names) = args[0] else { preconditionFailure("an Enum column holds its names") }
            let numbers = (0..<rows).map { Int64(enumeration.value(of: String(decoding: names[$0], as: UTF8.self)) ?? 0) }
            return enumeration.wide ? .int16(numbers.map { Int16($0) }) : .int8(numbers.map { Int8($0) })
        case .blockSize: return .uint64(Array(repeating: UInt64(rows), count: rows))
        case .rowNumberInBlock: return .uint64((0..<UInt64(rows)).map { $0 })
        case .block(let function): return function.apply(args, resultType: resultType, rows: rows)
        case .random(let mask):
            var generator = SystemRandomNumberGenerator()
            let values = (0..<rows).map { _ in generator.next() & mask }
            return mask == UInt64(UInt32.max) ? .uint32(values.map { UInt32($0) }) : .uint64(values)
        case .propagatingNulls:
            preconditionFailure("evaluated by BoundExpression.evaluate")
        case .math(let function):
            return try function.apply(args, resultType: resultType, rows: rows)
        case .throwIf(let message):
            if Numeric.truth(args[0]).contains(true) {
                throw .badValue(.functionThrowIfValueIsNonZero, message: message ?? "Value passed to 'throwIf' function is non-zero")
            }
            return .uint8(Array(repeating: 0, count: rows))
        case .member(let set, let negated):
            return .uint8((0..<rows).map { set.contains(args[0], row: $0) != negated ? 1 : 0 })
        case .ifThenElse:
            // Both branches side by side, each row gathered from its side.
            let condition = Numeric.truth(args[0])
            return ColumnValues.joined([args[1], args[2]]).gathering((0..<rows).map { Int32(condition[$0] ? $0 : rows + $0) })
        case .length:
            if case .arrays(let arrays) = args[0] { return .uint64((0..<rows).map { UInt64(arrays.range(of: $0).count) }) }
            let input = strings(0)
            return .uint64((0..<rows).map { UInt64(input[$0].count) })
        case .empty, .notEmpty:
            let lengths = Numeric.uint64s(try ScalarFunction.length.applyLibrary(args, resultType: .uint64, rows: rows))
            return .uint8(lengths.map { ($0 == 0) == (self == .empty) ? 1 : 0 })
        case .lower:
            return mapStrings { $0.map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 + 32 : $0 } }
        case .upper:
            return mapStrings { $0.map { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) ? $0 - 32 : $0 } }
        case .reverse:
            return mapStrings { Array($0.reversed()) }
        case .concat:
            var output = StringColumn()
            let parts = args.indices.map(strings)
            for row in 0..<rows { output.append(bytes: parts.flatMap { $0[row] }[...]) }
            return .string(output)
        case .substring:
            let input = strings(0)
            let offsets = Numeric.int64s(args[1])
            let lengths = args.count > 2 ? Numeric.int64s(args[2]) : nil
            var output = StringColumn()
            for row in 0..<rows {
                output.append(bytes: Self.substring(input[row], offset: offsets[row], length: lengths?[row]))
            }
            return .string(output)
        case .startsWith, .endsWith:
            let (text, affix) = (strings(0), strings(1))
            return .uint8((0..<rows).map { row in
                let (t, a) = (text[row], affix[row])
                guard t.count >= a.count else { return 0 }
                return (self == .startsWith ? t.prefix(a.count).elementsEqual(a) : t.suffix(a.count).elementsEqual(a)) ? 1 : 0
            })
        case .abs:
            switch args[0] {
            case .float32(let v): return .float32(v.map { Swift.abs($0) })
            case .float64(let v): return .float64(v.map { Swift.abs($0) })
            case .int8(let v): return .uint8(v.map { $0.magnitude })
            case .int16(let v): return .uint16(v.map { $0.magnitude })
            case .int32(let v): return .uint32(v.map { $0.magnitude })
            case .int64(let v): return .uint64(v.map { $0.magnitude })
            default: return args[0]
            }
        case .intDiv:
            return try Self.integerDivision(args[0], args[1], signed: resultType == .int64)
        case .greatest, .least:
            var result = args[0]
            for other in args.dropFirst() {
                let order = Comparison.compare(result, other)
                let takeOther = order.indices.map { Int32(self == .greatest ? (order[$0] == -1 ? rows + $0 : $0) : (order[$0] == 1 ? rows + $0 : $0)) }
                result = ColumnValues.joined([result, other]).gathering(takeOther)
            }
            return result
        case .toYear, .toMonth, .toDayOfMonth, .toYYYYMMDD:
            let days: [Int64] = if case .date(let d) = args[0] { d.map(Int64.init) } else { Self.seconds(args[0]).map { Int64($0 / DateTime.secondsPerDay) } }
            let dates = days.map(DateTime.civil)
            switch self {
            case .toYear: return .uint32(dates.map { UInt32($0.year) })
            case .toMonth: return .uint8(dates.map { UInt8($0.month) })
            case .toDayOfMonth: return .uint8(dates.map { UInt8($0.day) })
            default: return .uint32(dates.map { UInt32($0.year * 10_000 + $0.month * 100 + $0.day) })
            }
        case .toDayOfWeek:
            let days: [Int64] = if case .date(let d) = args[0] { d.map(Int64.init) } else { Self.seconds(args[0]).map { Int64($0 / DateTime.secondsPerDay) } }
            return .uint8(days.map { UInt8(($0 + 3) % 7 + 1) })  // 1970-01-01 was a Thursday (4); Monday is 1
        case .toHour: return .uint8(Self.seconds(args[0]).map { UInt8($0 % DateTime.secondsPerDay / 3600) })
        case .toMinute: return .uint8(Self.seconds(args[0]).map { UInt8($0 % 3600 / 60) })
        case .toSecond: return .uint8(Self.seconds(args[0]).map { UInt8($0 % 60) })
        default:
            preconditionFailure("\(self) is evaluated by ScalarFunction.apply")
        }
    }

    /// `substring(s, offset, length)`: a 1-based byte offset (negative: from the end; 0: nothing),
    /// and a length (negative: up to that many bytes before the end; absent: to the end).
    private static func substring(_ text: ArraySlice<UInt8>, offset: Int64, length: Int64?) -> ArraySlice<UInt8> {
        let count = Int64(text.count)
        guard offset != 0 else { return [] }
        // Offsets and lengths of any size (Int64.min included) saturate at the string's ends.
        let start = offset > 0 ? offset - 1 : Swift.max(0, count &+ Swift.max(offset, -count))
        guard start < count else { return [] }
        var end = count
        if let length { end = length >= 0 ? Swift.min(count, start &+ Swift.min(length, count)) : count &+ Swift.max(length, -count) }
        guard end > start else { return [] }
        return text[text.startIndex + Int(start)..<text.startIndex + Int(end)]
    }

    private static func integerDivision(_ a: ColumnValues, _ b: ColumnValues, signed: Bool) throws(SQLError) -> ColumnValues {
        let divisionByZero = SQLError.badValue(.illegalDivision, message: "Division by zero")
        if signed {
            let (x, y) = (try Conversion.convert(a, to: .int64), try Conversion.convert(b, to: .int64))
            guard case .int64(let l) = x, case .int64(let r) = y else { preconditionFailure("converted to Int64") }
            return .int64(try zip(l, r).map { (l: Int64, r: Int64) throws(SQLError) -> Int64 in
                guard r != 0 else { throw divisionByZero }
                guard l != .min || r != -1 else {
                    throw .badValue(.illegalDivision, message: "Division of minimal signed number by minus one")
                }
                return l / r
            })
        }
        let (l, r) = (Numeric.uint64s(a), Numeric.uint64s(b))
        return .uint64(try zip(l, r).map { (l: UInt64, r: UInt64) throws(SQLError) -> UInt64 in
            guard r != 0 else { throw divisionByZero }
            return l / r
        })
    }
}
