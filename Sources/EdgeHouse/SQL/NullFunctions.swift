/// Functions that look at NULL rather than propagate it: `isNull`, `isNotNull`, `ifNull`,
/// `coalesce`, `assumeNotNull`, `toNullable`, `nullIf`. Every other function of a Nullable
/// argument is NULL where the argument is (`ScalarFunction.propagatingNulls`).
enum NullFunction: Sendable, Equatable {
    case isNull, isNotNull
    /// The first argument that is not NULL (arguments converted to the result type).
    case coalesce
    /// The values, NULL rows as the type's default.
    case assumeNotNull
    /// `nullIf(a, b)`: NULL where `a = b`, else `a` (as Nullable).
    case nullIf

    /// Names that bind here, and functions that handle NULL themselves rather than propagate it.
    static let nullAwareNames: Set<String> = [
        "isNull", "isNotNull", "ifNull", "coalesce", "assumeNotNull", "toNullable", "nullIf", "if", "multiIf",
        "CAST", "_CAST", "toTypeName", "ignore", "materialize", "identity", "array", "count", "arrayJoin",
        "tuple",
    ]

    func apply(_ args: [ColumnValues], resultType: ColumnType, rows: Int) throws(SQLError) -> ColumnValues {
        func nulls(_ values: ColumnValues) -> [Bool] { (0..<rows).map { values.isNull(at: $0) } }
        switch self {
        case .isNull: return .uint8(nulls(args[0]).map { $0 ? 1 : 0 })
        case .isNotNull: return .uint8(nulls(args[0]).map { $0 ? 0 : 1 })
        case .assumeNotNull:
            if case .nullable(let column) = args[0] { return column.values }
            return try Conversion.convert(args[0], to: resultType)
        case .coalesce:
            // Each row from the first argument that is not NULL there (the last one otherwise).
            let nullable: ColumnType = resultType.isNullable || !resultType.canBeInsideNullable ? resultType : .nullable(resultType)
            let converted = try args.map { (value) throws(SQLError) in try Conversion.convert(value, to: nullable) }
            let order = (0..<rows).map { row -> Int32 in
                let source = args.indices.first { !args[$0].isNull(at: row) } ?? args.count - 1
                return Int32(source * rows + row)
            }
            let chosen = ColumnValues.joined(converted).gathering(order)
            if nullable != resultType, case .nullable(let column) = chosen { return column.values }
            return chosen
        case .nullIf:
            let equal = Comparison.compare(args[0], args[1]).map { $0 == 0 }
            guard case .nullable(let column) = try Conversion.convert(args[0], to: resultType) else { preconditionFailure("nullIf is Nullable") }
            return .nullable(NullableColumn(values: column.values, nulls: zip(column.nulls, equal).map { $0 || $1 }))
        }
    }
}

extension BoundExpression {
    /// The expression with the columns `$0`, `$1`, … replaced by `values`.
    func replacingPlaceholders(_ values: [BoundExpression]) -> BoundExpression {
        switch self {
        case .column(let name, _):
            guard name.hasPrefix("$"), let index = Int(name.dropFirst()), values.indices.contains(index) else { return self }
            return values[index]
        case .constant: return self
        case .call(let function, let arguments, let type):
            return .call(function, arguments.map { $0.replacingPlaceholders(values) }, type)
        }
    }
}

extension Binder {
    /// Binds a function of the family above, or `nil` when `name` is not one.
    func bindNullFunction(_ name: String, _ arguments: [ASTExpression]) throws(SQLError) -> BoundExpression? {
        guard NullFunction.nullAwareNames.contains(name) else { return nil }
        func arity(_ counts: ClosedRange<Int>) throws(SQLError) { try Self.checkArity(name, arguments.count, counts) }
        func bound() throws(SQLError) -> [BoundExpression] { try bindAll(arguments) }
        switch name {
        case "isNull", "isNotNull":
            try arity(1...1)
            return .call(.null(name == "isNull" ? .isNull : .isNotNull), try bound(), .uint8)
        case "assumeNotNull":
            try arity(1...1)
            let values = try bound()
            let type = values[0].type.withoutNullable
            return .call(.null(.assumeNotNull), values, type == .nothing ? .nothing : type)
        case "toNullable":
            try arity(1...1)
            let value = try bind(arguments[0])
            guard value.type.canBeInsideNullable || value.type.isNullable else {
                throw .illegalType("Nested type \(value.type) cannot be inside Nullable type")
            }
            return value.converted(to: value.type.isNullable ? value.type : .nullable(value.type))
        case "ifNull", "coalesce":
            try arity(name == "ifNull" ? 2...2 : 1...Int.max)
            let values = try bound()
            // Not Nullable when some argument can never be NULL (it ends the search).
            var type = values[0].type
            for value in values.dropFirst() { type = try CommonType.of(type, value.type) }
            if let last = values.firstIndex(where: { !$0.type.isNullable && $0.type != .nothing }) {
                type = type.withoutNullable
                return .call(.null(.coalesce), Array(values[...last]), type)
            }
            return .call(.null(.coalesce), values, type)
        case "nullIf":
            try arity(2...2)
            let values = try bound()
            let type = values[0].type.isNullable ? values[0].type : .nullable(values[0].type)
            let common = try CommonType.of(values[0].type.withoutNullable, values[1].type.withoutNullable)
            return .call(.null(.nullIf), [values[0].converted(to: common), values[1].converted(to: common)], type)
        default:
            return nil
        }
    }

