import Foundation

/// What one maintenance pass did.
public struct MaintenanceReport: Sendable, Equatable {
    public var merges = 0
    public var partsDroppedByTTL = 0
    public var partsRewrittenByTTL = 0

    public var didWork: Bool { merges + partsDroppedByTTL + partsRewrittenByTTL > 0 }
}

extension Store {
    /// Runs maintenance steps until one does nothing. The background task calls this after
    /// inserts; tests call it directly to step the store deterministically.
    ///
    /// - Parameter now: the time TTL is judged against; defaults to the store's clock.
    @discardableResult
    public func runMaintenance(now: UInt32? = nil) throws(StorageError) -> MaintenanceReport {
        var report = MaintenanceReport()
        while !Task.isCancelled {  // the background task stops between steps when the store closes
            let step = try maintenanceStep(now: now)
            guard step.didWork else { return report }
            report.merges += step.merges
            report.partsDroppedByTTL += step.partsDroppedByTTL
            report.partsRewrittenByTTL += step.partsRewrittenByTTL
        }
        return report
    }

    /// One unit of maintenance, without waiting for anything: the TTL rule of every table
    /// applied at `now` (the store's clock by default), then at most one merge.
    @discardableResult
    public func maintenanceStep(now: UInt32? = nil) throws(StorageError) -> MaintenanceReport {
        var report = MaintenanceReport()
        try expire(now: now ?? options.clock.now(), report: &report)
        if try mergeOnce() { report.merges += 1 }
        return report
    }

    /// `SYSTEM STOP MERGES [table]` (every table when `nil`): background merges, TTL rewrites
    /// and `OPTIMIZE` (code 236) leave the table alone until ``startMerges(_:)``.
    public func stopMerges(_ table: TableName?) {
        mergesStopped.withLock { _ = $0.insert(table) }
    }

    /// `SYSTEM START MERGES [table]`.
    public func startMerges(_ table: TableName?) {
        mergesStopped.withLock { stopped in
            if table == nil { stopped.removeAll() } else { stopped.remove(table) }
        }
    }

    func mergesAreStopped(_ table: TableName) -> Bool {
        mergesStopped.withLock { $0.contains(nil) || $0.contains(table) }
    }

    /// Performs at most one merge chosen by the ``MergeSelector``; returns whether it did.
    func mergeOnce() throws(StorageError) -> Bool {
        let snapshot = snapshot()
        let selector = MergeSelector(options: options)
        for (name, table) in snapshot.tables.sorted(by: { $0.key < $1.key }) where !mergesAreStopped(name) {
            let busy = partsBeingMerged.current
            let free = table.parts.filter { !busy.contains(PartKey(table: name, part: $0.name)) }
            for partition in Set(free.map(\.name.partition)).sorted() {
                for run in table.mergeableRuns(free.filter { $0.name.partition == partition }) {
                    guard let chosen = selector.select(run) else { continue }
                    if try merge(chosen, of: table.definition, expiringAt: nil) { return true }
                }
            }
        }
        return false
    }

    /// Applies the TTL rule of every table: parts whose rows have all expired are dropped
    /// whole, parts with some expired rows are rewritten without them.
    func expire(now: UInt32, report: inout MaintenanceReport) throws(StorageError) {
        for (name, table) in snapshot().tables.sorted(by: { $0.key < $1.key }) where !mergesAreStopped(name) {
            guard let ttl = table.definition.ttl, let ttlColumn = table.definition.column(named: ttl.column) else { continue }
            let busy = partsBeingMerged.current
            var expired = [PartName]()
            let pinned = Set(table.forwarding?.inFlight?.parts ?? [])
            for part in table.parts where !busy.contains(PartKey(table: name, part: part.name)) && !pinned.contains(part.name) {
                guard let range = try part.timeRange(of: ttlColumn) else { continue }
                if ttl.isExpired(range.upperBound, now: now) {
                    expired.append(part.name)
                } else if ttl.isExpired(range.lowerBound, now: now) {
                    if try merge([part], of: table.definition, expiringAt: now) { report.partsRewrittenByTTL += 1 }
                }
            }
            guard !expired.isEmpty else { continue }
            do {
                try commit(Change(removedParts: [name: expired], isMaintenance: true))
                report.partsDroppedByTTL += expired.count
            } catch .conflict {
                continue  // a merge replaced one of them meanwhile; the next pass looks again
            }
        }
    }

