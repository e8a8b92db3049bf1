import EdgeHouse
import Foundation

/// What one attempt to send a slice came to.
enum SendOutcome: Equatable {
    /// Stored, with the body's size.
    case stored(bytes: Int)
    /// Certainly not stored: the connection was refused, or the server rejected the INSERT
    /// before writing anything (`forwarding.md` §3.5's admission, parse, schema and auth codes).
    case notStored(ForwardingFailure)
    /// Unknown: the request may have been stored (timeout, reset, other server errors).
    case inDoubt(ForwardingFailure)
}

/// An error from the central server or the network, as `system.forwarding` shows it.
public struct ForwardingFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// ClickHouse's error code, or 0 for a network failure.
    public var code: Int
    public var message: String

    public var description: String { code == 0 ? message : "Code: \(code). \(message)" }

    /// Errors that will not go away by retrying the same request: the table stops (its rows are
    /// kept) until the server is probed again.
    var isBlocking: Bool { [16, 27, 53, 60, 62, 81, 115, 117, 497, 516].contains(code) }

    /// Errors ClickHouse raises before an INSERT writes anything.
    var provesNothingStored: Bool {
        [16, 27, 53, 60, 62, 81, 115, 117, 164, 202, 203, 216, 242, 252, 497, 516].contains(code)
    }
}

/// What the central server can do for exactly-once delivery (`forwarding.md` §1.8).
struct CentralCapabilities {
    /// It knows `insert_deduplication_token` (ClickHouse ≥ 21.12, EdgeHouse).
    var takesTokens: Bool
    /// It knows `async_insert` (then it must be turned off: the reply must mean "stored").
    var knowsAsyncInsert: Bool
    /// Every MergeTree table of the database, views' targets included, keeps a deduplication
    /// window: a repeated token is dropped by the raw table and by its views.
    var everyTableDeduplicates: Bool

    /// The block-forming settings the server knows, at ClickHouse 26.9's defaults: whatever a
    /// profile there says, one INSERT of a slice stays one block with one block id (a slice
    /// re-cut differently on a retry could be stored twice, `forwarding.md` §1.3).
    var pinnedSettings: [(name: String, value: String)]

    var exactlyOnce: Bool { takesTokens && everyTableDeduplicates }

    static let blockForming = [("max_insert_block_size", "1048449"), ("min_insert_block_size_rows", "1048449"),
                               ("min_insert_block_size_bytes", "268402944")].map { (name: $0.0, value: $0.1) }
}

/// The central server's HTTP interface: the capability probe and the INSERT of one slice.
struct CentralServer: Sendable {
    let destination: ForwardingDestination
    private let http: HTTPPost

    init(destination: ForwardingDestination) {
        self.destination = destination
        http = HTTPPost(host: destination.url.host ?? "127.0.0.1", port: destination.url.port ?? 8123)
    }

    /// Asks the server which settings it knows and whether every table of `database` keeps
    /// a deduplication window.
    func probe(database: String) async throws(ForwardingFailure) -> CentralCapabilities {
        let asked = (["insert_deduplication_token", "async_insert"] + CentralCapabilities.blockForming.map(\.name)).map { "'\($0)'" }
        let known = Set(try await query("SELECT name FROM system.settings WHERE name IN (\(asked.joined(separator: ", ")))"))
        let tables = try await query("SELECT engine, create_table_query FROM system.tables WHERE database = '\(database)'")
        let windowPattern = /non_replicated_deduplication_window = ([0-9]+)/
        let deduplicating = tables.allSatisfy { row in
            let columns = row.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count >= 2, columns[0].contains("MergeTree") else { return true }
            if columns[0].hasPrefix("Replicated") { return true }
            guard let match = columns[1].firstMatch(of: windowPattern), let window = Int(match.1) else { return false }
            return window > 0
        }
        return CentralCapabilities(takesTokens: known.contains("insert_deduplication_token"),
                                   knowsAsyncInsert: known.contains("async_insert"), everyTableDeduplicates: deduplicating,
                                   pinnedSettings: CentralCapabilities.blockForming.filter { known.contains($0.name) })
    }

