@testable import EdgeHouse
import EdgeHouseTestSupport
import Foundation
import Testing
import OptiInfraWorkload

/// The storage side of store-and-forward: which rows a forwarder is handed, what survives a
/// crash, and how merges and TTL keep to the forwarded/waiting line. The network side is in
/// `Tests/Server/test_forwarding.py`.
@Suite struct ForwardingStateTests {
    let table = TableName("test", "metrics")

    private func rows(_ count: Int, month: Int, offset: Int) -> Batch {
        metricsRows((0..<count).map { (i: Int) -> (String, UUIDValue, String, Double) in
            let n = offset + i
            let time = String(format: "2026-%02d-%02d %02d:00:00", month, 1 + n % 28, n % 24)
            return (time, i % 2 == 0 ? customerA : customerB, "r\(n)", Double(n))
        })
    }

    /// Takes, reads and acknowledges batches until nothing waits; returns the rows handed out.
    @discardableResult
    private func forwardAll(_ store: Store, maxRows: Int = 100_000, between: () throws -> Void = {}) throws -> [String] {
        var sent = [String]()
        while let slice = try store.nextForwardingBatch(of: table, maxRows: maxRows) {
            let batch = try store.forwardingRows(slice)
            #expect(batch.rowCount == slice.rowCount)
            sent += batch.rowTexts
            try between()
            try store.recordForwardingAttempt(slice)
            try store.acknowledgeForwarding(slice, bytes: 1, exactlyOnce: true)
        }
        return sent
    }

    @Test func everyRowIsHandedOutOnceWhateverMergesRunMeanwhile() throws {
        var options = testOptions()
        options.mergeFactor = 2
        let store = Store.inMemory(options: options)
        try store.createTable(try metricsTable(ttlDays: nil))
        var random = SplitMix64(seed: 7)
        var sent = [String]()
        for round in 0..<30 {
            try store.insert(rows(Int.random(in: 1...9, using: &random), month: [10, 11, 12].randomElement(using: &random)!, offset: round * 10), into: table)
            if round % 3 == 0 { try store.runMaintenance() }
            if round % 4 == 0 { sent += try forwardAll(store, maxRows: 7) { try store.runMaintenance() } }
        }
        sent += try forwardAll(store, maxRows: 7) { try store.runMaintenance() }
        try store.runMaintenance()
        expectSameRows(sent, try allRows(store))
        #expect(try store.nextForwardingBatch(of: table) == nil)
        let progress = try store.forwardingProgress(of: table)
        #expect(progress.waitingRows == 0)
        #expect(progress.counters.rowsSent == UInt64(sent.count))
    }

    /// The body streamed in pieces is byte for byte the Native block of the slice's rows, for
    /// batches of whole parts and slices of one part, strings and arrays among the columns.
    @Test func aSlicesBodyInPiecesIsItsNativeBlock() throws {
        let store = Store.inMemory(options: testOptions())
        let definition = try TableDefinition(
            name: table, columns: [.init("timestamp", .dateTime), .init("name", .string), .init("samples", .array(.float64)), .init("value", .float64)],
            partitionColumn: "timestamp", orderBy: ["timestamp"], indexGranularity: 4)
        try store.createTable(definition)
        func insert(_ count: Int, offset: Int) throws {
            let indices = offset..<offset + count
            try store.insert(Batch([
                ("timestamp", .dateTime(indices.map { dt(String(format: "2026-11-%02d %02d:00:00", 1 + $0 % 28, $0 % 24)) })),
                ("name", .string(StringColumn(indices.map { String(repeating: "n", count: $0 % 7) + "\($0)" }))),
                ("samples", .arrays(ArrayColumn(indices.map { (0..<$0 % 4).map { Double($0) / 3 } }))),
                ("value", .float64(indices.map { Double($0) * 1.5 })),
            ]), into: table)
        }
        try insert(37, offset: 0)  // one part of 10 granules: slices of it
        for round in 0..<4 { try insert(5, offset: 100 + round * 10) }  // small parts: batches of them
        var slices = 0
        while let slice = try store.nextForwardingBatch(of: table, maxRows: 12) {
            let expected = BinaryFormats.nativeBlock(try store.forwardingRows(slice), rows: 0..<slice.rowCount, blockInfo: false)
            let body = try ForwardingBody(ranges: try store.forwardingRanges(slice).0, definition: definition, pieceRows: 6)
            #expect(body.rowCount == slice.rowCount)
            #expect(body.pieceCount > definition.columns.count || slice.rowCount <= 6)
            let pieces = try (0..<body.pieceCount).flatMap { (index: Int) throws(StorageError) -> [UInt8] in try body.piece(index) }
            #expect(pieces == expected)
            try store.recordForwardingAttempt(slice)
            try store.acknowledgeForwarding(slice, bytes: pieces.count, exactlyOnce: true)
            slices += 1
        }
        #expect(slices >= 5)
    }

