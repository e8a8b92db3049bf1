import EdgeHouse
import Logging
import NIOCore

/// One client connection speaking ClickHouse's native protocol, run as sequential code: read a
/// packet, answer it, repeat. Engine work goes to the thread pool; writes wait for the socket
/// (a slow reader slows the query down, not the server's memory), and reads take only what the
/// packet being parsed needs (a fast writer waits for the server).
final class NativeConnection {
    private let context: ServerContext
    private let input: ByteSource
    private let output: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private let session: EngineSession
    private let registration: ConnectionRegistry.Registration
    private var revision = Revision.server
    private var logger: Logger

    init(context: ServerContext, inbound: NIOAsyncChannelInboundStream<ByteBuffer>, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>,
         registration: ConnectionRegistry.Registration) {
        self.context = context
        let pieces = InboundPieces(inbound)
        input = ByteSource { () async throws(WireError) in try await pieces.next() }
        output = outbound
        session = context.newSession()
        self.registration = registration
        logger = context.logger
        logger[metadataKey: "connection"] = "\(registration.id)"
    }

    /// Serves the connection until the client leaves, an error ends it, or the server shuts down.
    func run() async {
        do {
            try await handshake()
            while try await nextPacket() {}
        } catch let error as ServerException {
            logger.info("native connection ended: \(error)")
            try? await output.write(ServerPacket.exception(error))
        } catch let error as WireError where error != .connectionClosed {
            logger.info("native connection ended: \(error.exception)")
            try? await output.write(ServerPacket.exception(error.exception))
        } catch {
            logger.debug("native connection closed: \(error)")
        }
    }

    /// Ends a connection whose client was already answered.
    private struct ConnectionEnded: Error {}

    private func handshake() async throws {
        guard try await input.readVarUInt() == ClientPacket.hello.rawValue else {
            throw WireError.unexpectedPacket("expected Hello")
        }
        let hello = try await ClientHello.read(from: input, limits: context.limits)
        try context.users.authenticate(user: hello.user, password: hello.password)
        session.runAs(hello.user)
        revision = min(hello.revision, Revision.server)
        if !hello.database.isEmpty {
            let database = hello.database
            _ = try await run { (session: SQLSession) throws(SQLError) in try session.execute("USE \(quoted(database))") }
        }
        try await output.write(ServerPacket.hello(clientRevision: hello.revision, timezone: "UTC", displayName: context.displayName))
        logger.debug("native client \(hello.clientName) at revision \(hello.revision), user \(hello.user)")
    }

    /// The next packet's type, read while a result was being sent (see ``watchForCancel(_:)``).
    private var readAhead: Task<UInt64?, any Error>?

    /// Answers one packet; false when the connection should end.
    private func nextPacket() async throws -> Bool {
        guard registration.waitingForPacket() else { return false }
        let type: UInt64
        if let readAhead {
            self.readAhead = nil
            guard let early = try await readAhead.value else { return false }
            type = early
        } else {
            guard try await !input.atEndOfStream() else { return false }
            type = try await input.readVarUInt()
        }
        registration.busy()
        switch ClientPacket(rawValue: type) {
        case .ping:
            try await output.write(ServerPacket.pongPacket)
        case .query:
            try await query()
        case .cancel:
            break  // the query it meant has already been answered
        case .hello, .data, .tablesStatusRequest:
            throw WireError.unexpectedPacket("packet \(type) outside a query")
        case nil:
            throw WireError.unknownPacket(type)
        }
        return true
    }

    private func query() async throws {
        let packet = try await QueryPacket.read(from: input, revision: revision, limits: context.limits)
        let compression: BlockCompression? = packet.compression ? .lz4 : nil
        var settings = Settings()
        for (name, value) in packet.settings { try settings.set(name, value) }
        // The client ends its (empty) list of external tables before anything is answered.
        while try await !readDataBlock(compressed: packet.compression).names.isEmpty {}
        let text = packet.text
        let blockRows = session.settings(with: settings).maxBlockSize
        do {
            try await context.runQuery {
                try await run(text, settings: settings, blockRows: blockRows, compressed: packet.compression, compression: compression)
            }
        } catch let error as WireError {
            throw error
        } catch let error as ConnectionEnded {
            throw error
        } catch {
            let exception = ServerException(error)
            logger.debug("query failed: \(exception)")
            try await output.write(ServerPacket.exception(exception))
        }
    }

