/// `tuple(a, b, …)` (and `(a, b)`) and `tupleElement(t, n)`.
enum TupleFunction: Sendable, Equatable {
    case make
    /// The `n`th element (1-based; fixed when the query is bound).
    case element(Int)

    func apply(_ args: [ColumnValues], rows: Int) -> ColumnValues {
        switch self {
        case .make: return .tuples(TupleColumn(args, count: rows))
        case .element(let index):
            guard case .tuples(let column) = args[0] else { preconditionFailure("bound as a tuple") }
            return column.elements[index - 1]
        }
    }
}

extension Binder {
    /// Binds a tuple function, or `nil` when `name` is not one.
    func bindTupleFunction(_ name: String, _ arguments: [ASTExpression]) throws(SQLError) -> BoundExpression? {
        switch name {
        case "tuple":
            let values = try bindAll(arguments)
            return .call(.tuple(.make), values, .tuple(values.map(\.type)))
        case "tupleElement":
            try Self.checkArity(name, arguments.count, 2...2)
            let tuple = try bind(arguments[0])
            guard case .tuple(let types) = tuple.type else {
                throw .illegalType("First argument for function tupleElement must be tuple or array of tuple. Actual \(tuple.type)")
            }
            guard case .integer(let index) = arguments[1], index >= 1, index <= UInt64(types.count) else {
                throw .badValue(.illegalIndex, message: "Index for tuple element is out of range")
            }
            return .call(.tuple(.element(Int(index))), [tuple], types[Int(index) - 1])
        default:
            return nil
        }
    }
}
