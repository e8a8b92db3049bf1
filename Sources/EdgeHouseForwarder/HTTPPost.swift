import NIOCore
import NIOHTTP1
import NIOPosix

/// The central server's answer to one POST.
struct HTTPReply {
    var status: Int
    var headers: HTTPHeaders
    var body: String
    /// The bytes of the request's body that were sent.
    var sentBytes = 0
}

/// A request's body in pieces, each read when the connection has taken the one before: the
/// next piece is read while the server reads the last, and only one is held at a time.
struct HTTPBody: Sendable {
    let pieceCount: Int
    let piece: @Sendable (Int) async throws -> [UInt8]

    static let empty = HTTPBody(pieceCount: 0) { _ in [] }
}

/// Why a POST has no reply, split by what it proves about the request.
enum HTTPPostError: Error {
    /// No connection was made: nothing was sent.
    case cannotConnect(String)
    /// The connection broke or timed out after the request may have been sent.
    case noReply(String)
    /// A piece of the body could not be read; the request was cut off before its end, which a
    /// server takes as a failed request.
    case bodyUnavailable(String)
}

/// One HTTP/1.1 POST on a connection of its own (`Connection: close`), over SwiftNIO.
///
/// Why not `URLSession`: on Linux it hands the body to libcurl in small pieces through
/// Dispatch, and that cost as much CPU as reading and encoding the rows (profiled: 60 % of
/// the forwarder's time on a 1 M-row drain). Why a new connection per request: a forwarded
/// slice is up to 64 MiB, against which a loopback or LAN connect is noise, and a fresh connection
/// never meets a keep-alive socket the server has half closed — whose failure could not be
/// told apart from a reply lost after the commit.
struct HTTPPost: Sendable {
    let host: String
    let port: Int

    /// Sends `body` to `target` (path and query, already percent-encoded) — in chunked transfer
    /// encoding unless it is empty — and waits for the whole reply: the connect, and then the
    /// whole exchange, within `timeout` each.
    func send(target: String, headers: [(String, String)], body: HTTPBody, timeout: TimeAmount) async throws(HTTPPostError) -> HTTPReply {
        let channel: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(timeout)
                .connect(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw .cannotConnect("cannot connect to \(host):\(port): \(error)")
        }
        // The deadline closes the socket, which ends the reply stream below with an error.
        let deadline = channel.channel.eventLoop.scheduleTask(in: timeout) { channel.channel.close(promise: nil) }
        defer { deadline.cancel() }
        do {
            return try await channel.executeThenClose { inbound, outbound in
                var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: target)
                head.headers.add(name: "Host", value: "\(host):\(port)")
                if body.pieceCount == 0 {
                    head.headers.add(name: "Content-Length", value: "0")
                } else {
                    head.headers.add(name: "Transfer-Encoding", value: "chunked")
                }
                head.headers.add(name: "Connection", value: "close")
                for (name, value) in headers { head.headers.add(name: name, value: value) }
                let sentBytes = try await Self.write(head, body, to: outbound)
                var reply = HTTPReply(status: 0, headers: [:], body: "", sentBytes: sentBytes)
                var received = ByteBuffer()
                for try await part in inbound {
                    switch part {
                    case .head(let responseHead):
                        reply.status = Int(responseHead.status.code)
                        reply.headers = responseHead.headers
                    case .body(var chunk):
                        received.writeBuffer(&chunk)
                    case .end:
                        reply.body = String(buffer: received)
                        return reply
                    }
                }
                throw HTTPPostError.noReply("\(host):\(port) closed the connection before the reply ended")
            }
        } catch let error as HTTPPostError {
            throw error
        } catch {
            throw .noReply("\(host):\(port): \(error)")
        }
    }

    /// Writes the request; returns the body bytes written. A server may answer before the
    /// body ends (an unknown column, say) and close: the writes then fail, the pieces left are
    /// not read, and its reply, if whole, still counts.
    private static func write(_ head: HTTPRequestHead, _ body: HTTPBody,
                              to outbound: NIOAsyncChannelOutboundWriter<HTTPClientRequestPart>) async throws -> Int {
        do { try await outbound.write(.head(head)) } catch { return 0 }
        var sent = 0
        for index in 0..<body.pieceCount {
            let piece: [UInt8]
            do { piece = try await body.piece(index) } catch { throw HTTPPostError.bodyUnavailable("\(error)") }
            do { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: piece)))) } catch { return sent }
            sent += piece.count
        }
        try? await outbound.write(.end(nil))
        return sent
    }
}
