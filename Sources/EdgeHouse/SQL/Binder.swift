/// Resolves a parsed expression against the columns in scope: names become typed column
/// references, literals become constants of the type they are compared with, operators become
/// `ScalarFunction`s. No strings travel past it.
struct Binder {
    /// Columns of the input (table columns, or the keys and aggregates after a GROUP BY).
    var columns: [String: ColumnType]
    /// Sub-expressions already computed as columns (GROUP BY keys and aggregates, after aggregation).
    var substitutions: [ASTExpression: String] = [:]
    /// `SELECT expr AS alias`: aliases usable in every clause.
    var aliases: [String: ASTExpression] = [:]
    /// `alias.column` (of an aliased table, or a join's side): the input column it names.
    var qualified: [String: String] = [:]
    /// After a GROUP BY, a column that is neither a key nor inside an aggregate is an error.
    var aggregated = false
    /// After a GROUP BY: the input's columns, to tell a column outside the keys (code 215) from
    /// a name that does not exist at all (code 47), and for `toTypeName` of them.
    var inputColumns: [String: ColumnType] = [:]
    /// Columns of the source table declared as more than their stored type
    /// (`LowCardinality(String)`, `SimpleAggregateFunction(sum, UInt64)`): what `toTypeName` says of them.
    var declaredTypes: [String: String] = [:]
    /// Whether a NULL may appear at all — a Nullable column in scope, or `NULL`-making syntax in
    /// the query: when not (the common case), calls are bound without looking for Nullable
    /// arguments.
    var mayMeetNulls = true
    /// The session's database, time, user and query parameters.
    let context: QueryContext
    /// Runs a subquery to its whole result: a scalar subquery's value, an `IN (SELECT …)` set.
    let subquery: (SelectQuery) throws(SQLError) -> Batch

    func bind(_ expression: ASTExpression) throws(SQLError) -> BoundExpression {
        if let name = substitutions[expression], let type = columns[name] { return .column(name, type) }
        switch expression {
        // Integer literals take the smallest type that holds them, as in ClickHouse (`1` is a
        // UInt8, `-1` an Int8, `256` a UInt16): `toTypeName` and arithmetic types follow.
        case .integer(let v):
            if let small = UInt8(exactly: v) { return .constant(.uint8([small])) }
            if let small = UInt16(exactly: v) { return .constant(.uint16([small])) }
            if let small = UInt32(exactly: v) { return .constant(.uint32([small])) }
            return .constant(.uint64([v]))
        case .negativeInteger(let v):
            if let small = Int8(exactly: v) { return .constant(.int8([small])) }
            if let small = Int16(exactly: v) { return .constant(.int16([small])) }
            if let small = Int32(exactly: v) { return .constant(.int32([small])) }
            return .constant(.int64([v]))
        case .float(let v): return .constant(.float64([v]))
        case .string(let s): return .constant(.string(StringColumn([s])))
        case .null: return .constant(.nullable(NullableColumn(values: .nothing(count: 1), nulls: [true])))
        case .star: throw .notImplemented("* is only allowed as a whole select list")
        case .subquery(let query, _): return .constant(try scalar(query))
        case .window(let call):
            // Computed by the query's window step (a substitution above); anywhere else it is misplaced.
            throw .badValue(.illegalAggregation, message: "Window function \(call.columnName) is found in WHERE in query.")
        case .array(let items): return try Self.folded(try bindArrayFunction("array", items)!)
        case .interval(let amount, _, _):
            // Outside a date's arithmetic (which `plus`/`minus` below turn into `addDays` and
            // the like) an interval shows its count, as ClickHouse's `SELECT INTERVAL 2 DAY`
            // answers 2 (of type IntervalDay, which EdgeHouse does not keep).
            guard case .constant(let value) = try bind(amount), value.type.isNumeric else {
                throw .illegalType("INTERVAL needs a constant number")
            }
            return .constant(.int64([Numeric.int64s(value)[0]]))
        case .parameter(let name, let typeName):
            guard let text = context.parameters[name] else {
                throw .badValue(.unknownQueryParameter, message: "Substitution `\(name)` is not set.")
            }
            guard let type = ColumnType(typeName), let value = ValueParser.parse(text, as: type) else {
                throw .badValue(.badQueryParameter, message: "Value \(text) cannot be parsed as \(typeName) for query parameter '\(name)'")
            }
            return .constant(value)
        case .identifier(let parts):
            if parts.count >= 2, let column = qualified[parts.suffix(2).joined(separator: ".")], let type = columns[column] {
                if aggregated { throw .notAnAggregate(column) }
                return .column(column, type)
            }
            // A column whose name has a dot (`n.a`, a Nested column's array).
            if parts.count >= 2, let type = columns[parts.joined(separator: ".")] {
                if aggregated { throw .notAnAggregate(parts.joined(separator: ".")) }
                return .column(parts.joined(separator: "."), type)
            }
            let name = parts.last!
            if let aliased = aliases[name], aliased != expression {
                if case .window(let call) = aliased, substitutions[aliased] == nil {
                    throw .badValue(.illegalAggregation, message: "Window function \(call.columnName) AS \(name) is found in WHERE in query.")
                }
                // Inside its own definition an alias names the column (`toStartOfHour(hour) AS hour`).
                var inner = self
                inner.aliases[name] = nil
                return try inner.bind(aliased)
            }
            guard let type = columns[name] else {
                if aggregated && inputColumns[name] != nil { throw .notAnAggregate(name) }
                throw .unknownIdentifier(name)
            }
            if aggregated { throw .notAnAggregate(name) }
            return .column(name, type)
        case .function(let written, let parameters, let arguments):
            // `COALESCE(…)`, `Sum(x)`: a case-insensitive function, in its own case.
            let canonical = FunctionNames.canonical(written)
            let name = canonical?.lowercased() == written.lowercased() ? canonical! : written
            do {
                return try bindCall(name, parameters, arguments, expression)
            } catch .unknownFunction(let unknown) where unknown == name {
                // `STDDEV(x)`, `first_value(x)`: another name ClickHouse gives a function.
                guard let canonical, canonical != name else { throw .unknownFunction(name) }
                return try bindCall(canonical, parameters, arguments, expression)
            }
        }
    }

