import EdgeHouse
import NIOCore

/// The server's open connections, so a shutdown can close the idle ones at once and let the
/// busy ones finish the query they are running.
final class ConnectionRegistry: Sendable {
    private struct Entry {
        let channel: any Channel
        var idle = true
    }

    private struct State {
        var entries: [Int: Entry] = [:]
        var nextID = 0
        var shuttingDown = false
    }

    private let state = Locked(State())

    /// A connection's entry: it reports when it waits for a request and when it works on one.
    final class Registration: Sendable {
        let id: Int
        private let registry: ConnectionRegistry

        fileprivate init(id: Int, registry: ConnectionRegistry) {
            self.id = id
            self.registry = registry
        }

        /// Marks the connection idle; false when the server is shutting down (the connection
        /// should close instead of waiting for another request).
        func waitingForPacket() -> Bool { registry.setIdle(id, true) }

        /// Marks the connection busy: a shutdown lets it finish.
        func busy() { _ = registry.setIdle(id, false) }

        func close() { registry.remove(id) }
    }

    /// Registers a new connection; `nil` once the server is shutting down.
    func register(_ channel: any Channel) -> Registration? {
        state.withLock { state in
            guard !state.shuttingDown else { return nil }
            state.nextID += 1
            state.entries[state.nextID] = Entry(channel: channel)
            return Registration(id: state.nextID, registry: self)
        }
    }

    /// Stops admitting connections and closes the idle ones.
    func shutdown() {
        let idle = state.withLock { state in
            state.shuttingDown = true
            return state.entries.values.filter(\.idle).map(\.channel)
        }
        for channel in idle { channel.close(promise: nil) }
    }

    /// Closes every connection, busy or not (the grace period is over).
    func closeAll() {
        for channel in state.withLock({ $0.entries.values.map(\.channel) }) { channel.close(promise: nil) }
    }

    var count: Int { state.withLock { $0.entries.count } }

    private func setIdle(_ id: Int, _ idle: Bool) -> Bool {
        state.withLock { state in
            state.entries[id]?.idle = idle
            return !state.shuttingDown
        }
    }

    private func remove(_ id: Int) { _ = state.withLock { $0.entries.removeValue(forKey: id) } }
}
