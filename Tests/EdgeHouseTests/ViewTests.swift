@testable import EdgeHouse
import EdgeHouseTestSupport
import Testing
import OptiInfraSchema
import OptiInfraWorkload

@Suite struct ViewTests {
    let source = TableName("v", "events")
    let view = TableName("v", "events_by_key")

    func sourceTable() throws -> TableDefinition {
        try TableDefinition(name: source, columns: [.init("k", .uint32), .init("v", .uint64)], partitionColumn: nil, orderBy: ["k"])
    }

    /// `SELECT k, sum(v) AS total, count() AS n FROM events GROUP BY k` into a SummingMergeTree.
    func createView(_ store: Store, populate: Bool) throws {
        try store.createMaterializedView(
            view, from: source, select: "SELECT k, sum(v) AS total, count() AS n FROM v.events GROUP BY k",
            storage: ViewStorage(engine: .summingMergeTree(columns: nil), partitionColumn: nil, orderBy: ["k"]), populate: populate)
    }

    func rows(_ pairs: [(UInt32, UInt64)]) -> Batch { Batch([("k", .uint32(pairs.map(\.0))), ("v", .uint64(pairs.map(\.1)))]) }

    func viewRows(_ store: Store) throws -> [String] {
        try select("SELECT k, sum(total), sum(n) FROM v.events_by_key GROUP BY k ORDER BY k", in: store.snapshot())
    }

    @Test func populateFillsANewViewFromExistingRows() throws {
        let store = Store.inMemory(options: testOptions())
        try store.createTable(try sourceTable())
        try store.insert(rows([(1, 10), (1, 20), (2, 5)]), into: source)
        try createView(store, populate: true)
        // ClickHouse (reference §4): (1,10),(1,20),(2,5) → (1,30,2),(2,5,1).
        #expect(try allRows(store, view) == ["1\t30\t2", "2\t5\t1"])
        try store.insert(rows([(2, 1)]), into: source)
        #expect(try viewRows(store) == ["1\t30\t2", "2\t6\t2"])
    }

    @Test func withoutPopulateAViewStartsEmptyAndSeesEveryLaterInsert() throws {
        let store = Store.inMemory(options: testOptions())
        try store.createTable(try sourceTable())
        try store.insert(rows([(1, 10)]), into: source)
        try createView(store, populate: false)
        #expect(try allRows(store, view).isEmpty)
        for i in 0..<7 { try store.insert(rows([(UInt32(i % 3), UInt64(i))]), into: source) }
        #expect(try viewRows(store) == ["0\t9\t3", "1\t5\t2", "2\t7\t2"])
        try store.runMaintenance()
        #expect(try viewRows(store) == ["0\t9\t3", "1\t5\t2", "2\t7\t2"])
    }

    @Test func insertingIntoTheViewWritesItsTarget() throws {
        let store = Store.inMemory(options: testOptions())
        try store.createTable(try sourceTable())
        try createView(store, populate: false)
        try store.insert(Batch([("k", .uint32([5])), ("total", .uint64([50])), ("n", .uint64([1]))]), into: view)
        #expect(try viewRows(store) == ["5\t50\t1"])
        #expect(try store.snapshot().rowCount(of: source) == 0)
    }

    @Test func droppingAViewDropsItsInnerTableAndStopsFeedingIt() throws {
        let store = Store.inMemory(options: testOptions())
        try store.createTable(try sourceTable())
        try createView(store, populate: false)
        try store.dropView(view)
        #expect(store.tables.map(\.name) == [source])
        try store.insert(rows([(1, 1)]), into: source)
        #expect(throws: StorageError.unknownTable(view)) { _ = try store.snapshot().parts(of: view) }
    }

