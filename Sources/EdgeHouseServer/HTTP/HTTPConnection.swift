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
                let response = await respond(to: head)
                try await parts.skipBody()
                try await write(response, keepAlive: keepAlive, head: head)
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

    private func respond(to head: HTTPRequestHead) async -> HTTPResponse {
        let parameters = HTTPParameters(head)
        switch parameters.path {
        case "/ping":
            return HTTPResponse(status: .ok, contentType: nil, body: Array("Ok.\n".utf8))
        case "/":
            break
        default:
            return HTTPResponse(status: .notFound, contentType: "text/plain; charset=UTF-8",
                                body: Array("There is no handle \(parameters.path)\n\nUse / or /ping for health checks.\n".utf8))
        }
        if parameters.query == nil, head.method == .GET || head.method == .HEAD {
            return HTTPResponse(status: .ok, contentType: "text/html; charset=UTF-8", body: Array("Ok.\n".utf8))
        }
        let queryID = parameters.queryID ?? UUIDValue(Foundation.UUID()).description
        var response: HTTPResponse
        do {
            try context.users.authenticate(user: parameters.user, password: parameters.password)
            response = try await execute(parameters, head: head)
        } catch {
            let exception = ServerException(error)
            context.logger.debug("HTTP query failed: \(exception)")
            response = HTTPResponse(status: exception.httpStatus, contentType: "text/plain; charset=UTF-8", body: Array(exception.httpBody.utf8))
            response.headers.add(name: "X-ClickHouse-Exception-Code", value: String(exception.code))
        }
        response.headers.add(name: "X-ClickHouse-Query-Id", value: queryID)
        // Errors are compressed too, as ClickHouse does.
        if parameters.allowsCompression, let encoding = head.headers.first(name: "Accept-Encoding").flatMap(ContentEncoding.preferred) {
            response.body = encoding.encode(response.body)
            response.headers.add(name: "Content-Encoding", value: encoding.rawValue)
        }
        return response
    }

    private func execute(_ parameters: HTTPParameters, head: HTTPRequestHead) async throws -> HTTPResponse {
        let readonly = head.method == .GET || head.method == .HEAD
        var settings = Settings()
        for (name, value) in parameters.settings { try settings.set(name, value) }
        let session = context.session(id: parameters.sessionID, user: parameters.user)
        let body = try RequestBody(parts: parts, contentEncoding: head.headers.first(name: "Content-Encoding"))
        // Most requests are `query=` with no body: prepared and run in one trip to the pool.
        let firstPiece = try await body.nextPiece()
        let outcome: StatementOutcome
        if let query = parameters.query, firstPiece == nil {
            outcome = try await session.execute(query, database: parameters.database, parameters: parameters.queryParameters,
                                                settings: settings, readonly: readonly)
        } else {
            outcome = try await statementWithBody(parameters, settings: settings, body: body, firstPiece: firstPiece ?? [], session: session,
                                                  readonly: readonly)
        }
        switch outcome {
        case .insert(let prepared, let table, let columns):
            try await insert(prepared, into: (table, columns), head: pendingData, body: body, session: session)
            return HTTPResponse(status: .ok, contentType: "text/plain; charset=UTF-8", body: [])
        case .result(let result):
            guard let rows = result.rows else { return HTTPResponse(status: .ok, contentType: "text/plain; charset=UTF-8", body: []) }
            let format = result.format ?? parameters.defaultFormat ?? "TabSeparated"
            let bytes = try SQLSession.render(rows, format: format)
            var response = HTTPResponse(status: .ok, contentType: Self.contentType(format), body: bytes)
            response.headers.add(name: "X-ClickHouse-Format", value: format)
            response.headers.add(name: "X-ClickHouse-Timezone", value: "UTC")
            response.headers.add(name: "X-ClickHouse-Summary", value: Self.summary(readRows: rows.rowCount, resultRows: rows.rowCount, resultBytes: bytes.count))
            return response
        }
    }

    /// Bytes of an INSERT's data read with the statement (from the body's head).
    private var pendingData = [UInt8]()

    /// A statement given with a body: `query=` continued by the body, or an INSERT without
    /// data in `query=` whose data is the body, or the statement at the body's head.
    private func statementWithBody(_ parameters: HTTPParameters, settings: Settings, body: RequestBody, firstPiece: [UInt8],
                                   session: EngineSession, readonly: Bool) async throws -> StatementOutcome {
        pendingData = []
        let database = parameters.database, queryParameters = parameters.queryParameters
        if let query = parameters.query {
            // An INSERT without data in `query=` takes the body as its data; anything else
            // (even a fragment that does not parse alone) is continued by the body.
            let alone = try? await session.perform { session -> SQLSession.PreparedStatement? in
                let statement = try session.prepare(query)
                return try session.insertTarget(statement) != nil ? statement : nil
            }
            if alone != nil {
                pendingData = firstPiece
                return try await session.execute(query, database: database, parameters: queryParameters, settings: settings, readonly: readonly)
            }
            let rest = firstPiece + (try await body.readAll(limit: context.limits.queryBytes))
            guard rest.count <= context.limits.queryBytes else { throw ServerException.queryTooLarge(limit: context.limits.queryBytes) }
            return try await session.execute(query + "\n" + String(decoding: rest, as: UTF8.self), database: database,
                                             parameters: queryParameters, settings: settings, readonly: readonly)
        }
        let head = firstPiece + (try await body.readPrefix(limit: context.limits.queryBytes - firstPiece.count))
        let (statement, dataOffset) = try await session.perform { try $0.prepareHead(head) }
        guard let dataOffset else {
            guard body.isComplete else { throw ServerException.queryTooLarge(limit: context.limits.queryBytes) }
            return try await session.execute(String(decoding: head, as: UTF8.self), database: database, parameters: queryParameters,
                                             settings: settings, readonly: readonly)
        }
        if readonly { throw ServerException.readonly() }
        pendingData = Array(head[dataOffset...])
        let target = try await session.perform { session in
            if let database { try session.execute("USE \(quoted(database))") }
            return try session.insertTarget(statement)
        }
        guard let target else { throw ServerException(code: 62, name: "SYNTAX_ERROR", message: "Expected an INSERT") }
        return .insert(statement, table: target.table, columns: target.columns)
    }

    /// An INSERT whose data is the rest of the body: Native read block by block into one
    /// transaction; text formats streamed into the engine's readers.
    private func insert(_ statement: SQLSession.PreparedStatement, into target: (table: TableName, columns: [ColumnDefinition]),
                        head: [UInt8], body: RequestBody, session: EngineSession) async throws {
        if statement.format == "Native" {
            let source = ByteSource(next: body.pieces(startingWith: head))
            let transaction = try context.store.beginInsert(into: target.table)
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
            _ = try sqlSession.run(statement, input: pipe.input)
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

    private func write(_ response: HTTPResponse, keepAlive: Bool, head: HTTPRequestHead) async throws {
        var headers = response.headers
        if let contentType = response.contentType { headers.add(name: "Content-Type", value: contentType) }
        headers.add(name: "X-ClickHouse-Server-Display-Name", value: context.displayName)
        headers.add(name: "Connection", value: keepAlive ? "Keep-Alive" : "Close")
        if keepAlive { headers.add(name: "Keep-Alive", value: "timeout=10") }
        headers.add(name: "Content-Length", value: String(response.body.count))
        var parts: [HTTPServerResponsePart] = [.head(HTTPResponseHead(version: head.version, status: response.status, headers: headers))]
        if head.method != .HEAD {
            for start in stride(from: 0, to: response.body.count, by: 1 << 20) {
                parts.append(.body(.byteBuffer(ByteBuffer(bytes: response.body[start..<min(response.body.count, start + (1 << 20))]))))
                if parts.count >= 4 {
                    try await output.write(contentsOf: parts)
                    parts = []
                }
            }
        }
        parts.append(.end(nil))
        try await output.write(contentsOf: parts)
    }

    static func contentType(_ format: String) -> String {
        switch format {
        case "JSONEachRow": "application/x-ndjson; charset=UTF-8"
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

/// A response, built whole before it is written (results are today computed whole, too).
struct HTTPResponse {
    var status: HTTPResponseStatus
    var contentType: String?
    var body: [UInt8]
    var headers = HTTPHeaders()
}
