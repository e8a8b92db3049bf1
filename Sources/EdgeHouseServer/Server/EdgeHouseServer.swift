import EdgeHouse
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// How `edgehouse server` listens and whom it lets in.
public struct ServerConfiguration: Sendable {
    /// The address to listen on: loopback unless told otherwise (another address needs every
    /// user to have a password).
    public var host = "127.0.0.1"
    /// The native protocol's port (`nil`: not served; 0: any free port).
    public var tcpPort: Int? = 9000
    /// The HTTP interface's port (`nil`: not served; 0: any free port).
    public var httpPort: Int? = 8123
    public var users = Users.openDefault
    public var limits = WireLimits()
    /// Open connections at most, over both protocols; more are refused with code 202.
    public var maxConnections = 256
    /// Queries running at once, over both protocols; more are refused with code 202
    /// (ClickHouse's `max_concurrent_queries`).
    public var maxConcurrentQueries = 100
    /// What the server calls itself (`X-ClickHouse-Server-Display-Name`, the native Hello).
    public var displayName = "edgehouse"
    /// How long a shutdown waits for running queries before closing their connections.
    public var shutdownGrace: TimeAmount = .seconds(10)
    /// A connection with no request for this long is closed.
    public var idleTimeout: TimeAmount = .seconds(3600)
    /// A connection whose client has read nothing of what the server has to send for this long
    /// is closed (ClickHouse's `send_timeout`): a client that stopped reading a result must not
    /// hold the engine thread that computes it.
    public var sendTimeout: TimeAmount = .seconds(300)
    /// Threads that run engine calls (statements, inserts), off the event loops.
    public var engineThreads = 4

    public init() {}
}

/// Why a server cannot start.
public enum ServerStartError: Error, CustomStringConvertible {
    /// Listening beyond loopback with a user who has no password.
    case passwordRequired(host: String)

    public var description: String {
        switch self {
        case .passwordRequired(let host):
            "refusing to listen on \(host) while a user has no password: set --password (or CLICKHOUSE_PASSWORD) or a users file, or listen on 127.0.0.1"
        }
    }
}

/// `edgehouse server`: a store behind ClickHouse's native TCP protocol and its HTTP interface,
/// so ClickHouse clients — `clickhouse-client`, `clickhouse-driver`, `clickhouse-connect`,
/// curl — use it unchanged.
///
/// ```swift
/// let server = try await EdgeHouseServer.start(store: store, configuration: ServerConfiguration())
/// try await server.serve()        // until shutdown()
/// ```
public final class EdgeHouseServer: Sendable {
    /// The ports actually bound (useful with port 0).
    public let tcpPort: Int?
    public let httpPort: Int?
    private let context: ServerContext
    private let registry = ConnectionRegistry()
    private let tcpListener: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>?
    private let httpListener: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>?
    private let pool: NIOThreadPool
    private let configuration: ServerConfiguration

    private init(context: ServerContext, configuration: ServerConfiguration, pool: NIOThreadPool,
                 tcp: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>?,
                 http: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>?) {
        self.context = context
        self.configuration = configuration
        self.pool = pool
        tcpListener = tcp
        httpListener = http
        tcpPort = tcp?.channel.localAddress?.port
        httpPort = http?.channel.localAddress?.port
    }

