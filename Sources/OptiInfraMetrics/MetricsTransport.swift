import EdgeHouse
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// How the client reaches a store: run SQL text and get TabSeparated text back, or insert a
/// columnar batch. Two conformers: ``EmbeddedTransport`` and ``HTTPTransport``.
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

    public init(store: Store, database: String = OptiInfraTables.database, buffered: Bool = false) {
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

/// ClickHouse's HTTP interface (port 8123): the statement as the POST body, credentials in
/// `X-ClickHouse-User`/`X-ClickHouse-Key`, the database as a URL parameter; inserts send
/// `INSERT INTO t FORMAT TabSeparated` with the rows as the body. Error bodies become
/// ``MetricsError/server(code:message:)`` with ClickHouse's code.
public struct HTTPTransport: MetricsTransport {
    public let endpoint: URL
    public let database: String
    public let user: String
    public let password: String
    /// ClickHouse settings sent with every request (e.g. `max_threads=1` for reproducible float sums).
    public let settings: [String: String]

    public init(host: String = "localhost", port: Int = 8123, database: String = OptiInfraTables.database,
                user: String = "default", password: String = "", settings: [String: String] = [:]) {
        endpoint = URL(string: "http://\(host):\(port)/")!
        self.database = database
        self.user = user
        self.password = password
        self.settings = settings
    }

    /// Database-level statements (`CREATE/DROP DATABASE`) run without a default database: the
    /// database may not exist yet.
    public func execute(_ sql: String) async throws(MetricsError) -> String {
        let upper = sql.uppercased()
        let serverLevel = upper.hasPrefix("CREATE DATABASE") || upper.hasPrefix("DROP DATABASE")
        return try await post(body: Data(sql.utf8), query: nil, database: serverLevel ? nil : database)
    }

    public func insert(_ rows: Batch, into table: String) async throws(MetricsError) -> Int {
        let body: [UInt8]
        do { body = try SQLSession.render(rows, format: "TabSeparated") } catch { throw .invalidResponse("\(error)") }
        _ = try await post(body: Data(body), query: "INSERT INTO \(database).\(table) FORMAT TabSeparated", database: database)
        return rows.rowCount
    }

    private func post(body: Data, query: String?, database: String?) async throws(MetricsError) -> String {
        var components = URLComponents(url: endpoint, resolvingAgainstBaseURL: false)!
        components.queryItems = (database.map { [URLQueryItem(name: "database", value: $0)] } ?? [])
            + (query.map { [URLQueryItem(name: "query", value: $0)] } ?? [])
            + settings.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        var request = URLRequest(url: components.url!)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue(user, forHTTPHeaderField: "X-ClickHouse-User")
        if !password.isEmpty { request.setValue(password, forHTTPHeaderField: "X-ClickHouse-Key") }
        let data: Data
        let response: URLResponse
        do { (data, response) = try await URLSession.shared.data(for: request) } catch {
            throw .transport(error.localizedDescription)
        }
        let text = String(decoding: data, as: UTF8.self)
        guard let status = (response as? HTTPURLResponse)?.statusCode else { throw .invalidResponse("no HTTP status") }
        guard status == 200 else { throw Self.serverError(text, status: status) }
        return text
    }

    /// `Code: 60. DB::Exception: …` (26.9) or `Code: 60, e.displayText() = DB::Exception: …` (18.16).
    static func serverError(_ body: String, status: Int) -> MetricsError {
        guard let range = body.range(of: #"Code: (\d+)"#, options: .regularExpression),
              let code = Int32(body[range].filter(\.isNumber)) else {
            return .invalidResponse("HTTP \(status): \(body.prefix(200))")
        }
        var message = body[range.upperBound...].drop { $0 == "." || $0 == "," || $0 == " " }
        for prefix in ["e.displayText() = ", "DB::Exception: "] where message.hasPrefix(prefix) { message = message.dropFirst(prefix.count) }
        if message.hasPrefix("DB::Exception: ") { message = message.dropFirst("DB::Exception: ".count) }
        if let end = message.range(of: ", e.what() = ") { message = message[..<end.lowerBound] }
        return .server(code: code, message: message.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
