/// A query that cannot be bound or run, with ClickHouse's code.
public enum QueryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `quantileMerge` of `AggregateFunction(avg, …)` states.
    case mergeOfOtherFunction(stored: String, expected: String, type: ColumnType)
    case illegalAggregateArgument(function: String, type: ColumnType)
    case notAggregateState(function: String, type: ColumnType)
    case storage(StorageError)
    case corruptState(String)

    /// ClickHouse's code and name for this error.
    public var clickHouseCode: ClickHouseErrorCode {
        switch self {
        case .mergeOfOtherFunction, .illegalAggregateArgument, .notAggregateState: .illegalTypeOfArgument
        case .storage(let error): error.code
        case .corruptState: .corruptedData
        }
    }

    public var code: Int32 { clickHouseCode.rawValue }

    public var name: String { clickHouseCode.name }

    public var message: String {
        switch self {
        case .mergeOfOtherFunction(let stored, let expected, let type):
            "Illegal type \(type) of argument for aggregate function with Merge suffix because it corresponds to different aggregate function: \(stored) instead of \(expected)."
        case .illegalAggregateArgument(let function, let type): "Illegal type \(type) of argument for aggregate function \(function)."
        case .notAggregateState(_, let type):
            "Illegal type \(type) of argument for aggregate function with Merge suffix. It must be AggregateFunction(...)."
        case .storage(let error): error.message
        case .corruptState(let reason): "Cannot read aggregate function state: \(reason)"
        }
    }

    /// `Code: 43. DB::Exception: Illegal type String of argument for aggregate function sum. (ILLEGAL_TYPE_OF_ARGUMENT)`
    public var description: String { "Code: \(code). DB::Exception: \(message) (\(name))" }
}