    @Test func aCrashBeforeTheAcknowledgementResendsTheSameSliceUnderTheSameToken() throws {
        let fs = MemoryFileSystem()
        var store: Store? = try Store(fileSystem: fs, root: "/s", options: testOptions())
        try store!.createTable(try metricsTable(ttlDays: nil))
        try store!.insert(rows(10, month: 11, offset: 0), into: table)
        let first = try #require(try store!.nextForwardingBatch(of: table))
        let firstRows = try store!.forwardingRows(first).rowTexts
        try store!.recordForwardingAttempt(first)
        store = nil
        fs.simulateCrash()  // the attempt was recorded, its answer lost

        let reopened = try Store(fileSystem: fs, root: "/s", options: testOptions())
        let again = try #require(try reopened.nextForwardingBatch(of: table))
        #expect(again.token == first.token)
        #expect(again.batch.maybeDelivered == 1)
        #expect(try reopened.forwardingRows(again).rowTexts == firstRows)
        try reopened.recordForwardingAttempt(again)
        try reopened.acknowledgeForwarding(again, bytes: 100, exactlyOnce: false)
        let counters = try reopened.forwardingProgress(of: table).counters
        #expect(counters.inDoubtResends == 1)
        #expect(counters.rowsPossiblyDuplicated == 10)
        #expect(try reopened.nextForwardingBatch(of: table) == nil)
    }

    @Test func anAttemptProvedUndeliveredIsNotCountedAsADuplicate() throws {
        let store = Store.inMemory(options: testOptions())
        try store.createTable(try metricsTable(ttlDays: nil))
        try store.insert(rows(4, month: 11, offset: 0), into: table)
        let slice = try #require(try store.nextForwardingBatch(of: table))
        try store.recordForwardingAttempt(slice)
        try store.recordForwardingNotDelivered(slice)  // connection refused
        try store.recordForwardingAttempt(slice)
        try store.acknowledgeForwarding(slice, bytes: 1, exactlyOnce: false)
        #expect(try store.forwardingProgress(of: table).counters.rowsPossiblyDuplicated == 0)
    }

    @Test func mergesKeepForwardedAndWaitingPartsApartAndLeaveTheBatchInFlightAlone() throws {
        var options = testOptions()
        options.mergeFactor = 2
        let store = Store.inMemory(options: options)
        try store.createTable(try metricsTable(ttlDays: nil))
        for i in 0..<3 { try store.insert(rows(3, month: 11, offset: i * 3), into: table) }
        try forwardAll(store)  // three forwarded parts
        for i in 3..<5 { try store.insert(rows(3, month: 11, offset: i * 3), into: table) }
        let pinned = try #require(try store.nextForwardingBatch(of: table, maxRows: 3))  // the first waiting part
        for i in 5..<8 { try store.insert(rows(3, month: 11, offset: i * 3), into: table) }
        try store.runMaintenance()
        let parts = try store.snapshot().parts(of: table).map(\.name)
        #expect(parts.contains(pinned.batch.parts[0]), "the part in flight was merged")
        let forwarding = try #require(store.currentState.tables[table]?.forwarding)
        // Every part is wholly forwarded or wholly waiting; the forwarded ones merged among themselves.
        #expect(parts.filter(forwarding.isForwarded).count < 3)
        #expect(parts.filter(forwarding.isForwarded).allSatisfy { $0.maxBlock <= 3 })
        #expect(parts.filter { !forwarding.isForwarded($0) }.allSatisfy { $0.minBlock >= 4 })
        try store.optimize(table, final: true)
        #expect(try store.snapshot().parts(of: table).map(\.name).contains(pinned.batch.parts[0]))
        let sent = try forwardAll(store)
        #expect(sent.count == 15)
    }

    @Test func rowsTheTTLRemovesBeforeTheyAreForwardedAreCounted() throws {
        let clock = ManualClock(dt("2026-11-25 12:00:00"))
        let store = Store.inMemory(options: testOptions(clock: clock))
        try store.createTable(try metricsTable(ttlDays: 30))
        try store.insert(rows(4, month: 11, offset: 0), into: table)
        try forwardAll(store)
        try store.insert(rows(6, month: 11, offset: 10), into: table)
        clock.advance(days: 90)
        try store.runMaintenance()
        #expect(try store.snapshot().rowCount(of: table) == 0)
        #expect(try store.forwardingProgress(of: table).counters.rowsExpiredUnforwarded == 6)
    }

