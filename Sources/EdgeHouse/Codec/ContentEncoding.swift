import CLZ4
import CZstd

/// The HTTP content encodings EdgeHouse's server reads request bodies in and writes responses
/// in (`Content-Encoding`): LZ4 and Zstandard *frames* (not ClickHouse's block framing), and
/// gzip / zlib (`deflate`) written with stored DEFLATE blocks — valid for every reader, though
/// not smaller: DEFLATE is not among the C libraries EdgeHouse links, and clients that ask for
/// `zstd` or `lz4` (clickhouse-connect, curl) get those first, as ClickHouse prefers them.
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
        switch self {
        case .zstd:
            return BlockCompression.zstd(level: 1).compress(bytes, evenIfLarger: true) ?? []
        case .lz4:
            var preferences = LZ4F_preferences_t()
            preferences.frameInfo.contentChecksumFlag = LZ4F_contentChecksumEnabled
            let bound = LZ4F_compressFrameBound(bytes.count, &preferences)
            var output = [UInt8](repeating: 0, count: bound)
            // Reason for the pointers: LZ4's C API takes raw buffers.
            let written = bytes.withUnsafeBytes { source in
                output.withUnsafeMutableBytes { target in
                    LZ4F_compressFrame(target.baseAddress, bound, source.baseAddress, bytes.count, &preferences)
                }
            }
            precondition(LZ4F_isError(written) == 0, "LZ4F_compressFrame into a buffer of its own bound")
            output.removeSubrange(written...)
            return output
        case .gzip:
            var output: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF]
            Self.appendStoredBlocks(bytes, to: &output)
            Self.appendLittleEndian(CRC32.checksum(bytes), to: &output)
            Self.appendLittleEndian(UInt32(truncatingIfNeeded: bytes.count), to: &output)
            return output
        case .deflate:
            var output: [UInt8] = [0x78, 0x01]
            Self.appendStoredBlocks(bytes, to: &output)
            let adler = Adler32.checksum(bytes)
            output += [UInt8(adler >> 24), UInt8(truncatingIfNeeded: adler >> 16), UInt8(truncatingIfNeeded: adler >> 8), UInt8(truncatingIfNeeded: adler)]
            return output
        }
    }

    /// DEFLATE stored blocks (RFC 1951 §3.2.4): at most 65,535 bytes each, the last one flagged.
    private static func appendStoredBlocks(_ bytes: [UInt8], to output: inout [UInt8]) {
        var start = 0
        repeat {
            let end = min(bytes.count, start + 65_535)
            let length = UInt16(end - start)
            output.append(end == bytes.count ? 1 : 0)
            output += [UInt8(truncatingIfNeeded: length), UInt8(length >> 8), UInt8(truncatingIfNeeded: ~length), UInt8(~length >> 8)]
            output += bytes[start..<end]
            start = end
        } while start < bytes.count
    }

    private static func appendLittleEndian(_ value: UInt32, to output: inout [UInt8]) {
        for shift in stride(from: 0, to: 32, by: 8) { output.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }
}

/// Decodes an LZ4- or Zstandard-framed request body piece by piece, handing out at most a
/// bounded amount of output per call: a small body that expands enormously (a "bomb") is
/// consumed at the pace of its reader, never held whole.
package final class ContentDecoder {
    private enum Context {
        case lz4(OpaquePointer)
        case zstd(OpaquePointer)
    }

    private let context: Context
    private var pending: [UInt8] = []
    private var offset = 0
    /// Whether the last frame read so far has ended (a body must end at a frame's end).
    private var atFrameEnd = true

    /// A decoder for `encoding`; `nil` for the encodings EdgeHouse does not read (gzip, deflate).
    package init?(_ encoding: ContentEncoding) {
        switch encoding {
        case .lz4:
            var context: OpaquePointer?
            guard LZ4F_isError(LZ4F_createDecompressionContext(&context, UInt32(LZ4F_VERSION))) == 0, let context else { return nil }
            self.context = .lz4(context)
        case .zstd:
            guard let stream = ZSTD_createDStream() else { return nil }
            self.context = .zstd(stream)
        case .gzip, .deflate:
            return nil
        }
    }

    deinit {
        switch context {
        case .lz4(let context): LZ4F_freeDecompressionContext(context)
        case .zstd(let stream): ZSTD_freeDStream(stream)
        }
    }

    /// Adds the next piece of the encoded body (after `nextOutput` returned `nil`).
    package func feed(_ bytes: [UInt8]) {
        pending = offset < pending.count ? Array(pending[offset...]) + bytes : bytes
        offset = 0
    }

    /// Up to `limit` decoded bytes from what was fed; `nil` once all of it is decoded.
    package func nextOutput(limit: Int = 1 << 18) throws(CodecError) -> [UInt8]? {
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
        guard atFrameEnd, offset >= pending.count else { throw .corruptPayload("The compressed body ends inside a frame") }
    }

    /// One call of the C decoder over the pending input: bytes consumed and written.
    private func step(into output: inout [UInt8]) throws(CodecError) -> (consumed: Int, written: Int) {
        let available = pending.count - offset
        let start = offset
        // Reason for the pointers: the C decoders take raw buffers.
        switch context {
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

    package static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = (crc >> 8) ^ table[Int((crc ^ UInt32(byte)) & 0xFF)] }
        return ~crc
    }
}

/// Adler-32 (RFC 1950), the zlib stream's trailer.
package enum Adler32 {
    package static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
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
        return b << 16 | a
    }
}
