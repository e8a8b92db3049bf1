import Foundation

/// How the client reaches a store: run SQL text and get TabSeparated text back, or insert rows
/// as columns. Two conformers, each in a module of its own: `EmbeddedTransport`
/// (`OptiInfraMetricsEmbedded`, which links the engine) and `HTTPTransport`
/// (`OptiInfraMetricsHTTP`, which brings in networking); this module needs neither.
public protocol MetricsTransport: Sendable {
    /// Runs one statement; returns its TabSeparated result (empty for statements without rows).
    func execute(_ sql: String) async throws(MetricsError) -> String
    /// Inserts rows into a table of the client's database; returns the number of rows inserted.
    func insert(_ rows: MetricColumns, into table: String) async throws(MetricsError) -> Int
}

/// A failed call, from either transport. `server` carries ClickHouse's code, so both backends
/// report the same errors the same way.
public enum MetricsError: Error, Equatable, Sendable, CustomStringConvertible {
    case server(code: Int32, message: String)
    case transport(String)
    case invalidResponse(String)

    public var code: Int32? {
        if case .server(let code, _) = self { return code }
        return nil
    }

    public var description: String {
        switch self {
        case .server(let code, let message): "Code: \(code). \(message)"
        case .transport(let reason): "cannot reach ClickHouse: \(reason)"
        case .invalidResponse(let reason): "unexpected response: \(reason)"
        }
    }
}
