@testable import EdgeHouse
import Testing
import OptiInfraWorkload

/// The TSV reader's one-pass fast path (`FieldScan`) against the full parsers (`ValueParser`,
/// `UUIDValue`): on random spellings of every type — plain, odd and invalid — the fast path
/// either gives exactly the full parser's value or declines, and it never declines the plain
/// forms ClickHouse prints (or it would be no fast path).
@Suite struct FieldScanTests {
    /// Bytes near every boundary `hex8` tests: digits, letters of both cases and their neighbours,
    /// control bytes that `| 0x20` would turn into digits, and bytes past 0x7F.
    static let hexAlphabet: [UInt8] = Array("0123456789abcdefABCDEF/:@G`gxX-".utf8) + [0x10, 0x19, 0x80, 0xB0, 0xE6, 0xFF]

    @Test func hex8MatchesDigitByDigitParsing() {
        var random = SplitMix64(seed: 81)
        for trial in 0..<200_000 {
            // Mostly valid words (a few bad bytes at most), so both outcomes are common.
            let bad = trial % 3 == 0 ? Int(random.next() % 3) : 0
            var text = (0..<8).map { _ in Array("0123456789abcdefABCDEF".utf8)[Int(random.next() % 22)] }
            for _ in 0..<bad { text[Int(random.next() % 8)] = Self.hexAlphabet[Int(random.next() % UInt64(Self.hexAlphabet.count))] }
            let word = text.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
            let expected = UInt64(String(decoding: text, as: UTF8.self), radix: 16)
            #expect(FieldScan.hex8(word) == expected, "\(text)")
        }
    }

