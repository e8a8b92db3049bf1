import CLZ4
import CZstd

/// The HTTP content encodings EdgeHouse's server reads request bodies in and writes responses
/// in (`Content-Encoding`): LZ4 and Zstandard *frames* (not ClickHouse's block framing), and
/// gzip / zlib (`deflate`), written by EdgeHouse's own DEFLATE encoder (`DeflateEncoder`: zlib
/// is not among the C libraries EdgeHouse links). Clients that ask for `zstd` or `lz4`
/// (clickhouse-connect, curl) get those first, as ClickHouse prefers them.
package enum ContentEncoding: String, Sendable, CaseIterable {
    case zstd, lz4, gzip, deflate

    /// The encoding for a response, from an `Accept-Encoding` list, in ClickHouse's order of
    /// preference (zstd, br, lz4, snappy, gzip, deflate, …) among those EdgeHouse writes.
    package static func preferred(accepting list: String) -> ContentEncoding? {
        let list = list.lowercased()
        return [.zstd, .lz4, .gzip, .deflate].first { list.contains($0.rawValue) }
    }

    /// `bytes` encoded as one whole body.
    package func encode(_ bytes: [UInt8]) -> [UInt8] {
        let encoder = ContentEncoder(self)
        return encoder.encode(bytes) + encoder.finish()
    }

    fileprivate static func appendLittleEndian(_ value: UInt32, to output: inout [UInt8]) {
        for shift in stride(from: 0, to: 32, by: 8) { output.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }
}

/// Encodes a response body piece by piece, as it is written: each call returns the bytes ready
/// to send (a frame's pieces flushed, so a client sees every piece as it comes).
package final class ContentEncoder {
    private enum State {
        case lz4(OpaquePointer, started: Bool)
        case zstd(OpaquePointer)
        case gzip(DeflateEncoder, crc: UInt32, size: UInt32, started: Bool)
        case deflate(DeflateEncoder, adler: Adler32, started: Bool)
    }

    private var state: State

    package init(_ encoding: ContentEncoding) {
        switch encoding {
        case .lz4:
            var context: OpaquePointer?
            precondition(LZ4F_isError(LZ4F_createCompressionContext(&context, UInt32(LZ4F_VERSION))) == 0, "LZ4F context")
            state = .lz4(context!, started: false)
        case .zstd:
            let context = ZSTD_createCCtx()!
            ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, 1)
            state = .zstd(context)
        case .gzip:
            state = .gzip(DeflateEncoder(), crc: 0, size: 0, started: false)
        case .deflate:
            state = .deflate(DeflateEncoder(), adler: Adler32(), started: false)
        }
    }

    deinit {
        switch state {
        case .lz4(let context, _): LZ4F_freeCompressionContext(context)
        case .zstd(let context): ZSTD_freeCCtx(context)
        case .gzip, .deflate: break
        }
    }

    /// The encoded form of the next piece of the body.
    package func encode(_ bytes: [UInt8]) -> [UInt8] {
        switch state {
        case .lz4(let context, let started):
            var output = started ? [] : lz4Begin(context)
            state = .lz4(context, started: true)
            guard !bytes.isEmpty else { return output }
            output += lz4Call(context, bound: LZ4F_compressBound(bytes.count, nil)) { target, capacity in
                bytes.withUnsafeBytes { source in LZ4F_compressUpdate(context, target, capacity, source.baseAddress, bytes.count, nil) }
            }
            return output
        case .zstd(let context):
            return zstdStream(context, bytes, ending: false)
        case .gzip(var deflate, let crc, let size, let started):
            var output: [UInt8] = started ? [] : [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF]
            if !bytes.isEmpty { deflate.appendFlushed(bytes, to: &output) }
            state = .gzip(deflate, crc: CRC32.checksum(bytes, seed: crc), size: size &+ UInt32(truncatingIfNeeded: bytes.count), started: true)
            return output
        case .deflate(var deflate, var adler, let started):
            var output: [UInt8] = started ? [] : [0x78, 0x01]
            if !bytes.isEmpty { deflate.appendFlushed(bytes, to: &output) }
            adler.update(bytes)
            state = .deflate(deflate, adler: adler, started: true)
            return output
        }
    }

    /// What ends the body (a frame's end mark, a trailer with the checksum).
    package func finish() -> [UInt8] {
        var output = encode([])
        switch state {
        case .lz4(let context, _):
            output += lz4Call(context, bound: LZ4F_compressBound(0, nil)) { target, capacity in LZ4F_compressEnd(context, target, capacity, nil) }
        case .zstd(let context):
            output += zstdStream(context, [], ending: true)
        case .gzip(var deflate, let crc, let size, _):
            deflate.finish(to: &output)
            ContentEncoding.appendLittleEndian(crc, to: &output)
            ContentEncoding.appendLittleEndian(size, to: &output)
        case .deflate(var deflate, let adler, _):
            let value = adler.value
            deflate.finish(to: &output)
            output += [UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)]
        }
        return output
    }

    // Reason for the pointers below: liblz4's and libzstd's C APIs take raw buffers.

    private func lz4Begin(_ context: OpaquePointer) -> [UInt8] {
        var preferences = LZ4F_preferences_t()
        preferences.frameInfo.contentChecksumFlag = LZ4F_contentChecksumEnabled
        preferences.autoFlush = 1
        return lz4Call(context, bound: Int(LZ4F_HEADER_SIZE_MAX)) { target, capacity in LZ4F_compressBegin(context, target, capacity, &preferences) }
    }

    private func lz4Call(_ context: OpaquePointer, bound: Int, _ call: (UnsafeMutableRawPointer?, Int) -> Int) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: bound)
        let written = output.withUnsafeMutableBytes { target in call(target.baseAddress, bound) }
        precondition(LZ4F_isError(written) == 0, "LZ4F into a buffer of its own bound")
        output.removeSubrange(written...)
        return output
    }

    private func zstdStream(_ context: OpaquePointer, _ bytes: [UInt8], ending: Bool) -> [UInt8] {
        var output = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: ZSTD_CStreamOutSize())
        bytes.withUnsafeBytes { source in
            var input = ZSTD_inBuffer(src: source.baseAddress, size: bytes.count, pos: 0)
            while true {
                let capacity = chunk.count
                var remaining = 0
                let written = chunk.withUnsafeMutableBytes { target in
                    var buffer = ZSTD_outBuffer(dst: target.baseAddress, size: capacity, pos: 0)
                    remaining = ZSTD_compressStream2(context, &buffer, &input, ending ? ZSTD_e_end : ZSTD_e_flush)
                    return buffer.pos
                }
                precondition(ZSTD_isError(remaining) == 0, "ZSTD_compressStream2")
                output += chunk[0..<written]
                if remaining == 0 && input.pos == input.size { break }
            }
        }
        return output
    }
}

