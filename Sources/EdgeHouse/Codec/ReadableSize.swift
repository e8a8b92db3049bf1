import Foundation

/// Sizes as ClickHouse writes them for people (`formatReadableSize`, and its messages:
/// "Cannot reserve 1.00 MiB, not enough space").
enum ReadableSize {
    /// `formatReadableSize`: 1024-based units with two decimals (`0.00 B`, `1.45 KiB`).
    static func text(_ value: Double) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"]
        var v = value, unit = 0
        while abs(v) >= 1024 && unit < units.count - 1 { v /= 1024; unit += 1 }
        // Past the cents' range (or not a number), ClickHouse prints the shortest form.
        guard abs(v) < 1e15 else { return FloatText.format(v) + " " + units[unit] }
        return fixedTwoDecimals(v) + " " + units[unit]
    }

    /// `formatReadableQuantity`: 1000-based units with two decimals (`65.41 thousand`), as
    /// ClickHouse's limit messages write row counts.
    static func quantity(_ value: Double) -> String {
        let units = ["", " thousand", " million", " billion", " trillion", " quadrillion", " quintillion", " sextillion",
                     " septillion", " octillion", " nonillion", " decillion", " undecillion", " duodecillion",
                     " tredecillion", " quattuordecillion", " quindecillion", " sexdecillion", " septendecillion",
                     " octodecillion", " novemdecillion", " vigintillion"]
        var v = value, unit = 0
        while abs(v) >= 1000 && unit < units.count - 1 { v /= 1000; unit += 1 }
        guard abs(v) < 1e15 else { return FloatText.format(v) + units[unit] }
        return fixedTwoDecimals(v) + units[unit]
    }

    /// `v` with two decimals as ClickHouse's `ToFixed` writes it: the exact binary value rounded
    /// half up (2.675 is 2.67499… and prints 2.67; 0.125 prints 0.13), the sign kept (-0.00).
    private static func fixedTwoDecimals(_ v: Double) -> String {
        // Every double's exact decimal expansion ends within 1074 digits; truncate it after the
        // third decimal, which alone decides rounding half up at the second.
        let exact = Array(String(format: "%.1074f", abs(v)).utf8)
        let point = exact.firstIndex(of: UInt8(ascii: "."))!
        var digits = Array(exact[..<point]) + exact[(point + 1)...(point + 2)]
        if exact[point + 3] >= UInt8(ascii: "5") {
            var i = digits.count - 1
            while i >= 0 && digits[i] == UInt8(ascii: "9") {
                digits[i] = UInt8(ascii: "0")
                i -= 1
            }
            if i >= 0 { digits[i] += 1 } else { digits.insert(UInt8(ascii: "1"), at: 0) }
        }
        let whole = String(decoding: digits.dropLast(2), as: UTF8.self), cents = String(decoding: digits.suffix(2), as: UTF8.self)
        return (v.sign == .minus ? "-" : "") + whole + "." + cents
    }
}
