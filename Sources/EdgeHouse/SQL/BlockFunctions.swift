/// ClickHouse's deprecated functions over the rows of one block — `runningDifference(x)` and
/// `neighbor(x, offset[, default])` — which 26.9 refuses (code 721) unless
/// `allow_deprecated_error_prone_window_functions` is set. Their answers depend on where blocks
/// begin, so they are computed over each batch as it is evaluated, as ClickHouse computes them
/// over each block (the same answers for results of one block).
enum BlockFunction: Hashable, Sendable {
    /// `runningDifference(x)`: 0 for a block's first row, then `x[i] - x[i - 1]`.
    case runningDifference
    /// `neighbor(x, offset[, default])`: the value `offset` rows away in the block, or the
    /// default (the type's, or the third argument) past either end.
    case neighbor

    static let deprecatedNames: Set<String> = ["runningDifference", "neighbor", "runningAccumulate"]

    /// The result type of `runningDifference` over `type`, as ClickHouse widens it (`nil`: not a number).
    static func differenceType(of type: ColumnType) -> ColumnType? {
        switch type {
        case .nullable(let inner): differenceType(of: inner).map(ColumnType.nullable)
        case .uint8, .int8: .int16
        case .uint16, .int16, .date: .int32
        case .uint32, .int32, .uint64, .int64, .dateTime: .int64
        case .float32, .float64: .float64
        default: nil
        }
    }

    func apply(_ args: [ColumnValues], resultType: ColumnType, rows: Int) -> ColumnValues {
        switch self {
        case .runningDifference:
            if case .nullable(let column) = args[0], case .nullable(let inner) = resultType {
                // NULL rows are NULL and skipped: a difference is from the last non-NULL value.
                let present = column.nulls.indices.filter { !column.nulls[$0] }.map { Int32($0) }
                let differences = apply([column.values.gathering(present)], resultType: inner, rows: present.count)
                var next = Int32(0)
                let order = column.nulls.map { isNull -> Int32 in
                    if isNull { return Int32(present.count) }
                    defer { next += 1 }
                    return next
                }
                let values = ColumnValues.joined([differences, .defaults(inner, count: 1)]).gathering(order)
                return .nullable(NullableColumn(values: values, nulls: column.nulls))
            }
            if resultType == .float64 {
                let values = Numeric.doubles(args[0])
                return .float64(values.indices.map { $0 == 0 ? 0 : values[$0] - values[$0 - 1] })
            }
            let values = args[0].type == .uint64 ? Numeric.uint64s(args[0]).map { Int64(bitPattern: $0) } : Numeric.int64s(args[0])
            let differences = values.indices.map { $0 == 0 ? 0 : values[$0] &- values[$0 - 1] }
            switch resultType {
            case .int16: return .int16(differences.map { Int16(truncatingIfNeeded: $0) })
            case .int32: return .int32(differences.map { Int32(truncatingIfNeeded: $0) })
            default: return .int64(differences)
            }
        case .neighbor:
            // Rows past either end take the default: row `rows + i` of the joined column.
            let offsets = Numeric.int64s(args[1])
            let order = (0..<rows).map { row -> Int32 in
                let (target, overflow) = Int64(row).addingReportingOverflow(offsets[row])
                return !overflow && (0..<Int64(rows)).contains(target) ? Int32(target) : Int32(rows + row)
            }
            let defaults = args.count > 2 ? args[2] : .defaults(resultType, count: rows)
            return ColumnValues.joined([args[0], defaults]).gathering(order)
        }
    }
}

extension Binder {
    /// `runningDifference` / `neighbor` (and the refusal of `runningAccumulate`), or `nil` for
    /// any other name.
    func bindBlockFunction(_ name: String, _ arguments: [ASTExpression]) throws(SQLError) -> BoundExpression? {
        guard BlockFunction.deprecatedNames.contains(name) else { return nil }
        guard context.settings.isOn("allow_deprecated_error_prone_window_functions") else {
            throw .badValue(.deprecatedFunction, message: "Function \(name) is deprecated since its usage is error-prone (see docs). Please use proper window function or set `allow_deprecated_error_prone_window_functions` setting to enable it.")
        }
        switch name {
        case "runningDifference":
            try Self.checkArity(name, arguments.count, 1...1)
            let value = try bind(arguments[0])
            guard let type = BlockFunction.differenceType(of: value.type) else {
                throw .illegalType("Argument for function \(name) must have numeric type")
            }
            return .call(.block(.runningDifference), [value], type)
        case "neighbor":
            try Self.checkArity(name, arguments.count, 2...3)
            let value = try bind(arguments[0])
            let offset = try bind(arguments[1])
            guard offset.type.isNumeric, offset.type != .float32, offset.type != .float64 else {
                throw .illegalType("Illegal type \(offset.type) of second argument of function \(name) - can only be an integer")
            }
            var bound = [value, offset]
            if arguments.count == 3 {
                let fallback = try bind(arguments[2])
                bound.append(fallback.type == value.type ? fallback : .call(.cast(value.type, orZero: false), [fallback], value.type))
            }
            return .call(.block(.neighbor), bound, value.type)
        default:
            throw .notImplemented("\(name) (a deprecated function of the rows of a block)")
        }
    }
}