    /// A call of the function `name` (as it is known here).
    private func bindCall(_ name: String, _ parameters: [ASTExpression]?, _ arguments: [ASTExpression],
                          _ expression: ASTExpression) throws(SQLError) -> BoundExpression {
        if AggregateSyntax(name: name, parameters: parameters, arguments: arguments) != nil {
            throw .badValue(.illegalAggregation, message: "Aggregate function \(expression.columnName) is found in WHERE or in another aggregate function in query.")
        }
        // `date ± INTERVAL n DAY` (any unit): `addDays`, `subtractMonths` and the like, which
        // keep a Date a Date and move calendar units by the calendar, as ClickHouse does.
        if name == "plus" || name == "minus", arguments.count == 2 {
            for (index, argument) in arguments.enumerated() {
                guard case .interval(let amount, _, let unit) = argument, index == 1 || name == "plus" else { continue }
                let prefix = name == "plus" ? "add" : "subtract"
                let function = prefix + unit.prefix(1).uppercased() + unit.dropFirst().lowercased() + "s"
                return try Self.folded(try bindFunction(function, [arguments[1 - index], amount]))
            }
        }
        if case .function("lambda", nil, let lambda)? = arguments.first, lambda.count == 2 {
            return try Self.folded(try bindHigherOrder(name, lambda: lambda, arrays: Array(arguments.dropFirst())))
        }
        // Functions of a block's rows see the NULLs themselves.
        if let block = try bindBlockFunction(name, arguments) { return block }
        if let propagating = try bindPropagatingNulls(name, parameters, arguments) { return try Self.folded(propagating) }
        return try Self.folded(try bindFunction(name, arguments))
    }

    /// A call whose arguments are all constants, computed once (ClickHouse folds constants
    /// while analysing a query too): `hour >= now() - INTERVAL 1 DAY` compares with a constant,
    /// which the scan can use to prune parts and granules.
    static func folded(_ expression: BoundExpression) throws(SQLError) -> BoundExpression {
        guard case .call(let function, let arguments, _) = expression, arguments.allSatisfy({ $0.constantValue != nil }) else { return expression }
        switch function {
        case .random, .blockSize, .rowNumberInBlock, .block: return expression
        default: break
        }
        return .constant(try expression.evaluate(Batch([("dummy", .uint8([0]))])))
    }

    /// The enum `expression` names, when it is a column declared `Enum8(…)` / `Enum16(…)`.
    func enumeration(of expression: ASTExpression) -> EnumDefinition? {
        guard case .identifier(let parts) = expression, let declared = declaredTypes[parts.joined(separator: ".")] else { return nil }
        return try? EnumDefinition(typeName: declared)
    }

    /// `expression` bound — as its enum's numbers when it is an Enum column converted to a number
    /// (`toInt8(e)`, `CAST(e AS UInt16)`), which ClickHouse answers with the number.
    func bindNumberingEnum(_ expression: ASTExpression, for target: ColumnType) throws(SQLError) -> BoundExpression {
        let bound = try bind(expression)
        guard target.withoutNullable.isNumeric, let enumeration = enumeration(of: expression) else { return bound }
        return .call(.enumNumber(enumeration), [bound], enumeration.wide ? .int16 : .int8)
    }

