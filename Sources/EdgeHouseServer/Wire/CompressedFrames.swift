import EdgeHouse
import NIOCore

/// ClickHouse's compressed frames, the body of every Data packet when a client asks for
/// compression (`clickhouse-client` does by default):
///
/// ```
/// 16 bytes  CityHash128 v1.0.2 of the rest of the frame: low 64 bits, then high, little-endian
/// 1 byte    method: 0x82 LZ4, 0x90 ZSTD, 0x02 none
/// UInt32    size of the frame from the method byte on (9 header bytes + payload)
/// UInt32    size of the payload once decompressed
/// payload
/// ```
///
/// Frames and blocks are independent: a block may span frames, and a reader decompresses
/// frames into a stream.
enum CompressedFrames {
    /// Uncompressed bytes per frame the server writes (ClickHouse cuts at about 1 MiB too).
    static let frameBytes = 1 << 20
    private static let headerBytes = 9

    /// `payload` as frames of at most ``frameBytes`` uncompressed bytes each, compressed with
    /// `method` (LZ4 or ZSTD: the drivers read no other).
    static func encode(_ payload: [UInt8], method: BlockCompression, into out: inout ByteBuffer) {
        var start = 0
        repeat {
            let end = min(payload.count, start + frameBytes)
            let piece = Array(payload[start..<end])
            let compressed = method.compress(piece, evenIfLarger: true) ?? piece  // `.none` stores as is
            let tag = method.tag
            var frame = [UInt8]()
            frame.reserveCapacity(headerBytes + compressed.count)
            frame.append(tag)
            appendUInt32(UInt32(headerBytes + compressed.count), to: &frame)
            appendUInt32(UInt32(piece.count), to: &frame)
            frame += compressed
            let checksum = CityHash102.hash128(frame[...])
            out.writeInteger(checksum.low, endianness: .little)
            out.writeInteger(checksum.high, endianness: .little)
            out.writeBytes(frame)
            start = end
        } while start < payload.count
    }

    /// Reads one frame from `source`, checks its checksum and returns its decompressed bytes.
    static func readFrame(from source: ByteSource, limits: WireLimits) async throws(WireError) -> ByteBuffer {
        let low = try await source.readInteger(UInt64.self)
        let high = try await source.readInteger(UInt64.self)
        let method = try await source.readUInt8()
        let frameSize = try await source.readInteger(UInt32.self)
        let decompressedSize = try await source.readInteger(UInt32.self)
        guard frameSize >= UInt32(headerBytes) else { throw .corruptFrame("a frame of \(frameSize) bytes is shorter than its header") }
        guard frameSize <= UInt32(limits.frameBytes) else { throw .tooLarge(what: "size_compressed", size: UInt64(frameSize), limit: limits.frameBytes) }
        guard decompressedSize <= UInt32(limits.frameBytes) else {
            throw .tooLarge(what: "size_decompressed", size: UInt64(decompressedSize), limit: limits.frameBytes)
        }
        // Nothing is reserved for the claimed size: the bytes are allocated as they arrive.
        var frame = [method]
        appendUInt32(frameSize, to: &frame)
        appendUInt32(decompressedSize, to: &frame)
        frame += try await source.readBytes(Int(frameSize) - headerBytes)
        let checksum = CityHash102.hash128(frame[...])
        guard checksum.low == low, checksum.high == high else { throw .checksumMismatch }
        guard [BlockCompression.none.tag, BlockCompression.lz4.tag, BlockCompression.zstd(level: 1).tag].contains(method) else {
            throw .unknownCompressionMethod(method)
        }
        do {
            let bytes = try BlockCompression.decompress(tag: method, payload: frame[headerBytes...], uncompressedSize: Int(decompressedSize))
            return ByteBuffer(bytes: bytes)
        } catch {
            throw .corruptFrame("\(error)")
        }
    }

    private static func appendUInt32(_ value: UInt32, to bytes: inout [UInt8]) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }
}
