import NIOCore

/// Bytes arriving a piece at a time — a connection's reads, or the decompressed frames of a
/// compressed Data packet — read as the native protocol's primitives.
///
/// The protocol has no length prefixes: the only way to the next packet is to parse every field
/// of this one. Each read takes what is buffered and awaits another piece only when it runs
/// out, so parsing is synchronous almost always and the socket's backpressure reaches the client
/// (nothing is read ahead beyond the piece being parsed).
final class ByteSource {
    private var buffer = ByteBuffer()
    private let nextPiece: () async throws(WireError) -> ByteBuffer?
    /// Bytes consumed so far (for the `bytes read` of progress and summaries).
    private(set) var consumed = 0

    /// - Parameter next: the next piece, or `nil` at the end of the stream.
    init(next: @escaping () async throws(WireError) -> ByteBuffer?) { nextPiece = next }

    /// Whether everything delivered so far has been read.
    var isDrained: Bool { buffer.readableBytes == 0 }

    /// Makes at least `count` bytes readable; `.connectionClosed` if the stream ends first.
    func need(_ count: Int) async throws(WireError) {
        while buffer.readableBytes < count {
            guard try await fill() else { throw .connectionClosed }
        }
    }

    /// Appends the next piece; false at the end of the stream.
    @discardableResult
    func fill() async throws(WireError) -> Bool {
        guard var piece = try await nextPiece() else { return false }
        if buffer.readerIndex > 0 && buffer.readableBytes == 0 { buffer.clear() }
        if buffer.readerIndex >= 1 << 20 { buffer.discardReadBytes() }
        buffer.writeBuffer(&piece)
        return true
    }

    /// Whether the stream ended cleanly here (no partial message): for the loop that waits for
    /// the next packet.
    func atEndOfStream() async throws(WireError) -> Bool {
        if buffer.readableBytes > 0 { return false }
        return try await !fill()
    }

    func readUInt8() async throws(WireError) -> UInt8 { try await readInteger(UInt8.self) }

    func readInteger<T: FixedWidthInteger>(_: T.Type) async throws(WireError) -> T {
        try await need(MemoryLayout<T>.size)
        consumed += MemoryLayout<T>.size
        return buffer.readInteger(endianness: .little, as: T.self)!
    }

    /// An unsigned LEB128 number of at most 10 bytes.
    func readVarUInt() async throws(WireError) -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<10 {
            let byte = try await readUInt8()
            value |= UInt64(byte & 0x7f) << (7 * index)
            if byte & 0x80 == 0 { return value }
        }
        throw .malformed("Too long VarUInt: more than 10 bytes")
    }

    /// A varint length at most `limit`, as an `Int`.
    func readLength(of what: String, limit: Int) async throws(WireError) -> Int {
        let length = try await readVarUInt()
        guard length <= UInt64(limit) else { throw .tooLarge(what: what, size: length, limit: limit) }
        return Int(length)
    }

    func readBytes(_ count: Int) async throws(WireError) -> [UInt8] {
        try await need(count)
        consumed += count
        return buffer.readBytes(length: count)!
    }

    /// A length-prefixed string of at most `limit` bytes.
    func readString(limit: Int) async throws(WireError) -> String {
        let bytes = try await readBytes(try await readLength(of: "string size", limit: limit))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The bytes of `count` length-prefixed values (a String column), found by walking their
    /// lengths in place as the bytes arrive — each byte is looked at once, whatever the pieces.
    /// `valueLimit` bounds each value, `totalLimit` the whole column.
    func readLengthPrefixedValues(count: Int, valueLimit: Int, totalLimit: Int) async throws(WireError) -> [UInt8] {
        var end = 0
        var found = 0
        while found < count {
            if let (length, size) = try peekVarUInt(at: end) {
                guard length <= UInt64(valueLimit) else { throw .tooLarge(what: "string size", size: length, limit: valueLimit) }
                let valueEnd = end + size + Int(length)
                guard valueEnd <= totalLimit else { throw .tooLarge(what: "block size", size: UInt64(valueEnd), limit: totalLimit) }
                if valueEnd <= buffer.readableBytes {
                    end = valueEnd
                    found += 1
                    continue
                }
            }
            guard try await fill() else { throw .connectionClosed }
        }
        return try await readBytes(end)
    }

    /// The varint at `offset` past the read position and its size, or `nil` if not all there yet.
    private func peekVarUInt(at offset: Int) throws(WireError) -> (UInt64, Int)? {
        var value: UInt64 = 0
        for index in 0..<10 {
            guard let byte = buffer.getInteger(at: buffer.readerIndex + offset + index, as: UInt8.self) else { return nil }
            value |= UInt64(byte & 0x7f) << (7 * index)
            if byte & 0x80 == 0 { return (value, index + 1) }
        }
        throw .malformed("Too long VarUInt: more than 10 bytes")
    }
}
