import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OptiInfraMetricsCore

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

    public init(host: String = "localhost", port: Int = 8123, database: String = MetricsClient.defaultDatabase,
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

    public func insert(_ rows: MetricColumns, into table: String) async throws(MetricsError) -> Int {
        _ = try await post(body: Data(rows.tabSeparated.utf8), query: "INSERT INTO \(database).\(table) FORMAT TabSeparated", database: database)
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
