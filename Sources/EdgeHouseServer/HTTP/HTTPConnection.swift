import EdgeHouse
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// One keep-alive HTTP connection to ClickHouse's HTTP interface: `/ping`, and SQL in `?query=`
/// and/or the body (`../shared/reference/clickhouse-protocols.md` §9). Requests are answered one
/// after another; each request's engine work runs on the thread pool.
final class HTTPConnection {
    private let context: ServerContext
    private let parts: RequestParts
    private let output: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    private let registration: ConnectionRegistry.Registration

    init(context: ServerContext, inbound: NIOAsyncChannelInboundStream<HTTPServerRequestPart>,
         outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>, registration: ConnectionRegistry.Registration) {
        self.context = context
        parts = RequestParts(inbound)
        output = outbound
        self.registration = registration
    }

    func run() async {
        do {
            while registration.waitingForPacket(), let part = try await parts.next() {
                guard case .head(let head) = part else { continue }  // the rest of a body we did not read
                registration.busy()
                let keepAlive = head.isKeepAlive
                try await respond(to: head, keepAlive: keepAlive)
                try await parts.skipBody()
                if !keepAlive {
                    // Leaving now would close the channel with the response's end still
                    // buffered: the pipeline closes it once the response is written.
                    while try await parts.next() != nil {}
                    break
                }
            }
        } catch {
            context.logger.debug("HTTP connection closed: \(error)")
        }
    }

    // MARK: - Requests

    private func respond(to head: HTTPRequestHead, keepAlive: Bool) async throws {
        let parameters = HTTPParameters(head)
        let encoding = parameters.allowsCompression ? head.headers.first(name: "Accept-Encoding").flatMap(ContentEncoding.preferred) : nil
        let writer = ResponseWriter(output: output, request: head, keepAlive: keepAlive, encoding: encoding, displayName: context.displayName)
        switch parameters.path {
        case "/ping":
            return try await writer.whole(.ok, contentType: nil, body: Array("Ok.\n".utf8))
        case "/":
            break
        default:
            return try await writer.whole(.notFound, contentType: "text/plain; charset=UTF-8",
                                          body: Array("There is no handle \(parameters.path)\n\nUse / or /ping for health checks.\n".utf8))
        }
        if parameters.query == nil, head.method == .GET || head.method == .HEAD {
            return try await writer.whole(.ok, contentType: "text/html; charset=UTF-8", body: Array("Ok.\n".utf8))
        }
        writer.headers.add(name: "X-ClickHouse-Query-Id", value: parameters.queryID ?? UUIDValue(Foundation.UUID()).description)
        do {
            try context.users.authenticate(user: parameters.user, password: parameters.password)
            try await context.runQuery { try await execute(parameters, head: head, writer: writer) }
        } catch let error as ConnectionGone {
            throw error
        } catch {
            let exception = ServerException(error)
            context.logger.debug("HTTP query failed: \(exception)")
            guard !writer.started else {
                // Rows have gone out with status 200: ClickHouse appends the error to the body.
                try await writer.send(Array(exception.httpBody.utf8))
                return try await writer.end()
            }
            try await writer.whole(exception.httpStatus, contentType: "text/plain; charset=UTF-8", body: Array(exception.httpBody.utf8),
                                   headers: ["X-ClickHouse-Exception-Code": String(exception.code)])
        }
    }

    /// A failed write: the client is gone, nothing more can be answered.
    private struct ConnectionGone: Error {
        let underlying: any Error
    }

    /// What a request asks to run: SQL text, or an INSERT whose data is the rest of the body.
    private enum PendingStatement {
        case sql(String)
        case insert(SQLSession.PreparedStatement, table: TableName, columns: [ColumnDefinition])
    }

