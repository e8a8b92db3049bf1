#if _endian(big)
#error("EdgeHouse's on-disk format is little-endian and copies memory directly")
#endif

/// LEB128 unsigned integers: ClickHouse's lengths of strings and arrays.
enum VarUInt {
    static func append(_ value: UInt64, to out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    static func read(_ bytes: ArraySlice<UInt8>, at position: inout Int) throws(CodecError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < bytes.endIndex else { throw .truncated(needed: 1, available: 0) }
            let byte = bytes[position]
            position += 1
            guard shift < 64 else { throw .corruptPayload("variable-length integer too long") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }
}

/// Little-endian integers in and out of byte arrays, for headers, marks and indexes.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(contentsOf other: some Sequence<UInt8>) { bytes.append(contentsOf: other) }

    /// Replaces the bytes of an integer appended earlier (a length known only afterwards).
    mutating func overwrite<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        var remaining = value
        for i in 0..<MemoryLayout<T>.size {
            bytes[offset + i] = UInt8(truncatingIfNeeded: remaining)
            remaining >>= 8
        }
    }
}

struct ByteReader {
    let bytes: ArraySlice<UInt8>
    private(set) var position: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        position = bytes.startIndex
    }

    var isAtEnd: Bool { position == bytes.endIndex }
    var remaining: Int { bytes.endIndex - position }

    mutating func read<T: FixedWidthInteger>(_: T.Type = T.self) throws(CodecError) -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { throw .truncated(needed: size, available: remaining) }
        var value: T = 0
        for i in 0..<size { value |= T(bytes[position + i]) << (8 * i) }
        position += size
        return value
    }

    mutating func read(count: Int) throws(CodecError) -> ArraySlice<UInt8> {
        guard count >= 0, remaining >= count else { throw .truncated(needed: count, available: remaining) }
        defer { position += count }
        return bytes[position..<position + count]
    }
}
