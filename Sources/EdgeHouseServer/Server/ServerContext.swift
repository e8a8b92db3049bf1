import EdgeHouse
import Logging
import NIOPosix

/// What every connection of a server shares: the store, who may connect, the limits, the
/// thread pool engine calls run on, and the count of open connections.
final class ServerContext: Sendable {
    let store: Store
    let users: Users
    let limits: WireLimits
    let pool: NIOThreadPool
    let logger: Logger
    let displayName: String
    let maxConnections: Int
    let maxConcurrentQueries: Int
    private let connections = Locked(0)
    private let runningQueries = Locked(0)

    init(store: Store, configuration: ServerConfiguration, pool: NIOThreadPool, logger: Logger) {
        self.store = store
        users = configuration.users
        limits = configuration.limits
        self.pool = pool
        self.logger = logger
        displayName = configuration.displayName
        maxConnections = configuration.maxConnections
        maxConcurrentQueries = configuration.maxConcurrentQueries
    }

    /// A new session with the store for a connection or an HTTP request.
    func newSession(user: String = "default") -> EngineSession { EngineSession(store: store, pool: pool, user: user) }

    /// HTTP sessions by `session_id`: the database a `USE` chose lives on between requests.
    private let sessions = Locked([String: EngineSession]())

    /// The session named `id` (made on first use), or a new one for a request without an id.
    func session(id: String?, user: String) -> EngineSession {
        guard let id else { return newSession(user: user) }
        return sessions.withLock { sessions in
            if let session = sessions[id] { return session }
            let session = newSession(user: user)
            // A bound on sessions kept: the oldest go first (ClickHouse expires them by time).
            if sessions.count >= 1_000, let any = sessions.keys.first { sessions[any] = nil }
            sessions[id] = session
            return session
        }
    }

    /// Counts a connection in; false when the limit is reached (the caller refuses it).
    func admitConnection() -> Bool {
        connections.withLock { count in
            guard count < maxConnections else { return false }
            count += 1
            return true
        }
    }

    func connectionClosed() { connections.withLock { $0 -= 1 } }

    /// Runs one query, counted among those running; code 202 when the limit is reached.
    func runQuery<T>(_ body: () async throws -> T) async throws -> T {
        let admitted = runningQueries.withLock { count in
            guard count < maxConcurrentQueries else { return false }
            count += 1
            return true
        }
        guard admitted else { throw ServerException.tooManyQueries(maxConcurrentQueries) }
        defer { runningQueries.withLock { $0 -= 1 } }
        return try await body()
    }
}
