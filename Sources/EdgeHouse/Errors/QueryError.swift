/// A query that cannot be bound or run, with ClickHouse's code.
public enum QueryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `quantileMerge` of `AggregateFunction(avg, …)` states.
    case mergeOfOtherFunction(stored: String, expected: String, type: ColumnType)
    case illegalAggregateArgument(function: String, type: ColumnType)
    case notAggregateState(function: String, type: ColumnType)
    /// A weighted quantile's weight that is not an unsigned integer.
    case weightNotUnsigned(function: String, type: ColumnType)
    /// `topKWeighted`'s weight that is not an integer.
    case weightNotInteger(function: String)
    /// `-Array` of a two-argument function over arrays of different lengths in one row.
    case arrayLengthsDiffer
    /// `sumMap` and its kin given anything but a tuple of two or more arrays.
    case mapArgumentRequired
    /// `sumMap(keys, values)` over a row whose keys and values differ in length.
    case mapSizesDiffer
    case storage(StorageError)
    case corruptState(String)

    /// ClickHouse's code and name for this error.
    public var clickHouseCode: ClickHouseErrorCode {
        switch self {
        case .mergeOfOtherFunction, .illegalAggregateArgument, .notAggregateState, .weightNotUnsigned, .weightNotInteger, .mapArgumentRequired: .illegalTypeOfArgument
        case .arrayLengthsDiffer: .sizesOfArraysDontMatch
        case .mapSizesDiffer: .badArguments
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
        case .weightNotUnsigned(let function, let type):
            "Second argument (weight) for function \(function) must be unsigned integer, but it has type \(type)."
        case .weightNotInteger(let function): "The second argument for aggregate function '\(function)' must have integer type."
        case .arrayLengthsDiffer: "Lengths of all arrays passed to aggregate function must be equal: While executing AggregatingTransform."
        case .mapArgumentRequired: "Aggregate function Map requires map as argument."
        case .mapSizesDiffer: "Sizes of keys and values arrays do not match: While executing AggregatingTransform."
        case .storage(let error): error.message
        case .corruptState(let reason): "Cannot read aggregate function state: \(reason)"
        }
    }

    /// `Code: 43. DB::Exception: Illegal type String of argument for aggregate function sum. (ILLEGAL_TYPE_OF_ARGUMENT)`
    public var description: String { "Code: \(code). DB::Exception: \(message) (\(name))" }
}
