import EdgeHouse

/// An insert transaction whose pieces run on the thread pool. Only one piece of work touches it
/// at a time: the connection that owns it awaits each call before it makes the next.
final class SharedTransaction: @unchecked Sendable {
    // @unchecked: see above; `InsertTransaction` itself is not thread-safe.
    private let transaction: InsertTransaction

    init(_ transaction: InsertTransaction) { self.transaction = transaction }

    func append(_ block: Batch) throws { try transaction.append(block) }
    func commit() throws { try transaction.commit() }
    func abort() { transaction.abort() }
}