    @Test func aLargePartGoesInSlicesOfWholeGranules() throws {
        let store = Store.inMemory(options: testOptions())
        try store.createTable(try metricsTable(granularity: 4, ttlDays: nil))
        try store.insert(rows(50, month: 11, offset: 0), into: table)
        var slices = [Int]()
        var sent = [String]()
        while let slice = try store.nextForwardingBatch(of: table, maxRows: 10) {
            slices.append(slice.rowCount)
            #expect(slice.token.hasSuffix("/\(slice.batch.slice)/\(slice.batch.sliceCount)"))
            sent += try store.forwardingRows(slice).rowTexts
            try store.acknowledgeForwarding(slice, bytes: 1, exactlyOnce: true)
        }
        #expect(slices == [8, 8, 8, 8, 8, 10])  // 13 granules of 4 rows, the last of 2
        expectSameRows(sent, try allRows(store))
    }

    @Test func slicesAndBatchesOfWideRowsStayWithinTheirBytes() throws {
        let store = Store.inMemory(options: testOptions())
        try store.createTable(try metricsTable(granularity: 4, ttlDays: nil))
        func wide(_ count: Int, offset: Int) -> Batch {  // about 1,030 bytes a row in RowBinary
            metricsRows((0..<count).map { i in
                (String(format: "2026-11-%02d 00:00:00", 1 + i % 28), customerA, String(repeating: "x", count: 1000) + "\(offset + i)", Double(i))
            })
        }
        try store.insert(wide(40, offset: 0), into: table)  // one part of 10 granules
        for k in 0..<6 { try store.insert(wide(4, offset: 100 + 10 * k), into: table) }
        var shapes = [String]()
        var sent = [String]()
        while let slice = try store.nextForwardingBatch(of: table, maxRows: 1000, maxBytes: 10_000) {
            let rows = try store.forwardingRows(slice)
            let encoded = BinaryFormats.rowBinary(rows, namesAndTypes: false).count
            // The estimate counts one length byte per string; these take two.
            #expect(encoded <= 10_000 + rows.rowCount, "slice of \(encoded) bytes")
            shapes.append("\(slice.batch.parts.count)x\(rows.rowCount)")
            sent += rows.rowTexts
            try store.recordForwardingAttempt(slice)
            try store.acknowledgeForwarding(slice, bytes: encoded, exactlyOnce: true)
        }
        // With 1,000 rows allowed, only the bytes cut: 2 granules a slice, 2 small parts a batch.
        #expect(shapes == ["1x8", "1x8", "1x8", "1x8", "1x8", "2x8", "2x8", "2x8"])
        expectSameRows(sent, try allRows(store))
    }

    @Test func anInsertThatCommitsAfterNewerRowsWereForwardedIsForwardedToo() throws {
        var options = testOptions()
        options.maxInsertBlockRows = 5  // the slow insert's 5 rows fill a block: written, its block number taken
        let store = Store.inMemory(options: options)
        try store.createTable(try metricsTable(ttlDays: nil))
        let slow = try store.beginInsert(into: table)
        try slow.append(rows(5, month: 11, offset: 0))
        var sent = [String]()
        try store.insert(rows(3, month: 11, offset: 100), into: table)
        sent += try forwardAll(store)  // the newer part, block 2, goes first
        try slow.commit()
        let blocks = try store.snapshot().parts(of: table).map(\.name.minBlock).sorted()
        #expect(blocks == [1, 2], "the slow insert's part must carry the older block number")
        sent += try forwardAll(store)  // a watermark of forwarded blocks would skip block 1
        expectSameRows(sent, try allRows(store))
        #expect(sent.count == 8)
    }

    @Test func theForwardingStateSurvivesReopeningAndTableSizesStayTrue() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        do {
            let store = try Store.open(path: directory.path, options: testOptions())
            try store.createTable(try metricsTable(ttlDays: nil))
            try store.insert(rows(5, month: 11, offset: 0), into: table)
            try forwardAll(store)
            try store.insert(rows(2, month: 12, offset: 10), into: table)
            store.close()
        }
        let store = try Store.open(path: directory.path, options: testOptions())
        let progress = try store.forwardingProgress(of: table)
        #expect(progress.waitingRows == 2)
        #expect(progress.counters.rowsSent == 5)
        #expect(try forwardAll(store).count == 2)
    }
}
