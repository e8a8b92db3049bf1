/// CityHash128 as of CityHash **1.0.2**, the version ClickHouse bundles (`contrib/cityhash102`)
/// and checks every compressed frame of its native protocol with. CityHash 1.1 changed the
/// function, so a newer library gives other values: this is the 2011 algorithm, transcribed.
///
/// It lives in the codec layer because it reads unaligned little-endian words straight out of
/// the buffer: the checksum runs over every byte a client sends compressed.
package enum CityHash102 {
    /// The 128-bit hash of `bytes`: `low` is what ClickHouse writes first on the wire.
    package static func hash128(_ bytes: ArraySlice<UInt8>) -> (low: UInt64, high: UInt64) {
        bytes.withUnsafeBytes { Hasher(bytes: $0).hash128() }
    }

    /// CityHash64 of `bytes` (the SQL function `cityHash64` of a string).
    static func hash64(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.withUnsafeBytes { Hasher(bytes: $0).hash64() }
    }

    /// The hash of at most 16 bytes both functions start from (`HashLen0to16`); ClickHouse's
    /// `CRC32Hash` uses it for strings under 8 bytes.
    static func hashOfShort(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        precondition(bytes.count <= 16, "at most 16 bytes")
        return bytes.withUnsafeBytes { Hasher(bytes: $0).hashLen0to16(start: 0, length: bytes.count) }
    }

    private static let k0: UInt64 = 0xc3a5_c85c_97cb_3127
    private static let k1: UInt64 = 0xb492_b66f_be98_f273
    private static let k2: UInt64 = 0x9ae1_6a3b_2f90_404f
    private static let k3: UInt64 = 0xc949_d7c7_509e_6557

    private struct Hasher {
        // Reason for the pointer: 8-byte unaligned loads at arbitrary offsets on the hot path.
        let bytes: UnsafeRawBufferPointer

        func fetch64(_ offset: Int) -> UInt64 { UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
        func fetch32(_ offset: Int) -> UInt64 { UInt64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))) }

        func hash128() -> (low: UInt64, high: UInt64) {
            let length = bytes.count
            if length >= 16 {
                return withSeed(start: 16, length: length - 16, seed: (fetch64(0) ^ k3, fetch64(8)))
            } else if length >= 8 {
                return withSeed(start: 0, length: 0, seed: (fetch64(0) ^ (UInt64(length) &* k0), fetch64(length - 8) ^ k1))
            }
            return withSeed(start: 0, length: length, seed: (k0, k1))
        }

        private func withSeed(start: Int, length: Int, seed: (UInt64, UInt64)) -> (low: UInt64, high: UInt64) {
            if length < 128 { return cityMurmur(start: start, length: length, seed: seed) }
            var x = seed.0, y = seed.1, z = UInt64(length) &* k1
            var v: (UInt64, UInt64) = (0, 0), w: (UInt64, UInt64) = (0, 0)
            v.0 = rotate(y ^ k1, 49) &* k1 &+ fetch64(start)
            v.1 = rotate(v.0, 42) &* k1 &+ fetch64(start + 8)
            w.0 = rotate(y &+ z, 35) &* k1 &+ x
            w.1 = rotate(x &+ fetch64(start + 88), 53) &* k1
            var s = start, remaining = length
            repeat {
                for _ in 0..<2 {
                    round64(at: s, &x, &y, &z, &v, &w)
                    s += 64
                }
                remaining -= 128
            } while remaining >= 128
            y = y &+ rotate(w.0, 37) &* k0 &+ z
            x = x &+ rotate(v.0 &+ z, 49) &* k0
            // Up to four 32-byte chunks from the end of what is left.
            var tailDone = 0
            while tailDone < remaining {
                tailDone += 32
                y = rotate(y &- x, 42) &* k0 &+ v.1
                w.0 = w.0 &+ fetch64(s + remaining - tailDone + 16)
                x = rotate(x, 49) &* k0 &+ w.0
                w.0 = w.0 &+ v.0
                v = weakHash32(at: s + remaining - tailDone, v.0, v.1)
            }
            x = hashLen16(x, v.0)
            y = hashLen16(y, w.0)
            return (hashLen16(x &+ v.1, w.1) &+ y, hashLen16(x &+ w.1, y &+ v.1))
        }

        func hash64() -> UInt64 {
            let length = bytes.count
            if length <= 16 { return hashLen0to16(start: 0, length: length) }
            if length <= 32 {
                let a = fetch64(0) &* k1, b = fetch64(8), c = fetch64(length - 8) &* k2, d = fetch64(length - 16) &* k0
                return hashLen16(rotate(a &- b, 43) &+ rotate(c, 30) &+ d, a &+ rotate(b ^ k3, 20) &- c &+ UInt64(length))
            }
            if length <= 64 { return hashLen33to64() }
            // Over 64 bytes: the end first, then 64-byte chunks, keeping 56 bytes of state.
            var x = fetch64(0), y = fetch64(length - 16) ^ k1, z = fetch64(length - 56) ^ k0
            var v = weakHash32(at: length - 64, UInt64(length), y)
            var w = weakHash32(at: length - 32, UInt64(length) &* k1, k0)
            z = z &+ shiftMix(v.1) &* k1
            x = rotate(z &+ x, 39) &* k1
            y = rotate(y, 33) &* k1
            var s = 0, left = (length - 1) & ~63
            repeat {
                round64(at: s, &x, &y, &z, &v, &w)
                s += 64
                left -= 64
            } while left != 0
            return hashLen16(hashLen16(v.0, w.0) &+ shiftMix(y) &* k1 &+ z, hashLen16(v.1, w.1) &+ x)
        }

        /// One 64-byte round of the loop over long inputs, the same in both functions.
        private func round64(at s: Int, _ x: inout UInt64, _ y: inout UInt64, _ z: inout UInt64,
                             _ v: inout (UInt64, UInt64), _ w: inout (UInt64, UInt64)) {
            x = rotate(x &+ y &+ v.0 &+ fetch64(s + 16), 37) &* k1
            y = rotate(y &+ v.1 &+ fetch64(s + 48), 42) &* k1
            x ^= w.1
            y ^= v.0
            z = rotate(z ^ w.0, 33)
            v = weakHash32(at: s, v.1 &* k1, x &+ w.0)
            w = weakHash32(at: s + 32, z &+ w.1, y)
            swap(&z, &x)
        }

        private func hashLen33to64() -> UInt64 {
            let length = bytes.count
            var z = fetch64(24)
            var a = fetch64(0) &+ (UInt64(length) &+ fetch64(length - 16)) &* k0
            var b = rotate(a &+ z, 52)
            var c = rotate(a, 37)
            a = a &+ fetch64(8)
            c = c &+ rotate(a, 7)
            a = a &+ fetch64(16)
            let vf = a &+ z, vs = b &+ rotate(a, 31) &+ c
            a = fetch64(16) &+ fetch64(length - 32)
            z = fetch64(length - 8)
            b = rotate(a &+ z, 52)
            c = rotate(a, 37)
            a = a &+ fetch64(length - 24)
            c = c &+ rotate(a, 7)
            a = a &+ fetch64(length - 16)
            let wf = a &+ z, ws = b &+ rotate(a, 31) &+ c
            let r = shiftMix((vf &+ ws) &* k2 &+ (wf &+ vs) &* k0)
            return shiftMix(r &* k0 &+ vs) &* k2
        }

        private func cityMurmur(start: Int, length: Int, seed: (UInt64, UInt64)) -> (low: UInt64, high: UInt64) {
            var a = seed.0, b = seed.1, c: UInt64, d: UInt64
            if length <= 16 {
                a = shiftMix(a &* k1) &* k1
                c = b &* k1 &+ hashLen0to16(start: start, length: length)
                d = shiftMix(a &+ (length >= 8 ? fetch64(start) : c))
            } else {
                c = hashLen16(fetch64(start + length - 8) &+ k1, a)
                d = hashLen16(b &+ UInt64(length), c &+ fetch64(start + length - 16))
                a = a &+ d
                var s = start, left = length - 16
                repeat {
                    a ^= shiftMix(fetch64(s) &* k1) &* k1
                    a = a &* k1
                    b ^= a
                    c ^= shiftMix(fetch64(s + 8) &* k1) &* k1
                    c = c &* k1
                    d ^= c
                    s += 16
                    left -= 16
                } while left > 0
            }
            a = hashLen16(a, c)
            b = hashLen16(d, b)
            return (a ^ b, hashLen16(b, a))
        }

        func hashLen0to16(start: Int, length: Int) -> UInt64 {
            if length > 8 {
                let a = fetch64(start), b = fetch64(start + length - 8)
                return hashLen16(a, rotate(b &+ UInt64(length), length)) ^ b
            }
            if length >= 4 {
                let a = fetch32(start)
                return hashLen16(UInt64(length) &+ (a << 3), fetch32(start + length - 4))
            }
            if length > 0 {
                let a = UInt32(bytes[start]), b = UInt32(bytes[start + (length >> 1)]), c = UInt32(bytes[start + length - 1])
                let y = a &+ (b << 8), z = UInt32(length) &+ (c << 2)
                return shiftMix(UInt64(y) &* k2 ^ UInt64(z) &* k3) &* k2
            }
            return k2
        }

        private func weakHash32(at offset: Int, _ a: UInt64, _ b: UInt64) -> (UInt64, UInt64) {
            let w = fetch64(offset), x = fetch64(offset + 8), y = fetch64(offset + 16), z = fetch64(offset + 24)
            var a = a &+ w
            var b = rotate(b &+ a &+ z, 21)
            let c = a
            a = a &+ x &+ y
            b = b &+ rotate(a, 44)
            return (a &+ z, b &+ c)
        }
    }

    private static func rotate(_ value: UInt64, _ shift: Int) -> UInt64 {
        shift == 0 ? value : (value >> UInt64(shift)) | (value << UInt64(64 - shift))
    }

    private static func shiftMix(_ value: UInt64) -> UInt64 { value ^ (value >> 47) }

    static func hashLen16(_ u: UInt64, _ v: UInt64) -> UInt64 {
        let mul: UInt64 = 0x9ddf_ea08_eb38_2d69
        var a = (u ^ v) &* mul
        a ^= a >> 47
        var b = (v ^ a) &* mul
        b ^= b >> 47
        return b &* mul
    }
}
