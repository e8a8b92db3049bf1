/// ClickHouse's `intHash32<salt>`: Thomas Wang's 64-to-32-bit integer hash of `value ^ salt`.
/// The SQL function `intHash32` uses the salt 0x75D9543DE018BF45; `quantileTiming`'s histogram
/// jitter uses 0.
enum IntHash32 {
    static func hash(_ value: UInt64, salt: UInt64 = 0) -> UInt32 {
        var key = value ^ salt
        key = ~key &+ (key << 18)
        key ^= (key >> 31) | (key << 33)
        key = key &* 21
        key ^= (key >> 11) | (key << 53)
        key = key &+ (key << 6)
        key ^= (key >> 22) | (key << 42)
        return UInt32(truncatingIfNeeded: key)
    }
}
