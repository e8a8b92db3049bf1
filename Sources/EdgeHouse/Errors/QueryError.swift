/// A query that cannot be bound or run, with ClickHouse's code.
public enum QueryError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownIdentifier(String)
    case illegalArgumentType(function: String, type: ColumnType)
    case illegalAggregateArgument(function: String, type: ColumnType)
    case notAggregateState(function: String, type: ColumnType)
    case notInGroupBy(String)
    case storage(StorageError)
    case corruptState(String)

    /// ClickHouse's code and name for this error.
    public var clickHouseCode: ClickHouseErrorCode {
        switch self {
        case .unknownIdentifier: .unknownIdentifier
        case .illegalArgumentType, .illegalAggregateArgument, .notAggregateState: .illegalTypeOfArgument
        case .notInGroupBy: .notAnAggregate
        case .storage(let error): error.code
        case .corruptState: .corruptedData
        }
    }

    public var code: Int32 { clickHouseCode.rawValue }

    public var name: String { clickHouseCode.name }

    public var message: String {
        switch self {
        case .unknownIdentifier(let name): "Unknown expression identifier `\(name)`."
        case .illegalArgumentType(let function, let type): "Illegal type \(type) of argument of function \(function)."
        case .illegalAggregateArgument(let function, let type): "Illegal type \(type) of argument for aggregate function \(function)."
        case .notAggregateState(_, let type):
            "Illegal type \(type) of argument for aggregate function with Merge suffix. It must be AggregateFunction(...)."
        case .notInGroupBy(let name): "Column \(name) is not under aggregate function and not in GROUP BY keys."
        case .storage(let error): error.message
        case .corruptState(let reason): "Cannot read aggregate function state: \(reason)"
        }
    }

    /// `Code: 47. DB::Exception: Unknown expression identifier `x`. (UNKNOWN_IDENTIFIER)`
    public var description: String { "Code: \(code). DB::Exception: \(message) (\(name))" }
}