    /// Binds the configured ports. Serving starts with ``serve()``.
    public static func start(store: Store, configuration: ServerConfiguration,
                             logger: Logger = Logger(label: "edgehouse.server")) async throws -> EdgeHouseServer {
        if !["127.0.0.1", "::1", "localhost"].contains(configuration.host), !configuration.users.allHavePasswords {
            throw ServerStartError.passwordRequired(host: configuration.host)
        }
        let pool = NIOThreadPool(numberOfThreads: configuration.engineThreads)
        pool.start()
        let context = ServerContext(store: store, configuration: configuration, pool: pool, logger: logger)
        let group = MultiThreadedEventLoopGroup.singleton
        let (idleTimeout, sendTimeout) = (configuration.idleTimeout, configuration.sendTimeout)
        var tcp: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>?
        if let port = configuration.tcpPort {
            tcp = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .bind(host: configuration.host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: idleTimeout, writeTimeout: sendTimeout))
                        try channel.pipeline.syncOperations.addHandler(IdleConnectionCloser())
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        }
        var http: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>?
        if let port = configuration.httpPort {
            http = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .bind(host: configuration.host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                        try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: idleTimeout, writeTimeout: sendTimeout))
                        try channel.pipeline.syncOperations.addHandler(IdleConnectionCloser())
                        return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel)
                    }
                }
        }
        return EdgeHouseServer(context: context, configuration: configuration, pool: pool, tcp: tcp, http: http)
    }

    /// Serves both protocols until ``shutdown()``, then waits for the connections to end (at
    /// most the configured grace period for busy ones) and stops the engine threads.
    public func serve() async throws {
        try await withThrowingDiscardingTaskGroup { listeners in
            if let tcpListener {
                listeners.addTask { [context, registry] in
                    try await Self.accept(tcpListener, registry: registry, context: context) { connection, registration in
                        try await connection.executeThenClose { inbound, outbound in
                            await NativeConnection(context: context, inbound: inbound, outbound: outbound, registration: registration).run()
                        }
                    }
                }
            }
            if let httpListener {
                listeners.addTask { [context, registry] in
                    try await Self.accept(httpListener, registry: registry, context: context) { connection, registration in
                        try await connection.executeThenClose { inbound, outbound in
                            await HTTPConnection(context: context, inbound: inbound, outbound: outbound, registration: registration).run()
                        }
                    }
                }
            }
        }
        try await pool.shutdownGracefully()
    }

    /// Stops accepting connections, closes the idle ones, and closes the rest after the grace
    /// period. ``serve()`` returns once all are closed.
    public func shutdown() {
        tcpListener?.channel.close(promise: nil)
        httpListener?.channel.close(promise: nil)
        registry.shutdown()
        let registry = self.registry
        MultiThreadedEventLoopGroup.singleton.next().scheduleTask(in: configuration.shutdownGrace) { registry.closeAll() }
    }

    private static func accept<Inbound: Sendable, Outbound: Sendable>(
        _ listener: NIOAsyncChannel<NIOAsyncChannel<Inbound, Outbound>, Never>, registry: ConnectionRegistry, context: ServerContext,
        handle: @escaping @Sendable (NIOAsyncChannel<Inbound, Outbound>, ConnectionRegistry.Registration) async throws -> Void
    ) async throws {
        try await withThrowingDiscardingTaskGroup { connections in
            try await listener.executeThenClose { inbound in
                for try await connection in inbound {
                    guard context.admitConnection() else {
                        context.logger.warning("refused a connection: \(context.maxConnections) are open")
                        connection.channel.close(promise: nil)
                        continue
                    }
                    guard let registration = registry.register(connection.channel) else {
                        context.connectionClosed()
                        connection.channel.close(promise: nil)
                        continue
                    }
                    connections.addTask {
                        defer {
                            registration.close()
                            context.connectionClosed()
                        }
                        do { try await handle(connection, registration) } catch {
                            context.logger.debug("connection ended: \(error)")
                        }
                    }
                }
            }
        }
    }
}

/// Closes a connection that has sent nothing for the idle timeout, or whose client has read
/// nothing for the send timeout while the server had bytes waiting for it (the socket not
/// writable: a server that is only computing for that long is not a slow client).
private final class IdleConnectionCloser: ChannelInboundHandler, Sendable {
    typealias InboundIn = NIOAny

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event as? IdleStateHandler.IdleStateEvent {
        case .read:
            context.close(promise: nil)
        case .write where !context.channel.isWritable:
            context.close(promise: nil)
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }
}
