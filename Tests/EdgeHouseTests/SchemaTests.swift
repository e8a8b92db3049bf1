@testable import EdgeHouse
import EdgeHouseTestSupport
import Foundation
import Testing
import OptiInfraWorkload

@Suite struct SchemaTests {
    /// ClickHouse's order of these UUIDs (`ORDER BY u`, reference §7.1, verified in 26.9 and 18.16).
    static let clickHouseUUIDOrder = [
        "00000000-0000-0000-0000-000000000000", "00000000-0000-0001-0000-000000000000",
        "00000000-0000-0100-0000-000000000000", "01000000-0000-0000-0000-000000000000",
        "10000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-0000-000000000000",
        "00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000100",
        "00000000-0000-0000-1000-000000000000", "123e4567-e89b-12d3-a456-426614174000",
        "456e7890-e89b-12d3-a456-426614174000", "00000000-0000-0000-ffff-ffffffffffff",
    ]

    /// A definition read back from bytes (a `MANIFEST` whose checksum holds) is validated as
    /// one built in code: a sorting key naming no column is an error, not a crash later.
    @Test func aDecodedDefinitionIsValidated() throws {
        let valid = try metricsTable()
        let json = try JSONEncoder().encode(valid)
        #expect(try JSONDecoder().decode(TableDefinition.self, from: json) == valid)
        var object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        object["orderBy"] = ["no_such_column"]
        let broken = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: SchemaError.unknownColumn("no_such_column", table: valid.name)) {
            try JSONDecoder().decode(TableDefinition.self, from: broken)
        }
        object["orderBy"] = valid.orderBy
        object["indexGranularity"] = 0
        #expect(throws: SchemaError.badGranularity(0)) { try JSONDecoder().decode(TableDefinition.self, from: try JSONSerialization.data(withJSONObject: object)) }
    }

    @Test func uuidsSortAsClickHouseSortsThem() {
        var random = SplitMix64(seed: 3)
        let shuffled = Self.clickHouseUUIDOrder.shuffled(using: &random)
        #expect(shuffled.map { UUIDValue($0)! }.sorted().map(\.description) == Self.clickHouseUUIDOrder)
        // And the storage sort of a part agrees with it.
        let column = ColumnValues.uuid(shuffled.map { UUIDValue($0)! })
        let order = KeyOrder.sortPermutation([column])
        #expect(order.map { shuffled[Int($0)] } == Self.clickHouseUUIDOrder)
    }

    /// The sort permutation equals a stable sort by the key, whichever path computes it: the
    /// counting sort of time-ordered rows with few distinct prefixes, or the general sort.
    @Test(arguments: [(2_000, 5, true), (2_000, 5, false), (2_000, 1_500, true), (50, 2, true), (3_000, 40, true)])
    func sortPermutationIsAStableSortByTheKey(rows: Int, distinct: Int, timeOrdered: Bool) {
        var random = SplitMix64(seed: UInt64(rows * 31 + distinct))
        let uuids = (0..<distinct).map { _ in random.uuid() }
        let names = (0..<distinct).map { "service-\($0 % 7)" }
        var time: UInt32 = 1_790_000_000
        let timestamps = (0..<rows).map { _ -> UInt32 in
            if timeOrdered { time += UInt32(random.next() % 3) } else { time = 1_790_000_000 + UInt32(random.next() % 50) }
            return time
        }
        let picks = (0..<rows).map { _ in Int(random.next() % UInt64(distinct)) }
        let keys: [ColumnValues] = [.uuid(picks.map { uuids[$0] }), .string(StringColumn(picks.map { names[$0] })), .dateTime(timestamps)]
        let expected = (0..<Int32(rows)).sorted { a, b in
            let c = KeyOrder.compare(keys, Int(a), keys, Int(b))
            return c < 0 || (c == 0 && a < b)
        }
        #expect(KeyOrder.sortPermutation(keys) == expected)
    }

    @Test func uuidTextRoundTripsAndMatchesFoundation() {
        var random = SplitMix64(seed: 4)
        for _ in 0..<200 {
            let value = random.uuid()
            #expect(UUIDValue(value.description) == value)
            #expect(value.description == value.foundationUUID.uuidString.lowercased())
            #expect(UUIDValue(value.foundationUUID) == value)
            #expect(UUIDValue(value.description.uppercased()) == value)
            #expect(UUIDValue(value.description.replacingOccurrences(of: "-", with: "")) == value)
        }
        for bad in ["", "zzz", "123e4567-e89b-12d3-a456-42661417400", "123e4567-e89b-12d3-a456-42661417400g", "123e4567e-89b-12d3-a456-426614174000"] {
            #expect(UUIDValue(bad) == nil)
        }
    }

    @Test func dateTimeCalendarMatchesFoundation() {
        var random = SplitMix64(seed: 5)
        let formatter = DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        for _ in 0..<2000 {
            let seconds = UInt32(truncatingIfNeeded: random.next())
            let text = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
            #expect(DateTime.format(seconds) == text)
            #expect(DateTime.parse(text) == seconds)
            let month = DateTime.yyyymm(seconds)
            #expect(month == UInt32(text.prefix(4))! * 100 + UInt32(text.dropFirst(5).prefix(2))!)
            #expect(DateTime.monthRange(yyyymm: month).contains(Int64(seconds)))
        }
        #expect(DateTime.format(1_795_169_107) == "2026-11-20 10:05:07")
        #expect(DateTime.startOfHour(dt("2026-11-20 10:05:07")) == dt("2026-11-20 10:00:00"))
    }

    @Test func impossibleDatesAreRejected() {
        for bad in ["2026-13-45 99:00:00", "2026-02-30 10:05:00", "2026-11-20 24:00:00", "yesterday", "2026-11-2", "2200-01-01 00:00:00"] {
            #expect(DateTime.parse(bad) == nil, "\(bad)")
        }
        #expect(DateTime.parse("2024-02-29 00:00:00") != nil)
        #expect(DateTime.parse("2026-11-20") == dt("2026-11-20 00:00:00"))
    }

    @Test func partNamesPrintAndParseAsClickHouseNamesThem() {
        let name = PartName(partition: PartitionID(yyyymm: 202611), minBlock: 1, maxBlock: 3, level: 1)
        #expect(name.description == "202611_1_3_1")
        #expect(PartName("202611_1_3_1") == name)
        #expect(PartName("all_4_4_0")?.partition == .all)
        for bad in ["202611_3_1_0", "x_1_1_0", "1-_1_1_0", "90f3d0cb9011b4816568d684c9f4843_1_1_0", "202611_1_1", "202611_1_1_0_0", ""] {
            #expect(PartName(bad) == nil, "\(bad)")
        }
        // Partition expressions' IDs: numbers joined by '-', a hash of 32 hex digits.
        for good in ["20200102_1_1_0", "1-20200102_2_2_0", "-1_3_3_0", "90f3d0cb9011b4816568d684c9f48438_1_1_0"] {
            #expect(PartName(good)?.description == good, "\(good)")
        }
        #expect(name.contains(PartName("202611_2_2_0")!))
        #expect(!name.contains(PartName("202611_2_4_0")!))
        #expect(!name.contains(PartName("202610_2_2_0")!))
    }

    @Test func partFileNamesRoundTripWithEscaping() {
        for file in [PartFile.meta, .primaryIndex, .marks, .checksums, .data(column: "latency_ms"), .data(column: "a b/c.bin%")] {
            #expect(PartFile(file.description) == file)
        }
        #expect(PartFile.data(column: "a b").description == "a%20b.bin")
    }

    @Test func tableDefinitionsAreValidated() {
        let columns = [ColumnDefinition("t", .dateTime), ColumnDefinition("s", .string)]
        let name = TableName("db", "t")
        #expect(throws: SchemaError.unknownColumn("nope", table: name)) {
            _ = try TableDefinition(name: name, columns: columns, partitionColumn: "t", orderBy: ["nope"])
        }
        #expect(throws: SchemaError.notADateTime("s", table: name)) {
            _ = try TableDefinition(name: name, columns: columns, partitionColumn: "s", orderBy: ["t"])
        }
        #expect(throws: SchemaError.duplicateColumn("t", table: name)) {
            _ = try TableDefinition(name: name, columns: columns + [ColumnDefinition("t", .uint8)], partitionColumn: nil, orderBy: [])
        }
    }
}