    /// One statement of a Query packet: answered from memory, streamed from the engine, or an
    /// INSERT whose blocks follow.
    private func run(_ text: String, settings: Settings, blockRows: Int, compressed: Bool, compression: BlockCompression?) async throws {
        if let outcome = try session.executeInMemory(text, settings: settings), case .result(let result) = outcome {
            return try await send(result.rows, blockRows: blockRows, compression: compression)
        }
        let pipe = ResultPipe()
        let session = self.session
        async let running = session.execute(text, settings: settings, rows: pipe)
        var streamed = false
        do {
            if let header = await pipe.next() {
                streamed = true
                watchForCancel(pipe)
                try await send(header, then: pipe, blockRows: blockRows, compression: compression)
            }
        } catch {
            // The client is gone: the engine stops at its next batch.
            pipe.cancel()
            _ = try? await running
            throw error
        }
        do {
            switch try await running {
            case .insert(let prepared, let table, let columns):
                try await insert(into: table, columns: columns, settings: settings.merging(prepared.settings), compressed: compressed, compression: compression)
            case .result(let result):
                try await send(streamed ? nil : result.rows, blockRows: blockRows, compression: compression)
            }
        } catch where pipe.isCancelled {
            // The client's Cancel stopped the query: it ends as ClickHouse ends it, with EndOfStream.
            try await output.write(ServerPacket.endOfStreamPacket)
        }
    }

    /// One Data packet's block (the packet type already read).
    private func readDataBlock(compressed: Bool) async throws -> Batch {
        guard try await input.readVarUInt() == ClientPacket.data.rawValue else { throw WireError.unexpectedPacket("expected Data") }
        return try await readDataBody(compressed: compressed)
    }

    private func readDataBody(compressed: Bool) async throws -> Batch {
        _ = try await input.readString(limit: context.limits.stringBytes)  // external table name
        guard compressed else { return try await NativeBlockReader.read(from: input, blockInfo: true, limits: context.limits) }
        let frames = ByteSource { [input, limits = context.limits] () async throws(WireError) in
            try await CompressedFrames.readFrame(from: input, limits: limits)
        }
        let block = try await NativeBlockReader.read(from: frames, blockInfo: true, limits: context.limits)
        guard frames.isDrained else { throw WireError.malformed("A compressed Data packet holds bytes after its block") }
        return block
    }

    /// The INSERT flow: the sample block of the columns the data must bring, then the client's
    /// blocks until an empty one, all stored as one atomic insert with its views. An error —
    /// a bad block, a closed connection — stores nothing.
    private func insert(into table: TableName, columns: [ColumnDefinition], settings: Settings, compressed: Bool,
                        compression: BlockCompression?) async throws {
        try await output.write(ServerPacket.data(Batch.empty(columns), rows: 0..<0, compression: compression))
        let insertOptions = session.settings(with: settings).insertOptions
        let transaction = SharedTransaction(try context.store.beginInsert(into: table, options: insertOptions))
        // A block is appended (squashed, sorted, written) on the pool while the next one is read:
        // the client's parsing and sending overlap the engine's work.
        var appending: Task<Void, any Error>?
        do {
            while true {
                let type = try await input.readVarUInt()
                guard type == ClientPacket.data.rawValue else {
                    if type == ClientPacket.cancel.rawValue { throw ServerException(.queryWasCancelled, message: "Query was cancelled.") }
                    throw WireError.unexpectedPacket("packet \(type) inside an INSERT")
                }
                let arrival = ContinuousClock.now
                let block = try await readDataBody(compressed: compressed)
                logger.debug("INSERT block of \(block.rowCount) rows read in \(ContinuousClock.now - arrival)")
                try await appending?.value
                if block.rowCount == 0 && block.names.isEmpty { break }
                try Self.check(block, against: columns, table: table)
                appending = Task { [session] in try await session.offload { try transaction.append(block) } }
            }
            let lastBlock = ContinuousClock.now
            try await session.offload { try transaction.commit() }
            logger.debug("INSERT into \(table) committed \(ContinuousClock.now - lastBlock) after its last block")
        } catch let error as WireError where error == .connectionClosed {
            _ = try? await appending?.value
            transaction.abort()
            logger.info("client left in the middle of an INSERT into \(table): nothing stored")
            throw error
        } catch {
            _ = try? await appending?.value
            transaction.abort()
            // The client may still be sending blocks: answer, then end the connection rather
            // than read its data as packets (the drivers reconnect for their next query).
            try await output.write(ServerPacket.exception(ServerException(error)))
            throw ConnectionEnded()
        }
        try await output.write(ServerPacket.endOfStreamPacket)
    }

    /// A client block must bring the sample block's columns with their types.
    private static func check(_ block: Batch, against columns: [ColumnDefinition], table: TableName) throws {
        for (name, values) in zip(block.names, block.columns) {
            guard let column = columns.first(where: { $0.name == name }) else { throw StorageError.noSuchColumn(name, table: table) }
            guard column.type == values.type else { throw StorageError.typeMismatch(column: name, expected: column.type, actual: values.type) }
        }
    }

