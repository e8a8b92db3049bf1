import EdgeHouse

/// An error as a ClickHouse client receives it: code, name and message, in an Exception packet
/// (native) or a `Code: N. DB::Exception: …` body with `X-ClickHouse-Exception-Code` (HTTP).
public struct ServerException: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: Int32
    public let name: String
    public let message: String

    public init(code: Int32, name: String, message: String) {
        self.code = code
        self.name = name
        self.message = message
    }

    public init(_ code: ClickHouseErrorCode, message: String) {
        self.init(code: code.rawValue, name: code.name, message: message)
    }

    init(_ error: SQLError) { self.init(code: error.code, name: error.name, message: error.message) }

    init(_ error: StorageError) { self.init(error.code, message: error.message) }

    /// Any error a request raised, in ClickHouse's terms.
    init(_ error: any Error) {
        switch error {
        case let error as ServerException: self = error
        case let error as SQLError: self.init(error)
        case let error as StorageError: self.init(error)
        case let error as WireError: self = error.exception
        default: self.init(.stdException, message: "\(error)")
        }
    }

    /// `Code: 60. DB::Exception: Table db.nope does not exist. (UNKNOWN_TABLE)`, as 26.9
    /// writes an error body.
    public var description: String { "Code: \(code). DB::Exception: \(message) (\(name))" }

    static func authenticationFailed(user: String) -> ServerException {
        ServerException(.authenticationFailed,
                        message: "\(user): Authentication failed: password is incorrect, or there is no user with such name.")
    }

    static func readonly() -> ServerException {
        ServerException(.readonly, message: "Cannot execute query in readonly mode.")
    }

    static let emptyQuery = ServerException(.syntaxError, message: "Empty query.")

    static func queryTooLarge(limit: Int) -> ServerException {
        ServerException(.syntaxError, message: "Max query size exceeded (can be increased with the `max_query_size` setting): the query is longer than \(limit) bytes.")
    }

    static func tooManyQueries(_ limit: Int) -> ServerException {
        ServerException(.tooManySimultaneousQueries, message: "Too many simultaneous queries. Maximum: \(limit).")
    }

    static func tooManyConnections(_ limit: Int) -> ServerException {
        ServerException(.tooManySimultaneousQueries, message: "Too many simultaneous connections. Maximum: \(limit).")
    }

    static let shuttingDown = ServerException(.networkError, message: "The server is shutting down.")
}

/// A malformed or oversized message from a client, found while reading its bytes. Sizes are
/// checked against `WireLimits` before anything is allocated for them.
enum WireError: Error, Equatable {
    /// The peer closed the connection in the middle of a message.
    case connectionClosed
    case unknownPacket(UInt64)
    case unexpectedPacket(String)
    case tooLarge(what: String, size: UInt64, limit: Int)
    case checksumMismatch
    case unknownCompressionMethod(UInt8)
    case corruptFrame(String)
    case unknownType(String)
    case unsupportedType(String)
    case malformed(String)

    var exception: ServerException {
        switch self {
        case .connectionClosed:
            ServerException(.cannotReadAllData, message: "Cannot read all data: the connection was closed in the middle of a packet.")
        case .unknownPacket(let type):
            ServerException(.unknownPacketFromClient, message: "Unknown packet \(type) from client")
        case .unexpectedPacket(let what):
            ServerException(.unexpectedPacketFromClient, message: "Unexpected packet from client: \(what)")
        case .tooLarge(let what, let size, let limit):
            ServerException(.tooLargeStringSize, message: "Too large \(what): \(size), maximum: \(limit)")
        case .checksumMismatch:
            ServerException(.checksumDoesntMatch, message: "Checksum doesn't match: corrupted data.")
        case .unknownCompressionMethod(let method):
            ServerException(.unknownCompressionMethod, message: "Unknown compression method: \(method)")
        case .corruptFrame(let reason):
            ServerException(.cannotDecompress, message: "Cannot decompress: \(reason)")
        case .unknownType(let name):
            ServerException(.unknownType, message: "Unknown data type family: \(name)")
        case .unsupportedType(let name):
            ServerException(.notImplemented, message: "Reading \(name) columns from a client is not supported by EdgeHouse")
        case .malformed(let reason):
            ServerException(.incorrectData, message: reason)
        }
    }
}

/// Bounds on every size read from the wire, checked before allocating for it.
public struct WireLimits: Sendable {
    /// Longest query text (ClickHouse's `max_query_size`).
    public var queryBytes = 262_144
    /// Longest string in a packet field or a column value (ClickHouse allows 1 GiB; a metrics
    /// row has no such value).
    public var stringBytes = 16 << 20
    /// Most columns and rows in one Native block.
    public var blockColumns = 1_000
    public var blockRows = 16 << 20
    /// Largest compressed frame (ClickHouse's limit: 1 GiB), compressed or not.
    public var frameBytes = 1 << 30
    /// Largest Native block a client may send, summed over its columns.
    public var blockBytes = 1 << 30

    public init() {}
}