    /// `OPTIMIZE TABLE t [PARTITION p] [FINAL] [DEDUPLICATE [BY …]]`: merges each partition's
    /// parts into one. With `final`, a partition that already has one part is rewritten too
    /// (applying TTL), as ClickHouse does. With `deduplication` (column names, which include the
    /// sorting and partition keys) the merge keeps only the first row of rows equal in those.
    public func optimize(_ table: TableName, partition: PartitionID? = nil, final: Bool = false,
                         deduplicatingBy deduplication: [String]? = nil) throws(StorageError) {
        let definition = try self.table(table).definition
        if mergesAreStopped(table) { throw .mergeCancelled }
        let deadline = Date().addingTimeInterval(60)
        var pending = Set(try self.table(table).parts.map(\.name.partition)).filter { partition == nil || $0 == partition }
        while let current = pending.sorted().first {
            let releases = partsBeingMerged.releaseCount  // before the parts are looked at
            let state = try self.table(table)
            // Forwarded and waiting parts merge apart, and a batch being forwarded not at all.
            let runs = state.mergeableRuns(state.parts.filter { $0.name.partition == current })
            let toMerge = runs.filter { $0.count > 1 || (final && $0.count == 1) }
            guard !toMerge.isEmpty else {
                pending.remove(current)
                continue
            }
            let expiry: UInt32? = definition.ttl == nil ? nil : options.clock.now()
            var mergedAll = true
            for parts in toMerge where mergedAll {
                mergedAll = try merge(parts, of: definition, expiringAt: expiry, deduplicatingBy: deduplication)
            }
            if mergedAll {
                pending.remove(current)
            } else if !partsBeingMerged.waitForRelease(after: releases, until: deadline) {
                // A background merge holds some of these parts: its end wakes this up.
                throw .conflict(table: table)
            }
        }
    }

    /// Merges `parts` (one partition, block order) into a part at the next level, dropping rows
    /// whose TTL has passed at `expiringAt`. Returns false when another merge holds one of the
    /// parts or replaced it before this one committed.
    func merge(_ parts: [DataPart], of definition: TableDefinition, expiringAt now: UInt32?,
               deduplicatingBy deduplication: [String]? = nil) throws(StorageError) -> Bool {
        let table = definition.name
        let keys = parts.map { PartKey(table: table, part: $0.name) }
        guard partsBeingMerged.claim(keys) == .claimed else { return false }
        defer { partsBeingMerged.release(keys) }
        // The caller chose `parts` from a snapshot; a merge that committed since then has
        // already replaced them (and released its claim), and repeating it would write a part
        // under the name that merge just committed.
        guard stillActive(parts, in: table) else { return false }

        let name = PartName(partition: parts[0].name.partition, minBlock: parts.map(\.name.minBlock).min()!,
                            maxBlock: parts.map(\.name.maxBlock).max()!, level: parts.map(\.name.level).max()! + 1)
        let merger = PartMerger(inputs: parts.map(\.reader), definition: definition, granulesPerRead: options.mergeReadGranules)
        let ttlFilter = now.flatMap { now in definition.ttl.map { (rule: $0, index: definition.columnIndex($0.column)!, now: now) } }
        var collapser = RowCollapser(definition)
        var deduplicator = deduplication.map { RowDeduplicator(definition, columns: $0) }
        // Parts whose blocks pass the compact limit merge into a part that would turn wide anyway.
        let layout: PartLayout = parts.reduce(0) { $0 + $1.reader.bytesOnDisk } > PartWriter.maxCompactBytes ? .wide : .compact
        let merged = try writePart(name: name, definition: definition, purpose: "merge", layout: layout) { writer throws(StorageError) in
            try merger.run { (batch: Batch) throws(StorageError) in
                // A closing store does not wait for a long merge: the part is given up (as
                // ClickHouse cancels merges at shutdown) and merged again after the next open.
                if Task.isCancelled { throw .mergeCancelled }
                var rows = batch
                if let ttlFilter, let timestamps = Self.seconds(batch.columns[ttlFilter.index]) {
                    let keep = timestamps.map { !ttlFilter.rule.isExpired($0, now: ttlFilter.now) }
                    if keep.contains(false) { rows = batch.filtered(keep) }
                }
                if deduplicator != nil { rows = deduplicator!.firstOccurrences(rows) }
                if collapser != nil { rows = try collapser!.collapse(rows) }
                try io { try writer.append(rows) }
            }
            if collapser != nil {
                let tail = try collapser!.finish()
                try io { try writer.append(tail) }
            }
        }
        let added = merged.rows > 0 ? [merged] : []
        if added.isEmpty { discard([merged]) }
        do {
            try syncTableDirectory(table)
            try commit(Change(addedParts: [table: added], removedParts: [table: parts.map(\.name)], isMaintenance: true))
        } catch .conflict {
            discard(added)
            return false
        } catch {
            discard(added)
            throw error
        }
        return true
    }
}