    private func execute(_ parameters: HTTPParameters, head: HTTPRequestHead, writer: ResponseWriter) async throws {
        let readonly = head.method == .GET || head.method == .HEAD
        var requestSettings = Settings()
        for (name, value) in parameters.settings { try requestSettings.set(name, value) }
        let settings = requestSettings
        let session = context.session(id: parameters.sessionID, user: parameters.user)
        let body = try RequestBody(parts: parts, contentEncoding: head.headers.first(name: "Content-Encoding"))
        let firstPiece = try await body.nextPiece()
        pendingData = []
        let pending: PendingStatement
        if let query = parameters.query, firstPiece == nil {
            pending = .sql(query)
        } else {
            pending = try await statementWithBody(parameters, body: body, firstPiece: firstPiece ?? [], session: session, readonly: readonly)
        }
        let text: String
        switch pending {
        case .insert(let prepared, let table, let columns):
            try await insert(prepared, into: (table, columns), head: pendingData, body: body, session: session, settings: settings)
            return try await writer.whole(.ok, contentType: "text/plain; charset=UTF-8", body: [])
        case .sql(let sql):
            text = sql
        }
        let (database, queryParameters) = (parameters.database, parameters.queryParameters)
        if let outcome = try session.executeInMemory(text, database: database, parameters: queryParameters, settings: settings,
                                                     readonly: readonly) {
            return try await answer(outcome, parameters: parameters, settings: settings, body: body, session: session, writer: writer)
        }
        // The statement runs on the pool while its rows are rendered and written here.
        let pipe = ResultPipe()
        async let running = session.execute(text, database: database, parameters: queryParameters, settings: settings,
                                            readonly: readonly, rows: pipe)
        if let header = await pipe.next() {
            let format = pipe.format ?? parameters.defaultFormat ?? "TabSeparated"
            var buffered: (bytes: [UInt8], rows: Int, renderer: ResultRenderer)
            do {
                buffered = try await stream(header, from: pipe, format: format, wholeFirst: parameters.waitEndOfQuery || head.method == .HEAD,
                                            to: writer)
            } catch {
                pipe.cancel()
                _ = try? await running
                throw error
            }
            // `WITH TOTALS`: its row after the others, as the format writes it; then the format's end.
            if case .result(let result) = try await running, let totals = result.totals {
                buffered.bytes += buffered.renderer.renderTotals(totals)
            }
            buffered.bytes += buffered.renderer.finish()
            if writer.started {
                try await writer.send(buffered.bytes)
                try await writer.end()
            } else {
                try await writer.whole(.ok, contentType: Self.contentType(format), body: buffered.bytes,
                                       headers: Self.resultHeaders(format: format, rows: buffered.rows, bytes: buffered.bytes.count))
            }
            return
        }
        try await answer(try await running, parameters: parameters, settings: settings, body: body, session: session, writer: writer)
    }

    /// Answers a statement that delivered no streamed rows: an INSERT whose data is the body,
    /// a whole result (SHOW, DESCRIBE, …), or nothing.
    private func answer(_ outcome: StatementOutcome, parameters: HTTPParameters, settings: Settings, body: RequestBody,
                        session: EngineSession, writer: ResponseWriter) async throws {
        switch outcome {
        case .insert(let prepared, let table, let columns):
            try await insert(prepared, into: (table, columns), head: pendingData, body: body, session: session, settings: settings)
            try await writer.whole(.ok, contentType: "text/plain; charset=UTF-8", body: [])
        case .result(let result):
            guard let rows = result.rows else { return try await writer.whole(.ok, contentType: "text/plain; charset=UTF-8", body: []) }
            let format = result.format ?? parameters.defaultFormat ?? "TabSeparated"
            let bytes = try SQLSession.render(rows, format: format)
            try await writer.whole(.ok, contentType: Self.contentType(format), body: bytes,
                                   headers: Self.resultHeaders(format: format, rows: rows.rowCount, bytes: bytes.count))
        }
    }

    /// Renders a SELECT's batches as they come. Up to 1 MiB is gathered first (all of it with
    /// `wholeFirst`, as `wait_end_of_query=1` asks): a small result, or an error before that much,
    /// still gets a whole response with its real status; past it the response streams. Returns
    /// what is rendered but not yet sent, and the renderer, which has yet to finish.
    private func stream(_ header: Batch, from pipe: ResultPipe, format: String, wholeFirst: Bool,
                        to writer: ResponseWriter) async throws -> (bytes: [UInt8], rows: Int, renderer: ResultRenderer) {
        var renderer = try ResultRenderer(format: format)
        var pending = renderer.render(header)
        var rows = 0
        while let batch = await pipe.next() {
            pending += renderer.render(batch)
            rows += batch.rowCount
            guard !wholeFirst, pending.count >= 1 << 20 else { continue }
            do {
                if !writer.started {
                    try await writer.begin(.ok, contentType: Self.contentType(format), headers: Self.resultHeaders(format: format, rows: 0, bytes: 0))
                }
                try await writer.send(pending)
            } catch {
                throw ConnectionGone(underlying: error)
            }
            pending = []
        }
        return (pending, rows, renderer)
    }

    /// Bytes of an INSERT's data read with the statement (from the body's head).
    private var pendingData = [UInt8]()

