import EdgeHouse
import Foundation

/// Hands a query's result batches from the engine call on a pool thread to the connection's
/// task as they are computed: the engine waits while the client is behind (a slow reader slows
/// its own query, and memory holds a couple of batches, not the result), and stops once the
/// connection gives up on the query.
final class ResultPipe: @unchecked Sendable {
    // @unchecked: every field is touched only with `condition` locked.
    private let condition = NSCondition()
    private var batches = [Batch]()
    private var finished = false
    private var cancelled = false
    private var reader: CheckedContinuation<Batch?, Never>?
    private var statementFormat: String?
    private static let capacity = 2

    /// The `FORMAT` the statement named, set by the engine side before its first batch.
    var format: String? {
        get { condition.withLock { statementFormat } }
        set { condition.withLock { statementFormat = newValue } }
    }

    /// Passes a batch on (engine side); blocks while the pipe is full. Code 394 once the
    /// connection cancelled: the engine stops its scan.
    func deliver(_ batch: Batch) throws(SQLError) {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= Self.capacity && !cancelled { condition.wait() }
        guard !cancelled else { throw .badValue(code: 394, name: "QUERY_WAS_CANCELLED", message: "Query was cancelled.") }
        if let reader {
            self.reader = nil
            reader.resume(returning: batch)
        } else {
            batches.append(batch)
        }
    }

    /// The engine call ended (with or without rows, with or without an error).
    func finish() {
        condition.lock()
        defer { condition.unlock() }
        finished = true
        reader?.resume(returning: nil)
        reader = nil
    }

    /// The connection wants no more rows (the client left or cancelled).
    func cancel() {
        condition.lock()
        defer { condition.unlock() }
        cancelled = true
        batches = []
        condition.broadcast()
    }

    /// The next batch (connection side); `nil` once the engine call ended.
    func next() async -> Batch? {
        await withCheckedContinuation { (reader: CheckedContinuation<Batch?, Never>) in
            condition.lock()
            defer { condition.unlock() }
            if !batches.isEmpty {
                reader.resume(returning: batches.removeFirst())
                condition.signal()
            } else if finished {
                reader.resume(returning: nil)
            } else {
                self.reader = reader
            }
        }
    }
}
