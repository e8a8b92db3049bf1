/// CRC-32C (Castagnoli), slice-by-8. Every file of a part and every compressed block carries one.
///
/// Pure Swift: the table lookups dominate, so C would buy little; about 1.5 GB/s in release
/// builds, far above the rate parts are written at.
public enum CRC32C {
    private static let tables: [UInt32] = {
        var tables = [UInt32](repeating: 0, count: 8 * 256)
        for i in 0..<256 {
            var crc = UInt32(i)
            for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            tables[i] = crc
        }
        for i in 0..<256 {
            for t in 1..<8 {
                let previous = tables[(t - 1) * 256 + i]
                tables[t * 256 + i] = (previous >> 8) ^ tables[Int(previous & 0xFF)]
            }
        }
        return tables
    }()

    /// The checksum of `bytes`, continuing from `seed` (the checksum of earlier bytes).
    public static func checksum<Bytes: Collection<UInt8>>(_ bytes: Bytes, seed: UInt32 = 0) -> UInt32 {
        // Reason for the pointers: this loop runs over every byte written; bounds checks on each
        // table lookup would halve its speed.
        let result = bytes.withContiguousStorageIfAvailable { buffer in
            tables.withUnsafeBufferPointer { table in update(~seed, buffer, table) }
        } ?? Array(bytes).withUnsafeBufferPointer { buffer in
            tables.withUnsafeBufferPointer { table in update(~seed, buffer, table) }
        }
        return ~result
    }

    private static func update(_ initial: UInt32, _ data: UnsafeBufferPointer<UInt8>, _ t: UnsafeBufferPointer<UInt32>) -> UInt32 {
        var crc = initial
        var i = 0
        let n = data.count
        while i + 8 <= n {
            let lo = UInt32(data[i]) | UInt32(data[i + 1]) << 8 | UInt32(data[i + 2]) << 16 | UInt32(data[i + 3]) << 24
            let hi = UInt32(data[i + 4]) | UInt32(data[i + 5]) << 8 | UInt32(data[i + 6]) << 16 | UInt32(data[i + 7]) << 24
            let x = crc ^ lo
            crc = t[7 * 256 + Int(x & 0xFF)] ^ t[6 * 256 + Int((x >> 8) & 0xFF)]
                ^ t[5 * 256 + Int((x >> 16) & 0xFF)] ^ t[4 * 256 + Int(x >> 24)]
                ^ t[3 * 256 + Int(hi & 0xFF)] ^ t[2 * 256 + Int((hi >> 8) & 0xFF)]
                ^ t[1 * 256 + Int((hi >> 16) & 0xFF)] ^ t[Int(hi >> 24)]
            i += 8
        }
        while i < n {
            crc = (crc >> 8) ^ t[Int((crc ^ UInt32(data[i])) & 0xFF)]
            i += 1
        }
        return crc
    }

    /// The checksum of `a` followed by `b`, from the checksums of each and `b`'s length,
    /// without reading the bytes again (zlib's `crc32_combine`): a part file's checksum is
    /// assembled from its blocks' checksums, which are computed anyway.
    public static func combine(_ crcA: UInt32, _ crcB: UInt32, lengthB: Int) -> UInt32 {
        multiplyModP(powerOfX(bytes: lengthB), crcA) ^ crcB
    }

    private static let polynomial: UInt32 = 0x82F6_3B78

    /// `a · b` modulo the polynomial, in the bit-reflected representation.
    private static func multiplyModP(_ a: UInt32, _ b: UInt32) -> UInt32 {
        var m: UInt32 = 1 << 31, p: UInt32 = 0, b = b
        while true {
            if a & m != 0 {
                p ^= b
                if a & (m - 1) == 0 { break }
            }
            m >>= 1
            b = b & 1 != 0 ? (b >> 1) ^ polynomial : b >> 1
        }
        return p
    }

    /// `x^(2^k)` modulo the polynomial, for k in 0..<32.
    private static let powersOfX: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 32)
        var p: UInt32 = 1 << 30  // x^1
        table[0] = p
        for k in 1..<32 {
            p = multiplyModP(p, p)
            table[k] = p
        }
        return table
    }()

    /// `x^(8·bytes)` modulo the polynomial: what shifting a checksum past `bytes` bytes multiplies it by.
    private static func powerOfX(bytes: Int) -> UInt32 {
        var result: UInt32 = 1 << 31  // x^0
        var n = bytes, k = 3  // 8·n = n·2^3
        while n > 0 {
            if n & 1 != 0 { result = multiplyModP(powersOfX[k & 31], result) }
            n >>= 1
            k += 1
        }
        return result
    }
}
