import EdgeHouse
import Foundation
import OptiInfraSchema

/// How the client reaches a store: run SQL text and get TabSeparated text back, or insert a
/// columnar batch. Two conformers: ``EmbeddedTransport`` here and `HTTPTransport` in
/// `OptiInfraMetrics`, the module that brings in networking.
public protocol MetricsTransport: Sendable {
    /// Runs one statement; returns its TabSeparated result (empty for statements without rows).
    func execute(_ sql: String) async throws(MetricsError) -> String
    /// Inserts rows into a table of the client's database; returns the number of rows inserted.
    func insert(_ rows: Batch, into table: String) async throws(MetricsError) -> Int
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

/// The in-process transport: SQL runs in the embedded engine; inserts go straight into the
/// store as columns (no text round trip).
public struct EmbeddedTransport: MetricsTransport {
    public let store: Store
    public let database: String
    /// Inserts go through the store's insert log (``Store/insertBuffered(_:into:)``), as
    /// ClickHouse's `async_insert = 1` does: for agents that insert a few rows at a time. They
    /// reach queries when the buffer is flushed.
    public let buffered: Bool

    public init(store: Store, database: String = OptiInfraSchema.database, buffered: Bool = false) {
        self.store = store
        self.database = database
        self.buffered = buffered
    }

    public func execute(_ sql: String) async throws(MetricsError) -> String {
        do {
            // Before the schema creates the database, statements run in `default`.
            let session = (try? SQLSession(store: store, database: database)) ?? SQLSession(store: store)
            var output = [UInt8]()
            for result in try session.execute(sql) {
                if let rows = result.rows { output += try SQLSession.render(rows, format: result.format ?? "TSV") }
            }
            return String(decoding: output, as: UTF8.self)
        } catch {
            throw .server(code: error.code, message: error.message)
        }
    }

    public func insert(_ rows: Batch, into table: String) async throws(MetricsError) -> Int {
        do {
            let name = TableName(database, table)
            if buffered { try store.insertBuffered(rows, into: name) } else { try store.insert(rows, into: name) }
            return rows.rowCount
        } catch {
            throw .server(code: error.code.rawValue, message: error.message)
        }
    }
}
