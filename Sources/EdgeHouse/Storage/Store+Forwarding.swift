import Foundation

/// One slice of rows being forwarded: which parts, which granules, under which token.
public struct ForwardingBatch: Sendable, Equatable {
    public let table: TableName
    public let batch: InFlightBatch
    /// `<store id>/<database.table>/<first part>..<last part>/<slice>/<slices>`: the same bytes in
    /// every attempt, after any crash (all of it is in `MANIFEST` before the first attempt), and
    /// never reused (block numbers are not, and a new store has a new id).
    public let token: String
    /// Rows of this slice.
    public let rowCount: Int
}

/// The durable side of a table's forwarding, for status reports.
public struct ForwardingProgress: Sendable, Equatable {
    public var table: TableName
    /// Rows and parts not yet acknowledged by the central server (the batch in flight included).
    public var waitingRows: Int
    public var waitingParts: Int
    public var waitingBytes: Int
    /// The earliest partition-column time among the waiting parts, if any.
    public var oldestWaitingTime: UInt32?
    public var inFlight: InFlightBatch?
    public var inFlightToken: String?
    public var counters: ForwardingCounters
}

extension Store {
    /// The tables forwarding sends by default: every table that is not a materialized view's
    /// target (the central server computes its views from the raw rows).
    public var forwardableTables: [TableName] {
        let state = currentState
        let targets = Set(state.views.values.map(\.target))
        return state.tables.keys.filter { !targets.contains($0) }.sorted()
    }

    /// The slice to send next for `table`: the one in flight — after a crash the very same rows
    /// and token — or else a new batch, pinned by a commit before this returns: the oldest
    /// waiting part (lowest block number) and the waiting parts after it in its partition, up
    /// to `maxRows` rows and about `maxBytes` bytes (as RowBinary); a part larger than that
    /// alone, sent in slices of whole granules.
    /// `nil` when every part of the table has been forwarded.
    public func nextForwardingBatch(of table: TableName, maxRows: Int = 1_000_000, maxBytes: Int = 64 << 20) throws(StorageError) -> ForwardingBatch? {
        for _ in 0..<10 {
            let state = currentState
            guard let tableState = state.tables[table] else { throw .unknownTable(table) }
            if let batch = tableState.forwarding?.inFlight {
                return try forwardingBatch(batch, table: tableState, storeID: state.storeID ?? "")
            }
            guard let batch = try Self.chooseBatch(tableState, maxRows: maxRows, maxBytes: maxBytes, now: options.clock.now()) else { return nil }
            var change = Change(forwardingSteps: [table: .begin(batch)])
            if state.storeID == nil { change.storeID = UUID().uuidString.lowercased() }
            do {
                try commit(change)
            } catch .conflict {
                continue  // a merge took one of the parts meanwhile: choose again
            }
        }
        throw .conflict(table: table)
    }

    /// The rows of a slice, every column an INSERT gives (not MATERIALIZED or ALIAS) in table order.
    public func forwardingRows(_ slice: ForwardingBatch) throws(StorageError) -> Batch {
        let (ranges, definition) = try forwardingRanges(slice)
        let sent = definition.columns.filter(\.isOrdinary)
        var rows = Batch.empty(sent)
        for (part, granules) in ranges {
            let values = try part.reader.read(sent, granules: granules)
            rows.append(contentsOf: Batch(names: sent.map(\.name), columns: values))
        }
        return rows
    }

    /// A slice as its INSERT's body: one `Native` block, read piece by piece when sent.
    public func forwardingBody(_ slice: ForwardingBatch) throws(StorageError) -> ForwardingBody {
        let (ranges, definition) = try forwardingRanges(slice)
        return try ForwardingBody(ranges: ranges, definition: definition)
    }

    /// The granules a slice sends: several parts whole, or one part's slice of granules.
    func forwardingRanges(_ slice: ForwardingBatch) throws(StorageError) -> ([ForwardingBody.Range], TableDefinition) {
        let tableState = try table(slice.table)
        let parts = try slice.batch.parts.map { (name: PartName) throws(StorageError) -> DataPart in
            guard let part = tableState.parts.first(where: { $0.name == name }) else { throw .conflict(table: slice.table) }
            return part
        }
        let batch = slice.batch
        let ranges = parts.map { part in
            (part: part, granules: parts.count > 1 ? 0..<part.meta.granuleCount : batch.sliceGranules[batch.slice]..<batch.sliceGranules[batch.slice + 1])
        }
        return (ranges, tableState.definition)
    }

    /// An attempt to send `slice` is about to start: from now on it may have been delivered.
    public func recordForwardingAttempt(_ slice: ForwardingBatch) throws(StorageError) {
        try commit(Change(forwardingSteps: [slice.table: .attempt]))
    }

