@testable import EdgeHouse
import EdgeHouseTestSupport
import Foundation
import Testing
import OptiInfraWorkload

@Suite struct DurabilityTests {
    let table = TableName("test", "metrics")

    @Test func aStoreReopenedFromDiskShowsExactlyTheInsertedRows() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        var expected = [String]()
        do {
            let store = try Store.open(path: directory.path, options: testOptions())
            try store.createTable(try metricsTable(granularity: 3))
            for i in 0..<6 {
                let batch = metricsRows((0..<(i + 1) * 4).map { ("2026-1\(i % 2)-1\(i) 10:00:0\($0 % 10)", $0 % 2 == 0 ? customerA : customerB, "r\(i).\($0)", Double($0)) })
                try store.insert(batch, into: table)
                expected += batch.rowTexts
            }
            try store.runMaintenance(now: dt("2026-11-01 00:00:00"))
            store.close()
        }
        let reopened = try Store.open(path: directory.path, options: testOptions())
        expectSameRows(try allRows(reopened), expected)
        #expect(reopened.brokenParts.isEmpty)
        // The block counter survives too: the next part continues the numbering.
        let maxBlock = try reopened.snapshot().parts(of: table).map(\.name.maxBlock).max()!
        try reopened.insert(metricsRows([("2026-11-20 10:00:00", customerA, "later", 1)]), into: table)
        #expect(try reopened.snapshot().parts(of: table).contains { $0.name.minBlock == maxBlock + 1 })
    }

    @Test func aSecondWriterOnTheSameStoreIsRefused() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let store = try Store.open(path: directory.path, options: testOptions())
        let error = #expect(throws: StorageError.self) { _ = try Store.open(path: directory.path, options: testOptions()) }
        #expect(error == .storeLocked(path: directory.path))
        withExtendedLifetime(store) {}
    }

    @Test func aFlippedByteInAColumnFileIsCaughtAndNamed() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        do {
            let store = try Store.open(path: directory.path, options: testOptions())
            try store.createTable(try metricsTable())
            try store.insert(metricsRows((0..<50).map { ("2026-11-20 10:00:\($0 < 10 ? "0" : "")\($0)", customerA, "row \($0)", Double($0)) }), into: table)
        }
        // A small insert makes a compact part; `value`, the last column, ends the data file.
        let file = directory.path + "/data/test/metrics/202611_1_1_0/all-columns.bin"
        var bytes = try PosixFileSystem().readFile(file)
        bytes[bytes.count - 1] ^= 0x01
        try PosixFileSystem().writeFile(file, bytes, sync: true)

        let store = try Store.open(path: directory.path, options: testOptions())
        let error = #expect(throws: StorageError.self) { _ = try allRows(store) }
        guard case .checksumMismatch(let part, let fileName, let reason) = error else {
            Issue.record("expected a checksum error, got \(String(describing: error))")
            return
        }
        #expect(part.hasSuffix("202611_1_1_0"))
        #expect(fileName == "all-columns.bin")
        #expect(reason.contains("checksum"))
        #expect(error?.code == .checksumDoesntMatch)
        // Columns that are intact still read.
        #expect(try store.snapshot().read(table, columns: ["name"]).rowCount == 50)
        let check = try store.checkTable(table)
        #expect(check.count == 1)
        #expect(check[0].error.map { "\($0)" }?.contains("all-columns.bin") == true)
    }

    @Test func aPartWithBrokenMetadataIsDetachedAndTheRestStaysReadable() throws {
        let fs = MemoryFileSystem()
        do {
            let store = try Store(fileSystem: fs, root: "/s", options: testOptions())
            try store.createTable(try metricsTable())
            try store.insert(metricsRows([("2026-10-20 10:00:00", customerA, "october", 1)]), into: table)
            try store.insert(metricsRows([("2026-11-20 10:00:00", customerA, "november", 2)]), into: table)
        }
        try fs.flipBit(in: "/s/data/test/metrics/202611_2_2_0/marks.mrk", atByte: 3)
        let store = try Store(fileSystem: fs, root: "/s", options: testOptions())
        #expect(store.brokenParts.count == 1)
        #expect("\(store.brokenParts[0])".contains("202611_2_2_0"))
        #expect("\(store.brokenParts[0])".contains("marks.mrk"))
        #expect(try allRows(store).map { $0.split(separator: "\t")[2] } == ["october"])
        #expect(fs.isDirectory("/s/data/test/metrics/detached/broken_202611_2_2_0"))
    }

    @Test func aNewTablesDirectoryIsDurableOnceTheTableIsCreated() throws {
        // Made (and its parents synced) by CREATE TABLE, not by recovery at the next open, in
        // the time of that process's first insert.
        let fs = MemoryFileSystem()
        let store = try Store(fileSystem: fs, root: "/s", options: testOptions())
        try store.createTable(try metricsTable())
        fs.simulateCrash()  // keeps only what was synced
        #expect(fs.isDirectory("/s/data/test/metrics"))
    }

    @Test func aFullDiskFailsTheInsertCleanlyAndLosesNothing() throws {
        let fs = FaultInjectingFileSystem(base: MemoryFileSystem())
        let store = try Store(fileSystem: fs, root: "/s", options: testOptions())
        try store.createTable(try metricsTable())
        try store.insert(metricsRows([("2026-11-20 10:00:00", customerA, "before", 1)]), into: table)
        for call in [FaultInjectingFileSystem.Call.write, .sync, .rename, .syncDirectory] {
            fs.inject(.noSpace, on: call)
            let error = #expect(throws: StorageError.self) {
                try store.insert(metricsRows([("2026-11-20 11:00:00", customerA, "during", 2), ("2026-10-20 11:00:00", customerA, "during", 3)]), into: table)
            }
            #expect(error?.code == .notEnoughSpace, "\(call)")
            #expect(try allRows(store).map { $0.split(separator: "\t")[2] } == ["before"])
        }
        // No temporary directories are left behind, and the store works once space is back.
        #expect(try fs.listDirectory("/s/data/test/metrics").allSatisfy { !$0.hasPrefix("tmp_") })
        try store.insert(metricsRows([("2026-11-20 12:00:00", customerA, "after", 3)]), into: table)
        #expect(try allRows(store).count == 2)
    }

    /// Crashes `DETACH PARTITION` then `ATTACH PARTITION` at every file-system call they make:
    /// after recovery each part of the partition is in the table or in `detached/`, never lost,
    /// never in both — and attaching what is detached gives back every row once. (This found
    /// an attach whose renames were not durable on the `detached/` side: a part in both.)
    @Test(arguments: [FaultInjectingFileSystem.Fault.ioError, .noSpace])
    func aCrashAtAnyPointOfADetachOrAttachLosesNoPart(fault: FaultInjectingFileSystem.Fault) throws {
        func keys(_ session: SQLSession) throws -> [String] { try session.execute("SELECT k FROM t ORDER BY k").last?.rows?.rowTexts ?? [] }
        var point = 0
        while true {
            let memory = MemoryFileSystem()
            let fs = FaultInjectingFileSystem(base: memory)
            do {
                let session = SQLSession(store: try Store(fileSystem: fs, root: "/s", options: testOptions()))
                try session.execute("""
                    CREATE TABLE t (d Date, k UInt32) ENGINE = MergeTree PARTITION BY toYYYYMM(d) ORDER BY k;
                    INSERT INTO t VALUES ('2024-01-05', 1), ('2024-02-01', 2);
                    INSERT INTO t VALUES ('2024-01-06', 3);
                    """)
                fs.inject(fault, on: .any, skip: point)
                do {
                    try session.execute("ALTER TABLE t DETACH PARTITION 202401")
                    try session.execute("ALTER TABLE t ATTACH PARTITION 202401")
                } catch {}
            }
            let fired = fs.faultsFired > 0
            memory.simulateCrash()
            let store = try Store(fileSystem: memory, root: "/s", options: testOptions())
            let session = SQLSession(store: store)
            let detached = try store.detachedParts().map(\.directoryName)
            let attached = try keys(session)
            // Each of a detached part's rows is in the table or in the part, once (a move that
            // failed at run time is finished by recovery, and may leave one part detached).
            let rowsOfDetached = detached.map { ["202401_1_1_0": "1", "202401_3_3_0": "3"][$0] ?? "?" }
            #expect((attached + rowsOfDetached).sorted() == ["1", "2", "3"], "fault \(fault) at call \(point): rows \(attached), detached \(detached)")
            #expect(store.brokenParts.isEmpty, "fault at call \(point): \(store.brokenParts)")
            try session.execute("ALTER TABLE t ATTACH PARTITION 202401")
            #expect(try keys(session) == ["1", "2", "3"], "fault \(fault) at call \(point)")
            #expect(try store.detachedParts().isEmpty)
            if !fired { break }  // the fault point is past the end: every call has been covered
            point += 1
        }
        #expect(point > 10)
    }

    /// Crashes an insert (and a merge) at every file-system call it makes, with every kind of
    /// fault, then recovers: the store must show the state before or after, never between.
    @Test(arguments: [FaultInjectingFileSystem.Fault.ioError, .noSpace, .tornWrite(keeping: 0.5)])
    func aCrashAtAnyPointOfACommitLeavesTheOldOrTheNewState(fault: FaultInjectingFileSystem.Fault) throws {
        var point = 0
        while true {
            let memory = MemoryFileSystem()
            let fs = FaultInjectingFileSystem(base: memory)
            var options = testOptions()
            options.mergeFactor = 2
            do {
                let store = try Store(fileSystem: fs, root: "/s", options: options)
                try store.createTable(CrashWorkload.definition())
                try store.insert(CrashWorkload.batch(1), into: CrashWorkload.table)
                fs.inject(fault, on: .any, skip: point)
                do {
                    try store.insert(CrashWorkload.batch(2), into: CrashWorkload.table)
                    try store.runMaintenance()
                } catch {}
            }
            let fired = fs.faultsFired > 0
            memory.simulateCrash()
            let reopened = try Store(fileSystem: memory, root: "/s", options: options)
            let problems = try CrashWorkload.violations(in: reopened, acknowledged: [1])
            #expect(problems.isEmpty, "fault \(fault) at call \(point): \(problems)")
            #expect(reopened.brokenParts.isEmpty, "fault at call \(point): \(reopened.brokenParts)")
            if !fired { break }  // the fault point is past the end: every call has been covered
            point += 1
        }
        #expect(point > 20)
    }

    /// Runs the crash writer, SIGKILLs it at random moments, and checks the store after each kill.
    /// `EDGEHOUSE_CRASH_KILLS` sets the number of kills (default 25); the seed is printed.
    @Test func killedWritersLoseNoAcknowledgedInsert() throws {
        let writer = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("edgehouse-crash-writer")
        try #require(FileManager.default.isExecutableFile(atPath: writer.path), "build the crash writer first (swift build)")
        let kills = Int(ProcessInfo.processInfo.environment["EDGEHOUSE_CRASH_KILLS"] ?? "") ?? 25
        let seed = UInt64(ProcessInfo.processInfo.environment["EDGEHOUSE_CRASH_SEED"] ?? "") ?? 42
        print("crash test: \(kills) kills, seed \(seed)")
        var random = SplitMix64(seed: seed)
        let directory = TemporaryDirectory("edgehouse-crash")
        defer { directory.remove() }
        var acknowledged = Set<UInt64>()
        var nextID: UInt64 = 1
        for kill in 0..<kills {
            let process = Process()
            process.executableURL = writer
            process.arguments = [directory.path, "\(nextID)", "100000"]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            Thread.sleep(forTimeInterval: 0.05 + random.unit() * 0.4)
            Foundation.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let acks = text.split(separator: "\n").compactMap { $0.hasPrefix("ack ") ? UInt64($0.dropFirst(4)) : nil }
            acknowledged.formUnion(acks)
            let store = try Store.open(path: directory.path, options: testOptions())
            // A writer killed every few hundred milliseconds never finishes a merge, and parts
            // pile up until inserts (and the replay of the insert log) are refused with "too
            // many parts". Between kills the store gets the maintenance a living process would
            // give it, then the replayed rows are flushed: every acknowledged row must be visible.
            try store.runMaintenance()
            try store.flushInsertBuffer()
            let problems = try CrashWorkload.violations(in: store, acknowledged: acknowledged)
            #expect(problems.isEmpty, "kill \(kill) (seed \(seed)): \(problems)")
            #expect(store.brokenParts.isEmpty)
            // The next run continues after everything that might have been written.
            nextID = (try store.snapshot().read(CrashWorkload.table, columns: ["insert_id"]).column(named: "insert_id").flatMap {
                if case .uint64(let ids) = $0 { ids.max() } else { nil }
            } ?? 0) + 1
            nextID = max(nextID, (acknowledged.max() ?? 0) + 1)
        }
        // Most runs must get some inserts acknowledged before their kill (as the store grows,
        // opening it takes longer and an early kill may land before the first one).
        #expect(acknowledged.count >= kills / 2, "the writer acknowledged too few inserts to test anything")
    }
}