/// Text output, as properties on top of the chdb goldens of `Tests/Queries`.
@Suite struct TextOutputTests {
    /// Every printed float reads back as the same value, in its own type, over all magnitudes
    /// (positional between 1e-6 and 1e21, scientific outside, no trailing `.0`).
    @Test func floatsPrintInTheShortestTextThatReadsBack() {
        var random = SplitMix64(seed: 44)
        for _ in 0..<20_000 {
            let double = Double(bitPattern: random.next())
            guard double.isFinite else { continue }
            let text = FloatText.format(double)
            #expect(Double(text) == double, "\(text) for \(double)")
            #expect(!text.hasSuffix(".0") && !text.contains("+"), "\(text)")
            let float = Float(bitPattern: UInt32(truncatingIfNeeded: random.next()))
            guard float.isFinite else { continue }
            #expect(Float(FloatText.format(float)) == float)
        }
        #expect(FloatText.format(-0.0) == "-0" && FloatText.format(1e21) == "1e21" && FloatText.format(1e20) == "100000000000000000000")
        #expect(FloatText.format(0.000001) == "0.000001" && FloatText.format(1.5e-7) == "1.5e-7" && FloatText.format(Float(0.1)) == "0.1")
    }

    /// TabSeparated escapes the ASCII specials byte by byte and leaves UTF-8 text alone.
    @Test func tabSeparatedEscapesAsClickHouse() {
        let text = "a\tb\nc\\d'e\u{0}\u{8}\u{C}\rü→"
        #expect(TextEscaping.tsvEscaped(text) == "a\\tb\\nc\\\\d\\'e\\0\\b\\f\\rü→")
        let rows = Batch([("s", .string(StringColumn([text, ""]))), ("n", .uint32([1, 2]))])
        #expect(String(decoding: OutputFormat.write(rows, as: .tabSeparated), as: UTF8.self) == "a\\tb\\nc\\\\d\\'e\\0\\b\\f\\rü→\t1\n\t2\n")
    }
}
