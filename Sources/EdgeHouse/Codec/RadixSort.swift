/// A stable least-significant-digit radix sort of 64-bit keys: the order of an insert block,
/// in linear time whatever order its rows arrive in.
enum RadixSort {
    /// Bits sorted per pass: 2048 counters, which stay in the first-level cache.
    private static let digitBits = 11

    /// The permutation that orders `keys` ascending, stably (equal keys keep their order), looking
    /// at their low `bits` bits only (the rest must be zero).
    ///
    /// One pass over the keys counts every digit of every pass at once; a pass whose digit is the
    /// same for all keys moves nothing and is skipped (keys that differ only in their low bits
    /// sort in one or two passes).
    static func permutation(_ keys: [UInt64], bits: Int) -> [Int32] {
        let count = keys.count
        precondition(count <= Int(Int32.max), "too many rows for Int32 row numbers")
        let passes = max(1, (bits + digitBits - 1) / digitBits)
        let buckets = 1 << digitBits
        let mask = UInt64(buckets - 1)
        var counts = [Int](repeating: 0, count: passes * buckets)
        // Reason for the pointers: each key is read, counted and moved once per pass; bounds
        // checks on four arrays would cost more than the moves.
        keys.withUnsafeBufferPointer { keys in
            counts.withUnsafeMutableBufferPointer { counts in
                for key in keys {
                    for pass in 0..<passes { counts[pass * buckets + Int((key >> UInt64(pass * digitBits)) & mask)] += 1 }
                }
            }
        }
        var sourceKeys = keys, targetKeys = [UInt64](repeating: 0, count: count)
        var sourceRows = (0..<Int32(count)).map { $0 }, targetRows = [Int32](repeating: 0, count: count)
        for pass in 0..<passes {
            let passCounts = counts[pass * buckets..<(pass + 1) * buckets]
            if passCounts.contains(count) { continue }  // one digit for all: already in order
            var offsets = [Int](repeating: 0, count: buckets)
            var sum = 0
            for (digit, digitCount) in passCounts.enumerated() {
                offsets[digit] = sum
                sum += digitCount
            }
            let shift = UInt64(pass * digitBits)
            sourceKeys.withUnsafeBufferPointer { fromKeys in
                sourceRows.withUnsafeBufferPointer { fromRows in
                    targetKeys.withUnsafeMutableBufferPointer { toKeys in
                        targetRows.withUnsafeMutableBufferPointer { toRows in
                            offsets.withUnsafeMutableBufferPointer { offsets in
                                for i in 0..<count {
                                    let key = fromKeys[i]
                                    let digit = Int((key >> shift) & mask)
                                    let target = offsets[digit]
                                    offsets[digit] = target + 1
                                    toKeys[target] = key
                                    toRows[target] = fromRows[i]
                                }
                            }
                        }
                    }
                }
            }
            swap(&sourceKeys, &targetKeys)
            swap(&sourceRows, &targetRows)
        }
        return sourceRows
    }
}
