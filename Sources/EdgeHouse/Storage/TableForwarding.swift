/// What of one table has reached the central server: kept in `MANIFEST`, so the parts, the
/// record of which of them are delivered and the batch being sent change in one commit.
///
/// The rows are never copied for forwarding: a part is *forwarded* when its name is in
/// ``forwarded``, otherwise it waits. Merges keep that true (a merge takes only forwarded parts
/// or only waiting ones, and its output inherits their status); a part of an insert that commits
/// late, after newer parts were sent, is simply a waiting part. The parts of the batch in
/// flight are pinned: no merge or TTL rewrite takes them until the batch is acknowledged, so a
/// retry after any crash sends the same rows under the same token.
struct TableForwarding: Codable, Equatable, Sendable {
    var forwarded: Set<PartName> = []
    var inFlight: InFlightBatch?
    var counters = ForwardingCounters()

    func isForwarded(_ part: PartName) -> Bool { forwarded.contains(part) }

    /// Written with the forwarded parts in name order, so equal states make equal manifests.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(forwarded.sorted(), forKey: .forwarded)
        try container.encodeIfPresent(inFlight, forKey: .inFlight)
        try container.encode(counters, forKey: .counters)
    }
}

/// The batch being sent: exactly which rows, under which token, and how often it may already
/// have been delivered.
public struct InFlightBatch: Codable, Equatable, Sendable {
    /// Consecutive waiting parts of one partition, in block order.
    public var parts: [PartName]
    /// The slice being sent, of `sliceGranules.count - 1`. A batch of several parts is one
    /// slice; one large part is cut at granule boundaries into slices of bounded rows.
    public var slice: Int
    /// The granules where each slice starts, then the part's granule count (one part), or
    /// `[0, 0]` for a batch of several whole parts.
    public var sliceGranules: [Int]
    /// Attempts whose outcome is unknown (sent, no answer): each may have stored the slice.
    public var maybeDelivered: Int
    /// When the batch was chosen (seconds since 1970).
    public var since: UInt32

    public var sliceCount: Int { sliceGranules.count - 1 }
}

/// Forwarding's counters for one table, committed with the changes that cause them.
public struct ForwardingCounters: Codable, Equatable, Sendable {
    public var rowsSent: UInt64 = 0
    public var bytesSent: UInt64 = 0
    public var batchesSent: UInt64 = 0
    /// Slices sent again after an attempt with an unknown outcome.
    public var inDoubtResends: UInt64 = 0
    /// Rows of those resends, where the server could not drop a repeat (at-least-once): an
    /// upper bound of the rows stored twice.
    public var rowsPossiblyDuplicated: UInt64 = 0
    /// Rows the table's TTL removed before they were forwarded (a loss, made visible).
    public var rowsExpiredUnforwarded: UInt64 = 0
    /// Rows of waiting parts removed by `DROP PARTITION`, `TRUNCATE` or `DROP TABLE`.
    public var rowsDroppedUnforwarded: UInt64 = 0
    /// Rows of waiting parts evicted to meet the disk bound (a loss, made visible).
    public var rowsEvictedUnforwarded: UInt64 = 0
    /// Rows of forwarded parts evicted to meet the disk bound (safe at the central server).
    public var rowsEvictedForwarded: UInt64 = 0

    public init() {}

    /// Every counter may be missing: a manifest written before it existed counted none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func count(_ key: CodingKeys) throws -> UInt64 { try container.decodeIfPresent(UInt64.self, forKey: key) ?? 0 }
        rowsSent = try count(.rowsSent)
        bytesSent = try count(.bytesSent)
        batchesSent = try count(.batchesSent)
        inDoubtResends = try count(.inDoubtResends)
        rowsPossiblyDuplicated = try count(.rowsPossiblyDuplicated)
        rowsExpiredUnforwarded = try count(.rowsExpiredUnforwarded)
        rowsDroppedUnforwarded = try count(.rowsDroppedUnforwarded)
        rowsEvictedUnforwarded = try count(.rowsEvictedUnforwarded)
        rowsEvictedForwarded = try count(.rowsEvictedForwarded)
    }
}

