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
                if !keepAlive { break }
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
        do {
            try context.users.authenticate(user: parameters.user, password: parameters.password)
            var response = try await execute(parameters, readonly: head.method == .GET || head.method == .HEAD)
            response.headers.add(name: "X-ClickHouse-Query-Id", value: queryID)
            return response
        } catch {
            let exception = ServerException(error)
            context.logger.debug("HTTP query failed: \(exception)")
            var response = HTTPResponse(status: exception.httpStatus, contentType: "text/plain; charset=UTF-8", body: Array(exception.httpBody.utf8))
            response.headers.add(name: "X-ClickHouse-Exception-Code", value: String(exception.code))
            response.headers.add(name: "X-ClickHouse-Query-Id", value: queryID)
            return response
        }
    }

    private func execute(_ parameters: HTTPParameters, readonly: Bool) async throws -> HTTPResponse {
        var settings = Settings()
        for (name, value) in parameters.settings { try settings.set(name, value) }
        let session = context.session(id: parameters.sessionID)
        if let database = parameters.database {
            _ = try await session.perform { try $0.execute("USE \(quoted(database))") }
        }
        let queryParameters = parameters.queryParameters
        try await session.perform { $0.parameters = queryParameters }

        // The statement: in `query=`, else at the start of the body; an INSERT's data follows.
        let body = RequestBody(parts: parts)
        let prepared: SQLSession.PreparedStatement
        var dataHead = [UInt8]()
        if let query = parameters.query {
            // An INSERT without data in `query=` takes the body as its data; anything else
            // (even a fragment that does not parse alone) is continued by the body.
            let alone = try? await session.perform { session -> SQLSession.PreparedStatement? in
                let statement = try session.prepare(query)
                return try session.insertTarget(statement) != nil ? statement : nil
            }
            if let statement = alone {
                prepared = statement
            } else {
                // `?query=SELECT ` with `1` in the body: the two are one text.
                let rest = try await body.readAll(limit: context.limits.queryBytes)
                let text = rest.isEmpty ? query : query + "\n" + String(decoding: rest, as: UTF8.self)
                prepared = try await session.perform { try $0.prepare(text) }
            }
        } else {
            let head = try await body.readPrefix(limit: context.limits.queryBytes)
            let (statement, dataOffset) = try await session.perform { try $0.prepareHead(head) }
            guard dataOffset != nil || body.isComplete else { throw ServerException.queryTooLarge(limit: context.limits.queryBytes) }
            prepared = statement
            if let dataOffset { dataHead = Array(head[dataOffset...]) }
        }
        if readonly && !prepared.isReadOnly { throw ServerException.readonly() }

        if let target = try await session.perform({ try $0.insertTarget(prepared) }) {
            try await insert(prepared, into: target, head: dataHead, body: body, session: session)
            return HTTPResponse(status: .ok, contentType: "text/plain; charset=UTF-8", body: [])
        }
        let result = try await session.perform { try $0.run(prepared) }
        guard let rows = result.rows else { return HTTPResponse(status: .ok, contentType: "text/plain; charset=UTF-8", body: []) }
        let format = result.format ?? parameters.defaultFormat ?? "TabSeparated"
        let bytes = try SQLSession.render(rows, format: format)
        var response = HTTPResponse(status: .ok, contentType: Self.contentType(format), body: bytes)
        response.headers.add(name: "X-ClickHouse-Format", value: format)
        response.headers.add(name: "X-ClickHouse-Timezone", value: "UTC")
        response.headers.add(name: "X-ClickHouse-Summary", value: Self.summary(readRows: rows.rowCount, resultRows: rows.rowCount, resultBytes: bytes.count))
        return response
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
        try await output.write(.head(HTTPResponseHead(version: head.version, status: response.status, headers: headers)))
        if head.method != .HEAD {
            for start in stride(from: 0, to: response.body.count, by: 1 << 16) {
                try await output.write(.body(.byteBuffer(ByteBuffer(bytes: response.body[start..<min(response.body.count, start + (1 << 16))]))))
            }
        }
        try await output.write(.end(nil))
    }

    static func contentType(_ format: String) -> String {
        switch format {
        case "JSONEachRow": "application/x-ndjson; charset=UTF-8"
        case "CSV", "CSVWithNames": "text/csv; charset=UTF-8; header=\(format == "CSV" ? "absent" : "present")"
        case "Native", "RowBinary", "RowBinaryWithNamesAndTypes": "application/octet-stream"
        case "TSV", "TabSeparated", "TSVWithNames", "TabSeparatedWithNames": "text/tab-separated-values; charset=UTF-8"
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