/// Decodes a request body piece by piece — LZ4 or Zstandard frames, gzip members or a zlib
/// stream — handing out at most a bounded amount of output per call: a small body that expands
/// enormously (a "bomb") is consumed at the pace of its reader, never held whole.
package final class ContentDecoder {
    private enum Context {
        case lz4(OpaquePointer)
        case zstd(OpaquePointer)
    }

    /// The C library's decoder (LZ4, Zstandard)…
    private let context: Context?
    /// …or EdgeHouse's own inflater (gzip, zlib), which keeps its own input.
    private var deflate: DeflateFraming?
    private var pending: [UInt8] = []
    private var offset = 0
    /// Whether the last frame read so far has ended (a body must end at a frame's end).
    private var atFrameEnd = true

    /// A decoder for `encoding`; `nil` if the C library cannot make one.
    package init?(_ encoding: ContentEncoding) {
        switch encoding {
        case .lz4:
            var context: OpaquePointer?
            guard LZ4F_isError(LZ4F_createDecompressionContext(&context, UInt32(LZ4F_VERSION))) == 0, let context else { return nil }
            self.context = .lz4(context)
        case .zstd:
            guard let stream = ZSTD_createDStream() else { return nil }
            self.context = .zstd(stream)
        case .gzip:
            (context, deflate) = (nil, DeflateFraming(.gzip))
        case .deflate:
            (context, deflate) = (nil, DeflateFraming(.zlib))
        }
    }

    deinit {
        switch context {
        case .lz4(let context): LZ4F_freeDecompressionContext(context)
        case .zstd(let stream): ZSTD_freeDStream(stream)
        case nil: break
        }
    }

    /// Adds the next piece of the encoded body (after `nextOutput` returned `nil`).
    package func feed(_ bytes: [UInt8]) {
        if deflate != nil { return deflate!.feed(bytes) }
        pending = offset < pending.count ? Array(pending[offset...]) + bytes : bytes
        offset = 0
    }

    /// Up to `limit` decoded bytes from what was fed; `nil` once all of it is decoded.
    package func nextOutput(limit: Int = 1 << 18) throws(CodecError) -> [UInt8]? {
        if deflate != nil { return try deflate!.nextOutput(limit: limit) }
        var output = [UInt8](repeating: 0, count: limit)
        var produced = 0
        while produced == 0, offset < pending.count {
            let (consumed, written) = try step(into: &output)
            offset += consumed
            produced = written
            if consumed == 0 && written == 0 { break }
        }
        guard produced > 0 else { return nil }
        output.removeSubrange(produced...)
        return output
    }

    /// Checks the body ended where a frame ends (code 1001-style errors otherwise).
    package func finish() throws(CodecError) {
        if let deflate { return try deflate.finish() }
        guard atFrameEnd, offset >= pending.count else { throw .corruptPayload("The compressed body ends inside a frame") }
    }

    /// One call of the C decoder over the pending input: bytes consumed and written.
    private func step(into output: inout [UInt8]) throws(CodecError) -> (consumed: Int, written: Int) {
        let available = pending.count - offset
        let start = offset
        // Reason for the pointers: the C decoders take raw buffers.
        switch context! {
        case .lz4(let context):
            var sourceSize = available, targetSize = output.count
            let hint = pending.withUnsafeBytes { source in
                output.withUnsafeMutableBytes { target in
                    LZ4F_decompress(context, target.baseAddress, &targetSize, source.baseAddress! + start, &sourceSize, nil)
                }
            }
            guard LZ4F_isError(hint) == 0 else {
                throw .corruptPayload("LZ4 frame: \(String(cString: LZ4F_getErrorName(hint)))")
            }
            atFrameEnd = hint == 0
            return (sourceSize, targetSize)
        case .zstd(let stream):
            let capacity = output.count
            var result = 0, consumed = 0, written = 0
            pending.withUnsafeBytes { source in
                output.withUnsafeMutableBytes { target in
                    var input = ZSTD_inBuffer(src: source.baseAddress! + start, size: available, pos: 0)
                    var outputBuffer = ZSTD_outBuffer(dst: target.baseAddress, size: capacity, pos: 0)
                    result = ZSTD_decompressStream(stream, &outputBuffer, &input)
                    consumed = input.pos
                    written = outputBuffer.pos
                }
            }
            guard ZSTD_isError(result) == 0 else {
                throw .corruptPayload("Zstandard frame: \(String(cString: ZSTD_getErrorName(result)))")
            }
            atFrameEnd = result == 0
            return (consumed, written)
        }
    }
}

