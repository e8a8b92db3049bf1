@testable import EdgeHouse
import EdgeHouseTestSupport
import Testing
import OptiInfraWorkload

/// A small table for behaviour tests: partitioned by month, keyed by (customer, timestamp),
/// 30-day TTL, tiny granules so that pruning has something to prune.
func metricsTable(granularity: Int = 4, ttlDays: UInt32? = 30) throws -> TableDefinition {
    try TableDefinition(
        name: TableName("test", "metrics"),
        columns: [.init("timestamp", .dateTime), .init("customer_id", .uuid), .init("name", .string), .init("value", .float64)],
        partitionColumn: "timestamp", orderBy: ["customer_id", "timestamp"],
        ttl: ttlDays.map { TTLRule(column: "timestamp", days: $0) }, indexGranularity: granularity)
}

let customerA = UUIDValue("00000000-0000-0000-0000-00000000000a")!
let customerB = UUIDValue("00000000-0000-0000-0000-00000000000b")!

func metricsRows(_ rows: [(String, UUIDValue, String, Double)]) -> Batch {
    Batch([
        ("timestamp", .dateTime(rows.map { dt($0.0) })), ("customer_id", .uuid(rows.map(\.1))),
        ("name", .string(StringColumn(rows.map(\.2)))), ("value", .float64(rows.map(\.3))),
    ])
}

func testOptions(clock: ManualClock = ManualClock(dt("2026-11-25 12:00:00"))) -> StoreOptions {
    var options = StoreOptions()
    options.backgroundMaintenance = false
    options.clock = clock.clock
    return options
}

/// The rows of a SELECT over one snapshot (tab-separated), as a query sees them.
func select(_ sql: String, in snapshot: Snapshot) throws -> [String] {
    guard case .select(let query, nil) = try Parser.parseSingle(sql) else { throw SQLError.notImplemented("not a SELECT: \(sql)") }
    let context = QueryContext(database: "default", databases: Set(snapshot.tables.keys.map(\.database)).sorted(), now: 0)
    return try SelectPlanner(tables: snapshot, context: context).run(query).rowTexts
}

func allRows(_ store: Store, _ table: TableName = TableName("test", "metrics")) throws -> [String] {
    let definition = try store.snapshot().definition(of: table)
    return try store.snapshot().read(table, columns: definition.columns.map(\.name)).rowTexts
}

/// Compares two multisets of rows and reports only the difference.
func expectSameRows(_ actual: [String], _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    var counts = [String: Int]()
    for row in actual { counts[row, default: 0] += 1 }
    for row in expected { counts[row, default: 0] -= 1 }
    let differences = counts.filter { $0.value != 0 }.sorted { $0.key < $1.key }.prefix(5)
    #expect(differences.isEmpty, "rows extra (+) or missing (-): \(differences.map { "\($0.value > 0 ? "+" : "")\($0.value) \($0.key)" })", sourceLocation: sourceLocation)
    #expect(actual.count == expected.count, sourceLocation: sourceLocation)
}

@Suite struct StoreTests {
    let table = TableName("test", "metrics")

    @Test func insertSplitsByMonthAndNumbersPartsAsClickHouse() throws {
        let store = Store.inMemory(options: testOptions())
        try store.createTable(try metricsTable())
        // ClickHouse (reference §6): rows 2026-11-20, 2026-10-31, 2026-11-01, 2026-10-01 →
        // 202611_1_1_0 (2 rows), 202610_2_2_0 (2 rows); the next insert → 202611_3_3_0.
        try store.insert(metricsRows([
            ("2026-11-20 10:00:00", customerA, "a", 1), ("2026-10-31 23:59:59", customerA, "b", 2),
            ("2026-11-01 00:00:00", customerB, "c", 3), ("2026-10-01 00:00:00", customerB, "d", 4),
        ]), into: table)
        try store.insert(metricsRows([("2026-11-21 00:00:00", customerA, "e", 5)]), into: table)
        let parts = try store.snapshot().parts(of: table)
        #expect(parts.map(\.name.description) == ["202610_2_2_0", "202611_1_1_0", "202611_3_3_0"])
        #expect(parts.map(\.rows) == [2, 2, 1])
        #expect(parts[0].meta.dateTimeRanges["timestamp"] == dt("2026-10-01 00:00:00")...dt("2026-10-31 23:59:59"))
    }