    /// `state` and `factor` when `state` is an aggregate state and `factor` an integer.
    private static func stateAndFactor(_ state: BoundExpression, _ factor: BoundExpression) -> (BoundExpression, BoundExpression)? {
        guard case .aggregateState = state.type, factor.type.isNumeric, factor.type != .float32, factor.type != .float64 else { return nil }
        return (state, factor)
    }

    private func bindFunction(_ name: String, _ arguments: [ASTExpression]) throws(SQLError) -> BoundExpression {
        let arguments = try droppingTimeZone(of: name, arguments)
        func arity(_ n: Int) throws(SQLError) {
            guard arguments.count == n else {
                throw .badValue(.numberOfArgumentsDoesntMatch, message: "Number of arguments for function \(name) doesn't match: passed \(arguments.count), should be \(n).")
            }
        }
        switch name {
        case "plus", "minus", "multiply", "divide", "modulo":
            try arity(2)
            let (a, b) = (try bind(arguments[0]), try bind(arguments[1]))
            // An aggregate state times a whole number (either way round).
            if name == "multiply", let (state, times) = Self.stateAndFactor(a, b) ?? Self.stateAndFactor(b, a) {
                guard case .aggregateState(let function) = state.type else { preconditionFailure("checked by stateAndFactor") }
                guard case .constant(let value) = times, let factor = Numeric.int64s(value).first, factor >= 0 else {
                    throw .badValue(.illegalColumn, message: "Illegal column \(times.type) of argument of function multiply: the number of times must be a non-negative constant")
                }
                return .call(.multiplyState(function, times: UInt64(factor)), [state], state.type)
            }
            let function: ScalarFunction = [.plus, .minus, .multiply, .divide, .modulo][["plus", "minus", "multiply", "divide", "modulo"].firstIndex(of: name)!]
            for side in [a, b] where !side.type.isNumeric && !side.type.isCalendar {
                throw .illegalType("Illegal types \(a.type) and \(b.type) of arguments of function \(name).")
            }
            let type: ColumnType
            let calendar = [a.type, b.type].first(where: \.isCalendar)
            if let calendar, (function == .plus || function == .minus) && a.type != b.type {
                guard !(a.type.isCalendar && b.type.isCalendar) else {
                    throw .illegalType("Illegal types \(a.type) and \(b.type) of arguments of function \(name).")
                }
                type = calendar
            } else if function == .divide || [a.type, b.type].contains(where: { $0 == .float32 || $0 == .float64 }) {
                type = .float64
            } else if function == .modulo {
                type = Self.moduloResultType(a.type, b.type)
            } else {
                type = Self.integerResultType(a.type, b.type, signed: function == .minus)
            }
            return .call(function, [a, b], type)
        case "negate":
            try arity(1)
            let a = try bind(arguments[0])
            guard a.type.isNumeric else { throw .illegalType("Illegal type \(a.type) of argument of function negate.") }
            return .call(.negate, [a], a.type == .float32 || a.type == .float64 || a.type.isSignedInteger ? a.type : .int64)
        case "equals", "notEquals", "less", "greater", "lessOrEquals", "greaterOrEquals":
            try arity(2)
            let (a, b) = try coercePair(try bind(arguments[0]), try bind(arguments[1]), function: name)
            let function: ScalarFunction = switch name {
            case "equals": .equals
            case "notEquals": .notEquals
            case "less": .less
            case "greater": .greater
            case "lessOrEquals": .lessOrEquals
            default: .greaterOrEquals
            }
            return .call(function, [a, b], .uint8)
        case "in", "notIn":
            if arguments.count == 2, case .subquery(let query, _) = arguments[1] {
                return try membership(try bind(arguments[0]), in: query, negated: name == "notIn")
            }
            try arity(2)
            let subject = try bind(arguments[0])
            // `x IN (a, b)` lists values; `x IN a` is one; `(k, v) IN (1, 2)` is the one tuple
            // `(1, 2)` when the list is as long as the tuple and its first item is not a tuple
            // as long as the tuple.
            var items: [ASTExpression] = if case .function("tuple", nil, let list) = arguments[1] { list } else { [arguments[1]] }
            if case .tuple(let elements) = subject.type, items.count == elements.count, items.count > 1 {
                let first = try bind(items[0]).type
                let isTupleOfSubject: Bool = if case .tuple(let firstElements) = first { firstElements.count == elements.count } else { false }
                if !isTupleOfSubject { items = [arguments[1]] }
            }
            var disjunction: BoundExpression?
            for item in items {
                let (a, b) = try coercePair(subject, try bind(item), function: "in")
                let test = BoundExpression.call(.equals, [a, b], .uint8)
                disjunction = disjunction.map { .call(.or, [$0, test], .uint8) } ?? test
            }
            let result = disjunction ?? .constant(.uint8([0]))
            return name == "in" ? result : .call(.not, [result], .uint8)
        case "and", "or":
            if arguments.count < 2 { try arity(2) }
            var result = try bind(arguments[0])
            for argument in arguments.dropFirst() { result = .call(name == "and" ? .and : .or, [result, try bind(argument)], .uint8) }
            return result
        case "not":
            try arity(1)
            return .call(.not, [try bind(arguments[0])], .uint8)
        case "toStartOfHour", "toStartOfDay", "toStartOfMinute", "toYYYYMM":
            try arity(1)
            let a = try bind(arguments[0])
            guard a.type.isCalendar else { throw .illegalType("Illegal type \(a.type) of argument of function \(name). Should be Date, Date32, DateTime or DateTime64.") }
            if a.type == .date && (name == "toStartOfHour" || name == "toStartOfMinute") {
                throw .illegalType("Illegal argument of type Date for function \(name)")  // as ClickHouse 26.9
            }
            let function: ScalarFunction = name == "toStartOfHour" ? .toStartOfHour : name == "toStartOfDay" ? .toStartOfDay : name == "toStartOfMinute" ? .toStartOfMinute : .toYYYYMM
            return .call(function, [a], name == "toYYYYMM" ? .uint32 : .dateTime)
        case "today":
            try arity(0)
            return .constant(.date([UInt16(truncatingIfNeeded: context.now / DateTime.secondsPerDay)]))
        case "now":
            try arity(0)
            return .constant(.dateTime([context.now]))
        case "currentDatabase":
            try arity(0)
            return .constant(.string(StringColumn([context.database])))
        case "currentUser", "user":
            try arity(0)
            return .constant(.string(StringColumn([context.user])))
        case "timezone", "timeZone", "serverTimezone", "serverTimeZone":
            // EdgeHouse reads and writes DateTime in UTC, as a ClickHouse server set to UTC does.
            try arity(0)
            return .constant(.string(StringColumn(["UTC"])))
        case "version":
            // The ClickHouse version whose behaviour EdgeHouse follows: clients that branch on the
            // server version (TTL support, JSON quoting) must treat it as that version.
            try arity(0)
            return .constant(.string(StringColumn([ClickHouseRelease.version])))
        case "formatReadableSize", "formatReadableQuantity":
            try arity(1)
            let a = try bind(arguments[0])
            guard a.type.isNumeric else {
                throw .illegalType("A value of illegal type was provided as 1st argument 'value' to function '\(name)'. Expected: Number, got: \(a.type)")
            }
            return .call(name == "formatReadableSize" ? .formatReadableSize : .formatReadableQuantity, [a], .string)
        case "like", "notLike":
            try arity(2)
            let subject = try bind(arguments[0])
            guard subject.type == .string, case .constant(.string(let pattern)) = try bind(arguments[1]) else {
                throw .illegalType("Illegal types of arguments of function \(name): it needs a String and a constant pattern.")
            }
            return .call(.like(pattern: Array(pattern[0]), negated: name == "notLike"), [subject], .uint8)
        default:
            return try bindLibraryFunction(name, arguments)
        }
    }

