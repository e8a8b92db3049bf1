@testable import EdgeHouse
import EdgeHouseTestSupport
import Foundation
import Testing
import OptiInfraSchema
import OptiInfraWorkload

/// The buffered insert path: the write-ahead log, its durability policies, flushes, replay.
@Suite struct InsertBufferTests {
    let table = TableName("test", "metrics")

    func options(_ durability: InsertBufferOptions.Durability = .syncEachInsert) -> StoreOptions {
        var options = testOptions()
        options.insertBuffer.durability = durability
        return options
    }

    func row(_ i: Int) -> Batch {
        metricsRows([("2026-11-\(10 + i % 15) 10:00:\(String(format: "%02d", i % 60))", i % 2 == 0 ? customerA : customerB, "row \(i)", Double(i))])
    }

    func expectedRows(_ ids: some Sequence<Int>) -> [String] {
        var all = Batch.empty(try! metricsTable().columns)
        for i in ids { all.append(contentsOf: row(i)) }
        return all.rowTexts
    }

    @Test func bufferedRowsBecomePartsWhenFlushedAndNotBefore() throws {
        let store = Store.inMemory(options: options())
        try store.createTable(try metricsTable())
        for i in 0..<50 { try store.insertBuffered(row(i), into: table) }
        #expect(try allRows(store).isEmpty)
        #expect(store.bufferedRowCount == 50)
        try store.flushInsertBuffer()
        #expect(store.bufferedRowCount == 0)
        expectSameRows(try allRows(store), expectedRows(0..<50))
        // One flush is one insert block: one part per partition touched.
        #expect(try store.snapshot().parts(of: table).map(\.name.description) == ["202611_1_1_0"])
    }

