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
    /// Hide rows whose TTL has passed but which no merge has removed yet. ClickHouse shows them
    /// until a merge runs (`false`, the default here too).
    public var hideExpiredRows = false
    /// Run merges and TTL eviction on a background task. Tests turn this off and call
    /// ``Store/runMaintenance()`` themselves.
    public var backgroundMaintenance = true
    /// Inserts are processed in blocks of at most this many rows (ClickHouse 26.9's
    /// `min_insert_block_size_rows`): each block makes its own parts and feeds the views once.
    public var maxInsertBlockRows = 1_048_449
    /// The clock for TTL, in `DateTime` seconds.
    public var clock: Clock = .system

    public init() {}

    public static let `default` = StoreOptions()
}

/// Where "now" comes from. Tests use a ``ManualClock``-backed clock to step TTL deterministically.
public struct Clock: Sendable {
    public let now: @Sendable () -> UInt32

    public init(now: @escaping @Sendable () -> UInt32) { self.now = now }

    public static let system = Clock {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return UInt32(clamping: spec.tv_sec)
    }
}

#if canImport(Glibc)
import Glibc
#endif
