/// Decimal text to `Double` and `Float`, correctly rounded (to nearest, ties to even) as
/// ClickHouse 26.9 reads floats in text formats — straight to the column's width: a `Float32`
/// column's text is rounded once to binary32, never through a `Double` first (double rounding
/// changes about one full-precision value in 2^29).
///
/// The way fast_float and ClickHouse do it: read the significant digits into a 64-bit integer
/// `w` and a power of ten `q` (`FloatParser.scan`); when `w` and `10^|q|` are both exact in the
/// target format, one IEEE multiplication or division rounds correctly (Clinger's fast path);
/// otherwise the Eisel–Lemire algorithm multiplies `w` by a 128-bit truncation of `5^q`
/// (`PowersOfFive`) and reads the rounded mantissa off the product. In the rare cases where the
/// truncation leaves the rounding undecided — or more than 19 significant digits were cut and
/// `w` and `w + 1` round apart — it answers `nil` and the caller takes Swift's exact parser.
/// Lemire, "Number Parsing at a Gigabyte per Second" (2021).
enum FloatParser {
    /// Reads the decimal digits at `start` into `value` (`value * 10 + digit` each, wrapping);
    /// the index past them. Eight digits at a time while eight bytes remain (SWAR: one load, a
    /// check that all eight are digits, three multiplies), then one by one.
    @inline(__always)
    static func digits(_ text: Span<UInt8>, from start: Int, into value: inout UInt64) -> Int {
        var i = start
        let bytes = text.bytes
        while i + 8 <= text.count {
            // Reason for the unaligned load: bounds-checked by the span; any bits are a UInt64.
            let word = UInt64(littleEndian: bytes.unsafeLoadUnaligned(fromByteOffset: i, as: UInt64.self))
            guard let eight = eightDigits(word) else { break }
            value = value &* 100_000_000 &+ eight
            i += 8
        }
        while i < text.count {
            let digit = text[i] &- 48
            guard digit < 10 else { break }
            value = value &* 10 &+ UInt64(digit)
            i += 1
        }
        return i
    }

