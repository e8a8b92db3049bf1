import Foundation

/// Where a store's raw rows are forwarded, and how (``StoreOptions/forwarding``). The store
/// keeps the durable side (what is sent, in `MANIFEST`); `EdgeHouseForwarder.Forwarder` runs
/// the sending with these options.
public struct ForwardingOptions: Sendable, Equatable {
    public var destination: ForwardingDestination
    /// The tables sent; `nil`: ``Store/forwardableTables`` (every table no view writes into —
    /// the central server computes its own views from the raw rows).
    public var tables: [TableName]?
    /// Rows per INSERT at most: below ClickHouse's block-forming thresholds (1,048,449 rows in
    /// 26.9, 1,048,576 in 18.16), so one INSERT is one block with one block id
    /// (`forwarding.md` §1.3). Large, because a server pays for every INSERT (ClickHouse 18.16
    /// ~40 ms) and the body streams: the edge's memory does not grow with it (``ForwardingBody``).
    public var maxBatchRows = 1_000_000
    /// …and about this many bytes (reckoned as RowBinary; 64 MiB: wide rows make fewer per
    /// INSERT, and a slow link retries less at a time).
    public var maxBatchBytes = 64 << 20
    /// Backoff after a failure: full jitter, doubling from `backoffBase` to `backoffCap`.
    public var backoffBase = Duration.milliseconds(500)
    public var backoffCap = Duration.seconds(60)
    /// How long a table waits after a blocking error before the server is probed again.
    public var blockedRetry = Duration.seconds(60)
    /// How often an idle table looks for new parts.
    public var pollInterval = Duration.seconds(1)
    /// While fewer rows than this (and than ``maxBatchRows``) wait, a table sends at most once
    /// per ``pollInterval`` (not when draining): an agent's trickle of small inserts is forwarded in batches, which spares
    /// the central server a part per INSERT and the edge three `MANIFEST` commits per INSERT.
    public var lingerBelowRows = 100_000
    /// Read and encode at the lowest CPU priority, so that forwarding never slows the inserts
    /// and queries of the process it runs in (it catches up when they pause). Off for a process
    /// that only forwards (`edgehouse forward`): there it would only lose the race for the CPU
    /// against a central server on the same machine.
    public var yieldsToInserts = true

    public init(destination: ForwardingDestination, tables: [TableName]? = nil) {
        self.destination = destination
        self.tables = tables
    }
}

/// A central ClickHouse's HTTP interface (or an EdgeHouse server's) and its credentials.
public struct ForwardingDestination: Sendable, Equatable {
    public var url: URL
    public var user: String
    public var password: String
    /// Connect and request timeouts: a request may take this plus one second per MiB sent.
    public var timeout: Duration

    /// - Parameter url: `http://host:8123`.
    public init(url: URL, user: String = "default", password: String = "", timeout: Duration = .seconds(30)) {
        self.url = url
        self.user = user
        self.password = password
        self.timeout = timeout
    }
}