    /// `INSERT INTO table (columns) FORMAT Native` with `body` (about `estimatedBytes`), under
    /// `token` where the server takes tokens.
    func insert(_ body: HTTPBody, estimatedBytes: Int, into table: TableName, columns: [String], token: String,
                capabilities: CentralCapabilities) async -> SendOutcome {
        // The token is the query id too: a retry racing its own first attempt, still running
        // there, is refused with code 216 (nothing stored) instead of storing the rows twice.
        var parameters = [("query", "INSERT INTO \(table) (\(columns.map { "`\($0)`" }.joined(separator: ", "))) FORMAT Native"),
                          ("query_id", token)]
        if capabilities.takesTokens { parameters.append(("insert_deduplication_token", token)) }
        if capabilities.knowsAsyncInsert { parameters.append(("async_insert", "0")) }
        parameters += capabilities.pinnedSettings
        do throws(HTTPPostError) {
            let reply = try await post(parameters, body: body, estimatedBytes: estimatedBytes)
            if reply.status == 200 && reply.code == nil { return .stored(bytes: reply.sentBytes) }
            let failure = ForwardingFailure(code: reply.code ?? 0, message: reply.text.trimmingCharacters(in: .whitespacesAndNewlines))
            return failure.provesNothingStored ? .notStored(failure) : .inDoubt(failure)
        } catch {
            switch error {
            case .cannotConnect(let message): return .notStored(ForwardingFailure(code: 0, message: message))
            case .noReply(let message): return .inDoubt(ForwardingFailure(code: 0, message: message))
            case .bodyUnavailable(let message): return .inDoubt(ForwardingFailure(code: 0, message: "local store: \(message)"))
            }
        }
    }

    /// The rows of a read-only query as TSV lines.
    private func query(_ sql: String) async throws(ForwardingFailure) -> [String] {
        let reply: (status: Int, text: String, code: Int?, sentBytes: Int)
        do { reply = try await post([("query", sql + " FORMAT TSV")], body: .empty, estimatedBytes: 0) } catch {
            switch error {
            case .cannotConnect(let message), .noReply(let message), .bodyUnavailable(let message):
                throw ForwardingFailure(code: 0, message: message)
            }
        }
        guard reply.status == 200, reply.code == nil else {
            throw ForwardingFailure(code: reply.code ?? 0, message: reply.text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return reply.text.split(separator: "\n").map(String.init)
    }

    /// One POST; the error code from `X-ClickHouse-Exception-Code`, or from the body's
    /// `Code: N` (ClickHouse 18.16 sends no such header). A request may take the configured
    /// timeout plus one second per MiB sent.
    private func post(_ parameters: [(String, String)], body: HTTPBody, estimatedBytes: Int) async throws(HTTPPostError)
        -> (status: Int, text: String, code: Int?, sentBytes: Int) {
        var components = URLComponents()
        components.queryItems = parameters.map { URLQueryItem(name: $0.0, value: $0.1) }
        // URLComponents leaves '+' alone, which a server may read as a space.
        let query = (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
        var headers = [("X-ClickHouse-User", destination.user)]
        if !destination.password.isEmpty { headers.append(("X-ClickHouse-Key", destination.password)) }
        let seconds = destination.timeout.components.seconds + Int64(estimatedBytes >> 20)
        let reply = try await http.send(target: "/?" + query, headers: headers, body: body, timeout: .seconds(seconds))
        var code = reply.headers.first(name: "X-ClickHouse-Exception-Code").flatMap { Int($0) }
        if code == nil, reply.status != 200, let match = reply.body.firstMatch(of: /Code: ([0-9]+)/) { code = Int(match.1) }
        return (reply.status, reply.body, code, reply.sentBytes)
    }
}
