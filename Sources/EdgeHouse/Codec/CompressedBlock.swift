/// One compressed block of a column file: a 16-byte header and the payload.
///
/// ```
/// ┌──────────────┬──────────────┬───────────────┬──────────────────┬────────────────────┬──────────────┬─────────┐
/// │ compression  │ encoding     │ reserved (0)  │ payload size     │ uncompressed size  │ CRC-32C      │ payload │
/// │ 1 byte       │ 1 byte       │ 2 bytes       │ 4 bytes LE       │ 4 bytes LE         │ 4 bytes LE   │         │
/// └──────────────┴──────────────┴───────────────┴──────────────────┴────────────────────┴──────────────┴─────────┘
/// ```
/// The CRC covers the first 12 header bytes and the payload, so a flipped bit anywhere in the
/// block is caught before decompression.
enum CompressedBlock {
    static let headerSize = 16

    /// Compresses `raw` with `compression` (stored raw when that is not smaller).
    static func encode(_ raw: [UInt8], compression: BlockCompression) -> [UInt8] {
        let compressed = compression.compress(raw)
        let tag = compressed == nil ? BlockCompression.none.tag : compression.tag
        let payload = compressed ?? raw
        var header = ByteWriter()
        header.append(tag)
        header.append(UInt8(0))
        header.append(UInt16(0))
        header.append(UInt32(payload.count))
        header.append(UInt32(raw.count))
        let crc = CRC32C.checksum(payload, seed: CRC32C.checksum(header.bytes))
        header.append(crc)
        header.append(contentsOf: payload)
        return header.bytes
    }

    /// Reads the header at the start of `bytes`; returns the total block size.
    static func blockSize(header bytes: ArraySlice<UInt8>) throws(CodecError) -> Int {
        var reader = ByteReader(bytes)
        _ = try reader.read(UInt32.self)
        let payloadSize = try reader.read(UInt32.self)
        return headerSize + Int(payloadSize)
    }

    /// Verifies and decompresses one whole block.
    static func decode(_ bytes: ArraySlice<UInt8>) throws(CodecError) -> [UInt8] {
        var reader = ByteReader(bytes)
        let tag = try reader.read(UInt8.self)
        let encoding = try reader.read(UInt8.self)
        _ = try reader.read(UInt16.self)
        let payloadSize = Int(try reader.read(UInt32.self))
        let rawSize = Int(try reader.read(UInt32.self))
        let storedCRC = try reader.read(UInt32.self)
        let payload = try reader.read(count: payloadSize)
        let crc = CRC32C.checksum(payload, seed: CRC32C.checksum(bytes.prefix(12)))
        guard crc == storedCRC else { throw .checksumMismatch(expected: storedCRC, actual: crc) }
        guard encoding == 0 else { throw .corruptPayload("unknown encoding \(encoding)") }
        return try BlockCompression.decompress(tag: tag, payload: payload, uncompressedSize: rawSize)
    }
}