    /// A scalar subquery's value: several columns are a tuple; no row is NULL.
    private func scalar(_ query: SelectQuery) throws(SQLError) -> ColumnValues {
        let rows = try subquery(query)
        var value = rows.columns.count == 1 ? rows.columns[0] : .tuples(TupleColumn(rows.columns, count: rows.rowCount))
        guard rows.rowCount <= 1 else {
            throw .badValue(.incorrectResultOfScalarSubquery, message: "Scalar subquery returned more than one row.")
        }
        if rows.rowCount == 0 {
            guard value.type.canBeInsideNullable else { return .defaults(value.type, count: 1) }
            value = .nullable(NullableColumn(nulls: value.type, count: 1))
        }
        return value
    }

    /// `x IN (SELECT …)`: the subquery's values converted to the subject's type, then looked up.
    private func membership(_ subject: BoundExpression, in query: SelectQuery, negated: Bool) throws(SQLError) -> BoundExpression {
        var rows = try subquery(query)
        // `(a, b) IN (SELECT x, y …)`: the rows as tuples.
        if case .tuple(let types) = subject.type, rows.columns.count == types.count, types.count > 1 {
            rows = Batch([("tuple", .tuples(TupleColumn(rows.columns, count: rows.rowCount)))])
        }
        guard rows.columns.count == 1 else {
            throw .badValue(.numberOfColumnsDoesntMatch, message: "Number of columns in section IN doesn't match. 1 at left, \(rows.columns.count) at right.")
        }
        let set = try Conversion.convert(rows.columns[0], to: subject.type)
        return .call(.member(of: ValueSet(set), negated: negated), [subject], .uint8)
    }

