/// One-pass readers for the plain forms of values in text input: each reads a value starting at
/// an index of the input and returns it with the index just past it, or `nil` when the text is
/// not in the plain form (escapes, `inf`, undashed UUIDs…). The TSV reader
/// tries these first and falls back to finding the field's end and parsing it in full
/// (`ValueParser`), so a `nil` here is never an error, only "take the slow path".
///
/// They read a `Span`: the ingest path visits every byte of its input, and slices of the input
/// array would retain and release its buffer for every field.
enum FieldScan {
    /// Decimal digits (wrapping modulo 2^64, as ClickHouse's text readers); at least one.
    static func unsigned(_ text: Span<UInt8>, from start: Int) -> (value: UInt64, end: Int)? {
        var value: UInt64 = 0
        let end = FloatParser.digits(text, from: start, into: &value)
        return end > start ? (value, end) : nil
    }

    /// A decimal number (`-12.345`, `.5`, `7.`, `4.0402770165981850e2`) as the nearest `Double`
    /// (`FloatParser`); `nil` for other spellings (`+1`, `inf`) and the rare numbers the fast
    /// algorithm cannot decide, which the full parser reads.
    @inline(__always)
    static func double(_ text: Span<UInt8>, from start: Int) -> (value: Double, end: Int)? {
        guard let (decimal, end) = FloatParser.scan(text, from: start),
              let value = FloatParser.double(decimal) else { return nil }
        return (value, end)
    }

    /// The same number as the nearest `Float`, rounded from the text directly (not via `Double`).
    @inline(__always)
    static func float(_ text: Span<UInt8>, from start: Int) -> (value: Float, end: Int)? {
        guard let (decimal, end) = FloatParser.scan(text, from: start),
              let value = FloatParser.float(decimal) else { return nil }
        return (value, end)
    }

    /// `YYYY-MM-DD hh:mm:ss` (or with `T`), a possible date and time within `DateTime`'s range.
    static func dateTime(_ text: Span<UInt8>, from s: Int) -> (value: UInt32, end: Int)? {
        guard s + 19 <= text.count else { return nil }
        var bad = false
        func number(_ from: Int, _ count: Int) -> Int64 {
            var value: Int64 = 0
            for i in from..<from + count {
                let digit = text[s + i] &- 48
                bad = bad || digit >= 10
                value = value * 10 + Int64(digit)
            }
            return value
        }
        let year = number(0, 4), month = number(5, 2), day = number(8, 2)
        let hour = number(11, 2), minute = number(14, 2), second = number(17, 2)
        guard !bad, text[s + 4] == UInt8(ascii: "-"), text[s + 7] == UInt8(ascii: "-"),
              text[s + 10] == UInt8(ascii: " ") || text[s + 10] == UInt8(ascii: "T"),
              text[s + 13] == UInt8(ascii: ":"), text[s + 16] == UInt8(ascii: ":"),
              (1...12).contains(month), day >= 1, day <= DateTime.daysIn(year: year, month: month),
              hour < 24, minute < 60, second < 60 else { return nil }
        let total = DateTime.days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
        guard total >= 0, total <= Int64(UInt32.max) else { return nil }
        return (UInt32(total), s + 19)
    }

    /// A dashed UUID, either case: its hex digits read eight at a time (`hex8`).
    static func uuid(_ text: Span<UInt8>, from s: Int) -> (value: UUIDValue, end: Int)? {
        guard s + 36 <= text.count, text[s + 8] == 0x2D, text[s + 13] == 0x2D, text[s + 18] == 0x2D,
              text[s + 23] == 0x2D else { return nil }
        let bytes = text.bytes
        // Loading integers is safe for any bytes; "unsafe" in the name is about other types.
        // The loads are bounds-checked.
        func word(_ offset: Int) -> UInt64 { bytes.unsafeLoadUnaligned(fromByteOffset: s + offset, as: UInt64.self) }
        func half(_ offset: Int) -> UInt64 { UInt64(bytes.unsafeLoadUnaligned(fromByteOffset: s + offset, as: UInt32.self)) }
        guard let a = hex8(word(0)), let b = hex8(half(9) | half(14) << 32),
              let c = hex8(half(19) | half(24) << 32), let d = hex8(word(28)) else { return nil }
        return (UUIDValue(high: a << 32 | b, low: c << 32 | d), s + 36)
    }

    /// The number written by eight hex digits (either case), the first in the lowest byte of
    /// `word` (as loaded from memory on a little-endian machine); `nil` if any byte is not a hex
    /// digit. All eight at once, in the bytes of one integer.
    static func hex8(_ word: UInt64) -> UInt64? {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high = ones &* 0x80
        guard word & high == 0 else { return nil }
        // For bytes below 0x80, adding 0x80 - n sets a byte's top bit exactly when it is >= n,
        // and no carry crosses into the next byte.
        func atLeast(_ bytes: UInt64, _ n: UInt64) -> UInt64 { (bytes &+ ones &* (0x80 - n)) & high }
        let digit = atLeast(word, 0x30) & ~atLeast(word, 0x3A)
        let lower = word | ones &* 0x20
        let letter = atLeast(lower, 0x61) & ~atLeast(lower, 0x67)
        guard digit | letter == high else { return nil }
        // '0'…'9' are 0x30…0x39, 'a'…'f' 0x61…0x66, 'A'…'F' 0x41…0x46: the low nibble, plus 9
        // for letters (bit 6 set).
        let nibbles = (word & (ones &* 0x0F)) &+ 9 &* ((word >> 6) & ones)
        // Pack the eight nibbles, first digit most significant: pairs, quads, then all eight.
        let pairs = (nibbles & 0x000F_000F_000F_000F) << 4 | (nibbles & 0x0F00_0F00_0F00_0F00) >> 8
        let quads = (pairs & 0x0000_00FF_0000_00FF) << 8 | (pairs & 0x00FF_0000_00FF_0000) >> 16
        return (quads & 0x0000_0000_0000_FFFF) << 16 | (quads & 0x0000_FFFF_0000_0000) >> 32
    }

    /// The end of a string field: the first tab, newline, backslash or carriage return (the last
    /// two need the slow path: unescaping, and dropping a `\r` before the line's end). Eight
    /// bytes at a time.
    static func plainStringEnd(_ text: Span<UInt8>, from start: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high = ones &* 0x80
        // Bit 7 of a byte set where the byte is zero: exact for the lowest such byte (a borrow
        // only runs upward), which is the one wanted.
        func zeroBytes(_ word: UInt64) -> UInt64 { (word &- ones) & ~word & high }
        let bytes = text.bytes
        var i = start
        while i + 8 <= text.count {
            // Loading an integer is safe for any bytes ("unsafe" is about other types); checked.
            let word = bytes.unsafeLoadUnaligned(fromByteOffset: i, as: UInt64.self)
            let found = zeroBytes(word ^ (ones &* 0x09)) | zeroBytes(word ^ (ones &* 0x0A))
                | zeroBytes(word ^ (ones &* 0x0D)) | zeroBytes(word ^ (ones &* 0x5C))
            if found != 0 { return i + found.trailingZeroBitCount / 8 }
            i += 8
        }
        while i < text.count {
            let c = text[i]
            if c == 0x09 || c == 0x0A || c == 0x5C || c == 0x0D { break }
            i += 1
        }
        return i
    }
}