extension TableState {
    /// `parts` (one partition, block order) cut into the runs a merge may take: forwarded parts
    /// and waiting ones never merge together, and the parts of a batch being forwarded not at
    /// all. Without forwarding, one run.
    func mergeableRuns(_ parts: [DataPart]) -> [[DataPart]] {
        guard let forwarding else { return [parts] }
        let pinned = Set(forwarding.inFlight?.parts ?? [])
        var runs = [[DataPart]]()
        var current = [DataPart]()
        var currentForwarded: Bool?
        for part in parts {
            let forwarded = forwarding.isForwarded(part.name)
            if pinned.contains(part.name) || forwarded != currentForwarded {
                if !current.isEmpty { runs.append(current) }
                current = []
            }
            currentForwarded = pinned.contains(part.name) ? nil : forwarded
            if !pinned.contains(part.name) { current.append(part) }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }
}

extension Store {
    /// Whether every one of `parts` is still an active part of `table`.
    func stillActive(_ parts: [DataPart], in table: TableName) -> Bool {
        guard let active = currentState.tables[table]?.parts else { return false }
        let names = Set(active.map(\.name))
        return parts.allSatisfy { names.contains($0.name) }
    }
}

/// The background task that runs ``Store/runMaintenance(now:)`` after inserts and once a minute
/// (for TTL).
final class MaintenanceTask: Sendable {
    private let worker: Task<Void, Never>
    private let ticker: Task<Void, Never>
    private let signal: AsyncStream<Void>.Continuation
    /// Signalled when the worker has stopped touching the store.
    private let stopped = DispatchSemaphore(value: 0)

    init(store: Store) {
        let (stream, signal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.signal = signal
        let stopped = stopped
        worker = Task.detached(priority: .background) { [weak store] in
            defer { stopped.signal() }
            for await _ in stream {
                guard let store else { return }
                do throws(StorageError) { try store.runMaintenance() } catch .mergeCancelled {
                    store.logger.debug("a merge was given up: the store is closing")
                } catch {
                    store.logger.error("background maintenance failed: \(error)")
                }
            }
        }
        ticker = Task.detached {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(60))  // cancellation ends the loop
                signal.yield()
            }
        }
    }

    func wake() { signal.yield() }

    func cancel() {
        signal.finish()
        worker.cancel()
        ticker.cancel()
    }

    /// Cancels, then waits until the worker has left the step it was in (a merge gives up at
    /// its next batch of rows).
    func stop() {
        cancel()
        stopped.wait()
    }
}

extension Store {
    /// One part's verdict from ``checkTable(_:)``.
    public struct PartCheck: Sendable, Equatable {
        public var part: PartName
        /// `nil` when every file matched its checksum.
        public var error: StorageError?
    }

    /// `CHECK TABLE`: reads every file of every active part in full and checks it against
    /// `checksums.txt`.
    public func checkTable(_ name: TableName) throws(StorageError) -> [PartCheck] {
        try table(name).parts.map { part in
            do throws(StorageError) {
                try part.reader.verifyAllFiles()
                return PartCheck(part: part.name, error: nil)
            } catch {
                return PartCheck(part: part.name, error: error)
            }
        }
    }
}

extension Store {
    /// `ALTER TABLE t DROP PARTITION p`: removes every part of the partition in one commit.
    /// `TRUNCATE TABLE`: every part removed in one commit; the table and its definition stay.
    public func truncateTable(_ name: TableName) throws(StorageError) {
        let parts = try table(name).parts.map(\.name)
        guard !parts.isEmpty else { return }
        try commit(Change(removedParts: [name: parts]))
    }

    /// `ALTER TABLE t DROP PART 'name'` (or `DROP PARTITION ALL`): the parts removed in one commit.
    public func dropParts(_ name: TableName, _ selection: PartSelection) throws(StorageError) {
        let parts = try table(name).parts.map(\.name).filter(selection.contains)
        if case .part(let part) = selection, parts.isEmpty { throw .noActivePart(part.description) }
        guard !parts.isEmpty else { return }
        try commit(Change(removedParts: [name: parts]))
    }

    public func dropPartition(_ name: TableName, partition: PartitionID) throws(StorageError) {
        let parts = try table(name).parts.filter { $0.name.partition == partition }.map(\.name)
        guard !parts.isEmpty else { return }
        try commit(Change(removedParts: [name: parts], forgottenPartition: [name: partition]))
    }

    /// A TTL column's values in `DateTime` seconds (a `Date` at its midnight, as ClickHouse
    /// compares a `Date` TTL with the time).
    private static func seconds(_ column: ColumnValues) -> [UInt32]? {
        if case .date(let days) = column { return days.map(TTLRule.seconds(ofDay:)) }
        return column.dateTimes
    }
}
