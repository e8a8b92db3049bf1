import EdgeHouse
import Logging
import NIOPosix
import Testing
@testable import EdgeHouseServer

/// HTTP sessions (`session_id`): kept per user, dropped after the session timeout, at most
/// `maxSessions` of them with the least recently used dropped first.
@Suite struct SessionTests {
    static func context() -> ServerContext {
        ServerContext(store: Store.inMemory(), configuration: ServerConfiguration(), pool: NIOThreadPool(numberOfThreads: 1),
                      logger: Logger(label: "test"))
    }

    @Test func aSessionIsKeptPerUserUntilItTimesOut() {
        let context = Self.context()
        let start = ContinuousClock.now
        let first = context.session(id: "a", user: "alice", now: start)
        #expect(context.session(id: "a", user: "alice", now: start + .seconds(30)) === first)
        #expect(context.session(id: "a", user: "bob", now: start + .seconds(30)) !== first)  // not another user's
        #expect(context.session(id: "a", user: "alice", now: start + .seconds(80)) === first)  // used at 30 s: kept
        #expect(context.session(id: "a", user: "alice", now: start + .seconds(141)) !== first)  // unused for 61 s: gone
        #expect(context.session(id: nil, user: "alice", now: start) !== context.session(id: nil, user: "alice", now: start))
    }

    @Test func theLeastRecentlyUsedSessionGoesFirst() {
        let context = Self.context()
        let start = ContinuousClock.now
        let sessions = (0..<ServerContext.maxSessions).map { context.session(id: "s\($0)", user: "u", now: start + .milliseconds($0)) }
        let later = start + .seconds(2)
        #expect(context.session(id: "s0", user: "u", now: later) === sessions[0])  // s0 used again: s1 is now the oldest
        _ = context.session(id: "new", user: "u", now: later)
        #expect(context.session(id: "s0", user: "u", now: later) === sessions[0])
        #expect(context.session(id: "s2", user: "u", now: later) === sessions[2])
        #expect(context.session(id: "s1", user: "u", now: later) !== sessions[1])  // evicted
    }
}