    /// With background maintenance, a full buffer is flushed by the buffer's tick, not by the
    /// insert that filled it: the inserts return at once and the rows arrive in parts shortly.
    @Test func aFullBufferIsFlushedInTheBackground() throws {
        var options = options(.groupCommit(every: .milliseconds(50)))  // the first tick 50 ms after the first insert
        options.backgroundMaintenance = true
        options.insertBuffer.flushBytes = 2_000
        options.insertBuffer.flushAge = .seconds(3600)  // only the size can trigger it
        let store = Store.inMemory(options: options)
        defer { store.close() }
        try store.createTable(try metricsTable())
        let start = ContinuousClock.now
        for i in 0..<40 { try store.insertBuffered(row(i), into: table) }
        if start.duration(to: .now) < .milliseconds(40) {
            #expect(store.bufferedRowCount == 40)  // no insert flushed (2 KB is about 20 rows), and no tick yet
        }
        let deadline = ContinuousClock.now + .seconds(10)
        while store.bufferedRowCount > 0 && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.005) }
        #expect(store.bufferedRowCount == 0)
        expectSameRows(try allRows(store), expectedRows(0..<40))
    }

    /// Many single-row buffered inserts feed a view exactly as one insert of the same rows in
    /// the same order does: same view states, byte for byte.
    /// The flush by age reads the store's clock, not the machine's: a test steps it.
    @Test func bufferedRowsAreFlushedByAgeOnTheStoresClock() throws {
        let clock = ManualClock(dt("2026-11-25 12:00:00"))
        var options = testOptions(clock: clock)
        options.insertBuffer.durability = .groupCommit(every: .milliseconds(10))
        options.backgroundMaintenance = true
        options.insertBuffer.flushAge = .milliseconds(20)
        let store = Store.inMemory(options: options)
        defer { store.close() }
        try store.createTable(try metricsTable())
        for i in 0..<5 { try store.insertBuffered(row(i), into: table) }
        // Many ticks of real time, none of the store's: the rows stay buffered.
        Thread.sleep(forTimeInterval: 0.2)
        #expect(store.bufferedRowCount == 5)
        clock.advance(seconds: 1)
        let deadline = ContinuousClock.now + .seconds(10)
        while store.bufferedRowCount > 0 && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.005) }
        #expect(store.bufferedRowCount == 0)
        expectSameRows(try allRows(store), expectedRows(0..<5))
    }

    @Test func aFlushFeedsTheViewsAsOneInsertOfTheSameRows() throws {
        var workload = PerformanceWorkload(seed: 5, start: dt("2026-11-20 00:00:00"), rowsPerSecond: 3)
        let rows = workload.nextBatch(rows: 2000)
        var results = [[String]]()
        for buffered in [true, false] {
            let store = Store.inMemory(options: options(.groupCommit(every: .milliseconds(5))))
            try OptiInfraSchema.install(in: store)
            let source = OptiInfraSchema.performanceMetrics
            if buffered {
                for i in 0..<rows.rowCount { try store.insertBuffered(rows.slice(i..<i + 1), into: source) }
                try store.flushInsertBuffer()
            } else {
                try store.insert(rows, into: source)
            }
            results.append(try allRows(store, MaterializedViewDefinition.innerTargetName(of: OptiInfraSchema.performanceHourly)))
        }
        #expect(results[0].count > 10)
        #expect(results[0] == results[1])
    }

    @Test func aBadBatchIsRefusedBeforeAnythingIsLogged() throws {
        let store = Store.inMemory(options: options())
        try store.createTable(try metricsTable())
        let wrongType = Batch([("timestamp", .uint32([1])), ("value", .float64([1]))])
        #expect(throws: StorageError.typeMismatch(column: "timestamp", expected: .dateTime, actual: .uint32)) {
            try store.insertBuffered(wrongType, into: table)
        }
        #expect(throws: StorageError.unknownTable(TableName("test", "nope"))) { try store.insertBuffered(row(1), into: TableName("test", "nope")) }
        #expect(store.bufferedRowCount == 0)
    }

    /// Acknowledged with a sync each: a power loss right after loses nothing; reopening replays
    /// the log exactly once, and reopening again replays nothing.
    @Test func syncedInsertsSurviveAPowerLossAndReplayExactlyOnce() throws {
        let memory = MemoryFileSystem()
        do {
            let store = try Store(fileSystem: memory, root: "/s", options: options())
            try store.createTable(try metricsTable())
            for i in 0..<20 { try store.insertBuffered(row(i), into: table) }
            try store.flushInsertBuffer()
            for i in 20..<30 { try store.insertBuffered(row(i), into: table) }
        }
        memory.simulateCrash()
        for _ in 0..<2 {
            let reopened = try Store(fileSystem: memory, root: "/s", options: options())
            expectSameRows(try allRows(reopened), expectedRows(0..<30))
            #expect(reopened.bufferedRowCount == 0)
            #expect(try memory.listDirectory("/s/wal").isEmpty)
        }
    }

    /// Group commit acknowledges before the sync: a killed process loses nothing (the records
    /// are in the operating system), a power loss loses what the last tick had not synced.
    @Test func groupCommitLosesAtMostTheUnsyncedWindowOnPowerLoss() throws {
        let neverTicks = options(.groupCommit(every: .seconds(3600)))
        let killed = MemoryFileSystem(), powerLoss = MemoryFileSystem()
        for memory in [killed, powerLoss] {
            let store = try Store(fileSystem: memory, root: "/s", options: neverTicks)
            try store.createTable(try metricsTable())
            for i in 0..<10 { try store.insertBuffered(row(i), into: table) }
            store.tickBuffer()  // the group commit: everything so far becomes durable
            for i in 10..<15 { try store.insertBuffered(row(i), into: table) }
        }
        powerLoss.simulateCrash()
        expectSameRows(try allRows(try Store(fileSystem: killed, root: "/s", options: neverTicks)), expectedRows(0..<15))
        expectSameRows(try allRows(try Store(fileSystem: powerLoss, root: "/s", options: neverTicks)), expectedRows(0..<10))
    }

    /// A group commit's sync that fails as Linux fails it (the unsynced pages marked clean, the
    /// next sync "succeeding" without them) is never trusted: the next insert first flushes the
    /// buffer to parts, so every row acknowledged before a later successful sync survives a
    /// power loss.
    @Test func aFailedGroupCommitSyncIsNeverAcknowledgedPast() throws {
        let memory = MemoryFileSystem()
        let fs = FaultInjectingFileSystem(base: memory)
        let neverTicks = options(.groupCommit(every: .seconds(3600)))
        var promised = [Int]()
        do {
            let store = try Store(fileSystem: fs, root: "/s", options: neverTicks)
            try store.createTable(try metricsTable())
            for i in 0..<5 { try store.insertBuffered(row(i), into: table) }
            fs.inject(.syncDroppingPages, on: .sync, pathContains: "/wal/")
            store.tickBuffer()  // fails: rows 0..<5 may be gone from the disk
            #expect(fs.faultsFired == 1)
            for i in 5..<10 { try store.insertBuffered(row(i), into: table) }
            store.tickBuffer()  // succeeds: what it covers is promised to survive a power loss
            promised = Array(0..<10)
        }
        memory.simulateCrash()
        let present = Set(try allRows(try Store(fileSystem: memory, root: "/s", options: neverTicks)))
        #expect(Set(expectedRows(promised)).isSubset(of: present))
    }

    /// A synced insert whose sync fails is not acknowledged, and its rows are never stored —
    /// neither by the next flush nor after a power loss — so that a client's retry stores them once.
    @Test func anInsertWhoseSyncFailedIsNeverStored() throws {
        let memory = MemoryFileSystem()
        let fs = FaultInjectingFileSystem(base: memory)
        do {
            let store = try Store(fileSystem: fs, root: "/s", options: options())
            try store.createTable(try metricsTable())
            for i in 0..<3 { try store.insertBuffered(row(i), into: table) }
            fs.inject(.syncDroppingPages, on: .sync, pathContains: "/wal/")
            #expect(throws: StorageError.self) { try store.insertBuffered(row(3), into: table) }
            try store.insertBuffered(row(3), into: table)  // the client's retry: the buffer is flushed first
            try store.insertBuffered(row(4), into: table)
            try store.flushInsertBuffer()
            expectSameRows(try allRows(store), expectedRows(0..<5))
        }
        memory.simulateCrash()
        expectSameRows(try allRows(try Store(fileSystem: memory, root: "/s", options: options())), expectedRows(0..<5))
    }

    /// Half a record at the end of a segment (a write interrupted by the crash) is ignored; the
    /// records before it are replayed.
    @Test func aTornRecordAtTheEndOfTheLogIsIgnored() throws {
        let memory = MemoryFileSystem()
        do {
            let store = try Store(fileSystem: memory, root: "/s", options: options())
            try store.createTable(try metricsTable())
            for i in 0..<5 { try store.insertBuffered(row(i), into: table) }
        }
        let segment = "/s/wal/" + (try memory.listDirectory("/s/wal").first!)
        let bytes = try memory.readFile(segment)
        let lastRecord = LogRecord.rows(schemaID: 0, row(4)).encoded()
        try memory.writeFile(segment, Array(bytes.dropLast(lastRecord.count / 2)), sync: true)
        expectSameRows(try allRows(try Store(fileSystem: memory, root: "/s", options: options())), expectedRows(0..<4))
    }

    /// A fault at every file-system call of a flush and of the reopen after it, then a power
    /// loss: every acknowledged row is there exactly once.
    @Test(arguments: [FaultInjectingFileSystem.Fault.ioError, .noSpace, .tornWrite(keeping: 0.5)])
    func aFaultAtAnyPointOfAFlushLosesAndDuplicatesNothing(fault: FaultInjectingFileSystem.Fault) throws {
        var point = 0
        while true {
            let memory = MemoryFileSystem()
            let fs = FaultInjectingFileSystem(base: memory)
            var acknowledged = [Int]()
            do {
                let store = try Store(fileSystem: fs, root: "/s", options: options())
                try store.createTable(try metricsTable())
                for i in 0..<3 { try store.insertBuffered(row(i), into: table); acknowledged.append(i) }
                fs.inject(fault, on: .any, skip: point)
                for i in 3..<6 {
                    do {
                        try store.insertBuffered(row(i), into: table)
                        acknowledged.append(i)
                    } catch {}
                }
                try? store.flushInsertBuffer()
            }
            let fired = fs.faultsFired > 0
            memory.simulateCrash()
            let rows = try allRows(try Store(fileSystem: memory, root: "/s", options: options()))
            let present = Set(rows)
            #expect(present.count == rows.count, "fault \(fault) at call \(point): duplicated rows")
            #expect(Set(expectedRows(acknowledged)).isSubset(of: present), "fault \(fault) at call \(point): acknowledged rows lost")
            #expect(present.isSubset(of: Set(expectedRows(0..<6))))
            if !fired { break }
            point += 1
        }
        #expect(point > 10)
    }

    /// A buffer that cannot be flushed (the disk is full) stops taking rows once it is full,
    /// with the flush's error; once the disk has room, everything acknowledged is there.
    @Test func aFullBufferPushesBackInsteadOfGrowing() throws {
        let fs = FaultInjectingFileSystem(base: MemoryFileSystem())
        var options = options()
        options.insertBuffer.flushBytes = 2_000
        options.insertBuffer.maxBufferedBytes = 4_000
        let store = try Store(fileSystem: fs, root: "/s", options: options)
        try store.createTable(try metricsTable())
        for _ in 0..<100 { fs.inject(.noSpace, on: .write, pathContains: "/data/") }
        var acknowledged = [Int]()
        var refusal: StorageError?
        for i in 0..<200 {
            do {
                try store.insertBuffered(row(i), into: table)
                acknowledged.append(i)
            } catch {
                refusal = error
                break
            }
        }
        #expect(refusal?.code == .notEnoughSpace)
        #expect(acknowledged.count > 10 && acknowledged.count < 200)
        #expect(store.bufferedRowCount == acknowledged.count)
        fs.clearFaults()
        try store.flushInsertBuffer()
        expectSameRows(try allRows(store), expectedRows(acknowledged))
    }

    /// Writers on several threads, each waiting for its sync: all rows arrive, and they share
    /// syncs (far fewer syncs than inserts would show as a far higher rate; here only
    /// correctness is asserted).
    @Test func concurrentSyncedInsertsAllArrive() async throws {
        let directory = TemporaryDirectory("edgehouse-buffer")
        defer { directory.remove() }
        do {
            let store = try Store.open(path: directory.path, options: options())
            try store.createTable(try metricsTable())
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<4 {
                    group.addTask {
                        for i in stride(from: writer, to: 200, by: 4) { try store.insertBuffered(self.row(i), into: self.table) }
                    }
                }
                try await group.waitForAll()
            }
            store.close()
        }
        expectSameRows(try allRows(try Store.open(path: directory.path, options: options())), expectedRows(0..<200))
    }
}
