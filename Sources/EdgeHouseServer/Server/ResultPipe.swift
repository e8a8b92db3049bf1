import EdgeHouse
import Foundation

/// Hands a query's result batches from the engine call on a pool thread to the connection's
/// task as they are computed, about 1 MiB at a time: the engine waits while the client is behind
/// (a slow reader slows its own query, and memory holds about 1 MiB of batches, not the result),
/// and stops once the connection gives up on the query.
final class ResultPipe: @unchecked Sendable {
    // @unchecked: every field is touched only with `condition` locked.
    private let condition = NSCondition()
    private var batches = [Batch]()
    private var finished = false
    private var cancelled = false
    private var reader: CheckedContinuation<Batch?, Never>?
    private var statementFormat: String?
    private var statementTotals: Batch?
    /// Bytes of the batches waiting (the header counts as nothing).
    private var bytesWaiting = 0
    /// The engine waits while this much is waiting; a waiting reader is woken once it is
    /// reached or the statement ends, so a small result costs one wake-up, not one per batch.
    private static let capacity = 1 << 20

    /// The `FORMAT` the statement named, set by the engine side before its first batch.
    var format: String? {
        get { condition.withLock { statementFormat } }
        set { condition.withLock { statementFormat = newValue } }
    }

    /// `WITH TOTALS`' row, set by the engine side before the pipe finishes: readable once
    /// ``next()`` has returned `nil`.
    var totals: Batch? {
        get { condition.withLock { statementTotals } }
        set { condition.withLock { statementTotals = newValue } }
    }

    /// Passes a batch on (engine side); blocks while the pipe is full. Code 394 once the
    /// connection cancelled: the engine stops its scan.
    func deliver(_ batch: Batch) throws(SQLError) {
        condition.lock()
        defer { condition.unlock() }
        while bytesWaiting >= Self.capacity && !cancelled { condition.wait() }
        guard !cancelled else { throw .badValue(.queryWasCancelled, message: "Query was cancelled.") }
        batches.append(batch)
        bytesWaiting += batch.byteCount
        if bytesWaiting >= Self.capacity { wakeReader() }
    }

    /// Hands the oldest waiting batch to a waiting reader (with `condition` locked).
    private func wakeReader() {
        guard let reader, !batches.isEmpty else { return }
        self.reader = nil
        reader.resume(returning: takeBatch())
    }

    /// The oldest waiting batch, made room for (with `condition` locked).
    private func takeBatch() -> Batch {
        let batch = batches.removeFirst()
        bytesWaiting -= batch.byteCount
        condition.signal()
        return batch
    }

    /// The engine call ended (with or without rows, with or without an error).
    func finish() {
        condition.lock()
        defer { condition.unlock() }
        finished = true
        wakeReader()
        reader?.resume(returning: nil)
        reader = nil
    }

    /// Whether ``cancel()`` was called.
    var isCancelled: Bool { condition.withLock { cancelled } }

    /// The connection wants no more rows (the client left or cancelled).
    func cancel() {
        condition.lock()
        defer { condition.unlock() }
        cancelled = true
        batches = []
        bytesWaiting = 0
        condition.broadcast()
    }

    /// The next batch (connection side); `nil` once the engine call ended.
    func next() async -> Batch? {
        await withCheckedContinuation { (reader: CheckedContinuation<Batch?, Never>) in
            condition.lock()
            defer { condition.unlock() }
            if !batches.isEmpty && (finished || bytesWaiting >= Self.capacity) {
                reader.resume(returning: takeBatch())
            } else if finished {
                reader.resume(returning: nil)
            } else {
                self.reader = reader
            }
        }
    }
}
