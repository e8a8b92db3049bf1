/// What a running forwarder says about one table: the side of `system.forwarding` that is not
/// durable (the counters and the waiting rows are, in `MANIFEST`).
public struct ForwardingReport: Sendable, Equatable {
    public enum Mode: String, Sendable {
        /// The central server drops repeated inserts: each row is stored there once.
        case exactlyOnce = "exactly_once"
        /// It cannot (ClickHouse 18.16, or a table without a deduplication window): a slice
        /// sent again after an unknown outcome may be stored twice, and is counted.
        case atLeastOnce = "at_least_once"
        case unknown
    }

    public enum State: String, Sendable {
        case idle, sending, backoff, blocked
    }

    public var destination: String
    public var mode = Mode.unknown
    public var state = State.idle
    public var attemptsFailed: UInt64 = 0
    public var lastError = ""
    public var lastErrorCode = 0
    public var lastErrorTime: UInt32 = 0
    public var lastSuccessTime: UInt32 = 0

    public init(destination: String) { self.destination = destination }
}

extension Store {
    /// Publishes a forwarder's report on `table` for `system.forwarding`.
    public func publishForwardingReport(_ report: ForwardingReport, for table: TableName) {
        forwardingReports.withLock { $0[table] = report }
    }

    /// The reports published so far, by table.
    public var forwardingReportsByTable: [TableName: ForwardingReport] { forwardingReports.withLock { $0 } }
}

/// One row of `system.forwarding`: a table's durable progress and its forwarder's report.
public struct ForwardingStatus: Sendable, Equatable {
    public var progress: ForwardingProgress
    /// `nil` when no forwarder has run on the table since the store was opened.
    public var report: ForwardingReport?
}

extension Store {
    /// Every table forwarding has touched (a batch taken, or a forwarder's report), by name.
    public func forwardingStatus() -> [ForwardingStatus] {
        let reports = forwardingReportsByTable
        let tables = currentState.tables.filter { $0.value.forwarding != nil || reports[$0.key] != nil }.keys.sorted()
        return tables.compactMap { table in
            (try? forwardingProgress(of: table)).map { ForwardingStatus(progress: $0, report: reports[table]) }
        }
    }
}