    @Test func uuidsAgreeWithTheFullParser() {
        var random = SplitMix64(seed: 82)
        for trial in 0..<20_000 {
            let uuid = UUIDValue(high: random.next(), low: random.next())
            var text = Array(uuid.description.utf8)
            if trial % 2 == 1 {
                // Upper case, a moved dash, or any byte replaced.
                let position = Int(random.next() % 36)
                text[position] = Self.hexAlphabet[Int(random.next() % UInt64(Self.hexAlphabet.count))]
            }
            let scanned = FieldScan.uuid((text + [0x09]).span, from: 0)
            let full = UUIDValue(utf8: text[...])
            if trial % 2 == 0 { #expect(scanned?.value == uuid && scanned?.end == 36) }
            if let scanned { #expect(scanned.value == full, "\(String(decoding: text, as: UTF8.self))") }
            else { #expect(full == nil, "declined \(String(decoding: text, as: UTF8.self))") }
        }
    }

    @Test func decimalsAgreeWithACorrectlyRoundedParser() {
        var random = SplitMix64(seed: 83)
        let pieces = ["", "-", "0", "00", "1", "12", "123456789", "1234567890123456", ".", ".5", "5.", "e3", "E-2", "inf", "nan", "+", "9"]
        for trial in 0..<50_000 {
            let text: [UInt8]
            if trial % 2 == 0 {
                // A number as ClickHouse prints one: up to 9 digits, up to 4 decimals.
                let integer = Int(random.next() % 1_000_000_000), decimals = Int(random.next() % 5)
                let fraction = decimals == 0 ? "" : "." + String(String(random.next() % 10_000 + 10_000).suffix(decimals))
                text = Array(((random.next() % 4 == 0 ? "-" : "") + "\(integer)" + fraction).utf8)
            } else {
                text = Array((0..<Int(random.next() % 4 + 1)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined().utf8)
            }
            let scanned = FieldScan.double((text + [0x09]).span, from: 0)
            if trial % 2 == 0 { #expect(scanned?.end == text.count, "\(String(decoding: text, as: UTF8.self))") }
            guard let scanned, scanned.end == text.count else { continue }
            // Against Swift's own correctly rounded parser (strtod), not ValueParser, which
            // takes this same fast path.
            let reference = Double(String(decoding: text, as: UTF8.self))
            #expect(reference?.bitPattern == scanned.value.bitPattern, "\(String(decoding: text, as: UTF8.self))")
        }
    }

    /// Spellings with no digit are not numbers, as in ClickHouse (code 72); a point may lead or
    /// trail digits.
    @Test func aDecimalNeedsADigit() {
        for text in ["-.", ".", "-", "+", "e5"] { #expect(ValueParser.double(Array(text.utf8)[...]) == nil, "\(text)") }
        #expect(ValueParser.double(Array("5.".utf8)[...]) == 5)
        #expect(ValueParser.double(Array(".5".utf8)[...]) == 0.5)
        #expect(ValueParser.double(Array("-0".utf8)[...])?.bitPattern == (-0.0).bitPattern)
    }

    @Test func dateTimesAndIntegersAgreeWithTheFullParser() {
        var random = SplitMix64(seed: 84)
        for trial in 0..<50_000 {
            let seconds = UInt32(truncatingIfNeeded: random.next())
            var text = Array(DateTime.format(seconds).utf8)
            if trial % 2 == 1 { text[Int(random.next() % 19)] = Array("0123456789 -:T/x".utf8)[Int(random.next() % 16)] }
            let scanned = FieldScan.dateTime((text + [0x0A]).span, from: 0)
            if trial % 2 == 0 { #expect(scanned?.value == seconds) }
            if let scanned { #expect(ValueParser.dateTime(text[...]) == scanned.value, "\(String(decoding: text, as: UTF8.self))") }

            let digits = Array(String(random.next() >> (random.next() % 64)).utf8)
            let integer = FieldScan.unsigned((digits + [0x09]).span, from: 0)
            #expect(integer?.value == ValueParser.unsigned(digits[...]) && integer?.end == digits.count)
        }
    }

    @Test func stringEndsAreFoundEightBytesAtATime() {
        var random = SplitMix64(seed: 85)
        let alphabet: [UInt8] = Array("abcXYZ 09-_".utf8) + [0x08, 0x0B, 0x19, 0x5B, 0x5D, 0x80, 0xC3, 0xA9, 0xFF, 0x00]
        let ends: [UInt8] = [0x09, 0x0A, 0x0D, 0x5C]
        for _ in 0..<20_000 {
            var text = (0..<Int(random.next() % 40)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
            if random.next() % 4 != 0, !text.isEmpty { text[Int(random.next() % UInt64(text.count))] = ends[Int(random.next() % 4)] }
            let start = text.isEmpty ? 0 : Int(random.next() % UInt64(text.count))
            let expected = text[start...].firstIndex(where: ends.contains) ?? text.count
            #expect(FieldScan.plainStringEnd(text.span, from: start) == expected, "\(text) from \(start)")
        }
    }

    /// Whole rows: the reader's fast path and its fallback (escapes, `\r\n`, `\N`, exponents,
    /// undashed UUIDs) give the rows the full parsers give field by field.
    @Test func rowsMixingPlainAndOddFieldsParseAsTheFullParsersDo() throws {
        let columns: [ColumnDefinition] = [.init("t", .dateTime), .init("u", .uuid), .init("s", .string), .init("f", .float32),
                                           .init("d", .float64), .init("n", .uint32)]
        let text = """
        2026-11-10 10:00:00\t0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9\tplain\t12.5\t0.1\t7
        2026-11-10T10:00:01\t0A1B2C3D4E5F60718293A4B5C6D7E8F9\ttab\\there\t1e3\t-1234567890.1234567\t+8
        1794218402\t0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9\t\\N\tinf\t-0\t4294967297\r

        """
        let batch = try TSVReader.read(Array(text.utf8), columns: columns, table: TableName("t", "t"), header: false)
        #expect(batch.columns[0] == .dateTime([1_794_304_800, 1_794_304_801, 1_794_218_402]))
        let uuid = UUIDValue("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9")!
        #expect(batch.columns[1] == .uuid([uuid, uuid, uuid]))
        #expect(batch.columns[2] == .string(StringColumn(["plain", "tab\there", ""])))
        #expect(batch.columns[3] == .float32([12.5, 1000, .infinity]))
        guard case .float64(let doubles) = batch.columns[4] else { Issue.record("not Float64"); return }
        #expect(doubles.map(\.bitPattern) == [0.1, -1234567890.1234567, -0.0].map(\.bitPattern))
        #expect(batch.columns[5] == .uint32([7, 8, 1]))
    }
}
