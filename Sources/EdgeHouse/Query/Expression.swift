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
