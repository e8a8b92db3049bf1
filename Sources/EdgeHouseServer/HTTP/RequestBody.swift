import EdgeHouse
import Foundation
import NIOCore
import NIOHTTP1

/// A connection's request parts, pulled one at a time; knows whether the current request's
/// body has been read to its end.
final class RequestParts {
    private var iterator: NIOAsyncChannelInboundStream<HTTPServerRequestPart>.AsyncIterator
    /// Whether the current request's `.end` has been read.
    private(set) var bodyEnded = true

    init(_ inbound: NIOAsyncChannelInboundStream<HTTPServerRequestPart>) { iterator = inbound.makeAsyncIterator() }

    func next() async throws -> HTTPServerRequestPart? {
        let part = try await iterator.next()
        switch part {
        case .head: bodyEnded = false
        case .end: bodyEnded = true
        default: break
        }
        return part
    }

    /// The next piece of the current body; `nil` at its end.
    func nextBodyPiece() async throws -> ByteBuffer? {
        while !bodyEnded {
            switch try await next() {
            case .body(let piece): if piece.readableBytes > 0 { return piece }
            case .end, nil: bodyEnded = true
            case .head: throw HTTPParserError.invalidInternalState
            }
        }
        return nil
    }

    /// Reads and drops what is left of the current body (before the next request).
    func skipBody() async throws {
        while try await nextBodyPiece() != nil {}
    }
}

/// The body of one request, read as the statement needs it, decoded from the
/// `Content-Encoding` it came in (LZ4 or Zstandard frames: clickhouse-connect sends its
/// INSERTs as an LZ4 frame).
final class RequestBody {
    private let parts: RequestParts
    private let decoder: ContentDecoder?
    /// gzip and zlib bodies fail as ClickHouse's zlib reader fails: code 354, not 271.
    private let isZlib: Bool
    /// Whether the end of the (decoded) body has been handed out.
    private(set) var isComplete = false

    /// A body in `contentEncoding` (`nil` or `identity`: as is); code 89 for encodings
    /// EdgeHouse does not read.
    init(parts: RequestParts, contentEncoding: String?) throws(ServerException) {
        self.parts = parts
        let name = contentEncoding?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        isZlib = name == ContentEncoding.gzip.rawValue || name == ContentEncoding.deflate.rawValue
        if name.isEmpty || name == "identity" {
            decoder = nil
        } else if let encoding = ContentEncoding(rawValue: name), let decoder = ContentDecoder(encoding) {
            self.decoder = decoder
        } else {
            throw ServerException(.unknownCompressionMethod, message: "Unknown Content-Encoding of HTTP request: \(name)")
        }
    }

    func nextPiece() async throws -> [UInt8]? {
        guard let decoder else {
            guard var piece = try await parts.nextBodyPiece() else {
                isComplete = true
                return nil
            }
            return piece.readBytes(length: piece.readableBytes)
        }
        while true {
            if let output = try decoding({ () throws(CodecError) in try decoder.nextOutput() }) { return output }
            guard var piece = try await parts.nextBodyPiece() else {
                try decoding { () throws(CodecError) in try decoder.finish() }
                isComplete = true
                return nil
            }
            decoder.feed(piece.readBytes(length: piece.readableBytes) ?? [])
        }
    }

    /// A body that does not decode is ClickHouse's code 271 (`CANNOT_DECOMPRESS`), or 354
    /// (`ZLIB_INFLATE_FAILED`) in gzip or zlib.
    private func decoding<T>(_ body: () throws(CodecError) -> T) throws(ServerException) -> T {
        do { return try body() } catch {
            if isZlib { throw ServerException(.zlibInflateFailed, message: "inflate failed: \(error)") }
            throw ServerException(.cannotDecompress, message: "Cannot decompress the request body: \(error)")
        }
    }

    /// The whole body, at most `limit` bytes (code 62, as for a query over `max_query_size`).
    func readAll(limit: Int) async throws -> [UInt8] {
        var all = [UInt8]()
        while let piece = try await nextPiece() {
            all += piece
            guard all.count <= limit else { throw ServerException.queryTooLarge(limit: limit) }
        }
        return all
    }

    /// The body's first pieces: at least `limit` bytes, or all of it if shorter.
    func readPrefix(limit: Int) async throws -> [UInt8] {
        var prefix = [UInt8]()
        while prefix.count < limit, let piece = try await nextPiece() { prefix += piece }
        return prefix
    }

    /// The body as a ``ByteSource`` reads it: `head` (bytes already read), then the rest.
    func pieces(startingWith head: [UInt8]) -> () async throws(WireError) -> ByteBuffer? {
        var pending: [UInt8]? = head.isEmpty ? nil : head
        return { () async throws(WireError) -> ByteBuffer? in
            if let first = pending {
                pending = nil
                return ByteBuffer(bytes: first)
            }
            do {
                return try await self.nextPiece().map { ByteBuffer(bytes: $0) }
            } catch let error as ServerException where error.code == 271 || error.code == 354 {
                throw .corruptFrame(error.message)
            } catch {
                throw .connectionClosed
            }
        }
    }
}