    @Test func rowsAreSortedByTheKeyAndEqualKeysKeepInsertionOrder() throws {
        let store = Store.inMemory(options: testOptions())
        try store.createTable(try metricsTable())
        try store.insert(metricsRows([
            ("2026-11-20 10:00:02", customerB, "b2", 1), ("2026-11-20 10:00:01", customerB, "b1", 2),
            ("2026-11-20 10:00:05", customerA, "a5", 3), ("2026-11-20 10:00:01", customerB, "b1-again", 4),
        ]), into: table)
        let names = try store.snapshot().read(table, columns: ["name"]).column(named: "name")!
        #expect((0..<4).map { names.text(at: $0) } == ["a5", "b1", "b1-again", "b2"])
    }

    @Test func omittedColumnsGetDefaultsAndBadColumnsAreRefusedWithClickHouseCodes() throws {
        let store = Store.inMemory(options: testOptions())
        try store.createTable(try metricsTable())
        try store.insert(Batch([("timestamp", .dateTime([dt("2026-11-20 10:00:00")]))]), into: table)
        #expect(try allRows(store) == ["2026-11-20 10:00:00\t00000000-0000-0000-0000-000000000000\t\t0"])

        let unknown = #expect(throws: StorageError.self) {
            try store.insert(Batch([("nope", .uint8([1]))]), into: table)
        }
        #expect(unknown?.code == .noSuchColumnInTable)
        #expect(unknown?.description == "Code: 16. DB::Exception: No such column nope in table test.metrics (NO_SUCH_COLUMN_IN_TABLE)")
        let mismatch = #expect(throws: StorageError.self) {
            try store.insert(Batch([("value", .string(StringColumn(["x"])))]), into: table)
        }
        #expect(mismatch?.code == .typeMismatch)
        let missing = #expect(throws: StorageError.self) {
            try store.insert(metricsRows([("2026-11-20 10:00:00", customerA, "a", 1)]), into: TableName("test", "nope"))
        }
        #expect(missing?.description == "Code: 60. DB::Exception: Table test.nope does not exist. (UNKNOWN_TABLE)")
        #expect(try allRows(store).count == 1)
    }

    @Test func aQueryOnOnePartitionOpensOnlyThatPartitionsParts() throws {
        let store = Store.inMemory(options: testOptions())
        try store.createTable(try metricsTable())
        for month in ["2026-09", "2026-10", "2026-11"] {
            try store.insert(metricsRows((0..<10).map { ("\(month)-15 10:00:0\($0)", customerA, "x", Double($0)) }), into: table)
        }
        let window = ScanFilter([.halfOpen("timestamp", from: .dateTime(dt("2026-10-01 00:00:00")), to: .dateTime(dt("2026-11-01 00:00:00")))])
        var rows = 0
        let statistics = try store.snapshot().scan(table, columns: ["value"], filter: window) { rows += $0.rowCount }
        #expect(rows == 10)
        #expect(statistics.partsRead.map(\.partition.description) == ["202610"])
    }

    @Test func thePrimaryIndexSkipsGranulesOutsideTheKeyRange() throws {
        let store = Store.inMemory(options: testOptions())
        try store.createTable(try metricsTable(granularity: 4))
        var rows = [(String, UUIDValue, String, Double)]()
        for minute in 0..<40 {
            rows.append(("2026-11-20 10:\(minute < 10 ? "0" : "")\(minute):00", customerA, "a", Double(minute)))
            rows.append(("2026-11-20 10:\(minute < 10 ? "0" : "")\(minute):00", customerB, "b", Double(minute)))
        }
        try store.insert(metricsRows(rows), into: table)
        let filter = ScanFilter([.equals("customer_id", .uuid(customerB)),
                                 .halfOpen("timestamp", from: .dateTime(dt("2026-11-20 10:10:00")), to: .dateTime(dt("2026-11-20 10:14:00")))])
        let values = try store.snapshot().read(table, columns: ["value"], filter: filter).column(named: "value")!
        #expect((0..<values.count).map { values.text(at: $0) } == ["10", "11", "12", "13"])
        var seen = 0
        let statistics = try store.snapshot().scan(table, columns: ["value"], filter: filter) { seen += $0.rowCount }
        #expect(statistics.granulesRead <= 2, "read \(statistics.granulesRead) of 20 granules")
    }

    @Test func mergesKeepEveryRowAndAnswersDoNotDependOnThem() throws {
        let store = Store.inMemory(options: testOptions())
        try store.createTable(try metricsTable(granularity: 3, ttlDays: nil))
        var random = SplitMix64(seed: 11)
        var expected = [String]()
        for insert in 0..<23 {
            let count = Int(random.next() % 20) + 1
            let batch = metricsRows((0..<count).map { i in
                let day = 10 + Int(random.next() % 40)  // spans October and November
                let (month, dayOfMonth) = day <= 31 ? ("10", day) : ("11", day - 31)
                let date = "2026-\(month)-\(dayOfMonth < 10 ? "0" : "")\(dayOfMonth)"
                return ("\(date) 10:00:00", random.next() % 2 == 0 ? customerA : customerB, "i\(insert)r\(i)", Double(i))
            })
            try store.insert(batch, into: table)
            expected += batch.rowTexts
        }
        let before = try allRows(store)
        expectSameRows(before, expected)
        let report = try store.runMaintenance(now: dt("2026-11-01 00:00:00"))
        #expect(report.merges > 0)
        let parts = try store.snapshot().parts(of: table)
        #expect(parts.count < 23)
        #expect(parts.allSatisfy { $0.name.level > 0 || parts.count > 10 })
        let after = try allRows(store)
        expectSameRows(after, expected)
        // Within each partition, rows come out in key order with equal keys in insertion
        // (block) order: exactly the stable sort of the inserted rows.
        try store.optimize(table, final: true)
        let merged = try allRows(store)
        #expect(try store.snapshot().parts(of: table).count == 2)
        let stable = expected.enumerated().sorted { a, b in
            let fa = a.element.split(separator: "\t"), fb = b.element.split(separator: "\t")
            let ka = (DateTime.yyyymm(dt(String(fa[0]))), UUIDValue(String(fa[1]))!, dt(String(fa[0])))
            let kb = (DateTime.yyyymm(dt(String(fb[0]))), UUIDValue(String(fb[1]))!, dt(String(fb[0])))
            if ka.0 != kb.0 { return ka.0 < kb.0 }
            if ka.1 != kb.1 { return ka.1 < kb.1 }
            if ka.2 != kb.2 { return ka.2 < kb.2 }
            return a.offset < b.offset
        }.map(\.element)
        #expect(merged == stable)
    }

    @Test func mergedPartsAreNamedForTheBlocksTheyCover() throws {
        let store = Store.inMemory(options: testOptions())
        try store.createTable(try metricsTable())
        for i in 0..<5 { try store.insert(metricsRows([("2026-11-20 10:00:0\(i)", customerA, "x", 1)]), into: table) }
        #expect(try store.runMaintenance().merges == 1)
        #expect(try store.snapshot().parts(of: table).map(\.name.description) == ["202611_1_5_1"])
        try store.optimize(table, final: true)
        #expect(try store.snapshot().parts(of: table).map(\.name.description) == ["202611_1_5_2"])
    }

    /// A maintenance step does one merge at most; the loop steps until a step does nothing.
    @Test func aMaintenanceStepMergesOnce() throws {
        let store = Store.inMemory(options: testOptions())
        try store.createTable(try metricsTable())
        for i in 0..<10 { try store.insert(metricsRows([("2026-11-20 10:00:0\(i)", customerA, "x", 1)]), into: table) }
        #expect(try store.maintenanceStep().merges == 1)
        #expect(try store.snapshot().parts(of: table).count == 6)
        #expect(try store.runMaintenance().merges == 1)
        #expect(try store.snapshot().parts(of: table).map(\.name.description) == ["202611_1_5_1", "202611_6_10_1"])
        #expect(try store.maintenanceStep().didWork == false)
    }

    /// A closing store cancels its maintenance task: a merge under way gives up at its next
    /// batch with ClickHouse's error (236, "Cancelled merging parts"), commits nothing and leaves
    /// no temporary part; the next pass merges.
    @Test func aCancelledMergeGivesUpAndLeavesThePartsAsTheyWere() async throws {
        let store = Store.inMemory(options: testOptions())
        try store.createTable(try metricsTable())
        for i in 0..<5 { try store.insert(metricsRows([("2026-11-20 10:00:0\(i)", customerA, "x", 1)]), into: table) }
        let before = try store.snapshot().parts(of: table).map(\.name.description)
        let merged = await Task.detached { () -> Result<Bool, StorageError> in
            withUnsafeCurrentTask { $0?.cancel() }
            return Result { () throws(StorageError) in try store.mergeOnce() }
        }.value
        #expect(merged == .failure(.mergeCancelled))
        #expect(StorageError.mergeCancelled.code.rawValue == 236)
        #expect(try store.snapshot().parts(of: table).map(\.name.description) == before)
        let files = try store.fileSystem.listDirectory(store.tableDirectory(table))
        #expect(!files.contains { $0.hasPrefix("tmp_") }, "\(files)")
        #expect(try store.runMaintenance().merges == 1)
        #expect(try allRows(store).count == 5)
    }

    @Test func ttlRemovesExpiredRowsAndDropsExpiredPartsWhole() throws {
        let clock = ManualClock(dt("2026-11-25 12:00:00"))
        let store = Store.inMemory(options: testOptions(clock: clock))
        try store.createTable(try metricsTable())
        try store.insert(metricsRows([("2026-09-01 10:00:00", customerA, "old", 1)]), into: table)
        try store.insert(metricsRows([("2026-10-20 10:00:00", customerA, "mixed-old", 2), ("2026-10-30 10:00:00", customerA, "mixed-new", 3)]), into: table)
        try store.insert(metricsRows([("2026-11-20 10:00:00", customerA, "new", 4)]), into: table)
        // As in ClickHouse, expired rows stay visible until a merge removes them…
        #expect(try allRows(store).count == 4)
        // …unless the store is asked to hide them.
        var hiding = testOptions(clock: clock)
        hiding.hideExpiredRows = true
        // Now = 2026-11-25 12:00: the cutoff is 2026-10-26 12:00.
        let report = try store.runMaintenance()
        #expect(report.partsDroppedByTTL == 1)
        #expect(report.partsRewrittenByTTL == 1)
        #expect(try allRows(store).map { $0.split(separator: "\t")[2] } == ["mixed-new", "new"])
        #expect(try store.snapshot().parts(of: table).map(\.name.description) == ["202610_2_2_1", "202611_3_3_0"])
        clock.advance(days: 30)
        try store.runMaintenance()
        #expect(try allRows(store).isEmpty)
        #expect(try store.snapshot().parts(of: table).isEmpty)
    }

    @Test func expiredRowsCanBeHiddenAtReadTime() throws {
        let clock = ManualClock(dt("2026-11-25 12:00:00"))
        var options = testOptions(clock: clock)
        options.hideExpiredRows = true
        let store = Store.inMemory(options: options)
        try store.createTable(try metricsTable())
        try store.insert(metricsRows([("2026-10-26 12:00:00", customerA, "expired", 1), ("2026-10-26 12:00:01", customerA, "live", 2)]), into: table)
        #expect(try allRows(store).map { $0.split(separator: "\t")[2] } == ["live"])
    }

    /// A TTL over a `Date` column compares the date's midnight plus the interval with now: the
    /// part whose dates all passed is dropped, a mixed part rewritten, and hidden rows are those.
    @Test(arguments: [false, true])
    func aTTLOverADateExpiresByTheDatesMidnight(hiding: Bool) throws {
        let clock = ManualClock(dt("2026-11-25 12:00:00"))
        var options = testOptions(clock: clock)
        options.hideExpiredRows = hiding
        let definition = try TableDefinition(name: TableName("test", "days"), columns: [.init("day", .date), .init("v", .uint32)],
                                             partitionColumn: "day", orderBy: ["day"], ttl: TTLRule(column: "day", days: 3))
        func rows(_ days: [(Int64, Int64, Int64)]) -> Batch {
            Batch([("day", .date(days.map { UInt16(DateTime.days(year: $0.0, month: $0.1, day: $0.2)) })),
                   ("v", .uint32(days.indices.map(UInt32.init)))])
        }
        let store = Store.inMemory(options: options)
        try store.createTable(definition)
        try store.insert(rows([(2026, 10, 1)]), into: definition.name)
        // 2026-11-22 + 3 days is 2026-11-25 00:00, passed at 12:00; 2026-11-23 + 3 days is not.
        try store.insert(rows([(2026, 11, 22), (2026, 11, 23)]), into: definition.name)
        func days() throws -> [Substring] { try allRows(store, definition.name).map { $0.split(separator: "\t")[0] } }
        #expect(try days() == (hiding ? ["2026-11-23"] : ["2026-10-01", "2026-11-22", "2026-11-23"]))
        let report = try store.runMaintenance()
        #expect(report.partsDroppedByTTL == 1 && report.partsRewrittenByTTL == 1)
        #expect(try days() == ["2026-11-23"])
        clock.advance(days: 1)
        try store.runMaintenance()
        #expect(try days().isEmpty)
    }

    @Test func tooManyPartsIsAClearErrorNotUnboundedGrowth() throws {
        var options = testOptions()
        options.maxPartsPerPartition = 3
        let store = Store.inMemory(options: options)
        try store.createTable(try metricsTable())
        for i in 0..<3 { try store.insert(metricsRows([("2026-11-20 10:00:0\(i)", customerA, "x", 1)]), into: table) }
        let error = #expect(throws: StorageError.self) {
            try store.insert(metricsRows([("2026-11-20 10:00:09", customerA, "x", 1)]), into: table)
        }
        #expect(error?.code == .tooManyParts)
        #expect(try allRows(store).count == 3)
        // Another partition is not affected.
        try store.insert(metricsRows([("2026-10-20 10:00:09", customerA, "x", 1)]), into: table)
    }

    @Test func snapshotsAreStableWhileMergesReplaceParts() throws {
        let store = Store.inMemory(options: testOptions())
        try store.createTable(try metricsTable())
        for i in 0..<6 { try store.insert(metricsRows([("2026-11-20 10:00:0\(i)", customerA, "x\(i)", 1)]), into: table) }
        let old = store.snapshot()
        try store.optimize(table, final: true)
        #expect(try old.parts(of: table).count == 6)
        #expect(try old.read(table, columns: ["name"]).rowCount == 6)
        #expect(try store.snapshot().parts(of: table).count == 1)
    }

    @Test func dropTableRemovesItsData() throws {
        let store = Store.inMemory(options: testOptions())
        try store.createTable(try metricsTable())
        try store.insert(metricsRows([("2026-11-20 10:00:00", customerA, "x", 1)]), into: table)
        try store.dropTable(table)
        #expect(throws: StorageError.unknownTable(table)) { _ = try store.snapshot().parts(of: table) }
        try store.dropTable(table, ifExists: true)
        try store.createTable(try metricsTable())
        #expect(try allRows(store).isEmpty)
        #expect(throws: StorageError.tableAlreadyExists(table)) { try store.createTable(try metricsTable()) }
        try store.createTable(try metricsTable(), ifNotExists: true)
    }
}