    /// The last attempt provably stored nothing (connection refused, or the server rejected the
    /// INSERT before writing anything).
    public func recordForwardingNotDelivered(_ slice: ForwardingBatch) throws(StorageError) {
        try commit(Change(forwardingSteps: [slice.table: .notDelivered]))
    }

    /// The server stored `slice`: the batch's next slice is in flight, or its parts are forwarded.
    /// - Parameter exactlyOnce: whether the server drops a repeated token; if not, the rows of
    ///   every in-doubt resend are counted as possibly duplicated.
    public func acknowledgeForwarding(_ slice: ForwardingBatch, bytes: Int, exactlyOnce: Bool) throws(StorageError) {
        try commit(Change(forwardingSteps: [slice.table: .acknowledged(rows: slice.rowCount, bytes: bytes, exactlyOnce: exactlyOnce)]))
    }

    /// What of `table` waits to be forwarded, and the counters.
    public func forwardingProgress(of table: TableName) throws(StorageError) -> ForwardingProgress {
        let state = currentState
        let tableState = try self.table(table)
        let forwarding = tableState.forwarding ?? TableForwarding()
        let waiting = tableState.parts.filter { !forwarding.isForwarded($0.name) }
        let timeColumn = tableState.definition.partitionColumn
        return ForwardingProgress(
            table: table, waitingRows: waiting.reduce(0) { $0 + $1.rows }, waitingParts: waiting.count,
            waitingBytes: waiting.reduce(0) { $0 + $1.reader.bytesOnDisk },
            oldestWaitingTime: timeColumn.flatMap { column in waiting.compactMap { $0.meta.dateTimeRanges[column]?.lowerBound }.min() },
            inFlight: forwarding.inFlight,
            inFlightToken: forwarding.inFlight.map { Self.token(for: $0, table: table, storeID: state.storeID ?? "") },
            counters: forwarding.counters)
    }

    private func forwardingBatch(_ batch: InFlightBatch, table: TableState, storeID: String) throws(StorageError) -> ForwardingBatch {
        let parts = table.parts.filter { batch.parts.contains($0.name) }
        guard parts.count == batch.parts.count else { throw .conflict(table: table.definition.name) }
        let rows: Int
        if parts.count == 1 {
            let granules = batch.sliceGranules[batch.slice]..<batch.sliceGranules[batch.slice + 1]
            rows = granules.reduce(0) { $0 + parts[0].meta.rows(inGranule: $1) }
        } else {
            rows = parts.reduce(0) { $0 + $1.rows }
        }
        return ForwardingBatch(table: table.definition.name, batch: batch,
                               token: Self.token(for: batch, table: table.definition.name, storeID: storeID), rowCount: rows)
    }

    private static func token(for batch: InFlightBatch, table: TableName, storeID: String) -> String {
        "\(storeID)/\(table)/\(batch.parts.first!)..\(batch.parts.last!)/\(batch.slice)/\(batch.sliceCount)"
    }

    /// The next batch of a table with nothing in flight (see ``nextForwardingBatch(of:maxRows:maxBytes:)``).
    static func chooseBatch(_ table: TableState, maxRows: Int, maxBytes: Int, now: UInt32) throws(StorageError) -> InFlightBatch? {
        let forwarding = table.forwarding ?? TableForwarding()
        guard let first = table.parts.filter({ !forwarding.isForwarded($0.name) }).min(by: { $0.name.minBlock < $1.name.minBlock }) else {
            return nil
        }
        let partition = table.parts.filter { $0.name.partition == first.name.partition }
        let firstGranules = try first.rowBinaryGranuleBytes()
        var chosen = [first]
        var rows = first.rows
        var bytes = firstGranules.reduce(0, +)
        for part in partition.drop(while: { $0 !== first }).dropFirst() {
            guard !forwarding.isForwarded(part.name), rows + part.rows <= maxRows else { break }
            let partBytes = try part.rowBinaryGranuleBytes().reduce(0, +)
            guard bytes + partBytes <= maxBytes else { break }
            chosen.append(part)
            rows += part.rows
            bytes += partBytes
        }
        guard chosen.count == 1 else {
            return InFlightBatch(parts: chosen.map(\.name), slice: 0, sliceGranules: [0, 0], maybeDelivered: 0, since: now)
        }
        // One part: slices of whole granules, each within both limits (at least one granule).
        var starts = [0]
        var sliceRows = 0, sliceBytes = 0
        for granule in 0..<first.meta.granuleCount {
            let granuleRows = first.meta.rows(inGranule: granule)
            if sliceRows > 0, sliceRows + granuleRows > maxRows || sliceBytes + firstGranules[granule] > maxBytes {
                starts.append(granule)
                (sliceRows, sliceBytes) = (0, 0)
            }
            sliceRows += granuleRows
            sliceBytes += firstGranules[granule]
        }
        return InFlightBatch(parts: [first.name], slice: 0, sliceGranules: starts + [first.meta.granuleCount], maybeDelivered: 0, since: now)
    }
}
