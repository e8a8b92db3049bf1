/// The most bytes a store's parts may take on disk (``StoreOptions/diskBound``): an edge device
/// that cannot reach its central server for days must not fill its disk.
///
/// Every commit that adds inserted rows is checked. Over the bound, the commit first evicts
/// parts whose rows the central server has acknowledged, oldest first (they are safe there,
/// and the local views keep their hours); then, as ``whenFull`` chooses, the oldest parts not
/// yet forwarded (a loss, counted in `system.forwarding`), or nothing: the insert fails with
/// ClickHouse's `NOT_ENOUGH_SPACE` (243) and stores nothing. Evictions and their counters are
/// part of the commit that causes them, so a crash neither loses nor doubles a count.
///
/// Only the parts of tables no view writes into are evicted (a view's rows are few and outlive
/// their raw rows, as with TTL); never the parts of a batch being forwarded, whose outcome may
/// be unknown; never the inserted parts themselves. Merges are not checked: they rewrite what is
/// there. Rows of the insert buffer are bounded on their own
/// (``InsertBufferOptions/maxBufferedBytes``) and, already acknowledged, are never refused at
/// their flush.
public struct DiskBound: Sendable, Equatable {
    /// What goes when evicting forwarded parts is not enough.
    public enum WhenFull: Sendable, Equatable {
        /// The oldest parts not yet forwarded: the store keeps the newest data
        /// (`rows_evicted_unforwarded` counts the loss).
        case dropOldestUnforwarded
        /// Nothing: inserts fail with `NOT_ENOUGH_SPACE` until forwarding makes room
        /// (back-pressure to the agents, which keep their rows).
        case refuseInserts
    }

    /// Bytes of every part of every table together, as `system.parts.bytes_on_disk` counts them.
    public var maxBytes: Int
    public var whenFull: WhenFull

    public init(maxBytes: Int, whenFull: WhenFull = .dropOldestUnforwarded) {
        self.maxBytes = maxBytes
        self.whenFull = whenFull
    }
}

/// How a commit meets the disk bound.
enum DiskBoundRule: Equatable {
    /// Not checked: DDL, merges and TTL, forwarding's steps.
    case exempt
    /// An insert: evicts, else fails with `NOT_ENOUGH_SPACE`.
    case insert
    /// Rows already acknowledged (a flush of the insert buffer): evicts as an insert does, but
    /// never fails — the bound is exceeded rather than acknowledged rows lost.
    case acknowledgedRows
}

extension StoreState {
    /// Bytes of every part of every table.
    var bytesOnDisk: Int { tables.values.reduce(0) { $0 + $1.parts.reduce(0) { $0 + $1.reader.bytesOnDisk } } }

    /// Whether an insert is refused now, whatever its size: what may not be evicted fills the
    /// bound (checked before a buffered insert is acknowledged; its flush never fails on it).
    func refusesInserts(under bound: DiskBound) -> Bool {
        guard bound.whenFull == .refuseInserts else { return false }
        let evictable = evictionCandidates(keeping: []).forwarded.reduce(0) { $0 + $1.part.reader.bytesOnDisk }
        return bytesOnDisk - evictable >= bound.maxBytes
    }

    /// Brings the state within `bound` by evicting parts as ``DiskBound`` describes, keeping
    /// `kept` (the change's own new parts). Returns the parts evicted.
    mutating func evict(toMeet bound: DiskBound, rule: DiskBoundRule, keeping kept: Set<PartName>) throws(StorageError) -> [DataPart] {
        guard rule != .exempt else { return [] }
        var excess = bytesOnDisk - bound.maxBytes
        guard excess > 0 else { return [] }
        let candidates = evictionCandidates(keeping: kept)
        var evicted = [(table: TableName, part: DataPart)]()
        for candidate in candidates.forwarded + (bound.whenFull == .dropOldestUnforwarded ? candidates.waiting : []) where excess > 0 {
            evicted.append(candidate)
            excess -= candidate.part.reader.bytesOnDisk
        }
        if excess > 0, rule == .insert {
            let inserted = tables.values.flatMap(\.parts).filter { kept.contains($0.name) }.reduce(0) { $0 + $1.reader.bytesOnDisk }
            throw .diskBoundReached(bytes: inserted)
        }
        for (name, parts) in Dictionary(grouping: evicted, by: \.table) {
            tables[name]!.evict(parts.map(\.part))
        }
        return evicted.map(\.part)
    }

    /// The parts an eviction may take, each list oldest first: those the central server has
    /// acknowledged, and those it has not (pinned parts of a batch in flight left out).
    private func evictionCandidates(keeping kept: Set<PartName>) -> (forwarded: [(table: TableName, part: DataPart)], waiting: [(table: TableName, part: DataPart)]) {
        let viewTargets = Set(views.values.map(\.target))
        var forwarded = [(table: TableName, part: DataPart)](), waiting = [(table: TableName, part: DataPart)]()
        for (name, table) in tables where !viewTargets.contains(name) {
            let pinned = Set(table.forwarding?.inFlight?.parts ?? [])
            for part in table.parts where !kept.contains(part.name) && !pinned.contains(part.name) {
                if table.forwarding?.isForwarded(part.name) == true {
                    forwarded.append((name, part))
                } else {
                    waiting.append((name, part))
                }
            }
        }
        // Oldest: the part whose newest row is oldest; without a time column, the lowest block.
        func age(_ entry: (table: TableName, part: DataPart)) -> (UInt32, UInt64) {
            let newest = tables[entry.table]!.definition.partitionColumn.flatMap { entry.part.meta.dateTimeRanges[$0]?.upperBound }
            return (newest ?? 0, entry.part.name.minBlock)
        }
        return (forwarded.sorted { age($0) < age($1) }, waiting.sorted { age($0) < age($1) })
    }
}

extension TableState {
    /// Removes `evicted` parts, counting their rows in the table's forwarding record.
    mutating func evict(_ evicted: [DataPart]) {
        var record = forwarding ?? TableForwarding()
        for part in evicted {
            if record.isForwarded(part.name) {
                record.counters.rowsEvictedForwarded += UInt64(part.rows)
            } else {
                record.counters.rowsEvictedUnforwarded += UInt64(part.rows)
            }
        }
        let names = Set(evicted.map(\.name))
        record.forwarded.subtract(names)
        forwarding = record
        parts.removeAll { names.contains($0.name) }
    }
}