    /// The number eight ASCII digits (first digit in the low byte) spell, or `nil` if any byte
    /// is not a digit. Lemire's "Fast integer parsing with SIMD within a register".
    @inline(__always)
    static func eightDigits(_ word: UInt64) -> UInt64? {
        let allDigits = (word & 0xF0F0_F0F0_F0F0_F0F0)
            | (((word &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) >> 4)
        guard allDigits == 0x3333_3333_3333_3333 else { return nil }
        var value = word & 0x0F0F_0F0F_0F0F_0F0F
        value = (value &* 2561) >> 8
        value = ((value & 0x00FF_00FF_00FF_00FF) &* 6_553_601) >> 16
        return ((value & 0x0000_FFFF_0000_FFFF) &* 42_949_672_960_001) >> 32
    }

    /// A number read from text: `±mantissa × 10^exponent`.
    struct Decimal: Equatable {
        var negative = false
        /// The first 19 significant digits (leading zeros skipped).
        var mantissa: UInt64 = 0
        var exponent = 0
        /// Nonzero digits past the 19th were dropped: the number lies in
        /// `[mantissa, mantissa + 1) × 10^exponent`.
        var truncated = false
    }

    /// Reads `[-]digits[.digits][(e|E)[+|-]digits]` (digits on at least one side of the point)
    /// at `start`: the number and the index past it. `nil` for anything else — a leading `+`,
    /// `inf`, `nan`, an exponent without digits — which the full parser decides.
    static func scan(_ text: Span<UInt8>, from start: Int) -> (decimal: Decimal, end: Int)? {
        var i = start
        let negative = i < text.count && text[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        let digitsStart = i
        // The common case first: at most 19 digits in all (leading zeros too), which a UInt64
        // holds exactly — one multiply-add a digit, nothing else to track.
        var mantissa: UInt64 = 0
        i = digits(text, from: i, into: &mantissa)
        var digitCount = i - digitsStart
        var fractionDigits = 0
        if i < text.count && text[i] == UInt8(ascii: ".") {
            let fractionStart = i + 1
            i = digits(text, from: fractionStart, into: &mantissa)
            fractionDigits = i - fractionStart
            digitCount += fractionDigits
        }
        guard digitCount > 0 else { return nil }
        var decimal = digitCount <= 19
            ? Decimal(negative: negative, mantissa: mantissa, exponent: -fractionDigits)
            : significantDigits(text, from: digitsStart, negative: negative)
        if i < text.count && text[i] | 0x20 == UInt8(ascii: "e") {
            var j = i + 1
            var negativeExponent = false
            if j < text.count && (text[j] == UInt8(ascii: "-") || text[j] == UInt8(ascii: "+")) {
                negativeExponent = text[j] == UInt8(ascii: "-")
                j += 1
            }
            var exponent = 0
            let exponentStart = j
            while j < text.count {
                let digit = text[j] &- 48
                guard digit < 10 else { break }
                // Saturates far beyond any finite result (zero and infinity are decided below).
                if exponent < 100_000 { exponent = exponent * 10 + Int(digit) }
                j += 1
            }
            guard j > exponentStart else { return nil }
            decimal.exponent += negativeExponent ? -exponent : exponent
            i = j
        }
        return (decimal, i)
    }

    /// The number of more than 19 digits at `start` (the point included, no exponent): its
    /// first 19 significant digits, and whether any digit past them was not zero.
    private static func significantDigits(_ text: Span<UInt8>, from start: Int, negative: Bool) -> Decimal {
        var decimal = Decimal(negative: negative)
        var significant = 0
        var i = start
        var inFraction = false
        while i < text.count {
            if text[i] == UInt8(ascii: "."), !inFraction {
                inFraction = true
                i += 1
                continue
            }
            let digit = text[i] &- 48
            guard digit < 10 else { break }
            if significant < 19 {
                // Leading zeros count for nothing but, in the fraction, the exponent.
                decimal.mantissa = decimal.mantissa &* 10 &+ UInt64(digit)
                if decimal.mantissa != 0 { significant += 1 }
                if inFraction { decimal.exponent -= 1 }
            } else {
                if !inFraction { decimal.exponent += 1 }  // past the 19th, an integer digit only scales
                if digit != 0 { decimal.truncated = true }
            }
            i += 1
        }
        return decimal
    }

    /// The nearest `Double`, or `nil` when this method cannot decide it (take the exact parser).
    static func double(_ decimal: Decimal) -> Double? {
        let w = decimal.mantissa, q = decimal.exponent
        if !decimal.truncated && w <= 1 << 53 && q >= -22 && q <= 22 {
            let value = q < 0 ? Double(w) / exactPowersOfTen[-q] : Double(w) * exactPowersOfTen[q]
            return decimal.negative ? -value : value
        }
        guard let bits = roundedBits(decimal, .binary64) else { return nil }
        return Double(bitPattern: bits)
    }

    /// The nearest `Float`, rounded from the decimal directly; `nil` as for `double`.
    static func float(_ decimal: Decimal) -> Float? {
        let w = decimal.mantissa, q = decimal.exponent
        if !decimal.truncated && w <= 1 << 24 && q >= -10 && q <= 10 {
            let value = q < 0 ? Float(w) / exactFloatPowersOfTen[-q] : Float(w) * exactFloatPowersOfTen[q]
            return decimal.negative ? -value : value
        }
        guard let bits = roundedBits(decimal, .binary32) else { return nil }
        return Float(bitPattern: UInt32(bits))
    }

    /// 10^0 … 10^22, exact in a `Double`.
    static let exactPowersOfTen: [Double] = (0...22).map { exponent in
        (0..<exponent).reduce(1.0) { value, _ in value * 10 }
    }
    /// 10^0 … 10^10, exact in a `Float`.
    private static let exactFloatPowersOfTen: [Float] = (0...10).map { exponent in
        (0..<exponent).reduce(Float(1)) { value, _ in value * 10 }
    }

    /// The constants of an IEEE binary format the algorithm needs.
    struct Format {
        /// Stored mantissa bits (52, 23).
        let mantissaBits: Int
        /// `1 - bias`: the exponent of the smallest normal numbers, minus one.
        let minimumExponent: Int
        /// The biased exponent of infinity.
        let infinitePower: Int
        /// Below 10^this every number rounds to zero; above `largestPowerOfTen`, to infinity.
        let smallestPowerOfTen: Int
        let largestPowerOfTen: Int
        /// The powers of ten for which a product can be exactly halfway (ties to even apply).
        let roundToEven: ClosedRange<Int>
        let signBit: Int

        static let binary64 = Format(mantissaBits: 52, minimumExponent: -1023, infinitePower: 0x7FF,
                                     smallestPowerOfTen: -342, largestPowerOfTen: 308, roundToEven: -4...23, signBit: 63)
        static let binary32 = Format(mantissaBits: 23, minimumExponent: -127, infinitePower: 0xFF,
                                     smallestPowerOfTen: -64, largestPowerOfTen: 38, roundToEven: -17...10, signBit: 31)
    }

    /// The bits of the nearest value in `format` (sign included), or `nil` if undecided.
    static func roundedBits(_ decimal: Decimal, _ format: Format) -> UInt64? {
        guard var rounded = eiselLemire(decimal.mantissa, decimal.exponent, format) else { return nil }
        if decimal.truncated {
            // The true value lies between w and w + 1 (scaled): both must round alike.
            guard decimal.mantissa < .max,
                  let above = eiselLemire(decimal.mantissa + 1, decimal.exponent, format),
                  above == rounded else { return nil }
        }
        if decimal.negative { rounded |= 1 << UInt64(format.signBit) }
        return rounded
    }

    /// `w × 10^q` rounded to `format`, as its unsigned bits; `nil` when the 128-bit product
    /// cannot tell which way it rounds.
    static func eiselLemire(_ w: UInt64, _ q: Int, _ format: Format) -> UInt64? {
        if w == 0 || q < format.smallestPowerOfTen { return 0 }
        if q > format.largestPowerOfTen { return UInt64(format.infinitePower) << UInt64(format.mantissaBits) }
        let leadingZeros = w.leadingZeroBitCount
        let normalized = w << UInt64(leadingZeros)
        // Enough of the product to hold the mantissa, its rounding bit and one more.
        let index = 2 * (q - PowersOfFive.smallestPowerOfTen)
        let precisionMask = UInt64.max >> UInt64(format.mantissaBits + 3)
        var (high, low) = normalized.multipliedFullWidth(by: PowersOfFive.words[index])
        if high & precisionMask == precisionMask {
            // The bits that decide the rounding may carry from the next 64 bits of 5^q.
            let next = normalized.multipliedFullWidth(by: PowersOfFive.words[index + 1]).high
            let (sum, carry) = low.addingReportingOverflow(next)
            low = sum
            if carry { high &+= 1 }
            // Still all ones: the truncation of 5^q could hide a carry (only for large |q|).
            if low == .max && (q < -27 || q > 55) { return nil }
        }
        let upperBit = Int(high >> 63)
        let shift = UInt64(upperBit + 64 - format.mantissaBits - 3)
        var mantissa = high >> shift
        // floor(log2(10^q)) + 63, by Lemire's fixed-point constant.
        let binaryExponent = (((152_170 + 65_536) * q) >> 16) + 63
        var power2 = binaryExponent + upperBit - leadingZeros - format.minimumExponent
        if power2 <= 0 {
            // Subnormal (or zero): shift into place, round half up (ties cannot occur here).
            guard -power2 + 1 < 64 else { return 0 }
            mantissa >>= UInt64(-power2 + 1)
            mantissa += mantissa & 1
            mantissa >>= 1
            power2 = mantissa < 1 << UInt64(format.mantissaBits) ? 0 : 1
            return UInt64(power2) << UInt64(format.mantissaBits) | mantissa
        }
        if low <= 1 && format.roundToEven.contains(q) && mantissa & 3 == 1 && mantissa << shift == high {
            // Exactly halfway: round to even (clear the bit that would round up).
            mantissa &= ~1
        }
        mantissa += mantissa & 1
        mantissa >>= 1
        if mantissa >= 2 << UInt64(format.mantissaBits) {
            mantissa = 1 << UInt64(format.mantissaBits)
            power2 += 1
        }
        mantissa &= ~(1 << UInt64(format.mantissaBits))
        if power2 >= format.infinitePower { return UInt64(format.infinitePower) << UInt64(format.mantissaBits) }
        return UInt64(power2) << UInt64(format.mantissaBits) | mantissa
    }
}
