/// ClickHouse's CRC32-based hash functions as built for x86-64 with SSE 4.2 (`HashCRC32<T>` for
/// numbers, `CRC32Hash` for strings): the `crc32` instruction's raw CRC-32C update, without the
/// usual inversions. Where a hash decides an answer (which bucket of `topK`'s error map a value
/// falls in), these give ClickHouse's.
enum CRC32Hash {
    /// `intHashCRC32`: a number's bits, zero-extended to 64, through one `crc32q` from all ones.
    static func integer(_ bits: UInt64) -> UInt64 {
        UInt64(update(0xFFFF_FFFF, word: bits))
    }

    /// `CRC32Hash` of a string: CityHash's mix below 8 bytes, else `crc32q` over 8-byte words,
    /// the last word ending at the last byte (overlapping the one before).
    static func bytes(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        let size = bytes.count
        guard size > 0 else { return 0 }
        guard size >= 8 else { return UInt64(UInt32(truncatingIfNeeded: CityHash102.hashOfShort(bytes))) }
        var result: UInt32 = 0xFFFF_FFFF
        var position = bytes.startIndex
        repeat {
            result = update(result, word: word(bytes, at: position))
            position += 8
        } while position + 8 < bytes.endIndex
        return UInt64(update(result, word: word(bytes, at: bytes.endIndex - 8)))
    }

    /// One `crc32q`: the CRC-32C register `crc` advanced over the 8 little-endian bytes of `word`.
    private static func update(_ crc: UInt32, word: UInt64) -> UInt32 {
        let bytes = (0..<8).map { UInt8(truncatingIfNeeded: word >> ($0 * 8)) }
        // `checksum` inverts the register on the way in and out; the instruction does not.
        return ~CRC32C.checksum(bytes, seed: ~crc)
    }

    private static func word(_ bytes: ArraySlice<UInt8>, at position: Int) -> UInt64 {
        (0..<8).reduce(0) { $0 | UInt64(bytes[position + $1]) << ($1 * 8) }
    }
}
