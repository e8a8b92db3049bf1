import EdgeHouse
import NIOPosix

/// A client's session with the store — its database (`USE`) and settings — whose statements run
/// on the server's thread pool, never on an event loop: they read files and fsync.
final class EngineSession: Sendable {
    private let session: Locked<SQLSession>
    private let pool: NIOThreadPool
    let store: Store

    init(store: Store, pool: NIOThreadPool) {
        self.store = store
        self.pool = pool
        session = Locked(SQLSession(store: store))
    }

    /// The session's current database.
    var database: String { session.withLock { $0.database } }

    /// Runs `body` with the session on the thread pool; statements of one session run one at a time.
    func perform<T: Sendable>(_ body: @escaping @Sendable (SQLSession) throws -> T) async throws -> T {
        try await pool.runIfActive { [session] in try session.withLock { try body($0) } }
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