    /// A view whose `TO` table was renamed away fails every insert into its source with
    /// ClickHouse's error, and the source keeps nothing of it.
    @Test func anInsertFeedingAViewWhoseTargetIsGoneFailsWhole() throws {
        let store = Store.inMemory(options: testOptions())
        let session = SQLSession(store: store)
        try session.execute("""
            CREATE TABLE src (k UInt32) ENGINE = MergeTree ORDER BY k;
            CREATE TABLE dst (k UInt32) ENGINE = MergeTree ORDER BY k;
            CREATE MATERIALIZED VIEW mv TO dst AS SELECT k FROM src;
            RENAME TABLE dst TO moved;
            """)
        #expect(throws: StorageError.missingViewTarget(TableName("default", "dst"), source: TableName("default", "src"))) {
            try store.insert(Batch([("k", .uint32([1]))]), into: TableName("default", "src"))
        }
        let error = #expect(throws: SQLError.self) { try session.execute("INSERT INTO src VALUES (2)") }
        #expect(error?.description == "Code: 60. DB::Exception: Target table 'default.dst' of view 'default.src' doesn't exists. (UNKNOWN_TABLE)")
        #expect(try store.snapshot().rowCount(of: TableName("default", "src")) == 0)
    }

    @Test func largeInsertsFeedViewsOncePerBlock() throws {
        var options = testOptions()
        options.maxInsertBlockRows = 4
        let store = Store.inMemory(options: options)
        try store.createTable(try sourceTable())
        try createView(store, populate: false)
        try store.insert(rows((0..<10).map { (1, UInt64($0)) }), into: source)
        // Three blocks (4 + 4 + 2 rows): three source parts, three view rows until merged.
        #expect(try store.snapshot().parts(of: source).count == 3)
        #expect(try allRows(store, view) == ["1\t6\t4", "1\t22\t4", "1\t17\t2"])
        #expect(try viewRows(store) == ["1\t45\t10"])
    }

    @Test func viewsSurviveReopen() throws {
        let fs = MemoryFileSystem()
        do {
            let store = try Store(fileSystem: fs, root: "/s", options: testOptions())
            try store.createTable(try sourceTable())
            try createView(store, populate: false)
            try store.insert(rows([(1, 1)]), into: source)
        }
        fs.simulateCrash()
        let store = try Store(fileSystem: fs, root: "/s", options: testOptions())
        #expect(store.views.map(\.name) == [view])
        try store.insert(rows([(1, 2)]), into: source)
        #expect(try viewRows(store) == ["1\t3\t2"])
    }

    /// An insert's source rows and view rows become durable together: a crash at any file-system
    /// call of the insert leaves both or neither.
    @Test(arguments: [FaultInjectingFileSystem.Fault.ioError, .tornWrite(keeping: 0.3)])
    func aCrashNeverSeparatesAnInsertFromItsViewRows(fault: FaultInjectingFileSystem.Fault) throws {
        var point = 0
        while true {
            let memory = MemoryFileSystem()
            let fs = FaultInjectingFileSystem(base: memory)
            do {
                let store = try Store(fileSystem: fs, root: "/s", options: testOptions())
                try OptiInfraSchema.install(in: store)
                var workload = PerformanceWorkload(seed: 9, start: dt("2026-11-20 10:00:00"))
                try store.insert(workload.nextBatch(rows: 300), into: OptiInfraSchema.performanceMetrics)
                fs.inject(fault, on: .any, skip: point)
                do { try store.insert(workload.nextBatch(rows: 500), into: OptiInfraSchema.performanceMetrics) } catch {}
            }
            let fired = fs.faultsFired > 0
            memory.simulateCrash()
            let store = try Store(fileSystem: memory, root: "/s", options: testOptions())
            let raw = try store.snapshot().rowCount(of: OptiInfraSchema.performanceMetrics)
            let counted = try select("SELECT countMerge(request_count) FROM optiinfra.performance_metrics_hourly_mv", in: store.snapshot())
            #expect(raw == 300 || raw == 800, "fault at call \(point): \(raw) raw rows")
            #expect(counted == ["\(raw)"], "fault at call \(point): the view counts \(counted) for \(raw) raw rows")
            if !fired { break }
            point += 1
        }
        #expect(point > 30)
    }
}
