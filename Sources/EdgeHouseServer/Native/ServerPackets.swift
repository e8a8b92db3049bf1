import EdgeHouse
import NIOCore

/// Packets the server sends over the native protocol, as bytes ready for the socket.
enum ServerPacket {
    private static let hello: UInt64 = 0, data: UInt64 = 1, exception: UInt64 = 2, pong: UInt64 = 4
    private static let endOfStream: UInt64 = 5, profileInfo: UInt64 = 6, totals: UInt64 = 7

    /// What EdgeHouse calls itself in the server Hello; the version is the ClickHouse release
    /// whose answers it matches (`clickhouse-client` prints it).
    static func hello(clientRevision: UInt64, timezone: String, displayName: String) -> ByteBuffer {
        let version = ClickHouseRelease.version.split(separator: ".").compactMap { UInt64($0) }
        var out = [UInt8]()
        BinaryFormats.appendVarUInt(hello, to: &out)
        BinaryFormats.appendString("ClickHouse", to: &out)
        BinaryFormats.appendVarUInt(version[0], to: &out)
        BinaryFormats.appendVarUInt(version[1], to: &out)
        BinaryFormats.appendVarUInt(Revision.server, to: &out)
        // Each optional field is decided on the client's revision (capped by the server's).
        let revision = min(clientRevision, Revision.server)
        if revision >= Revision.serverTimezone { BinaryFormats.appendString(timezone, to: &out) }
        if revision >= Revision.serverDisplayName { BinaryFormats.appendString(displayName, to: &out) }
        if revision >= Revision.versionPatch { BinaryFormats.appendVarUInt(version[2], to: &out) }
        return ByteBuffer(bytes: out)
    }

    static let pongPacket = ByteBuffer(bytes: [UInt8(pong)])
    static let endOfStreamPacket = ByteBuffer(bytes: [UInt8(endOfStream)])

    /// A Data packet of `batch`'s `rows` (a header when empty), its body in compressed frames
    /// when the query asked for compression.
    static func data(_ batch: Batch, rows: Range<Int>, compression: BlockCompression?) -> ByteBuffer {
        dataPacket(BinaryFormats.nativeBlock(batch, rows: rows, blockInfo: true), compression: compression)
    }

    /// A Totals packet (`WITH TOTALS`): laid out as a Data packet, of the totals' one row.
    static func totals(_ batch: Batch, compression: BlockCompression?) -> ByteBuffer {
        dataPacket(BinaryFormats.nativeBlock(batch, rows: 0..<batch.rowCount, blockInfo: true), type: totals, compression: compression)
    }

    /// The empty Data packet that ends a result.
    static func emptyData(compression: BlockCompression?) -> ByteBuffer {
        dataPacket(BinaryFormats.nativeBlock(Batch([]), rows: 0..<0, blockInfo: true), compression: compression)
    }

    private static func dataPacket(_ block: [UInt8], type: UInt64 = data, compression: BlockCompression?) -> ByteBuffer {
        var out = ByteBuffer()
        out.writeBytes([UInt8(type), 0])  // type, table name ""
        if let compression {
            CompressedFrames.encode(block, method: compression, into: &out)
        } else {
            out.writeBytes(block)
        }
        return out
    }

    /// ProfileInfo: rows, blocks and bytes of the result (no LIMIT information).
    static func profileInfo(rows: Int, blocks: Int, bytes: Int) -> ByteBuffer {
        var out = [UInt8]()
        for value in [profileInfo, UInt64(rows), UInt64(blocks), UInt64(bytes)] { BinaryFormats.appendVarUInt(value, to: &out) }
        out += [0, 0, 1]  // applied_limit, rows_before_limit, calculated_rows_before_limit (as 18.16 sends)
        return ByteBuffer(bytes: out)
    }

    /// An Exception packet; it ends the query (no EndOfStream follows).
    static func exception(_ error: ServerException) -> ByteBuffer {
        var out = [UInt8]()
        BinaryFormats.appendVarUInt(exception, to: &out)
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: error.code >> Int32(shift))) }
        BinaryFormats.appendString("DB::Exception", to: &out)
        BinaryFormats.appendString("DB::Exception: \(error.message)", to: &out)
        BinaryFormats.appendString("", to: &out)  // stack trace
        out.append(0)  // no nested exception
        return ByteBuffer(bytes: out)
    }
}
