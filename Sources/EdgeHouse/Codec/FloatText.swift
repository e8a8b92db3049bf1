/// Floats as ClickHouse prints them: the shortest digits that round-trip in the value's own
/// type, positional notation for 1e-6 ≤ |x| < 1e21 without a trailing `.0`, otherwise
/// `<d>[.ddd]e<exp>` with no `+` and no padding; `nan`, `inf`, `-inf`, `-0`.
public enum FloatText {
    public static func format(_ value: Double) -> String { format(description: value.description, isNaN: value.isNaN, isInfinite: value.isInfinite, isNegative: value.sign == .minus) }

    public static func format(_ value: Float) -> String { format(description: value.description, isNaN: value.isNaN, isInfinite: value.isInfinite, isNegative: value.sign == .minus) }

    private static func format(description: String, isNaN: Bool, isInfinite: Bool, isNegative: Bool) -> String {
        if isNaN { return "nan" }
        if isInfinite { return isNegative ? "-inf" : "inf" }
        // Swift's description already has the shortest round-trip digits; only the layout
        // differs. Worked on as ASCII bytes: results are printed a value at a time.
        let text = Array(description.utf8)
        var i = 0
        var out = [UInt8]()
        if text.first == UInt8(ascii: "-") {
            out.append(UInt8(ascii: "-"))
            i = 1
        }
        var digits = [UInt8]()
        var pointPosition = 0  // digits before the decimal point
        var seenPoint = false
        var exponent = 0
        while i < text.count {
            let c = text[i]
            if c == UInt8(ascii: ".") {
                seenPoint = true
            } else if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                exponent = Int(String(decoding: text[(i + 1)...], as: UTF8.self))!
                break
            } else {
                digits.append(c)
                if !seenPoint { pointPosition += 1 }
            }
            i += 1
        }
        pointPosition += exponent
        var first = 0
        while digits.count - first > 1, digits[first] == UInt8(ascii: "0") {
            first += 1
            pointPosition -= 1
        }
        digits.removeFirst(first)
        while digits.count > 1, digits.last == UInt8(ascii: "0") { digits.removeLast() }
        if digits == [UInt8(ascii: "0")] {
            out.append(UInt8(ascii: "0"))
            return String(decoding: out, as: UTF8.self)
        }
        let scientificExponent = pointPosition - 1
        if scientificExponent < -6 || scientificExponent >= 21 {
            out.append(digits[0])
            if digits.count > 1 {
                out.append(UInt8(ascii: "."))
                out += digits.dropFirst()
            }
            out += "e\(scientificExponent)".utf8
        } else if pointPosition <= 0 {
            out += "0.".utf8
            out += repeatElement(UInt8(ascii: "0"), count: -pointPosition)
            out += digits
        } else if pointPosition >= digits.count {
            out += digits
            out += repeatElement(UInt8(ascii: "0"), count: pointPosition - digits.count)
        } else {
            out += digits.prefix(pointPosition)
            out.append(UInt8(ascii: "."))
            out += digits.dropFirst(pointPosition)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
