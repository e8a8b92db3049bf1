/// Floats as ClickHouse prints them: the shortest digits that round-trip in the value's own
/// type, positional notation for 1e-6 ≤ |x| < 1e21 without a trailing `.0`, otherwise
/// `<d>[.ddd]e<exp>` with no `+` and no padding; `nan`, `inf`, `-inf`, `-0`.
public enum FloatText {
    public static func format(_ value: Double) -> String { format(description: value.description, isNaN: value.isNaN, isInfinite: value.isInfinite, isNegative: value.sign == .minus) }

    public static func format(_ value: Float) -> String { format(description: value.description, isNaN: value.isNaN, isInfinite: value.isInfinite, isNegative: value.sign == .minus) }

    private static func format(description: String, isNaN: Bool, isInfinite: Bool, isNegative: Bool) -> String {
        if isNaN { return "nan" }
        if isInfinite { return isNegative ? "-inf" : "inf" }
        // Swift's description already has the shortest round-trip digits; only the layout differs.
        var text = Substring(description)
        let sign = text.first == "-" ? "-" : ""
        if sign == "-" { text = text.dropFirst() }
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...])!
            text = text[..<e]
        }
        let point = text.firstIndex(of: ".")
        let integerPart = point.map { text[..<$0] } ?? text
        let fractionPart = point.map { text[text.index(after: $0)...] } ?? ""
        var digits = Array((integerPart + fractionPart).utf8)
        var pointPosition = integerPart.count + exponent   // digits before the decimal point
        while digits.count > 1, digits.first == UInt8(ascii: "0") {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.count > 1, digits.last == UInt8(ascii: "0") { digits.removeLast() }
        if digits == [UInt8(ascii: "0")] { return sign + "0" }
        let scientificExponent = pointPosition - 1
        if scientificExponent < -6 || scientificExponent >= 21 {
            var mantissa = String(decoding: digits.prefix(1), as: UTF8.self)
            if digits.count > 1 { mantissa += "." + String(decoding: digits.dropFirst(), as: UTF8.self) }
            return sign + mantissa + "e\(scientificExponent)"
        }
        if pointPosition <= 0 {
            return sign + "0." + String(repeating: "0", count: -pointPosition) + String(decoding: digits, as: UTF8.self)
        }
        if pointPosition >= digits.count {
            return sign + String(decoding: digits, as: UTF8.self) + String(repeating: "0", count: pointPosition - digits.count)
        }
        return sign + String(decoding: digits.prefix(pointPosition), as: UTF8.self) + "." + String(decoding: digits.dropFirst(pointPosition), as: UTF8.self)
    }
}
