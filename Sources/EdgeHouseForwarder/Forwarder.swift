import EdgeHouse
import Foundation
import Logging

/// Sends the committed rows of a store's raw tables to a central ClickHouse, exactly once
/// where the server can drop a repeated insert (tokens, and a deduplication window on every
/// table and view target there), at least once — counted — elsewhere (`forwarding.md` §3).
///
/// Nothing is copied: batches are chosen from the store's parts and pinned in its `MANIFEST`
/// (``Store/nextForwardingBatch(of:maxRows:maxBytes:)``); before each attempt the store records that the
/// slice may be delivered; only the server's success acknowledges it. A crash at any point
/// resends the same rows under the same token. Each table runs on its own, so one table's
/// blocking error (a schema mismatch, say) never stops the others. No retry limit: rows that
/// exist only here are never given up.
public final class Forwarder: Sendable {
    public let store: Store
    public let options: ForwardingOptions
    public let tables: [TableName]
    private let server: CentralServer
    private let logger: Logger
    /// Reads and encodes slices, at the lowest CPU priority if ``ForwardingOptions/yieldsToInserts``.
    private let worker: BackgroundWorker

    public var destination: ForwardingDestination { options.destination }

    /// Forwards `store` as `options` say (by default as the store's own
    /// ``StoreOptions/forwarding`` says); `nil` when there is nowhere to forward to.
    public init?(store: Store, options: ForwardingOptions? = nil, logger: Logger = Logger(label: "edgehouse.forwarder")) {
        guard let options = options ?? store.options.forwarding else { return nil }
        self.store = store
        self.options = options
        tables = options.tables ?? store.forwardableTables
        server = CentralServer(destination: options.destination)
        worker = BackgroundWorker(name: "edgehouse-forwarder", lowPriority: options.yieldsToInserts)
        self.logger = logger
    }

    /// Forwards until the task is cancelled, each table in its own loop.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            for table in tables { group.addTask { _ = await self.forward(table, untilCaughtUp: false) } }
        }
    }

    /// Forwards until every table has nothing waiting. Returns the tables that stopped on a
    /// blocking error instead (their rows are kept), empty when all caught up.
    public func drain() async -> [TableName: ForwardingFailure] {
        await withTaskGroup(of: (TableName, ForwardingFailure?).self) { group in
            for table in tables { group.addTask { (table, await self.forward(table, untilCaughtUp: true)) } }
            var blocked = [TableName: ForwardingFailure]()
            for await (table, failure) in group { if let failure { blocked[table] = failure } }
            return blocked
        }
    }

    /// One table's loop. Draining, it returns when the table is caught up (nil) or blocked.
    private func forward(_ table: TableName, untilCaughtUp: Bool) async -> ForwardingFailure? {
        var capabilities: CentralCapabilities?
        var failures = 0
        var lastSent: ContinuousClock.Instant?
        var report = ForwardingReport(destination: destination.url.absoluteString)
        func publish(_ state: ForwardingReport.State) {
            report.state = state
            store.publishForwardingReport(report, for: table)
        }
        func failed(_ failure: ForwardingFailure, blocking: Bool) async {
            failures += 1
            report.attemptsFailed += 1
            report.lastError = failure.description
            report.lastErrorCode = failure.code
            report.lastErrorTime = UInt32(Date().timeIntervalSince1970)
            capabilities = nil  // probed again at the reconnect: the server may have changed
            logger.log(level: blocking ? .error : .warning, "forwarding \(table) to \(destination.url)\(blocking ? " blocked" : ""): \(failure)")
            publish(blocking ? .blocked : .backoff)
            try? await Task.sleep(for: blocking ? options.blockedRetry : backoff(after: failures))
        }
        while !Task.isCancelled {
            do {
                if capabilities == nil {
                    let probed = try await server.probe(database: table.database)
                    capabilities = probed
                    let mode: ForwardingReport.Mode = probed.exactlyOnce ? .exactlyOnce : .atLeastOnce
                    if report.mode != mode {
                        logger.info("forwarding \(table) to \(destination.url): \(mode.rawValue)")
                        report.mode = mode
                    }
                }
                if !untilCaughtUp, let last = lastSent, ContinuousClock.now - last < options.pollInterval {
                    let progress = try store.forwardingProgress(of: table)
                    if progress.inFlight == nil && progress.waitingRows < min(options.lingerBelowRows, options.maxBatchRows) {
                        try? await Task.sleep(until: last + options.pollInterval)
                        continue
                    }
                }
                guard let slice = try store.nextForwardingBatch(of: table, maxRows: options.maxBatchRows, maxBytes: options.maxBatchBytes) else {
                    if report.state == .sending { logCaughtUp(table) }
                    publish(.idle)
                    if untilCaughtUp { return nil }
                    try? await Task.sleep(for: options.pollInterval)
                    continue
                }
                publish(.sending)
                let body = try store.forwardingBody(slice)
                try store.recordForwardingAttempt(slice)
                lastSent = .now
                // Each piece is read on the worker thread while the server reads the one before.
                let pieces = HTTPBody(pieceCount: body.pieceCount) { [worker] index in
                    try await worker.run { () throws(StorageError) in try body.piece(index) }
                }
                switch await server.insert(pieces, estimatedBytes: body.estimatedBytes, into: table, columns: body.columns,
                                           token: slice.token, capabilities: capabilities!) {
                case .stored(let bytes):
                    try store.acknowledgeForwarding(slice, bytes: bytes, exactlyOnce: capabilities!.exactlyOnce)
                    logger.debug("forwarded \(slice.rowCount) rows (\(bytes) bytes) of \(table) as \(slice.token)")
                    if failures > 0 { logger.notice("forwarding \(table) to \(destination.url) delivers again after \(failures) failed attempts") }
                    failures = 0
                    report.lastSuccessTime = UInt32(Date().timeIntervalSince1970)
                case .notStored(let failure):
                    try store.recordForwardingNotDelivered(slice)
                    if failure.isBlocking && untilCaughtUp { publish(.blocked); return failure }
                    await failed(failure, blocking: failure.isBlocking)
                case .inDoubt(let failure):
                    await failed(failure, blocking: false)
                }
            } catch let failure as ForwardingFailure {
                if failure.isBlocking && untilCaughtUp { publish(.blocked); return failure }
                await failed(failure, blocking: failure.isBlocking)
            } catch {
                // The store could not record a step (a full disk, say): nothing was sent unrecorded.
                await failed(ForwardingFailure(code: 0, message: "local store: \(error)"), blocking: false)
            }
        }
        return nil
    }

    /// The table's counters, as `system.forwarding` shows them, once it has nothing waiting.
    private func logCaughtUp(_ table: TableName) {
        guard let counters = try? store.forwardingProgress(of: table).counters else { return }
        logger.info("""
            forwarding \(table) to \(destination.url) caught up: \(counters.rowsSent) rows sent in \(counters.batchesSent) batches, \
            \(counters.rowsPossiblyDuplicated) possibly duplicated, \(counters.rowsExpiredUnforwarded) lost to TTL, \
            \(counters.rowsEvictedUnforwarded) lost to the disk bound
            """)
    }

    /// Full jitter: a random wait up to base × 2^(failures − 1), capped.
    private func backoff(after failures: Int) -> Duration {
        let ceiling = min(options.backoffCap, options.backoffBase * (1 << min(failures - 1, 20)))
        return ceiling * Double.random(in: 0.1...1)
    }
}
