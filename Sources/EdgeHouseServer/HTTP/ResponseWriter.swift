import EdgeHouse
import NIOCore
import NIOHTTP1

/// Writes one HTTP response: whole (with `Content-Length`), or streamed — the head first, then
/// the body in pieces as a result's rows are rendered (chunked) — in the content encoding the
/// request accepts, ClickHouse's headers on either.
final class ResponseWriter {
    private let output: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    private let request: HTTPRequestHead
    private let keepAlive: Bool
    private let encoding: ContentEncoding?
    private var encoder: ContentEncoder?
    /// Headers of every response to this request (query id, server name).
    var headers = HTTPHeaders()
    /// Whether the head has gone out (a later error can only be appended to the body).
    private(set) var started = false

    init(output: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>, request: HTTPRequestHead, keepAlive: Bool,
         encoding: ContentEncoding?, displayName: String) {
        self.output = output
        self.request = request
        self.keepAlive = keepAlive
        self.encoding = encoding
        headers.add(name: "X-ClickHouse-Server-Display-Name", value: displayName)
        headers.add(name: "Connection", value: keepAlive ? "Keep-Alive" : "Close")
        if keepAlive { headers.add(name: "Keep-Alive", value: "timeout=10") }
    }

    /// A whole response: head, body, end.
    func whole(_ status: HTTPResponseStatus, contentType: String?, body: [UInt8], headers extra: HTTPHeaders = [:]) async throws {
        var headers = self.headers
        headers.add(contentsOf: extra)
        if let contentType { headers.add(name: "Content-Type", value: contentType) }
        var body = body
        if let encoding {
            body = encoding.encode(body)
            headers.add(name: "Content-Encoding", value: encoding.rawValue)
        }
        headers.add(name: "Content-Length", value: String(body.count))
        var parts: [HTTPServerResponsePart] = [.head(HTTPResponseHead(version: request.version, status: status, headers: headers))]
        if request.method != .HEAD {
            for start in stride(from: 0, to: body.count, by: 1 << 20) {
                parts.append(.body(.byteBuffer(ByteBuffer(bytes: body[start..<min(body.count, start + (1 << 20))]))))
                if parts.count >= 4 {
                    try await output.write(contentsOf: parts)
                    parts = []
                }
            }
        }
        parts.append(.end(nil))
        try await output.write(contentsOf: parts)
        started = true
    }

    /// The head of a streamed response (no length: the body goes out chunked).
    func begin(_ status: HTTPResponseStatus, contentType: String, headers extra: HTTPHeaders) async throws {
        var headers = self.headers
        headers.add(contentsOf: extra)
        headers.add(name: "Content-Type", value: contentType)
        if let encoding {
            encoder = ContentEncoder(encoding)
            headers.add(name: "Content-Encoding", value: encoding.rawValue)
        }
        started = true
        try await output.write(.head(HTTPResponseHead(version: request.version, status: status, headers: headers)))
    }

    /// The next piece of a streamed body.
    func send(_ bytes: [UInt8]) async throws {
        let encoded = encoder?.encode(bytes) ?? bytes
        guard !encoded.isEmpty else { return }
        try await output.write(.body(.byteBuffer(ByteBuffer(bytes: encoded))))
    }

    /// Ends a streamed body.
    func end() async throws {
        if let tail = encoder?.finish(), !tail.isEmpty { try await output.write(.body(.byteBuffer(ByteBuffer(bytes: tail)))) }
        try await output.write(.end(nil))
    }
}
