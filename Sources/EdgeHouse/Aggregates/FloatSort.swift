/// Ascending sort of Float64 values in linear time: an LSD radix sort, one byte at a time, of
/// bit patterns whose unsigned order is the numeric order. `quantile` sorts its 8192 samples on
/// every dashboard query; a comparison sort spent most of the query there.
///
/// Order: as `<` for numbers; -0 before +0 (which `<` calls equal, so either is a correct sort);
/// NaN after +∞ (or before -∞ for a negative NaN), where `<` gives no order at all.
enum FloatSort {
    static func sort(_ values: inout [Double]) {
        guard values.count > 1 else { return }
        var keys = values.map(orderedBits)
        // Bytes that are the same in every key need no pass: samples of Float32 columns (their
        // low 29 mantissa bits are zero) and values of one magnitude skip most of them.
        var all = UInt64.max, any = UInt64(0)
        for key in keys {
            all &= key
            any |= key
        }
        let varying = all ^ any
        var scratch = [UInt64](repeating: 0, count: keys.count)
        var counts = [Int](repeating: 0, count: 256)
        for shift in stride(from: UInt64(0), to: 64, by: 8) where (varying >> shift) & 0xFF != 0 {
            for i in counts.indices { counts[i] = 0 }
            for key in keys { counts[Int((key >> shift) & 0xFF)] += 1 }
            var offset = 0
            for i in counts.indices {
                let count = counts[i]
                counts[i] = offset
                offset += count
            }
            for key in keys {
                let digit = Int((key >> shift) & 0xFF)
                scratch[counts[digit]] = key
                counts[digit] += 1
            }
            swap(&keys, &scratch)
        }
        for i in values.indices { values[i] = value(ofOrderedBits: keys[i]) }
    }

    /// The `k`-th and `(k+1)`-th smallest of `values` (the second is the first when `k` is the
    /// last index), in the order ``sort(_:)`` gives — without sorting: a quickselect over the
    /// same ordered bits, expected linear time; a run of bad pivots falls back to sorting.
    static func orderStatistics(_ values: [Double], at k: Int) -> (Double, Double) {
        var keys = values.map(orderedBits)
        var low = 0, high = keys.count - 1
        var rounds = 0
        while low < high {
            rounds += 1
            if rounds > 64 {  // pathological pivots: sort what is left
                var rest = Array(keys[low...high])
                rest.sort()
                keys.replaceSubrange(low...high, with: rest)
                break
            }
            // Hoare partition around the median of three (Wirth's selection).
            let middle = low + (high - low) / 2
            if keys[middle] < keys[low] { keys.swapAt(middle, low) }
            if keys[high] < keys[low] { keys.swapAt(high, low) }
            if keys[high] < keys[middle] { keys.swapAt(high, middle) }
            let pivot = keys[middle]
            var i = low, j = high
            while i <= j {
                while keys[i] < pivot { i += 1 }
                while keys[j] > pivot { j -= 1 }
                if i <= j {
                    keys.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j { high = j } else if k >= i { low = i } else { break }
        }
        // Everything after k is at least keys[k]: the next statistic is their minimum.
        let next = keys[(k + 1)...].min() ?? keys[k]
        return (value(ofOrderedBits: keys[k]), value(ofOrderedBits: next))
    }

    /// Positive values get the sign bit set, negative ones all bits flipped.
    private static func orderedBits(_ value: Double) -> UInt64 {
        let bits = value.bitPattern
        return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }

    private static func value(ofOrderedBits key: UInt64) -> Double {
        Double(bitPattern: key & (1 << 63) != 0 ? key & ~(1 << 63) : ~key)
    }
}