    /// The type of `plus`, `minus` and `multiply` of two integer types, as ClickHouse promotes
    /// them: the next wider width than either's (to 64 bits), signed when either is or for
    /// `minus` (`UInt8 + UInt8` is a UInt16, `UInt8 - UInt8` an Int16, `Int32 * Int32` an Int64).
    static func integerResultType(_ a: ColumnType, _ b: ColumnType, signed: Bool) -> ColumnType {
        let width = min(8, 2 * max(a.fixedWidth ?? 8, b.fixedWidth ?? 8))
        if signed || a.isSignedInteger || b.isSignedInteger { return [2: .int16, 4: .int32][width] ?? .int64 }
        return [2: .uint16, 4: .uint32][width] ?? .uint64
    }

    /// The type of an integer `modulo`, ClickHouse's `ResultOfModulo`: signed when the dividend
    /// is, as wide as the divisor — twice as wide when signed (`-199 % 200` needs an Int16):
    /// `UInt64 % UInt8` is a UInt8, `Int64 % UInt8` an Int16, `UInt8 % Int32` a UInt32.
    static func moduloResultType(_ a: ColumnType, _ b: ColumnType) -> ColumnType {
        let signed = a.isSignedInteger
        let width = min(8, (b.fixedWidth ?? 8) * (signed ? 2 : 1))
        if signed { return [1: .int8, 2: .int16, 4: .int32][width] ?? .int64 }
        return [1: .uint8, 2: .uint16, 4: .uint32][width] ?? .uint64
    }

    /// Makes two sides of a comparison comparable, as ClickHouse converts a string literal to
    /// the other side's type (`customer_id = '…'`, `hour >= '2026-11-20 10:00:00'`).
    private func coercePair(_ a: BoundExpression, _ b: BoundExpression, function: String) throws(SQLError) -> (BoundExpression, BoundExpression) {
        func convert(_ constant: ColumnValues, to type: ColumnType) throws(SQLError) -> BoundExpression? {
            guard case .string(let s) = constant else { return nil }
            let text = s.string(at: 0)
            switch type {
            case .dateTime: return .constant(.dateTime([try ValueParser.dateTime(text)]))
            case .date: return .constant(.date([try ValueParser.date(text)]))
            case .uuid: return .constant(.uuid([try ValueParser.uuid(text)]))
            case _ where type.isNumeric:
                guard let number = ValueParser.parse(text, as: .float64) else {
                    throw .badValue(.typeMismatch, message: "Cannot convert string '\(text)' to type \(type)")
                }
                return .constant(number)
            default: return nil
            }
        }
        var (a, b) = (a, b)
        if let constant = b.constantValue, let converted = try convert(constant, to: a.type) { b = converted }
        else if let constant = a.constantValue, let converted = try convert(constant, to: b.type) { a = converted }
        // A Date meets a DateTime at its midnight, as ClickHouse compares them.
        if a.type == .date && b.type == .dateTime { a = .call(.toStartOfDay, [a], .dateTime) }
        if b.type == .date && a.type == .dateTime { b = .call(.toStartOfDay, [b], .dateTime) }
        // Tuples and arrays compare element by element, in their common type.
        switch (a.type, b.type) {
        case (.tuple, .tuple), (.array, .array):
            let common = try CommonType.of(a.type, b.type)
            return (a.converted(to: common), b.converted(to: common))
        default: break
        }
        let comparable: Bool = switch (a.type, b.type) {
        case (.string, .string), (.uuid, .uuid): true
        case (.string, _), (_, .string): false
        case (.uuid, _), (_, .uuid): false
        default: (a.type.isNumeric || a.type.isCalendar) && (b.type.isNumeric || b.type.isCalendar)
        }
        guard comparable else {
            if a.type == .string || b.type == .string { throw .noCommonType(a.type.description, b.type.description) }
            throw .illegalType("Illegal types of arguments (`\(a.type)`, `\(b.type)`) of function `\(function)`")
        }
        return (a, b)
    }
}

extension BoundExpression {
    /// A Float64 expression reinterpreted as seconds (`toDateTime(number)`).
    var asDateTime: BoundExpression { .call(.plus, [self, .constant(.dateTime([0]))], .dateTime) }
}

/// An aggregate function call as written: `quantileMerge(0.95)(p95_latency)`, `count()`,
/// `sumIf(x, cond)`, `countDistinct(x)` (what `count(DISTINCT x)` parses to).
struct AggregateSyntax: Hashable {
    var kind: AggregateKind
    var combinator: AggregateCombinator
    var argument: ASTExpression?
    /// `argMin(x, key)`'s key, a weighted quantile's weight.
    var secondArgument: ASTExpression?
    /// The arguments a function of two (or a statistic of one) was given, when not that many (ClickHouse's code 42, raised by `check`).
    var wrongArgumentCount: Int?
    /// `-If`: the condition, the last argument.
    var condition: ASTExpression?
    /// `-Distinct`.
    var distinct = false
    /// `-Array`.
    var overArrays = false
    /// `-OrNull` / `-OrDefault`.
    var whenEmpty = AggregateCall.EmptyGroupResult.function
    /// The parameters, as quantile levels.
    var levels: [Double]

