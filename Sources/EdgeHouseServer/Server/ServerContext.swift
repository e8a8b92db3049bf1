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

    /// HTTP sessions by user and `session_id`: the database a `USE` chose and the settings a
    /// `SET` changed live on between requests.
    private let sessions = Locked([SessionKey: KeptSession]())

    private struct SessionKey: Hashable {
        let user: String
        let id: String
    }

    private struct KeptSession {
        let session: EngineSession
        var lastUsed: ContinuousClock.Instant
    }

    /// A session unused this long is dropped (ClickHouse's default `session_timeout`).
    static let sessionTimeout: Duration = .seconds(60)
    /// Most sessions kept; the least recently used goes first.
    static let maxSessions = 1_000

    /// The session `id` of `user` (made on first use; another user's session of the same id is
    /// not theirs), or a new one for a request without an id.
    func session(id: String?, user: String, now: ContinuousClock.Instant = .now) -> EngineSession {
        guard let id else { return newSession(user: user) }
        let key = SessionKey(user: user, id: id)
        return sessions.withLock { sessions in
            sessions = sessions.filter { now - $0.value.lastUsed < Self.sessionTimeout }
            if var kept = sessions[key] {
                kept.lastUsed = now
                sessions[key] = kept
                return kept.session
            }
            if sessions.count >= Self.maxSessions, let oldest = sessions.min(by: { $0.value.lastUsed < $1.value.lastUsed })?.key {
                sessions[oldest] = nil
            }
            let session = newSession(user: user)
            sessions[key] = KeptSession(session: session, lastUsed: now)
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
