/// ClickHouse's `sipHash128`: SipHash-2-4 with the key (0, 0) and ClickHouse's own 128-bit
/// finalization (the 64-bit one, then `v0 ^ v1` and `v2 ^ v3`) — not the reference
/// SipHash-128, which ClickHouse calls `sipHash128Reference`.
///
/// It names insert blocks for deduplication: ClickHouse 26.9's block id of a tokened insert is
/// `<partition>_<low>_<high>` of the hash of `user-token-<token>:source-id-empty:source-number-<n>`
/// (`InsertDeduplication.cpp`; verified with chdb: `tok-1`, block 0 →
/// 14276741264915569147, 909404677754765306).
struct SipHash128 {
    private var v0: UInt64 = 0x736f_6d65_7073_6575
    private var v1: UInt64 = 0x646f_7261_6e64_6f6d
    private var v2: UInt64 = 0x6c79_6765_6e65_7261
    private var v3: UInt64 = 0x7465_6462_7974_6573
    /// Bytes not yet absorbed (fewer than 8), little-endian in the low bytes.
    private var pending: UInt64 = 0
    private var pendingCount = 0
    private var length = 0

    init() {}

    /// The hash of `bytes` as two words: ClickHouse's `items[0]`, `items[1]`.
    static func hash<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> (low: UInt64, high: UInt64) {
        var hasher = SipHash128()
        hasher.update(bytes)
        return hasher.finalize()
    }

    mutating func update<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        for byte in bytes {
            pending |= UInt64(byte) << (8 * UInt64(pendingCount))
            pendingCount += 1
            length += 1
            if pendingCount == 8 {
                absorb(pending)
                pending = 0
                pendingCount = 0
            }
        }
    }

    mutating func update(_ word: UInt64) {
        withUnsafeBytes(of: word.littleEndian) { update($0) }
    }

    func finalize() -> (low: UInt64, high: UInt64) {
        let copy = finalRounds()
        return (copy.v0 ^ copy.v1, copy.v2 ^ copy.v3)
    }

    /// The state after the last block (the length in its top byte) and the finalization rounds.
    private func finalRounds() -> SipHash128 {
        var copy = self
        copy.absorb(copy.pending | UInt64(UInt8(truncatingIfNeeded: length)) << 56)
        copy.v2 ^= 0xff
        for _ in 0..<4 { copy.round() }
        return copy
    }

    /// ClickHouse's `sipHash64` of `bytes`: the same rounds, finished to one word
    /// (`v0 ^ v1 ^ v2 ^ v3`, SipHash-2-4's own 64-bit result).
    static func hash64<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt64 {
        var hasher = SipHash128()
        hasher.update(bytes)
        let copy = hasher.finalRounds()
        return copy.v0 ^ copy.v1 ^ copy.v2 ^ copy.v3
    }

    private mutating func absorb(_ word: UInt64) {
        v3 ^= word
        round()
        round()
        v0 ^= word
    }

    private mutating func round() {
        v0 &+= v1; v1 = v1.rotated(13); v1 ^= v0; v0 = v0.rotated(32)
        v2 &+= v3; v3 = v3.rotated(16); v3 ^= v2
        v0 &+= v3; v3 = v3.rotated(21); v3 ^= v0
        v2 &+= v1; v1 = v1.rotated(17); v1 ^= v2; v2 = v2.rotated(32)
    }
}

private extension UInt64 {
    func rotated(_ bits: UInt64) -> UInt64 { (self << bits) | (self >> (64 - bits)) }
}