    /// ClickHouse's check of quantile levels (code 12), and of combinators this engine cannot
    /// give: a `-State` of a function without a binary state here.
    func check() throws(SQLError) {
        if wrongArgumentCount != nil {
            let expected = kind.takesSecondArgument ? "two arguments" : "single argument"
            throw .badValue(.numberOfArgumentsDoesntMatch, message: "Aggregate function \(kind.baseName) requires \(expected).")
        }
        if case .quantileExactRule(.exclusive, let levels, _) = kind, levels.contains(where: { $0 == 0 || $0 == 1 }) {
            throw .badValue(.badArguments, message: "QuantileExactExclusive cannot interpolate for the percentiles 1 and 0")
        }
        if let sizes = kind.topKSizes {
            try Self.checkTopK(kind.baseName, parameters: levels, sizes: sizes)
        } else if case .groupArray = kind {} else if case .uniqUpTo = kind {} else if case .groupArrayMoving = kind {} else if case .uniqCombined = kind {} else if !levels.allSatisfy({ (0...1).contains($0) }) {
            throw .badValue(.parameterOutOfBound, message: "Quantile level is out of range [0..1].")
        }
        // ClickHouse 26.9 answers a Nullable(Tuple), a type this engine does not have.
        if whenEmpty == .null && kind.isMap {
            throw .notImplemented("\(kind.name)OrNull: a Nullable(Tuple(…)) result")
        }
        if combinator != .none && !kind.hasBinaryState {
            throw .notImplemented("\(kind.name)\(combinator.rawValue): states of \(kind.name) (only its final value)")
        }
    }

    /// ClickHouse's checks of `topK`'s parameters (`N`, `load_factor`; its `'counts'` form is not here).
    private static func checkTopK(_ name: String, parameters: [Double], sizes: (threshold: Int, reserved: Int)) throws(SQLError) {
        guard parameters.count <= 3 else {
            throw .badValue(.tooManyArgumentsForFunction, message: "Aggregate function '\(name)' requires three parameters or less")
        }
        guard parameters.count <= 2, parameters.allSatisfy({ $0 >= 0 && $0 == $0.rounded() }) else {
            throw .notImplemented("\(name) with 'counts' or parameters other than whole numbers")
        }
        if parameters.count == 2, parameters[1] < 1 {
            throw .badValue(.argumentOutOfBound, message: "Too small parameter 'load_factor' for aggregate function '\(name)' (got \(Int(parameters[1])), minimum is 1)")
        }
        let maximum = 0xFF_FFFF
        if parameters.contains(where: { $0 > Double(maximum) }) || sizes.reserved > maximum {
            throw .badValue(.argumentOutOfBound, message: "Too large parameter(s) for aggregate function '\(name)' (maximum is \(maximum))")
        }
        if sizes.threshold == 0 {
            throw .badValue(.argumentOutOfBound, message: "Parameter 0 is illegal for aggregate function '\(name)'")
        }
    }

    /// The aggregate functions this knows, without combinators.
    private static let bases = Set<String>([
        "count", "sum", "avg", "min", "max", "quantile", "median", "quantiles", "quantileExact", "medianExact",
        "quantilesExact", "quantileExactWeighted", "medianExactWeighted", "quantilesExactWeighted",
        "quantileTiming", "medianTiming", "quantilesTiming",
        "quantileTimingWeighted", "medianTimingWeighted", "quantilesTimingWeighted",
        "quantileDeterministic", "medianDeterministic", "quantilesDeterministic",
        "groupBitAnd", "groupBitOr", "groupBitXor", "sumWithOverflow", "avgWeighted", "uniqUpTo",
        "groupArrayMovingSum", "groupArrayMovingAvg", "sumKahan", "anyHeavy", "uniqCombined", "uniqCombined64",
        "quantileTDigest", "medianTDigest", "quantilesTDigest", "quantileTDigestWeighted", "medianTDigestWeighted", "quantilesTDigestWeighted",
        "any", "anyLast", "uniq", "uniqExact", "argMin", "argMax", "groupArray", "groupUniqArray",
        "sumMap", "sumMapWithOverflow", "minMap", "maxMap", "topK", "topKWeighted",
    ]).union(Statistic.allCases.map(\.rawValue))
        .union(ExactQuantileRule.allCases.flatMap { ["quantileExact" + $0.rawValue, "quantilesExact" + $0.rawValue] })
    /// The combinator suffixes, last first: a name is a base, then optionally `Array`,
    /// `Distinct`, `If`, and one of `State`, `Merge`, `OrNull`, `OrDefault`, in that order.
    private static let suffixesFromLast = [["MergeState", "State", "Merge", "OrNull", "OrDefault"], ["If"], ["Distinct"], ["Array"]]

