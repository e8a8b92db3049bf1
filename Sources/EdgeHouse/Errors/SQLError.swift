/// An error of a SQL statement, with ClickHouse's code, name and message.
public enum SQLError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `position` is the byte offset in the statement text.
    case syntax(position: Int, near: String, expected: String)
    /// A second statement after the first, where one is allowed (a server's query).
    case multiStatement(position: Int, near: String)
    /// A text of nothing but blanks and comments, where a statement is needed.
    case emptyQuery
    case unknownTable(TableName)
    case unknownDatabase(String)
    case databaseAlreadyExists(String)
    case unknownIdentifier(String)
    case unknownFunction(String)
    case illegalType(String)
    case noCommonType(String, String)
    case notAnAggregate(String)
    case unknownFormat(String)
    case notImplemented(String)
    /// Bad input data or literals: `code` is ClickHouse's (376 UUID, 41 DateTime, 72 number,
    /// 27/117/33/26 malformed input, 457/456 parameters).
    case badValue(ClickHouseErrorCode, message: String)
    case storage(StorageError)
    case query(QueryError)

    /// ClickHouse's code and name for this error.
    public var clickHouseCode: ClickHouseErrorCode {
        switch self {
        case .syntax, .multiStatement, .emptyQuery: .syntaxError
        case .unknownTable: .unknownTable
        case .unknownDatabase: .unknownDatabase
        case .databaseAlreadyExists: .databaseAlreadyExists
        case .unknownIdentifier: .unknownIdentifier
        case .unknownFunction: .unknownFunction
        case .illegalType: .illegalTypeOfArgument
        case .noCommonType: .noCommonType
        case .notAnAggregate: .notAnAggregate
        case .unknownFormat: .unknownFormat
        case .notImplemented: .notImplemented
        case .badValue(let code, _): code
        case .storage(let error): error.code
        case .query(let error): error.clickHouseCode
        }
    }

    public var code: Int32 { clickHouseCode.rawValue }

    public var name: String { clickHouseCode.name }

    public var message: String {
        switch self {
        case .syntax(let position, let near, let expected): "Syntax error: failed at position \(position + 1) (\(near)). Expected \(expected)."
        case .multiStatement(let position, let near): "Syntax error (Multi-statements are not allowed): failed at position \(position + 1) (end of query): \(near). "
        case .emptyQuery: "Empty query."
        case .unknownTable(let name): "Table \(name) does not exist."
        case .unknownDatabase(let name): "Database \(name) does not exist."
        case .databaseAlreadyExists(let name): "Database \(name) already exists."
        case .unknownIdentifier(let name): "Unknown expression identifier `\(name)`."
        case .unknownFunction(let name): "Function with name `\(name)` does not exist."
        case .illegalType(let message), .notImplemented(let message): message
        case .noCommonType(let a, let b): "There is no supertype for types \(a), \(b) because some of them are String/FixedString/Enum and some of them are not."
        case .notAnAggregate(let name): "Column \(name) is not under aggregate function and not in GROUP BY keys."
        case .unknownFormat(let name): "Unknown format \(name)."
        case .badValue(_, let message): message
        case .storage(let error): error.message
        case .query(let error): error.message
        }
    }

    /// `Code: 60. DB::Exception: Table e.t does not exist. (UNKNOWN_TABLE)`
    public var description: String { "Code: \(code). DB::Exception: \(message) (\(name))" }
}
