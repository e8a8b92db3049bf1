/// A fast, non-cryptographic hash of a byte string for in-memory hash tables (group keys,
/// interned strings): eight bytes per step, where byte-at-a-time FNV-1a spent a tenth of a
/// string-keyed ingest hashing. Not persisted anywhere; callers finish it with a mixer.
enum ByteStringHash {
    @inline(__always)
    static func hash(_ text: Span<UInt8>) -> UInt64 {
        let bytes = text.bytes
        let count = bytes.byteCount
        var hash = 0xCBF2_9CE4_8422_2325 ^ UInt64(count)
        @inline(__always) func step(_ word: UInt64) {
            hash = (hash ^ word) &* 0x9E37_79B9_7F4A_7C15
            hash ^= hash >> 29
        }
        // Reason for the unaligned loads: a word at a time instead of a byte (bounds-checked by
        // the span; any bit pattern is a valid UInt64).
        @inline(__always) func word(at offset: Int) -> UInt64 {
            UInt64(littleEndian: bytes.unsafeLoadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }
        var offset = 0
        while offset + 8 <= count {
            step(word(at: offset))
            offset += 8
        }
        guard offset < count else { return hash }
        if count >= 8 {
            // The last, partial word: the string's last eight bytes, overlapping the one before.
            step(word(at: count - 8))
        } else {
            var tail: UInt64 = 0
            for index in 0..<count { tail |= UInt64(text[index]) << (8 * UInt64(index)) }
            step(tail)
        }
        return hash
    }
}
