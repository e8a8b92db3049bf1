import ArgumentParser
import Dispatch
import EdgeHouse
import EdgeHouseForwarder
import EdgeHouseServer
import Foundation
import Logging

/// `edgehouse server`: the store behind ClickHouse's native protocol and HTTP interface.
struct Server: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Serve a store over ClickHouse's native TCP protocol and HTTP interface.",
        discussion: """
        ClickHouse clients work unchanged: clickhouse-client, clickhouse-driver (the seed's
        client), clickhouse-connect, curl. Listens on 127.0.0.1 unless --host says otherwise;
        another address needs a password for every user. SIGTERM or SIGINT stop accepting
        connections, let running queries finish, flush buffered inserts, close the store and
        exit 0.

          edgehouse server --path data --init-sql schema/init.sql
          clickhouse-client --port 9000 --query "SELECT count() FROM optiinfra.cost_metrics_ts"
          curl 'http://127.0.0.1:8123/?query=SELECT+1'
        """)

    @Option(help: "Store directory (created if missing).") var path = "edgehouse-data"
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port of the native protocol (0: any free port).") var tcpPort = 9000
    @Option(help: "Port of the HTTP interface (0: any free port).") var httpPort = 8123
    @Option(help: "The one user (default: CLICKHOUSE_USER, else 'default').") var user: String?
    @Option(help: "That user's password (default: CLICKHOUSE_PASSWORD, else none).") var password: String?
    @Option(help: "A users file instead: {\"users\": {\"name\": {\"password_sha256_hex\": \"…\"}}}.") var usersFile: String?
    @Option(help: "SQL run once at start (e.g. schema/init.sql, whose statements are idempotent).") var initSQL: String?
    @Option(help: "Most open connections (native and HTTP together).") var maxConnections = 256
    @Option(help: "Most queries running at once; more are refused with code 202 (max_concurrent_queries).") var maxConcurrentQueries = 100
    @Option(help: "Seconds a client may leave a result unread before its connection is closed (send_timeout).") var sendTimeout = 300
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel = "info"
    @OptionGroup var forwarding: ForwardingArguments
    @OptionGroup var diskBound: DiskBoundArguments

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "edgehouse.server")
        var configuration = ServerConfiguration()
        configuration.host = host
        configuration.tcpPort = tcpPort
        configuration.httpPort = httpPort
        configuration.maxConnections = maxConnections
        configuration.sendTimeout = .seconds(Int64(sendTimeout))
        configuration.maxConcurrentQueries = maxConcurrentQueries
        let environment = ProcessInfo.processInfo.environment
        if let usersFile {
            configuration.users = try Users(file: usersFile)
        } else if let user = user ?? environment["CLICKHOUSE_USER"] {
            configuration.users = Users(user: user, password: password ?? environment["CLICKHOUSE_PASSWORD"] ?? "")
        } else if let password = password ?? environment["CLICKHOUSE_PASSWORD"] {
            configuration.users = Users(user: "default", password: password)
        }

        var options = StoreOptions()
        options.forwarding = try forwarding.options()
        options.diskBound = try diskBound.bound()
        let store = try Store.open(path: path, options: options)
        defer { store.close() }
        if let initSQL {
            try SQLSession(store: store).execute(try String(contentsOfFile: initSQL, encoding: .utf8))
        }
        let server = try await EdgeHouseServer.start(store: store, configuration: configuration, logger: logger)
        let forwarder = Forwarder(store: store).map { forwarder in Task { await forwarder.run() } }
        let stop = SignalWatcher(signals: [SIGTERM, SIGINT]) {
            logger.notice("shutting down: no new connections; running queries finish")
            forwarder?.cancel()
            server.shutdown()
        }
        var banner = ""
        if let port = server.tcpPort { banner += "edgehouse server: native protocol on \(host):\(port)\n" }
        if let port = server.httpPort { banner += "edgehouse server: HTTP interface on http://\(host):\(port)\n" }
        if let destination = forwarding.forwardTo { banner += "edgehouse server: forwarding raw tables to \(destination)\n" }
        banner += "edgehouse server: store \(path)\n"
        FileHandle.standardOutput.write(Data(banner.utf8))
        try await server.serve()
        forwarder?.cancel()
        await forwarder?.value
        stop.cancel()
        logger.notice("stopped; closing the store")
    }
}

/// Runs a handler when one of the signals arrives (instead of the default: dying).
private final class SignalWatcher {
    private let sources: [any DispatchSourceSignal]

    init(signals: [Int32], handler: @escaping @Sendable () -> Void) {
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: handler)
            source.resume()
            return source
        }
    }

    func cancel() { for source in sources { source.cancel() } }
}

