import EdgeHouse
import Foundation

/// Hands an HTTP request body from the connection's task to an engine call that reads it as an
/// ``InsertInput`` on a pool thread, a few pieces at a time: the sender waits while the engine
/// is behind (so a large INSERT body is never held whole), the engine blocks while the client
/// is behind.
final class BodyPipe: @unchecked Sendable {
    // @unchecked: every field is touched only with `condition` locked.
    private let condition = NSCondition()
    private var pieces = [[UInt8]]()
    private var finished = false
    private var failed = false
    /// The engine stopped reading (done or failed): what is sent is dropped.
    private var readerGone = false
    private var spaceWaiter: CheckedContinuation<Void, Never>?
    private static let capacity = 4

    /// Passes a piece on; returns once the engine has room for more.
    func send(_ piece: [UInt8]) async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            condition.lock()
            defer { condition.unlock() }
            guard !readerGone else { return waiter.resume() }
            pieces.append(piece)
            condition.signal()
            if pieces.count >= Self.capacity { spaceWaiter = waiter } else { waiter.resume() }
        }
    }

    /// The body ended (`failed`: the client left before it did).
    func finish(failed: Bool = false) {
        condition.lock()
        finished = true
        self.failed = failed
        condition.signal()
        condition.unlock()
    }

    /// The engine will read no more.
    func readerDone() {
        condition.lock()
        readerGone = true
        pieces = []
        spaceWaiter?.resume()
        spaceWaiter = nil
        condition.unlock()
    }

    /// The body as the engine reads it.
    var input: InsertInput {
        InsertInput { (buffer: inout [UInt8], _: Int) throws(IOError) -> Bool in
            guard let piece = try self.next() else { return false }
            buffer += piece
            return true
        }
    }

    private func next() throws(IOError) -> [UInt8]? {
        condition.lock()
        defer { condition.unlock() }
        while pieces.isEmpty && !finished { condition.wait() }
        if pieces.isEmpty {
            if failed { throw IOError(errno: ECONNRESET, .read, "HTTP request body") }
            return nil
        }
        let piece = pieces.removeFirst()
        if pieces.count < Self.capacity, let waiter = spaceWaiter {
            spaceWaiter = nil
            waiter.resume()
        }
        return piece
    }
}
