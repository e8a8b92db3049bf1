import EdgeHouseTestSupport
import Testing

@testable import EdgeHouse
import OptiInfraWorkload

/// The fast float parser against Swift's exact parsers (`Double(String)`, `Float(String)`, both
/// correctly rounded) and against values ClickHouse 26.9 stores (chdb). The million-string
/// comparison with chdb itself is `Tests/Floats/compare-with-chdb.py`, run by `scripts/test`.
struct FloatParserTests {
    private func parse(_ text: String) -> (double: Double?, float: Float?) {
        let bytes = Array(text.utf8)[...]
        return (ValueParser.double(bytes), ValueParser.float(bytes))
    }

    /// Inputs where a parser that is almost right goes wrong: halfway cases, the edges of the
    /// subnormals and of overflow, more digits than fit in 64 bits, and Float32 values that
    /// rounding through a Double would move.
    @Test func hardCasesRoundAsClickHouseStoresThem() {
        let doubles: [(String, UInt64)] = [
            ("9007199254740993", 0x4340_0000_0000_0000),  // 2^53 + 1: halfway, to even (2^53)
            ("9007199254740995", 0x4340_0000_0000_0002),  // halfway, to even (up)
            ("2.2250738585072011e-308", 0x000F_FFFF_FFFF_FFFF),  // the largest subnormal
            ("2.2250738585072014e-308", 0x0010_0000_0000_0000),  // the smallest normal
            ("4.9406564584124654e-324", 0x0000_0000_0000_0001),
            ("2.4703282292062327e-324", 0),  // just below half the smallest subnormal
            ("2.4703282292062328e-324", 1),  // just above
            ("1.7976931348623157e308", 0x7FEF_FFFF_FFFF_FFFF),
            ("1.7976931348623158e308", 0x7FEF_FFFF_FFFF_FFFF),
            ("1.7976931348623159e308", 0x7FF0_0000_0000_0000),  // rounds to infinity
            ("1e400", 0x7FF0_0000_0000_0000),
            ("1e-400", 0),
            ("0.000000000000000000000000000000000000000000001e45", 0x3FF0_0000_0000_0000),
            ("1.00000000000000011102230246251565404236316680908203125", 0x3FF0_0000_0000_0000),  // 1 + 2^-53: to even
            ("1.00000000000000011102230246251565404236316680908203126", 0x3FF0_0000_0000_0001),  // past halfway in the 55th digit
            ("123456789012345678901234567890", 0x45F8_EE90_FF6C_373E),
            ("-0", 0x8000_0000_0000_0000),
            ("404.40277016598185", Double(404.40277016598185).bitPattern),
        ]
        for (text, bits) in doubles {
            #expect(parse(text).double?.bitPattern == bits, "\(text)")
        }
        // ClickHouse 26.9 (chdb), `SELECT reinterpretAsUInt32(x)` of these as Float32 TSV input.
        let floats: [(String, UInt32)] = [
            ("1.00000017881393432617187499", 1_065_353_217),  // via a Double: 1_065_353_218
            ("1.00000017881393432617187501", 1_065_353_218),
            ("1.0000001788139343", 1_065_353_217),  // via a Double: 1_065_353_218
            ("3.4028235677973366e38", 2_139_095_039),  // below the midpoint to infinity
            ("1e-46", 0),
            ("7.006492321624085e-46", 0),
            ("1.4e-45", 1),
            ("3.4028236e38", 0x7F80_0000),
        ]
        for (text, bits) in floats {
            #expect(parse(text).float?.bitPattern == bits, "\(text)")
        }
    }

    /// Random decimals of every length (1–30 significant digits, leading and trailing zeros),
    /// points anywhere and exponents across both formats' ranges: the same bits as Swift's
    /// exact parsers, for Double and for Float.
    @Test func randomDecimalsMatchTheExactParsers() {
        var random = SplitMix64(seed: 2026)
        func digits(_ count: Int) -> String {
            String((0..<count).map { _ in Character(String(random.next() % 10)) })
        }
        for trial in 0..<200_000 {
            var text = random.next() % 3 == 0 ? "-" : ""
            let integer = digits(Int(random.next() % 20)), fraction = digits(Int(random.next() % 20))
            text += integer
            if random.next() % 4 != 0 || integer.isEmpty { text += "." + (fraction.isEmpty && integer.isEmpty ? "0" : fraction) }
            switch trial % 4 {
            case 0: break
            case 1: text += "e\(Int(random.next() % 90) - 45)"
            case 2: text += "E\(Int(random.next() % 700) - 350)"
            default: text += "e+\(random.next() % 40)"
            }
            let parsed = parse(text)
            #expect(parsed.double?.bitPattern == Double(text)?.bitPattern, "\(text)")
            #expect(parsed.float?.bitPattern == Float(text)?.bitPattern, "\(text)")
        }
    }

