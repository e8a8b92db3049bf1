import EdgeHouse
import NIOPosix

/// A client's session with the store — its database (`USE`) and settings — whose statements run
/// on the server's thread pool, never on an event loop: they read files and fsync.
final class EngineSession: Sendable {
    private let session: Locked<SQLSession>
    private let pool: NIOThreadPool
    let store: Store

    init(store: Store, pool: NIOThreadPool, user: String = "default") {
        self.store = store
        self.pool = pool
        let session = SQLSession(store: store)
        session.user = user
        self.session = Locked(session)
    }

    /// The user the session's statements run as, once authenticated (`currentUser()`).
    func runAs(_ user: String) { session.withLock { $0.user = user } }

    /// The session's current database.
    var database: String { session.withLock { $0.database } }

    /// The session's settings (`SET`) with a query's own over them.
    func settings(with query: Settings) -> Settings { session.withLock { $0.settings.merging(query) } }

    /// Runs `body` with the session on the thread pool; statements of one session run one at a time.
    func perform<T: Sendable>(_ body: @escaping @Sendable (SQLSession) throws -> T) async throws -> T {
        try await pool.runIfActive { [session] in try session.withLock { try body($0) } }
    }

    /// Runs `body` — work without I/O: parsing, the session's own state — right here when the
    /// session is free, else on the thread pool after the statement that holds it.
    func performInPlace<T: Sendable>(_ body: @escaping @Sendable (SQLSession) throws -> T) async throws -> T {
        if let result = try session.withLockIfAvailable({ try body($0) }) { return result }
        return try await perform(body)
    }

    /// Runs `body` on the thread pool without the session (an insert transaction's pieces).
    func offload<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive(body)
    }
}

/// A name as a back-quoted SQL identifier.
func quoted(_ name: String) -> String {
    "`" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "`", with: "\\`") + "`"
}

/// What a statement came to: rows (or nothing) for most, or, for an INSERT whose data is still
/// to come, where that data goes.
enum StatementOutcome: Sendable {
    case result(SQLSession.Result)
    case insert(SQLSession.PreparedStatement, table: TableName, columns: [ColumnDefinition])
}

extension EngineSession {
    /// Runs a statement that answers from memory (see `PreparedStatement.answersFromMemory`)
    /// right here, on the caller's task: a trip to the thread pool and back would cost more than
    /// the statement (it is most of a `SELECT 1` round trip). `nil` when the statement reads or
    /// writes data, or the session is busy with another statement: run it with ``execute``.
    func executeInMemory(_ text: String, database: String? = nil, parameters: [String: String]? = nil, settings: Settings = Settings(),
                         readonly: Bool = false) throws -> StatementOutcome? {
        try session.withLockIfAvailable { session -> StatementOutcome? in
            let prepared = try session.prepare(text)
            guard prepared.answersFromMemory else { return nil }
            if let database { try session.execute("USE \(quoted(database))") }
            if let parameters { session.parameters = parameters }
            if readonly && !prepared.isReadOnly { throw ServerException.readonly() }
            return .result(try session.run(prepared, querySettings: settings))
        } ?? nil
    }

    /// Prepares and runs one statement in a single trip to the thread pool (a `SELECT 1` round
    /// trip is mostly such trips). An INSERT without data is not run: its data is the caller's.
    ///
    /// - Parameters:
    ///   - database: `USE`d first (an HTTP request's `database=`).
    ///   - readonly: refuse statements that write (code 164), as over HTTP GET.
    ///   - settings: the query's own settings.
    ///   - rows: where a SELECT's rows go as they are computed (see ``ResultPipe``), instead of
    ///     the outcome; the pipe is finished when the statement ends.
    func execute(_ text: String, database: String? = nil, parameters: [String: String]? = nil, settings: Settings = Settings(),
                 readonly: Bool = false, rows pipe: ResultPipe? = nil) async throws -> StatementOutcome {
        // Finished on the pool as soon as the statement ends (the reader need not wait for the
        // hop back), and here too in case the pool never ran it (a server shutting down).
        defer { pipe?.finish() }
        return try await perform { session in
            defer { pipe?.finish() }
            if let database { try session.execute("USE \(quoted(database))") }
            if let parameters { session.parameters = parameters }
            let prepared = try session.prepare(text)
            if readonly && !prepared.isReadOnly { throw ServerException.readonly() }
            if let target = try session.insertTarget(prepared) { return .insert(prepared, table: target.table, columns: target.columns) }
            if let pipe {
                pipe.format = prepared.format
                let result = try session.run(prepared, querySettings: settings, deliver: pipe.deliver)
                pipe.totals = result.totals
                return .result(result)
            }
            return .result(try session.run(prepared, querySettings: settings))
        }
    }
}