    /// Reads the client's next packet while a result is sent: a Cancel stops the query (its scan
    /// stops at the next batch); any other packet is kept for ``nextPacket()``. Nothing else reads
    /// the connection meanwhile: a streamed SELECT reads no data packets.
    private func watchForCancel(_ pipe: ResultPipe) {
        let source = UncheckedSendableSource(input)
        readAhead = Task {
            do {
                guard try await !source.value.atEndOfStream() else {
                    pipe.cancel()
                    return nil
                }
                let type = try await source.value.readVarUInt()
                if type == ClientPacket.cancel.rawValue { pipe.cancel() }
                return type
            } catch {
                pipe.cancel()
                throw error
            }
        }
    }

    /// A SELECT's rows as the engine computes them (see ``send(header:batches:blockRows:compression:endOfStream:isCancelled:)``);
    /// EndOfStream or the Exception follows when the statement has ended.
    private func send(_ header: Batch, then pipe: ResultPipe, blockRows: Int, compression: BlockCompression?) async throws {
        try await send(header: header, batches: { await pipe.next() }, blockRows: blockRows, compression: compression,
                       endOfStream: false, isCancelled: { pipe.isCancelled }, totals: { pipe.totals })
    }

    /// A whole result (SHOW, DESCRIBE, …) and EndOfStream; a statement without rows (DDL, USE)
    /// answers EndOfStream alone.
    private func send(_ rows: Batch?, blockRows: Int, compression: BlockCompression?) async throws {
        guard let rows else { return try await output.write(ServerPacket.endOfStreamPacket) }
        var delivered = false
        try await send(header: rows.slice(0..<0), batches: {
            defer { delivered = true }
            return delivered ? nil : rows
        }, blockRows: blockRows, compression: compression, endOfStream: true)
    }

    /// The header block, blocks of at most `blockRows` rows of each batch `batches` yields,
    /// then — unless the query was cancelled — ProfileInfo and the empty block, and EndOfStream
    /// when asked. Packets go out together up to 1 MiB (one write and one flush for a small result).
    private func send(header: Batch, batches next: () async -> Batch?, blockRows: Int, compression: BlockCompression?,
                      endOfStream: Bool, isCancelled: () -> Bool = { false }, totals: () -> Batch? = { nil }) async throws {
        var pending = ByteBuffer()
        func add(_ packet: ByteBuffer) async throws {
            var packet = packet
            pending.writeBuffer(&packet)
            if pending.readableBytes >= 1 << 20 {
                try await output.write(pending)
                pending = ByteBuffer()
            }
        }
        try await add(ServerPacket.data(header, rows: 0..<0, compression: compression))
        var rows = 0, blocks = 0, bytes = 0
        while let batch = await next() {
            for start in stride(from: 0, to: batch.rowCount, by: blockRows) {
                try await add(ServerPacket.data(batch, rows: start..<min(batch.rowCount, start + blockRows), compression: compression))
                blocks += 1
            }
            rows += batch.rowCount
            bytes += batch.byteCount
        }
        if !isCancelled() {
            // `WITH TOTALS`: after the rows, before ProfileInfo, as ClickHouse sends it.
            if let totals = totals() { try await add(ServerPacket.totals(totals, compression: compression)) }
            try await add(ServerPacket.profileInfo(rows: rows, blocks: blocks, bytes: bytes))
            try await add(ServerPacket.emptyData(compression: compression))
            if endOfStream { try await add(ServerPacket.endOfStreamPacket) }
        }
        try await output.write(pending)
    }

    private func run<T: Sendable>(_ body: @escaping @Sendable (SQLSession) throws(SQLError) -> T) async throws -> T {
        do {
            return try await session.perform { session in try body(session) }
        } catch let error as SQLError {
            throw ServerException(error)
        }
    }
}

/// A connection's inbound pieces, pulled one at a time by its ``ByteSource``.
final class InboundPieces {
    private var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator

    init(_ inbound: NIOAsyncChannelInboundStream<ByteBuffer>) { iterator = inbound.makeAsyncIterator() }

    func next() async throws(WireError) -> ByteBuffer? {
        do { return try await iterator.next() } catch { throw .connectionClosed }
    }
}

/// The connection's byte source, handed to the task that watches for a Cancel while a result is
/// sent. @unchecked: only that task reads the source until ``NativeConnection/nextPacket()``
/// takes its result; the connection's own task does not touch the source in between.
private struct UncheckedSendableSource: @unchecked Sendable {
    let value: ByteSource

    init(_ value: ByteSource) { self.value = value }
}
