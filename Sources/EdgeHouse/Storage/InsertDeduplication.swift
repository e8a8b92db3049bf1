/// Insert deduplication as ClickHouse 26.9 does it for a `MergeTree` with the table setting
/// `non_replicated_deduplication_window = N > 0`: each insert block gets a block id per partition
/// it touches, and a block whose id is among the table's last N stored ids is not stored again —
/// its rows in that partition are dropped before anything is written, so the views never see
/// them either (ClickHouse needs a window on each view target for that; here the table and its
/// views commit together). The insert still succeeds. Per partition, so a retry of an insert
/// that was stored in part stores exactly the missing part.
///
/// A block id is `<partition>_<low>_<high>` of ``SipHash128`` over
/// `user-token-<token>:source-id-empty:source-number-<n>` (`n`: the block's index within the
/// INSERT) — ClickHouse 26.9's own id, byte for byte. Without a token the block's content stands
/// in for the token: a hash of its rows as sent, in order (ClickHouse hashes each partition's rows;
/// here the whole block's, so two blocks that agree in one partition but not in another are not
/// duplicates of each other there — a documented deviation). A table partitioned by an expression
/// (not by month) deduplicates each block whole, under one id.
///
/// The ids are kept in `MANIFEST` (``TableDeduplicationLog``), committed with the parts they
/// name: unlike ClickHouse's unsynced log they survive a power loss.
struct InsertDeduplication {
    let window: Int
    let token: String?

    init?(definition: TableDefinition, token: String?) {
        guard let window = definition.deduplicationWindow, window > 0 else { return nil }
        self.window = window
        self.token = token.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Each partition of `block` with its block id.
    func blockIDs(of block: ChunkedBatch, number: Int, definition: TableDefinition) -> [PartitionID: String] {
        let source = token.map { "user-token-\($0)" } ?? Self.contentHash(block)
        let (low, high) = SipHash128.hash(Array("\(source):source-id-empty:source-number-\(number)".utf8))
        var ids = [PartitionID: String]()
        for partition in Self.partitions(of: block, definition: definition) {
            ids[partition] = "\(partition)_\(low)_\(high)"
        }
        return ids
    }

    /// The rows of `block` outside `partitions`.
    static func rows(of block: ChunkedBatch, outside partitions: Set<PartitionID>, definition: TableDefinition) -> ChunkedBatch {
        let none = ChunkedBatch([block.chunks[0].slice(0..<0)])
        guard let index = definition.partitionColumn.flatMap(definition.columnIndex) else {
            return partitions.contains(.all) ? none : block
        }
        var kept = [Batch]()
        for chunk in block.chunks {
            let keep = (chunk.columns[index].partitionSeconds ?? []).map { !partitions.contains(PartitionID(yyyymm: DateTime.yyyymm($0))) }
            let rows = keep.contains(false) ? chunk.filtered(keep) : chunk
            if rows.rowCount > 0 { kept.append(rows) }
        }
        return kept.isEmpty ? none : ChunkedBatch(kept)
    }

    private static func partitions(of block: ChunkedBatch, definition: TableDefinition) -> Set<PartitionID> {
        guard let index = definition.partitionColumn.flatMap(definition.columnIndex) else { return [.all] }
        var months = Set<UInt32>()
        for chunk in block.chunks { for seconds in chunk.columns[index].partitionSeconds ?? [] { months.insert(DateTime.yyyymm(seconds)) } }
        return Set(months.map { PartitionID(yyyymm: $0) })
    }

    /// `<low>_<high>` of the block's rows in their Native bytes, column by column.
    private static func contentHash(_ block: ChunkedBatch) -> String {
        var hasher = SipHash128()
        for chunk in block.chunks {
            for column in chunk.columns {
                var bytes = [UInt8]()
                NativeColumnLayout.append(column, rows: 0..<column.count, to: &bytes)
                hasher.update(bytes)
            }
        }
        let (low, high) = hasher.finalize()
        return "\(low)_\(high)"
    }
}

/// A table's deduplication window: the ids of its last stored insert blocks, oldest first.
struct TableDeduplicationLog: Codable, Equatable, Sendable {
    var blockIDs: [String] = []

    func contains(_ id: String) -> Bool { blockIDs.contains(id) }

    /// Adds ids of newly stored blocks, keeping the newest `window`.
    mutating func append(_ ids: [String], window: Int) {
        blockIDs += ids
        if blockIDs.count > window { blockIDs.removeFirst(blockIDs.count - window) }
    }
}