    /// Whether `name` is an aggregate this recognizes, combinators included. Asked of every call
    /// several times; checked by stripping suffixes rather than against a set of every
    /// combination (building that set took a millisecond of every CLI command that bound one).
    static func recognizes(_ name: Substring, suffixesFrom stage: Int = 0) -> Bool {
        if bases.contains(String(name)) || FunctionNames.canonical(String(name)).map(bases.contains) == true { return true }
        for index in stage..<suffixesFromLast.count {
            for suffix in suffixesFromLast[index] where name.count > suffix.count && name.hasSuffix(suffix) {
                if recognizes(name.dropLast(suffix.count), suffixesFrom: index + 1) { return true }
            }
        }
        return false
    }

    init?(name: String, parameters: [ASTExpression]?, arguments: [ASTExpression]) {
        guard Self.recognizes(name[...]) else { return nil }
        var base = name
        for (suffix, rule) in [("OrNull", AggregateCall.EmptyGroupResult.null), ("OrDefault", .typeDefault)] where base.hasSuffix(suffix) {
            base = String(base.dropLast(suffix.count))
            whenEmpty = rule
        }
        var combinator = AggregateCombinator.none
        for suffix in [AggregateCombinator.mergeState, .state, .merge] where base.hasSuffix(suffix.rawValue) && base.count > suffix.rawValue.count {
            base = String(base.dropLast(suffix.rawValue.count))
            combinator = suffix
            break
        }
        var arguments = arguments
        // `fIfMerge(state)`: the states of `fIf` are `f`'s; no condition to take.
        if combinator.mergesStates, base.hasSuffix("If"), base.count > 2 {
            base = String(base.dropLast(2))
        } else if base.hasSuffix("If") && base.count > 2 {
            guard let last = arguments.popLast() else { return nil }
            base = String(base.dropLast(2))
            condition = last
        }
        if base.hasSuffix("Distinct") && base.count > 8 {
            base = String(base.dropLast(8))
            distinct = true
        }
        // `-Array` (`groupArray` itself ends so: only where what is left is a function).
        if base.hasSuffix("Array"), Self.bases.contains(String(base.dropLast(5))) {
            base = String(base.dropLast(5))
            overArrays = true
        }
        // A parameter that is not a number literal stands for no valid level (rejected by
        // `check`, not silently replaced by the default).
        let levels: [Double] = (parameters ?? []).map {
            switch $0 {
            case .float(let v): v
            case .integer(let v): Double(v)
            case .negativeInteger(let v): Double(v)
            default: .nan
            }
        }
        // `SUM`, `VAR_POP`, `STDDEV`: other names of a function (combinators stay as written: `VAR_POPIf`).
        if !Self.bases.contains(base), let canonical = FunctionNames.canonical(base) { base = canonical }
        let kind: AggregateKind
        switch base {
        case "count": kind = .count
        case "sum": kind = .sum
        case "avg": kind = .avg
        case "min": kind = .min
        case "max": kind = .max
        case "quantile", "median": kind = .quantile(levels.first ?? 0.5)
        case "quantiles": kind = .quantiles(levels)
        case "quantileExact", "medianExact": kind = .quantileExact(levels.first ?? 0.5)
        case "quantilesExact": kind = .quantilesExact(levels)
        case "quantileExactWeighted", "medianExactWeighted": kind = .quantileExactWeighted(levels.first ?? 0.5)
        case "quantilesExactWeighted": kind = .quantilesExactWeighted(levels)
        case "quantileDeterministic", "medianDeterministic": kind = .quantileDeterministic(levels.first ?? 0.5)
        case "quantileTDigest", "medianTDigest", "quantileTDigestWeighted", "medianTDigestWeighted":
            kind = .quantileTDigest(levels: [levels.first ?? 0.5], plural: false, weighted: base.hasSuffix("Weighted"))
        case "quantilesTDigest", "quantilesTDigestWeighted": kind = .quantileTDigest(levels: levels, plural: true, weighted: base.hasSuffix("Weighted"))
        case "quantilesDeterministic": kind = .quantilesDeterministic(levels)
        case "quantileTiming", "medianTiming": kind = .quantileTiming(levels.first ?? 0.5)
        case "quantilesTiming": kind = .quantilesTiming(levels)
        case "quantileTimingWeighted", "medianTimingWeighted": kind = .quantileTimingWeighted(levels.first ?? 0.5)
        case "quantilesTimingWeighted": kind = .quantilesTimingWeighted(levels)
        case "any": kind = .any
        case "anyLast": kind = .anyLast
        case "uniq", "uniqExact": kind = .uniqExact
        case "argMin": kind = .argMin
        case "argMax": kind = .argMax
        case "sumMap": kind = .sumMap
        case "sumWithOverflow": kind = .sumWithOverflow
        case "avgWeighted": kind = .avgWeighted
        case "sumKahan": kind = .sumKahan
        case "anyHeavy": kind = .anyHeavy
        // Exact here: only ClickHouse's default precision (17) counts exactly as far as it does.
        case "uniqCombined", "uniqCombined64":
            guard levels.isEmpty || levels == [17] else { return nil }
            kind = .uniqCombined(bits64: base.hasSuffix("64"))
        case "groupArrayMovingSum", "groupArrayMovingAvg":
            guard levels.count <= 1, levels.allSatisfy({ $0 >= 1 && $0 == $0.rounded() && $0 < 1e15 }) else { return nil }
            kind = .groupArrayMoving(average: base.hasSuffix("Avg"), window: levels.first.map { Int($0) })
        case "groupBitAnd", "groupBitOr", "groupBitXor": kind = .groupBit(BitOperation(rawValue: String(base.dropFirst(8)))!)
        case "uniqUpTo":
            guard levels.count == 1, levels[0] >= 0, levels[0] <= 100, levels[0] == levels[0].rounded() else { return nil }
            kind = .uniqUpTo(Int(levels[0]))
        case "sumMapWithOverflow": kind = .sumMapWithOverflow
        case "topK", "topKWeighted":
            // Out-of-range parameters are kept for `check` to refuse as ClickHouse does.
            kind = .topK(parameters: levels.prefix(2).map { $0 >= 0 && $0 < 1e18 ? UInt64($0) : 0 }, weighted: base == "topKWeighted")
        case "minMap": kind = .minMap
        case "maxMap": kind = .maxMap
        case "groupArray", "groupUniqArray":
            guard levels.count <= 1, levels.allSatisfy({ $0 >= 1 && $0 == $0.rounded() && $0 < 1e15 }) else { return nil }
            kind = .groupArray(limit: levels.first.map { Int($0) }, unique: base == "groupUniqArray")
        default:
            if let statistic = Statistic(rawValue: base) {
                kind = .statistic(statistic)
            } else if let rule = ExactQuantileRule.allCases.first(where: { base == "quantileExact" + $0.rawValue || base == "quantilesExact" + $0.rawValue }) {
                let plural = base.hasPrefix("quantiles")
                kind = .quantileExactRule(rule, levels: plural ? levels : [levels.first ?? 0.5], plural: plural)
            } else {
                return nil
            }
        }
        // A `-Merge` takes the states alone.
        if kind.takesSecondArgument && !combinator.mergesStates {
            if arguments.count == 2 {
                secondArgument = arguments.removeLast()
            } else {
                wrongArgumentCount = arguments.count
                arguments = Array(arguments.prefix(1))
            }
        } else if case .statistic = kind, arguments.count != 1 {
            wrongArgumentCount = arguments.count
            arguments = Array(arguments.prefix(1))
        }
        // `sumMap(keys, values…)` is `sumMap((keys, values…))`; `uniq(a, b)` (and uniqExact,
        // uniqCombined, uniqUpTo, count(DISTINCT …)) counts distinct pairs.
        let countsDistinctTuples: Bool = switch kind {
        case .uniqCombined, .uniqUpTo: true
        default: kind == .uniqExact || kind == .count && distinct
        }
        if (kind.isMap || countsDistinctTuples) && arguments.count >= 2 { arguments = [.function(name: "tuple", parameters: nil, arguments: arguments)] }
        // `sum(a, b)`, `max()`: refused by `check` with ClickHouse's code 42.
        if kind != .count && arguments.count != 1 && wrongArgumentCount == nil && !combinator.mergesStates {
            wrongArgumentCount = arguments.count
            arguments = Array(arguments.prefix(1))
        }
        guard arguments.count <= 1, kind == .count || arguments.count == 1 || wrongArgumentCount != nil else { return nil }
        // `count(DISTINCT x)` counts distinct values: ClickHouse's count_distinct_implementation, uniqExact.
        if kind == .count && distinct && arguments.count == 1 {
            self.kind = .uniqExact
            self.distinct = false
        } else {
            self.kind = kind
        }
        self.levels = levels
        self.combinator = combinator
        argument = arguments.first
    }

    init?(_ expression: ASTExpression) {
        guard case .function(let name, let parameters, let arguments) = expression else { return nil }
        self.init(name: name, parameters: parameters, arguments: arguments)
    }
}