/// CRC-32 (IEEE 802.3, as gzip uses it), one table lookup a byte: response trailers only.
package enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var crc = UInt32(index)
        for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        return crc
    }

    /// The checksum of `bytes`, continuing from `seed` (the checksum of the bytes before).
    package static func checksum(_ bytes: [UInt8], seed: UInt32 = 0) -> UInt32 {
        var crc = ~seed
        for byte in bytes { crc = (crc >> 8) ^ table[Int((crc ^ UInt32(byte)) & 0xFF)] }
        return ~crc
    }
}

/// Adler-32 (RFC 1950), the zlib stream's trailer, over bytes given piece by piece.
package struct Adler32 {
    private var a: UInt32 = 1
    private var b: UInt32 = 0

    package init() {}

    package var value: UInt32 { b << 16 | a }

    package mutating func update(_ bytes: [UInt8]) {
        var index = 0
        while index < bytes.count {
            // 5,552 bytes is the most that can be summed before the modulo without overflow.
            let end = min(bytes.count, index + 5_552)
            for byte in bytes[index..<end] {
                a &+= UInt32(byte)
                b &+= a
            }
            a %= 65_521
            b %= 65_521
            index = end
        }
    }

    package static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var adler = Adler32()
        adler.update(bytes)
        return adler.value
    }
}
