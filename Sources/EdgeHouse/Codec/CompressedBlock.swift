/// One compressed block of a column file: a 16-byte header and the payload.
///
/// ```
/// ┌──────────────┬──────────────┬───────────────┬──────────────────┬────────────────────┬──────────────┬─────────┐
/// │ compression  │ encoding     │ reserved (0)  │ payload size     │ decompressed size  │ CRC-32C      │ payload │
/// │ 1 byte       │ 1 byte       │ 2 bytes       │ 4 bytes LE       │ 4 bytes LE         │ 4 bytes LE   │         │
/// └──────────────┴──────────────┴───────────────┴──────────────────┴────────────────────┴──────────────┴─────────┘
/// ```
/// The CRC covers the first 12 header bytes and the payload, so a flipped bit anywhere in the
/// block is caught before decompression.
enum CompressedBlock {
    static let headerSize = 16

    /// Transforms `raw` with `encoding`, then compresses it with `compression`; stored without
    /// the transform and uncompressed when neither makes it smaller.
    static func encode(_ raw: [UInt8], compression: BlockCompression, encoding: BlockEncoding = .plain) -> [UInt8] {
        var out = [UInt8]()
        _ = encode(raw, compression: compression, encoding: encoding, appendingTo: &out)
        return out
    }

    /// Appends the encoded block to `out`.
    ///
    /// - Returns: the CRC-32C of the bytes appended (header and payload), for the checksum of
    ///   the file the block goes to.
    static func encode(_ raw: [UInt8], compression: BlockCompression, encoding: BlockEncoding,
                       appendingTo out: inout [UInt8]) -> UInt32 {
        var (usedEncoding, transformed) = encoding.encode(raw)
        var tag = compression.tag
        var payload: [UInt8]
        if let compressed = compression.compress(transformed) {
            payload = compressed
        } else if transformed.count < raw.count {
            (tag, payload) = (BlockCompression.none.tag, transformed)  // the transform alone made it smaller
        } else {
            (usedEncoding, tag, payload) = (.plain, BlockCompression.none.tag, raw)
            transformed = raw
        }
        var header = ByteWriter()
        header.append(tag)
        header.append(usedEncoding.rawValue)
        header.append(UInt16(0))
        header.append(UInt32(payload.count))
        header.append(UInt32(transformed.count))  // what decompression gives back, before the encoding is reversed
        // One pass over the payload serves both checksums: the block's own (header fields, then
        // payload) and the file's (the whole header, then payload).
        let payloadCRC = CRC32C.checksum(payload)
        header.append(CRC32C.combine(CRC32C.checksum(header.bytes), payloadCRC, lengthB: payload.count))
        out += header.bytes
        out += payload
        return CRC32C.combine(CRC32C.checksum(header.bytes), payloadCRC, lengthB: payload.count)
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
        let decompressedSize = Int(try reader.read(UInt32.self))
        let storedCRC = try reader.read(UInt32.self)
        let payload = try reader.read(count: payloadSize)
        let crc = CRC32C.checksum(payload, seed: CRC32C.checksum(bytes.prefix(12)))
        guard crc == storedCRC else { throw .checksumMismatch(expected: storedCRC, actual: crc) }
        guard let transform = BlockEncoding(rawValue: encoding) else { throw .corruptPayload("unknown encoding \(encoding)") }
        let decompressed = try BlockCompression.decompress(tag: tag, payload: payload, uncompressedSize: decompressedSize)
        guard let values = transform.decode(decompressed) else { throw .corruptPayload("block does not fit encoding \(encoding)") }
        return values
    }
}
