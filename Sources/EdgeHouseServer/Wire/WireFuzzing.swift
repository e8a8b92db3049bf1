import EdgeHouse
import NIOCore
import NIOEmbedded
import NIOHTTP1

/// The server's decoders as fuzz targets (`edgehouse-fuzz`, the Swift tests' corpus replay):
/// any bytes in; a clean error (a ``ServerException`` or ``WireError``, each with ClickHouse's
/// code) out or success, never a crash, never an allocation
/// the wire's limits did not allow (libFuzzer's RSS limit catches those). Where a decoder
/// accepts the bytes, what it decoded must survive a round trip (a ``WireFuzzViolation`` if not).
package enum WireFuzzing {
    /// Limits small enough that an input cannot make a decoder take long or much memory.
    private static var limits: WireLimits {
        var limits = WireLimits()
        limits.stringBytes = 1 << 16
        limits.blockRows = 1 << 16
        limits.frameBytes = 1 << 20
        limits.blockBytes = 1 << 22
        return limits
    }

    /// The bytes as what a native-protocol client sends after connecting: a Hello, then Query,
    /// Data (plain or, after a Query asking for compression, in compressed frames), Ping and
    /// Cancel packets, each read field by field at revision 54412.
    package static func nativePackets(_ input: [UInt8]) async throws {
        let source = pieces(input)
        var compressed = false
        var sawHello = false
        while try await !source.atEndOfStream() {
            switch ClientPacket(rawValue: try await source.readVarUInt()) {
            case .hello where !sawHello:
                sawHello = true
                _ = try await ClientHello.read(from: source, limits: limits)
            case .query:
                compressed = try await QueryPacket.read(from: source, revision: Revision.server, limits: limits).compression
            case .data:
                _ = try await source.readString(limit: limits.stringBytes)
                _ = try await block(from: source, compressed: compressed, blockInfo: true)
            case .ping, .cancel:
                break
            default:
                throw WireError.malformed("unexpected packet")
            }
        }
    }

    /// The bytes as one Native block (the first byte says whether it has block info and comes in
    /// compressed frames). An accepted block written out and read back must write the same bytes.
    package static func nativeBlock(_ input: [UInt8]) async throws {
        let flags = input.first ?? 0
        let blockInfo = flags & 1 != 0, compressed = flags & 2 != 0
        let decoded = try await block(from: pieces(Array(input.dropFirst())), compressed: compressed, blockInfo: blockInfo)
        let written = BinaryFormats.nativeBlock(decoded, rows: 0..<decoded.rowCount, blockInfo: blockInfo)
        let again = try await NativeBlockReader.read(from: pieces(written), blockInfo: blockInfo, limits: limits)
        guard BinaryFormats.nativeBlock(again, rows: 0..<again.rowCount, blockInfo: blockInfo) == written else {
            throw WireFuzzViolation(reason: "a Native block read back from its own bytes writes different bytes")
        }
    }

    /// The bytes as an HTTP request: NIO's parser, then what the server takes from the head
    /// (path, parameters, settings, credentials) and the statement at the start of the body.
    package static func httpRequest(_ input: [UInt8]) throws {
        let channel = EmbeddedChannel()
        defer { _ = try? channel.finish() }
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(HTTPRequestDecoder()))
        do {
            try channel.writeInbound(ByteBuffer(bytes: input))
        } catch {
            throw ServerException(.pocoException, message: "HTTP: \(error)")
        }
        var body = [UInt8]()
        var query: String?
        while let part = try channel.readInbound(as: HTTPServerRequestPart.self) {
            switch part {
            case .head(let head):
                let parameters = HTTPParameters(head)
                query = parameters.query
                var settings = Settings()
                for (name, value) in parameters.settings { try? settings.set(name, value) }
                _ = parameters.allowsCompression
                if let encoding = head.headers.first(name: "Accept-Encoding") { _ = ContentEncoding.preferred(accepting: encoding) }
                body = []
            case .body(var piece):
                body += piece.readBytes(length: piece.readableBytes) ?? []
            case .end:
                // As the server reads a statement: `query=` alone, or the body's head.
                do {
                    let session = SQLSession(store: Store.inMemory())
                    if let query, body.isEmpty { _ = try session.prepare(query) } else { _ = try session.prepareHead(body) }
                } catch {
                    throw ServerException(error)
                }
            }
        }
    }

    /// ClickHouse's code for a clean refusal; `nil` for any other error (a broken promise).
    package static func refusalCode(_ error: any Error) -> Int32? {
        switch error {
        case let error as ServerException: error.code
        case let error as WireError: error.exception.code
        case let error as SQLError: error.code
        default: nil
        }
    }

    private static func block(from source: ByteSource, compressed: Bool, blockInfo: Bool) async throws(WireError) -> Batch {
        guard compressed else { return try await NativeBlockReader.read(from: source, blockInfo: blockInfo, limits: limits) }
        let frames = ByteSource { () async throws(WireError) in try await CompressedFrames.readFrame(from: source, limits: limits) }
        return try await NativeBlockReader.read(from: frames, blockInfo: blockInfo, limits: limits)
    }

    /// The input in pieces of a few sizes, as reads from a socket arrive.
    private static func pieces(_ input: [UInt8]) -> ByteSource {
        var offset = 0
        var size = 1
        return ByteSource { () async throws(WireError) -> ByteBuffer? in
            guard offset < input.count else { return nil }
            let end = min(input.count, offset + size)
            defer {
                offset = end
                size = size % 61 + 7
            }
            return ByteBuffer(bytes: input[offset..<end])
        }
    }
}

/// A decoder broke a promise on some input (see ``WireFuzzing``).
package struct WireFuzzViolation: Error, CustomStringConvertible {
    package let reason: String
    package var description: String { reason }
}
