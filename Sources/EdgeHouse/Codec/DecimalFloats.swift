/// Floats that are short decimals — `12.44`, `0.8534`, `20193` — stored as integers.
///
/// Metrics are mostly printed numbers: a latency with three decimals, a score with four, a
/// utilization with one. Their IEEE bits look random to LZ4 and ZSTD; the integers behind them
/// do not. For a block of values this finds the smallest `e` such that every value `v` is
/// exactly the float nearest to `n / 10^e` for an integer `n` (as DuckDB's ALP does, without
/// exceptions: one value that is not such a decimal, `-0.0`, NaN or ±∞ and the block keeps the
/// byte-shuffled bits). The integers are stored as offsets from their minimum in the fewest
/// bytes that hold the range, byte-shuffled:
///
/// ```
/// e: UInt8 │ width: UInt8 (1, 2, 4 or 8) │ minimum: Int64 LE │ offsets, byte-shuffled
/// ```
///
/// On the reference metrics data this takes the float columns from 3–4 bytes per value to
/// 0.5–2.7 once compressed with ZSTD.
enum DecimalFloats {
    static let headerSize = 10
    /// Largest exponent tried: beyond it the integers outgrow the 2^53 that a Double holds exactly.
    private static func maxExponent(floatWidth: Int) -> Int { floatWidth == 4 ? 8 : 15 }

    /// Exact powers of ten (every one up to 10^22 is a Double).
    private static let powersOfTen: [Double] = (0...15).map { e in (0..<e).reduce(1.0) { value, _ in value * 10 } }

    /// The encoded block, or `nil` when some value is not a short decimal.
    ///
    /// - Parameter floatWidth: 4 for `Float32` values, 8 for `Float64`; `raw` holds them LE.
    static func encode(_ raw: [UInt8], floatWidth: Int) -> [UInt8]? {
        let count = raw.count / floatWidth
        guard count > 0, raw.count % floatWidth == 0 else { return nil }
        // Past the float's own significand (24 or 53 bits) the integers are longer than the
        // bits they replace: full-precision values, which keep their shuffled bits.
        let maxRange: Int64 = floatWidth == 4 ? 1 << 25 : 1 << 53
        var integers = [Int64](repeating: 0, count: count)
        var exponent = 0
        var minimum = Int64.max, maximum = Int64.min
        var i = 0
        let floats = raw.span.bytes
        // Find the exponent and the integers in one pass, starting over with a larger exponent
        // when a value needs more digits (early in a block, in practice), and giving up as soon
        // as the integers span too much.
        while i < count {
            let value = Self.value(floats, at: i, floatWidth: floatWidth)
            if let integer = Self.integer(value, exponent: exponent, floatWidth: floatWidth) {
                integers[i] = integer
                minimum = min(minimum, integer)
                maximum = max(maximum, integer)
                guard maximum - minimum < maxRange else { return nil }  // |n| < 2^53: no overflow
                i += 1
            } else {
                exponent += 1
                guard exponent <= maxExponent(floatWidth: floatWidth) else { return nil }
                (i, minimum, maximum) = (0, .max, .min)
            }
        }
        let range = maximum - minimum
        let width = range <= 0xFF ? 1 : range <= 0xFFFF ? 2 : range <= 0xFFFF_FFFF ? 4 : 8
        var out = [UInt8](repeating: 0, count: headerSize + count * width)
        out[0] = UInt8(exponent)
        out[1] = UInt8(width)
        var bits = UInt64(bitPattern: minimum)
        for b in 0..<8 {
            out[2 + b] = UInt8(truncatingIfNeeded: bits)
            bits >>= 8
        }
        // Byte-shuffled offsets: plane b holds byte b of every offset.
        for b in 0..<width {
            let plane = headerSize + b * count
            let shift = UInt64(8 * b)
            for index in 0..<count {
                out[plane + index] = UInt8(truncatingIfNeeded: UInt64(bitPattern: integers[index] &- minimum) >> shift)
            }
        }
        return out
    }

    /// The raw little-endian floats of an encoded block; `nil` when the bytes cannot be one.
    static func decode(_ encoded: [UInt8], floatWidth: Int) -> [UInt8]? {
        guard encoded.count >= headerSize else { return nil }
        let exponent = Int(encoded[0]), width = Int(encoded[1])
        guard exponent <= maxExponent(floatWidth: floatWidth), [1, 2, 4, 8].contains(width),
              (encoded.count - headerSize) % width == 0 else { return nil }
        let count = (encoded.count - headerSize) / width
        var minimum: UInt64 = 0
        for b in (0..<8).reversed() { minimum = minimum << 8 | UInt64(encoded[2 + b]) }
        let power = powersOfTen[exponent]
        var out = [UInt8](repeating: 0, count: count * floatWidth)
        for index in 0..<count {
            var offset: UInt64 = 0
            for b in (0..<width).reversed() { offset = offset << 8 | UInt64(encoded[headerSize + b * count + index]) }
            let decimal = Double(Int64(bitPattern: minimum &+ offset)) / power
            var bits = floatWidth == 4 ? UInt64(Float(decimal).bitPattern) : decimal.bitPattern
            for b in 0..<floatWidth {
                out[index * floatWidth + b] = UInt8(truncatingIfNeeded: bits)
                bits >>= 8
            }
        }
        return out
    }

    /// The float at `index` as a Double (exact for both widths).
    private static func value(_ raw: RawSpan, at index: Int, floatWidth: Int) -> (bits: UInt64, value: Double) {
        // Loading integers is safe for any bytes ("unsafe" is about other types); bounds-checked.
        if floatWidth == 4 {
            let bits = UInt32(littleEndian: raw.unsafeLoadUnaligned(fromByteOffset: index * 4, as: UInt32.self))
            return (UInt64(bits), Double(Float(bitPattern: bits)))
        }
        let bits = UInt64(littleEndian: raw.unsafeLoadUnaligned(fromByteOffset: index * 8, as: UInt64.self))
        return (bits, Double(bitPattern: bits))
    }

    /// `n` such that the float nearest to `n / 10^exponent` has exactly these bits, if any.
    private static func integer(_ float: (bits: UInt64, value: Double), exponent: Int, floatWidth: Int) -> Int64? {
        // Any rounding to nearest works (a tie means the value needs another digit, and the
        // check below fails for either neighbour); to-even is one instruction, away-from-zero a
        // libm call.
        let scaled = (float.value * powersOfTen[exponent]).rounded(.toNearestOrEven)
        guard scaled.magnitude < 0x1p53 else { return nil }  // also refuses NaN and ±∞
        let integer = Int64(scaled)
        let decimal = Double(integer) / powersOfTen[exponent]
        let bits = floatWidth == 4 ? UInt64(Float(decimal).bitPattern) : decimal.bitPattern
        return bits == float.bits ? integer : nil  // -0.0 comes back as +0.0: refused
    }
}
