import ArgumentParser
import EdgeHouse
import EdgeHouseForwarder
import Foundation
import Logging

/// Where and how a store forwards: shared by `edgehouse forward` and `edgehouse server`.
struct ForwardingArguments: ParsableArguments {
    @Option(name: [.customLong("forward-to"), .customLong("to")],
            help: "A central ClickHouse's HTTP interface (http://HOST:8123) that receives every raw table's rows.")
    var forwardTo: String?
    @Option(help: "User at the central server (default: CLICKHOUSE_USER, else 'default').") var forwardUser: String?
    @Option(help: "Password at the central server (default: CLICKHOUSE_PASSWORD, else none).") var forwardPassword: String?
    @Option(help: "Rows per INSERT at most.") var forwardBatchRows = 1_000_000
    @Option(help: "Bytes per INSERT at most, about (as RowBinary; one granule at least).") var forwardBatchBytes = 64 << 20
    @Option(help: "Seconds an INSERT may take (plus one per MiB) before its outcome counts as unknown.") var forwardTimeout = 30
    @Option(help: "Longest wait, in seconds, between retries after failures (full jitter, doubling from 0.5 s).") var forwardMaxBackoff = 60
    @Option(parsing: .upToNextOption, help: "Tables to forward, as database.table (default: every table that is no view's target).")
    var forwardTables: [String] = []

    /// The forwarding these arguments describe, or nil without `--forward-to`.
    func options() throws -> ForwardingOptions? {
        guard let forwardTo else { return nil }
        guard let url = URL(string: forwardTo), url.scheme == "http", url.host != nil else {
            throw ValidationError("--forward-to must be an http:// URL, e.g. http://127.0.0.1:8123")
        }
        let environment = ProcessInfo.processInfo.environment
        let destination = ForwardingDestination(url: url, user: forwardUser ?? environment["CLICKHOUSE_USER"] ?? "default",
                                                password: forwardPassword ?? environment["CLICKHOUSE_PASSWORD"] ?? "",
                                                timeout: .seconds(forwardTimeout))
        var tables: [TableName]?
        if !forwardTables.isEmpty {
            tables = try forwardTables.map { name in
                let pieces = name.split(separator: ".", maxSplits: 1).map(String.init)
                guard pieces.count == 2 else { throw ValidationError("--forward-tables takes database.table, not \(name)") }
                return TableName(pieces[0], pieces[1])
            }
        }
        var options = ForwardingOptions(destination: destination, tables: tables)
        options.maxBatchRows = forwardBatchRows
        options.maxBatchBytes = forwardBatchBytes
        options.backoffCap = .seconds(max(1, forwardMaxBackoff))
        return options
    }
}

/// The store's disk bound: shared by `edgehouse server` and queries on a store.
struct DiskBoundArguments: ParsableArguments {
    @Option(help: "Most bytes the store's parts may take on disk; over it, forwarded parts are evicted first, oldest first.")
    var maxDiskBytes: Int?
    @Option(help: "When evicting forwarded parts is not enough: drop-oldest (unforwarded parts, counted) or refuse (inserts fail with code 243).")
    var whenDiskFull = "drop-oldest"

    func bound() throws -> DiskBound? {
        guard let maxDiskBytes else { return nil }
        switch whenDiskFull {
        case "drop-oldest": return DiskBound(maxBytes: maxDiskBytes, whenFull: .dropOldestUnforwarded)
        case "refuse": return DiskBound(maxBytes: maxDiskBytes, whenFull: .refuseInserts)
        default: throw ValidationError("--when-disk-full is drop-oldest or refuse, not \(whenDiskFull)")
        }
    }
}

/// `edgehouse forward`: sends a store's waiting rows to a central ClickHouse.
struct Forward: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forward",
        abstract: "Forward a store's raw rows to a central ClickHouse, exactly once where it deduplicates.",
        discussion: """
        Sends every committed row of the raw tables that the central server has not acknowledged,
        oldest first, one partition per INSERT (RowBinary over HTTP, with a token that a retry
        repeats). Exactly once when the server takes insert_deduplication_token and every table
        there has non_replicated_deduplication_window > 0 (ClickHouse 22+, edgehouse server);
        at least once otherwise, with every possible duplicate counted in system.forwarding.

          edgehouse forward --path data --to http://central:8123 --until-caught-up
        """)

    @Option(help: "Store directory.") var path = "edgehouse-data"
    @OptionGroup var forwarding: ForwardingArguments
    @Flag(help: "Exit once nothing waits (exit 1 if a table is blocked by an error that retrying cannot fix).")
    var untilCaughtUp = false

    func run() async throws {
        guard forwarding.forwardTo != nil else { throw ValidationError("--to is required") }
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        var options = StoreOptions()
        options.forwarding = try forwarding.options()
        options.forwarding?.yieldsToInserts = false  // nothing else runs here to yield to
        let store = try Store.open(path: path, options: options)
        defer { store.close() }
        guard let forwarder = Forwarder(store: store) else { return }
        guard untilCaughtUp else { return await forwarder.run() }
        let blocked = await forwarder.drain()
        for status in store.forwardingStatus() {
            let counters = status.progress.counters
            print("\(status.progress.table)\t\(status.report?.mode.rawValue ?? "unknown")\tsent \(counters.rowsSent) rows"
                  + "\twaiting \(status.progress.waitingRows)\tpossibly duplicated \(counters.rowsPossiblyDuplicated)")
        }
        for (table, failure) in blocked.sorted(by: { $0.key < $1.key }) {
            FileHandle.standardError.write(Data("\(table): blocked: \(failure)\n".utf8))
        }
        if !blocked.isEmpty { throw ExitCode(1) }
    }
}
