import Foundation

extension Store {
    /// Inserts a batch — typically one row or a few — through the write-ahead log, as
    /// ClickHouse's asynchronous inserts do: the rows are appended to the insert log and
    /// acknowledged by the policy of ``StoreOptions/insertBuffer`` (after an `fdatasync`, or at
    /// once with a group commit every few milliseconds), and become parts — visible to queries,
    /// feeding the views — when the buffer is flushed: by size, by age, by
    /// ``flushInsertBuffer()`` or by ``close()``. Rows of one table from many buffered inserts
    /// become one insert block, in the order they were appended.
    ///
    /// When this returns the rows survive the process being killed; with `.syncEachInsert` they
    /// also survive a power loss. When it throws, nothing of the batch was acknowledged and it
    /// is not flushed (only a crash before the next flush may still replay it from the log).
    /// A failed sync of the log — the group commit's included — is never trusted again: the
    /// next insert first flushes the buffer to parts, and fails if that flush fails.
    ///
    /// - Throws: the errors of ``insert(_:into:)`` for the batch's columns (checked before
    ///   anything is written); `.io` when the log cannot be written, or when the buffer is full
    ///   (``InsertBufferOptions/maxBufferedBytes``) and flushing it fails.
    public func insertBuffered(_ batch: Batch, into name: TableName) throws(StorageError) {
        guard batch.rowCount > 0 else { return }
        let state = currentState
        let tableName = state.views[name]?.target ?? name  // inserting into a view writes its target
        guard let table = state.tables[tableName] else { throw .unknownTable(name) }
        let rows = try Self.conform(batch, to: table.definition)
        if let bound = options.diskBound, state.refusesInserts(under: bound) { throw .diskBoundReached(bytes: rows.byteCount) }
        let policy = options.insertBuffer
        // After a failed sync the log takes nothing until the buffer is in parts.
        if insertLog.pendingBytes >= policy.maxBufferedBytes || insertLog.isPoisoned { try flushInsertBuffer() }
        let (end, pendingBytes) = try insertLog.append(rows, to: tableName, columns: table.definition.columns, at: options.clock.elapsed())
        startBufferTicker()
        if policy.durability == .syncEachInsert {
            do {
                try insertLog.sync(through: end)
            } catch {
                // Not acknowledged, so never stored: a client retries these rows.
                insertLog.withdraw(end)
                throw error
            }
        }
        // With background maintenance the buffer's ticker flushes full buffers on the other
        // core while inserts go on; without it the insert that fills the buffer flushes it.
        if pendingBytes >= policy.flushBytes && !options.backgroundMaintenance { flushIfIdle() }
    }

    /// Writes every buffered row into parts, one commit for all tables, and deletes the log
    /// segments that held them. Waits for a flush already running.
    public func flushInsertBuffer() throws(StorageError) {
        flushLock.lock()
        defer { flushLock.unlock() }
        try flushHoldingLock()
    }

    /// The flush itself; the caller holds `flushLock`.
    private func flushHoldingLock() throws(StorageError) {
        guard let (through, pending) = try insertLog.seal() else { return }
        do {
            var attempt = 0
            while true {
                do {
                    try commitFlush(pending, through: through)
                    break
                } catch .conflict where attempt < 3 {
                    attempt += 1  // a view was created or dropped meanwhile: compute the views again
                }
            }
        } catch {
            insertLog.restore(pending)
            throw error
        }
        insertLog.removeSegments(through: through)
    }

    /// Rows buffered and not yet in parts.
    public var bufferedRowCount: Int { insertLog.pendingRowCount }

    private func commitFlush(_ pending: InsertLog.Pending, through: UInt64) throws(StorageError) {
        var change = Change(logFlushedThrough: through, diskBound: .acknowledgedRows)
        try commitDiscardingOnFailure(&change) { (change: inout Change) throws(StorageError) in
            let state = currentState
            for (table, rows) in pending.tables.sorted(by: { $0.key < $1.key }) {
                do throws(StorageError) {
                    try prepareInsert(rows, into: table, state: state, change: &change)
                } catch .unknownTable, .noSuchColumn, .typeMismatch {
                    // The table was dropped (or recreated with other columns) after the rows
                    // were buffered: they can never be inserted, as with ClickHouse's async inserts.
                    logger.error("dropping \(rows.rowCount) buffered rows of \(table): the table no longer takes them")
                }
            }
        }
    }

    /// Flushes on this thread unless another flush is running (that one takes these rows next
    /// time). The insert that triggered it is already in the log, so a failure is logged and the
    /// rows stay buffered.
    private func flushIfIdle() {
        guard flushLock.try() else { return }
        defer { flushLock.unlock() }
        do { try flushHoldingLock() } catch {
            logger.error("flushing the insert buffer failed (the rows stay in the insert log): \(error)")
        }
    }

    /// Puts the rows of unflushed log segments back into the buffer and flushes them.
    func replayInsertLog(_ replayed: [(TableName, Batch)]) {
        guard !replayed.isEmpty else { return }
        var pending = InsertLog.Pending()
        let now = options.clock.elapsed()
        for (table, rows) in replayed { pending.append(rows, to: table, bytes: 0, at: now) }
        insertLog.restore(pending)
        logger.info("replaying \(replayed.count) buffered inserts from the insert log")
        flushIfIdle()
        // A refused flush (too many parts) is retried by age, as for any buffered rows.
        if insertLog.pendingRowCount > 0 { startBufferTicker() }
    }

    private func startBufferTicker() {
        bufferTicker.withLock { ticker in
            if ticker == nil { ticker = BufferTicker(store: self) }
        }
    }

    /// One tick of the buffer's background work: the group commit's sync, and the flush by size
    /// or age.
    func tickBuffer() {
        if case .groupCommit = options.insertBuffer.durability, !insertLog.isPoisoned {
            do { try insertLog.syncAll() } catch { logger.error("syncing the insert log failed (the buffer is flushed to parts): \(error)") }
        }
        guard options.backgroundMaintenance else { return }
        if insertLog.isPoisoned { return flushIfIdle() }
        guard let oldest = insertLog.oldestPendingAppend else { return }
        if options.clock.elapsed() - oldest >= options.insertBuffer.flushAge || insertLog.pendingBytes >= options.insertBuffer.flushBytes {
            flushIfIdle()
        }
    }
}

/// Wakes the store's buffered insert path: every group-commit interval (or 50 ms) it syncs the
/// log and flushes rows that have waited long enough or fill the buffer.
///
/// A thread of its own, not a task: its work blocks on the disk, and the group commit's promise
/// (a power loss loses at most one interval) must not wait for a cooperative thread that an
/// application's blocking code may hold.
final class BufferTicker: Sendable {
    private let stopped = DispatchSemaphore(value: 0)

    init(store: Store) {
        let period: Duration = switch store.options.insertBuffer.durability {
        case .groupCommit(let interval): min(interval, .milliseconds(50))
        case .syncEachInsert: .milliseconds(50)
        }
        let nanoseconds = Int(period.components.seconds) * 1_000_000_000 + Int(period.components.attoseconds / 1_000_000_000)
        let thread = Thread { [weak store, stopped] in
            while stopped.wait(timeout: .now() + .nanoseconds(nanoseconds)) == .timedOut {
                guard let store else { return }
                store.tickBuffer()
            }
        }
        thread.name = "edgehouse insert buffer"
        thread.start()
    }

    func cancel() { stopped.signal() }
}