/// One step of the forwarding protocol, applied by a commit.
enum ForwardingStep: Equatable {
    /// Pins the parts of a new batch (the table had none in flight).
    case begin(InFlightBatch)
    /// An attempt is about to be sent: it may be delivered from now on.
    case attempt
    /// The last attempt provably stored nothing (refused, or rejected before any write).
    case notDelivered
    /// The server stored the slice: the next slice, or the batch's parts become forwarded.
    case acknowledged(rows: Int, bytes: Int, exactlyOnce: Bool)

    func apply(to forwarding: inout TableForwarding, table: TableState) throws(StorageError) {
        let name = table.definition.name
        switch self {
        case .begin(let batch):
            guard forwarding.inFlight == nil else { throw .conflict(table: name) }
            let active = Set(table.parts.map(\.name))
            guard batch.parts.allSatisfy({ active.contains($0) && !forwarding.isForwarded($0) }) else { throw .conflict(table: name) }
            forwarding.inFlight = batch
        case .attempt:
            guard forwarding.inFlight != nil else { throw .conflict(table: name) }
            forwarding.inFlight!.maybeDelivered += 1
        case .notDelivered:
            guard forwarding.inFlight != nil else { throw .conflict(table: name) }
            forwarding.inFlight!.maybeDelivered = max(0, forwarding.inFlight!.maybeDelivered - 1)
        case .acknowledged(let rows, let bytes, let exactlyOnce):
            guard var batch = forwarding.inFlight else { throw .conflict(table: name) }
            let resends = UInt64(max(0, batch.maybeDelivered - 1))
            forwarding.counters.rowsSent += UInt64(rows)
            forwarding.counters.bytesSent += UInt64(bytes)
            forwarding.counters.batchesSent += 1
            forwarding.counters.inDoubtResends += resends
            if !exactlyOnce { forwarding.counters.rowsPossiblyDuplicated += UInt64(rows) * resends }
            batch.slice += 1
            batch.maybeDelivered = 0
            if batch.slice < batch.sliceCount {
                forwarding.inFlight = batch
            } else {
                forwarding.forwarded.formUnion(batch.parts)
                forwarding.inFlight = nil
            }
        }
    }
}

extension TableForwarding {
    /// Keeps the record true across a change that removes `removed` parts of the table and adds
    /// `added` ones. A maintenance change (merge, TTL) may not take pinned parts or mix forwarded
    /// and waiting ones; its output inherits their status; the rows it removes from waiting parts
    /// are TTL's loss. Other removals (`DROP PARTITION`, …) may take anything: a pinned batch
    /// is then abandoned, and the waiting rows dropped are counted.
    mutating func partsReplaced(removed: [DataPart], added: [DataPart], maintenance: Bool, table: TableName) throws(StorageError) {
        guard !removed.isEmpty else { return }
        let pinned = Set(inFlight?.parts ?? [])
        let removedForwarded = removed.filter { isForwarded($0.name) }
        let waitingRows = removed.filter { !isForwarded($0.name) }.reduce(0) { $0 + $1.rows }
        if maintenance {
            guard !removed.contains(where: { pinned.contains($0.name) }) else { throw .conflict(table: table) }
            if removedForwarded.count == removed.count {
                forwarded.formUnion(added.map(\.name))
            } else {
                // A merge's output is one part: its inputs must all be waiting (a TTL drop of
                // whole parts adds nothing and may take both kinds).
                guard removedForwarded.isEmpty || added.isEmpty else { throw .conflict(table: table) }
                let kept = added.reduce(0) { $0 + $1.rows }
                counters.rowsExpiredUnforwarded += UInt64(max(0, waitingRows - kept))
            }
        } else {
            if removed.contains(where: { pinned.contains($0.name) }) { inFlight = nil }
            counters.rowsDroppedUnforwarded += UInt64(waitingRows)
        }
        forwarded.subtract(removed.map(\.name))
    }
}