    /// A statement given with a body: `query=` continued by the body, or an INSERT without
    /// data in `query=` whose data is the body, or the statement at the body's head.
    private func statementWithBody(_ parameters: HTTPParameters, body: RequestBody, firstPiece: [UInt8],
                                   session: EngineSession, readonly: Bool) async throws -> PendingStatement {
        let database = parameters.database
        if let query = parameters.query {
            // An INSERT without data in `query=` takes the body as its data; anything else
            // (even a fragment that does not parse alone) is continued by the body.
            let alone = try? await session.performInPlace { session -> SQLSession.PreparedStatement? in
                let statement = try session.prepare(query)
                return try session.insertTarget(statement) != nil ? statement : nil
            }
            if alone != nil {
                pendingData = firstPiece
                return .sql(query)
            }
            let rest = firstPiece + (try await body.readAll(limit: context.limits.queryBytes))
            guard rest.count <= context.limits.queryBytes else { throw ServerException.queryTooLarge(limit: context.limits.queryBytes) }
            return .sql(query + "\n" + String(decoding: rest, as: UTF8.self))
        }
        let head = firstPiece + (try await body.readPrefix(limit: context.limits.queryBytes - firstPiece.count))
        let (statement, dataOffset) = try await session.performInPlace { try $0.prepareHead(head) }
        guard let dataOffset else {
            guard body.isComplete else { throw ServerException.queryTooLarge(limit: context.limits.queryBytes) }
            return .sql(String(decoding: head, as: UTF8.self))
        }
        if readonly { throw ServerException.readonly() }
        pendingData = Array(head[dataOffset...])
        let target = try await session.perform { session in
            if let database { try session.execute("USE \(quoted(database))") }
            return try session.insertTarget(statement)
        }
        guard let target else { throw ServerException(.syntaxError, message: "Expected an INSERT") }
        return .insert(statement, table: target.table, columns: target.columns)
    }

    /// An INSERT whose data is the rest of the body: Native read block by block into one
    /// transaction; text formats streamed into the engine's readers.
    private func insert(_ statement: SQLSession.PreparedStatement, into target: (table: TableName, columns: [ColumnDefinition]),
                        head: [UInt8], body: RequestBody, session: EngineSession, settings: Settings) async throws {
        if statement.format == "Native" {
            let source = ByteSource(next: body.pieces(startingWith: head))
            let insertOptions = session.settings(with: settings.merging(statement.settings)).insertOptions
            let transaction = try context.store.beginInsert(into: target.table, options: insertOptions)
            let shared = SharedTransaction(transaction)
            do {
                while try await !source.atEndOfStream() {
                    let block = try await NativeBlockReader.read(from: source, blockInfo: false, limits: context.limits)
                    try await session.offload { try shared.append(block) }
                }
                try await session.offload { try shared.commit() }
            } catch {
                shared.abort()
                throw error
            }
            return
        }
        let pipe = BodyPipe()
        async let inserted: Void = session.perform { sqlSession in
            defer { pipe.readerDone() }
            _ = try sqlSession.run(statement, input: pipe.input, querySettings: settings)
        }
        do {
            if !head.isEmpty { await pipe.send(head) }
            while let piece = try await body.nextPiece() { await pipe.send(piece) }
            pipe.finish()
        } catch {
            pipe.finish(failed: true)
        }
        try await inserted
    }

    // MARK: - Responses

    /// The headers of a result: its format, the time zone, the summary.
    static func resultHeaders(format: String, rows: Int, bytes: Int) -> HTTPHeaders {
        ["X-ClickHouse-Format": format, "X-ClickHouse-Timezone": "UTC",
         "X-ClickHouse-Summary": summary(readRows: rows, resultRows: rows, resultBytes: bytes)]
    }

    static func contentType(_ format: String) -> String {
        switch format {
        case "JSONEachRow": "application/x-ndjson; charset=UTF-8"
        case "JSON", "JSONCompact": "application/json; charset=UTF-8"
        case "CSV", "CSVWithNames": "text/csv; charset=UTF-8; header=\(format == "CSV" ? "absent" : "present")"
        case "Native", "RowBinary", "RowBinaryWithNamesAndTypes": "application/octet-stream"
        case "TSV", "TabSeparated", "TSVWithNames", "TabSeparatedWithNames", "TSVWithNamesAndTypes", "TabSeparatedWithNamesAndTypes":
            "text/tab-separated-values; charset=UTF-8"
        default: "text/plain; charset=UTF-8"
        }
    }

    /// `X-ClickHouse-Summary`: JSON with every number as a string, as ClickHouse writes it.
    static func summary(readRows: Int, resultRows: Int, resultBytes: Int, writtenRows: Int = 0) -> String {
        let fields: [(String, Int)] = [("read_rows", readRows), ("read_bytes", 0), ("written_rows", writtenRows), ("written_bytes", 0),
                                       ("total_rows_to_read", 0), ("result_rows", resultRows), ("result_bytes", resultBytes)]
        return "{" + fields.map { "\"\($0.0)\":\"\($0.1)\"" }.joined(separator: ",") + "}"
    }
}
