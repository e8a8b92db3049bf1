/// ClickHouse's `optimize_arithmetic_operations_in_aggregate_functions` (on by default): an
/// aggregate of a product or quotient by a number is that number applied to the aggregate —
/// `sum(x * 0.1)` is `sum(x) * 0.1`, `avg(x / 7)` is `avg(x) / 7`, `min(x * -2)` is `max(x) * -2`.
/// Floats come out with ClickHouse's bits only if the query is computed as it computes it.
enum ArithmeticHoisting {
    private static let functions: Set<String> = ["sum", "avg", "min", "max"]

    static func hoisted(_ expression: ASTExpression) -> ASTExpression {
        guard case .function(let name, let parameters, let arguments) = expression else { return expression }
        guard functions.contains(name), parameters == nil, arguments.count == 1,
              case .function(let operation, nil, let operands) = arguments[0], operands.count == 2,
              operation == "multiply" || operation == "divide" else {
            return .function(name: name, parameters: parameters, arguments: arguments.map(hoisted))
        }
        let (left, right) = (number(operands[0]), number(operands[1]))
        // The constant's sign turns min into max (and back).
        func aggregate(of operand: ASTExpression, by constant: Double) -> ASTExpression {
            let flipped = constant < 0 && (name == "min" || name == "max")
            return .function(name: flipped ? (name == "min" ? "max" : "min") : name, parameters: nil, arguments: [operand])
        }
        if let constant = right, left == nil {
            return .function(name: operation, parameters: nil, arguments: [aggregate(of: operands[0], by: constant), operands[1]])
        }
        if operation == "multiply", let constant = left, right == nil {
            return .function(name: operation, parameters: nil, arguments: [operands[0], aggregate(of: operands[1], by: constant)])
        }
        return expression
    }

    /// A number literal's value.
    private static func number(_ expression: ASTExpression) -> Double? {
        switch expression {
        case .integer(let value): Double(value)
        case .negativeInteger(let value): Double(value)
        case .float(let value): value
        default: nil
        }
    }
}
