/// Every tunable of a store, with its default, in one place.
public struct StoreOptions: Sendable {
    /// Refuse inserts into a partition with more active parts than this (ClickHouse's
    /// `parts_to_throw_insert`), with `TOO_MANY_PARTS`, instead of growing without bound.
    public var maxPartsPerPartition = 300
    /// A merge starts when a partition has at least this many similar-sized parts.
    public var mergeFactor = 5
    /// At most this many parts go into one merge.
    public var maxPartsPerMerge = 10
    /// Parts larger than this many rows are not merged further (except by `optimize(final:)`).
    public var maxMergedPartRows = 50_000_000
    /// Rows read from each input part at a time during a merge: bounds merge memory.
    public var mergeReadGranules = 1
    /// Granules a scan reads at a time: bounds the memory of a scan (and of `SELECT … FINAL`'s
    /// inputs) to this many granules of the columns it reads.
    public var scanReadGranules = 16
    /// Reads of at most this many granules (a key lookup, a dashboard's window) go through the
    /// block cache; longer scans bypass it, so they do not evict what the dashboards read.
    public var cachedReadGranules = 4
    /// The store's cache of decompressed blocks, in bytes; 0: none. 64 MiB holds the hourly
    /// views' blocks that the four dashboards read for a few weeks of a fleet's data (a day of
    /// one service's `quantile` states is about 1.5 MiB).
    public var blockCacheBytes = 64 << 20
    /// Hide rows whose TTL has passed but which no merge has removed yet. ClickHouse shows them
    /// until a merge runs (`false`, the default here too).
    public var hideExpiredRows = false
    /// Run merges and TTL eviction on a background task. Tests turn this off and call
    /// ``Store/runMaintenance()`` themselves.
    public var backgroundMaintenance = true
    /// Inserts are processed in blocks of at most this many rows (ClickHouse 26.9's
    /// `min_insert_block_size_rows`): each block makes its own parts and feeds the views once.
    public var maxInsertBlockRows = 1_048_449
    /// …and, when set, of at most about this many bytes of column data (ClickHouse's
    /// `max_insert_block_size_bytes`): a block is held whole while it is sorted and written,
    /// beside its views' states, so this bounds an insert's memory whatever the width of its
    /// rows. 0, the default as in ClickHouse 26.9: blocks by rows alone, the same parts as
    /// ClickHouse's. A stream fixes its block's rows from its first chunk's bytes per row.
    public var maxInsertBlockBytes = 0

    /// A streamed INSERT (TSV, over HTTP or from standard input) into a plain `MergeTree`
    /// table sorts and writes each insert block's rows as they arrive, in pieces of about this
    /// many bytes of column data, each piece its own parts, while the block's views aggregate
    /// the whole block as ClickHouse's do: memory holds a piece and the views' states, not the
    /// block (a 1M-row TSV ingest of shuffled performance rows: about 175 MB resident rather than 300).
    /// The price is more parts, merged later. 0: whole blocks, ClickHouse's parts. Tables whose
    /// parts differ in what they answer — those that collapse rows at insert (Summing,
    /// Aggregating, Replacing, Collapsing) or deduplicate inserts — always take whole blocks.
    public var streamedPartBytes = 24 << 20

    /// How many rows of `bytesPerRow` bytes each an insert block takes: as many as both limits
    /// allow, at least one.
    func insertBlockRows(bytesPerRow: Double) -> Int {
        rows(bytesPerRow: bytesPerRow, bytes: maxInsertBlockBytes, limit: max(1, maxInsertBlockRows))
    }

    /// The rows of an insert block, and of the pieces a streamed insert writes it in
    /// (``streamedPartBytes``; the block's rows when `table` takes whole blocks).
    func streamedBlockRows(bytesPerRow: Double, table: TableDefinition) -> (piece: Int, block: Int) {
        let block = insertBlockRows(bytesPerRow: bytesPerRow)
        guard writesPieces(of: table) else { return (block, block) }
        return (rows(bytesPerRow: bytesPerRow, bytes: streamedPartBytes, limit: block), block)
    }

