/// A scalar expression over the columns of a row: what GROUP BY keys and view columns are made
/// of (`toStartOfHour(timestamp)`).
public indirect enum Expression: Hashable, Sendable, Codable, CustomStringConvertible {
    case column(String)
    case toStartOfHour(Expression)
    case toStartOfDay(Expression)
    case toYYYYMM(Expression)

    public var description: String {
        switch self {
        case .column(let name): name
        case .toStartOfHour(let e): "toStartOfHour(\(e))"
        case .toStartOfDay(let e): "toStartOfDay(\(e))"
        case .toYYYYMM(let e): "toYYYYMM(\(e))"
        }
    }

    /// The result type given the input columns.
    public func type(in columns: [ColumnDefinition], table: TableName) throws(QueryError) -> ColumnType {
        switch self {
        case .column(let name):
            guard let column = columns.first(where: { $0.name == name }) else { throw .unknownIdentifier(name) }
            return column.type
        case .toStartOfHour(let e), .toStartOfDay(let e):
            let type = try e.type(in: columns, table: table)
            guard type == .dateTime else { throw .illegalArgumentType(function: functionName, type: type) }
            return .dateTime
        case .toYYYYMM(let e):
            let type = try e.type(in: columns, table: table)
            guard type == .dateTime else { throw .illegalArgumentType(function: functionName, type: type) }
            return .uint32
        }
    }

    private var functionName: String {
        switch self {
        case .column: ""
        case .toStartOfHour: "toStartOfHour"
        case .toStartOfDay: "toStartOfDay"
        case .toYYYYMM: "toYYYYMM"
        }
    }

    /// Evaluates the expression over a batch (types were checked by ``type(in:table:)``).
    public func evaluate(_ batch: Batch) -> ColumnValues {
        switch self {
        case .column(let name): return batch.column(named: name)!
        case .toStartOfHour(let e): return .dateTime(e.evaluate(batch).dateTimes!.map(DateTime.startOfHour))
        case .toStartOfDay(let e): return .dateTime(e.evaluate(batch).dateTimes!.map(DateTime.startOfDay))
        case .toYYYYMM(let e): return .uint32(e.evaluate(batch).dateTimes!.map(DateTime.yyyymm))
        }
    }

    /// Columns the expression reads.
    var columns: [String] {
        switch self {
        case .column(let name): [name]
        case .toStartOfHour(let e), .toStartOfDay(let e), .toYYYYMM(let e): e.columns
        }
    }
}

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