    /// A call of a function that does not handle NULL, when some argument may be NULL: the
    /// function bound over the arguments' values (`$0`, `$1`, …), NULL where any argument is —
    /// a constant NULL when an argument is always NULL. `nil` when no argument is Nullable.
    func bindPropagatingNulls(_ name: String, _ parameters: [ASTExpression]?, _ arguments: [ASTExpression]) throws(SQLError) -> BoundExpression? {
        // `x IN (…)`: only the subject propagates; the set (a list or a subquery) is no value.
        let valueArguments = name == "in" || name == "notIn" ? Array(arguments.prefix(1)) : arguments
        guard mayMeetNulls, !valueArguments.isEmpty, !NullFunction.nullAwareNames.contains(name),
              valueArguments.contains(where: { mayBeNullable($0, depth: 0) }) else { return nil }
        let values = try bindAll(valueArguments)
        if values.contains(where: { $0.type == .nullable(.nothing) || $0.type == .nothing }) {
            return .constant(.nullable(NullableColumn(values: .nothing(count: 1), nulls: [true])))
        }
        var inner = self
        for (index, (argument, value)) in zip(valueArguments, values).enumerated() {
            inner.columns["$\(index)"] = value.type.withoutNullable
            inner.substitutions[argument] = "$\(index)"
        }
        let function = try inner.bind(.function(name: name, parameters: parameters, arguments: arguments))
        // No argument turned out Nullable: the call over the arguments themselves (bound once).
        guard values.contains(where: { $0.type.isNullable }), function.type.canBeInsideNullable else {
            return function.replacingPlaceholders(values)
        }
        return .call(.propagatingNulls(function), values, .nullable(function.type))
    }

    /// Functions that may return NULL of arguments that are not (with the `…OrNull` conversions).
    private static let nullMaking: Set<String> = ["toNullable", "nullIf", "CAST", "_CAST"]

    /// Whether any of `expressions` holds syntax that can make a NULL out of values that are not.
    static func hasNullSyntax(_ expressions: [ASTExpression]) -> Bool {
        func visit(_ expression: ASTExpression, depth: Int) -> Bool {
            switch expression {
            case .null, .subquery, .parameter: return true
            case .function(let name, let parameters, let arguments):
                if nullMaking.contains(name) || name.hasSuffix("OrNull") || depth > 256 { return true }
                return (parameters ?? []).contains { visit($0, depth: depth + 1) } || arguments.contains { visit($0, depth: depth + 1) }
            case .interval(let inner, _, _): return visit(inner, depth: depth + 1)
            case .array(let items): return items.contains { visit($0, depth: depth + 1) }
            default: return false
            }
        }
        return expressions.contains { visit($0, depth: 0) }
    }

    /// Whether an expression may have a Nullable type, judged from its text: a cheap test that
    /// keeps the arguments of the (many) calls that cannot see NULL from being bound twice.
    func mayBeNullable(_ expression: ASTExpression, depth: Int = 0) -> Bool {
        guard depth < 64 else { return true }
        if let name = substitutions[expression] { return columns[name].map { $0.isNullable || $0 == .nothing } ?? true }
        switch expression {
        case .null, .subquery, .parameter: return true
        case .identifier(let parts):
            if let type = columns[qualified[parts.joined(separator: ".")] ?? parts.last!] { return type.containsNullable || type == .nothing }
            return aliases[parts.last!].map { mayBeNullable($0, depth: depth + 1) } ?? true
        case .function(let name, let parameters, let arguments):
            if Self.nullMaking.contains(name) || name.hasSuffix("OrNull") { return true }
            return ((parameters ?? []) + arguments).contains { mayBeNullable($0, depth: depth + 1) }
        case .interval(let inner, _, _): return mayBeNullable(inner, depth: depth + 1)
        case .array(let items): return items.contains { mayBeNullable($0, depth: depth + 1) }
        default: return false
        }
    }
}