    /// Whether a streamed insert into `table` writes its blocks in pieces (``streamedPartBytes``).
    func writesPieces(of table: TableDefinition) -> Bool {
        streamedPartBytes > 0 && table.engine == .mergeTree && (table.deduplicationWindow ?? 0) == 0
    }

    private func rows(bytesPerRow: Double, bytes: Int, limit: Int) -> Int {
        guard bytes > 0, bytesPerRow > 0 else { return limit }
        return max(1, min(limit, Int(Double(bytes) / bytesPerRow)))
    }
    /// The clock for TTL, in `DateTime` seconds.
    public var clock: Clock = .system
    /// How ``Store/insertBuffered(_:into:)`` acknowledges and flushes small inserts.
    public var insertBuffer = InsertBufferOptions()
    /// Where the raw tables' rows are forwarded (run by `EdgeHouseForwarder.Forwarder`); `nil`:
    /// nowhere.
    public var forwarding: ForwardingOptions?
    /// The most bytes the store's parts may take on disk; `nil`: no bound but the disk's.
    public var diskBound: DiskBound?

    public init() {}

    public static let `default` = StoreOptions()
}

/// The policy of the buffered insert path (``Store/insertBuffered(_:into:)``): when an insert
/// is acknowledged, and when buffered rows become parts.
public struct InsertBufferOptions: Sendable, Equatable {
    /// When a buffered insert returns.
    public enum Durability: Sendable, Equatable {
        /// After its log record is `fdatasync`ed: nothing acknowledged is lost, even on power
        /// loss. Concurrent inserts share one sync (group commit), so throughput grows with the
        /// number of writers, but a single writer waits for the disk on every insert.
        case syncEachInsert
        /// As soon as its log record is written (it then survives the process being killed);
        /// the log is synced every `interval`. A power loss loses at most the inserts
        /// acknowledged in the last interval.
        case groupCommit(every: Duration)
    }

    public var durability = Durability.syncEachInsert
    /// Buffered rows are flushed into parts once their log records reach this many bytes
    /// (ClickHouse's `async_insert_max_data_size`, 10 MiB) — by the buffer's background tick,
    /// while inserts go on, or by the insert that fills the buffer when
    /// ``StoreOptions/backgroundMaintenance`` is off…
    public var flushBytes = 10 << 20
    /// …or once the oldest has waited this long. ClickHouse waits at most 200 ms
    /// (`async_insert_busy_timeout_max_ms`); an edge device prefers fewer, larger parts.
    public var flushAge = Duration.seconds(1)
    /// Back-pressure: an insert that finds this many bytes buffered (a flush is failing or
    /// behind) flushes first, and fails — appending nothing — if the flush fails.
    public var maxBufferedBytes = 64 << 20

    public init() {}
}

/// Where "now" comes from. Tests use a ``ManualClock``-backed clock to step TTL and the insert
/// buffer's flush by age deterministically.
public struct Clock: Sendable {
    /// The wall-clock time, in `DateTime` seconds: what TTL and `now()` compare with.
    public let now: @Sendable () -> UInt32
    /// Time since an arbitrary origin that never goes back, even when the wall clock is set
    /// back: what ages (``InsertBufferOptions/flushAge``) are measured with.
    public let elapsed: @Sendable () -> Duration

    public init(now: @escaping @Sendable () -> UInt32, elapsed: @escaping @Sendable () -> Duration) {
        self.now = now
        self.elapsed = elapsed
    }

    /// A wall clock of its own (a fixed date, a simulated one) with real elapsed time.
    public init(now: @escaping @Sendable () -> UInt32) {
        self.init(now: now, elapsed: Self.system.elapsed)
    }

    public static let system: Clock = {
        let origin = ContinuousClock.now
        return Clock(now: {
            var spec = timespec()
            clock_gettime(CLOCK_REALTIME, &spec)
            return UInt32(clamping: spec.tv_sec)
        }, elapsed: { origin.duration(to: .now) })
    }()
}

#if canImport(Glibc)
import Glibc
#endif