    /// Every double's shortest text (what Python's `repr` and ClickHouse print) reads back as
    /// that double; and every float's as that float — the full-precision agents' case.
    @Test func shortestTextsRoundTrip() {
        var random = SplitMix64(seed: 7)
        for _ in 0..<200_000 {
            let double = Double(bitPattern: random.next() & 0x7FFF_FFFF_FFFF_FFFF)
            if double.isFinite { #expect(parse("\(double)").double?.bitPattern == double.bitPattern, "\(double)") }
            let float = Float(bitPattern: UInt32(truncatingIfNeeded: random.next()) & 0x7FFF_FFFF)
            if float.isFinite { #expect(parse("\(float)").float?.bitPattern == float.bitPattern, "\(float)") }
        }
    }

    /// The fast path decides, or says it cannot: it never returns a value the exact parser
    /// disagrees with, and it decides nearly everything (the exact parser is the slow path).
    @Test func theFastPathDecidesAlmostEverything() {
        var random = SplitMix64(seed: 11)
        var undecided = 0
        for _ in 0..<100_000 {
            let double = Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF)
            let text = Array("\(double)".utf8)
            guard let (decimal, end) = FloatParser.scan(text.span, from: 0), end == text.count else {
                Issue.record("not scanned: \(double)")
                continue
            }
            if let fast = FloatParser.double(decimal) {
                #expect(fast.bitPattern == double.bitPattern)
            } else {
                undecided += 1
            }
        }
        #expect(undecided < 10)
    }

    /// What the scanner takes and leaves to the full parser.
    @Test func scannerSpellings() {
        func scanned(_ text: String) -> FloatParser.Decimal? {
            let bytes = Array(text.utf8)
            guard let (decimal, end) = FloatParser.scan(bytes.span, from: 0), end == bytes.count else { return nil }
            return decimal
        }
        #expect(scanned("12.50") == FloatParser.Decimal(negative: false, mantissa: 1250, exponent: -2))
        #expect(scanned("-0.0025e3") == FloatParser.Decimal(negative: true, mantissa: 25, exponent: -1))
        #expect(scanned("12345678901234567890123") == FloatParser.Decimal(mantissa: 1_234_567_890_123_456_789, exponent: 4, truncated: true))
        #expect(scanned("10000000000000000000000") == FloatParser.Decimal(mantissa: 1_000_000_000_000_000_000, exponent: 4))
        for text in ["+1", "inf", "nan", "1e", "1e+", ".", "-", "-.", "e5", "0x10"] { #expect(scanned(text) == nil, "\(text)") }
        // The scanner stops at the first byte that cannot continue the number.
        let bytes = Array("1.5\t2".utf8)
        #expect(FloatParser.scan(bytes.span, from: 0)?.end == 3)
        #expect(parse("+1.5").double == 1.5)  // the full parser takes a leading plus
        #expect(parse("-inf").float == -.infinity)
        #expect(parse("1e").double == nil)
    }

    /// Digit runs of every length, read eight at a time where they can be, stop at the first
    /// byte that is not a digit (the bytes either side of '0'…'9' included) with the value
    /// one-by-one reading gives, wrapping past 2^64 alike.
    @Test func digitRunsReadEightAtATimeAsOneByOne() {
        var random = SplitMix64(seed: 13)
        let stops: [UInt8] = [0x2F, 0x3A, 0x09, 0x2E, 0x00, 0xFF, 0xFA, 0xF0]
        for _ in 0..<50_000 {
            let length = Int(random.next() % 40)
            var bytes = (0..<length).map { _ in UInt8(48 + random.next() % 10) }
            let stop = stops[Int(random.next() % UInt64(stops.count))]
            bytes.append(stop)
            bytes += (0..<Int(random.next() % 10)).map { _ in UInt8(48 + random.next() % 10) }
            let start = Int(random.next() % 2) == 0 ? 0 : min(1, length)
            var fromStart: UInt64 = 0
            for digit in bytes[start..<length] { fromStart = fromStart &* 10 &+ UInt64(digit - 48) }
            var value: UInt64 = 0
            #expect(FloatParser.digits(bytes.span, from: start, into: &value) == length)
            #expect(value == fromStart)
        }
    }
}
