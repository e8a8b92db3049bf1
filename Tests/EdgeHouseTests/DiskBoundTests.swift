@testable import EdgeHouse
import EdgeHouseTestSupport
import Foundation
import Testing
import OptiInfraWorkload

/// The disk bound (``DiskBound``): forwarded parts go first, oldest first; then the oldest
/// waiting parts or the insert, as configured; never a part in flight; every row accounted for.
@Suite struct DiskBoundTests {
    let table = TableName("test", "metrics")

    /// Eight rows of one month: one part.
    private func month(_ month: Int, offset: Int = 0) -> Batch {
        metricsRows((0..<8).map { (i: Int) -> (String, UUIDValue, String, Double) in
            (String(format: "2026-%02d-%02d %02d:00:00", month, 1 + i, i), i % 2 == 0 ? customerA : customerB, "r\(offset + i)", Double(offset + i))
        })
    }

    /// A store with the metrics table, and a view of its row count per customer if asked.
    private func store(bound: DiskBound?, view: Bool = false) throws -> Store {
        var options = testOptions()
        options.diskBound = bound
        let store = Store.inMemory(options: options)
        try store.createTable(try metricsTable(ttlDays: nil))
        if view {
            try SQLSession(store: store).execute("""
                CREATE MATERIALIZED VIEW test.by_customer ENGINE = AggregatingMergeTree ORDER BY customer_id
                    AS SELECT customer_id, countState() AS c FROM test.metrics GROUP BY customer_id
                """)
        }
        return store
    }

    /// The rows the view has counted: every row ever inserted, evicted or not.
    private func viewCount(_ store: Store) throws -> String {
        var text = ""
        try SQLSession(store: store).execute("SELECT countMerge(c) FROM test.by_customer") { result in
            if let rows = result.rows { text = rows.rowTexts.joined() }
        }
        return text
    }

    /// Bytes each insert of `months` (in that order, offsets 0, 100, …) adds to a store without a
    /// bound, its view's part included: the same rows make the same parts.
    private func insertSizes(_ months: [Int], view: Bool = false) throws -> [Int] {
        let scratch = try store(bound: nil, view: view)
        var sizes = [Int]()
        for (index, month) in months.enumerated() {
            let before = scratch.currentState.bytesOnDisk
            try scratch.insert(self.month(month, offset: index * 100), into: table)
            sizes.append(scratch.currentState.bytesOnDisk - before)
        }
        return sizes
    }

    /// Forwards the oldest waiting batch (one part: each month is its own partition).
    private func forwardOne(_ store: Store) throws {
        let slice = try #require(try store.nextForwardingBatch(of: table))
        try store.recordForwardingAttempt(slice)
        try store.acknowledgeForwarding(slice, bytes: 1, exactlyOnce: true)
    }

    private func months(_ store: Store) -> [String] {
        store.currentState.tables[table]!.parts.map { String($0.name.partition.description.suffix(2)) }
    }

    @Test func forwardedPartsAreEvictedFirstOldestFirstThenTheOldestWaiting() throws {
        let sizes = try insertSizes([9, 10, 11, 12])
        let store = try store(bound: DiskBound(maxBytes: sizes[0] + sizes[1] + sizes[2] + sizes.min()! / 2))
        for month in [10, 9, 11] { try store.insert(self.month(month, offset: month * 100), into: table) }
        try forwardOne(store)  // block 1: October
        try forwardOne(store)  // block 2: September
        try store.insert(month(12, offset: 1200), into: table)
        #expect(months(store) == ["10", "11", "12"], "September is the oldest forwarded part")
        var counters = try store.forwardingProgress(of: table).counters
        #expect(counters.rowsEvictedForwarded == 8 && counters.rowsEvictedUnforwarded == 0)

        try store.insert(month(12, offset: 1300), into: table)
        #expect(months(store) == ["11", "12", "12"], "then October, forwarded too")
        try store.insert(month(12, offset: 1400), into: table)
        #expect(months(store) == ["12", "12", "12"], "then November, the oldest not forwarded")
        counters = try store.forwardingProgress(of: table).counters
        #expect(counters.rowsEvictedForwarded == 16 && counters.rowsEvictedUnforwarded == 8)
        #expect(store.currentState.bytesOnDisk <= sizes[0] + sizes[1] + sizes[2] + sizes.min()! / 2)
    }

    @Test func aViewKeepsTheRowsOfEvictedParts() throws {
        let sizes = try insertSizes([9, 10, 11], view: true)
        let store = try store(bound: DiskBound(maxBytes: sizes[0] + sizes[1] + sizes.min()! / 2), view: true)
        for (index, month) in [9, 10, 11].enumerated() { try store.insert(self.month(month, offset: index * 100), into: table) }
        #expect(months(store) == ["10", "11"])
        #expect(try viewCount(store) == "24")
    }

    @Test func aPartBeingForwardedIsNeverEvicted() throws {
        let sizes = try insertSizes([9, 10, 11])
        let store = try store(bound: DiskBound(maxBytes: sizes[0] + sizes[1] + sizes.min()! / 2))
        try store.insert(month(9), into: table)
        try store.insert(month(10, offset: 100), into: table)
        let slice = try #require(try store.nextForwardingBatch(of: table))  // September, pinned
        try store.recordForwardingAttempt(slice)  // sent, no answer yet
        try store.insert(month(11, offset: 200), into: table)
        #expect(months(store) == ["09", "11"], "October goes: September's outcome is unknown")
        try store.acknowledgeForwarding(slice, bytes: 1, exactlyOnce: true)
        let progress = try store.forwardingProgress(of: table)
        #expect(progress.counters.rowsSent == 8 && progress.counters.rowsEvictedUnforwarded == 8)
    }

    @Test func refusingInsertsStoresNothingAndForwardingMakesRoom() throws {
        let sizes = try insertSizes([9, 10, 11], view: true)
        let store = try store(bound: DiskBound(maxBytes: sizes[0] + sizes[1] + sizes.min()! / 2, whenFull: .refuseInserts), view: true)
        try store.insert(month(9), into: table)
        try store.insert(month(10, offset: 100), into: table)
        let before = try allRows(store)
        let error = #expect(throws: StorageError.self) { try store.insert(month(11, offset: 200), into: table) }
        #expect(error?.code == .notEnoughSpace)
        #expect(error?.description.firstMatch(of: /^Code: 243\. DB::Exception: Cannot reserve [0-9]+\.[0-9]{2} (B|KiB), not enough space \(NOT_ENOUGH_SPACE\)$/) != nil,
                "\(error?.description ?? "")")
        expectSameRows(try allRows(store), before)
        #expect(try viewCount(store) == "16", "nothing of the refused insert reached the view")

        try forwardOne(store)
        try store.insert(month(11, offset: 200), into: table)
        #expect(months(store) == ["10", "11"], "the forwarded September made room")
        #expect(try store.forwardingProgress(of: table).counters.rowsEvictedUnforwarded == 0)
    }

    @Test func aBufferedInsertIsRefusedWhenFullButAcknowledgedRowsAreAlwaysFlushed() throws {
        let sizes = try insertSizes([9, 10, 11])
        let store = try store(bound: DiskBound(maxBytes: sizes[0] + sizes[1] + sizes.min()! / 2, whenFull: .refuseInserts))
        try store.insert(month(9), into: table)
        try store.insertBuffered(month(10, offset: 100), into: table)
        try store.insertBuffered(month(11, offset: 200), into: table)  // acknowledged: the parts are under the bound
        try store.flushInsertBuffer()  // over it now, but these rows were acknowledged
        #expect(try allRows(store).count == 24)
        let error = #expect(throws: StorageError.self) { try store.insertBuffered(month(12, offset: 300), into: table) }
        #expect(error?.code == .notEnoughSpace)
        #expect(store.bufferedRowCount == 0)
    }

    @Test func theCountersSurviveReopening() throws {
        let sizes = try insertSizes([9, 10, 11])
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        var options = testOptions()
        options.diskBound = DiskBound(maxBytes: sizes[0] + sizes[1] + sizes.min()! / 2)
        do {
            let store = try Store.open(path: directory.path, options: options)
            try store.createTable(try metricsTable(ttlDays: nil))
            for (index, month) in [9, 10, 11].enumerated() { try store.insert(self.month(month, offset: index * 100), into: table) }
            store.close()
        }
        let store = try Store.open(path: directory.path, options: options)
        #expect(try store.forwardingProgress(of: table).counters.rowsEvictedUnforwarded == 8)
        #expect(try allRows(store).count == 16)
    }

    /// Random inserts, forwarding and merges under a small bound: every row inserted is on disk,
    /// forwarded, or counted as evicted — and a waiting part is evicted only when no forwarded
    /// part is left.
    @Test(arguments: [1, 2, 3]) func everyRowIsAccountedFor(seed: UInt64) throws {
        let sizes = try insertSizes([9, 10, 11, 12])
        var options = testOptions()
        options.mergeFactor = 2
        options.diskBound = DiskBound(maxBytes: 3 * sizes.max()!)
        let store = Store.inMemory(options: options)
        try store.createTable(try metricsTable(ttlDays: nil))
        var random = SplitMix64(seed: seed)
        var inserted = 0
        var sent = 0
        for round in 0..<60 {
            let evictedBefore = try store.forwardingProgress(of: table).counters.rowsEvictedUnforwarded
            try store.insert(month(Int.random(in: 1...12, using: &random), offset: round * 100), into: table)
            inserted += 8
            let progress = try store.forwardingProgress(of: table)
            if progress.counters.rowsEvictedUnforwarded > evictedBefore {
                let forwarded = store.currentState.tables[table]!.forwarding!.forwarded
                #expect(forwarded.isEmpty, "a waiting part was evicted while forwarded parts remained")
            }
            switch Int.random(in: 0..<4, using: &random) {
            case 0: try store.runMaintenance()
            case 1:
                if let slice = try store.nextForwardingBatch(of: table, maxRows: 20) {
                    try store.recordForwardingAttempt(slice)
                    try store.acknowledgeForwarding(slice, bytes: 1, exactlyOnce: true)
                    sent += slice.rowCount
                }
            default: break
            }
            let counters = try store.forwardingProgress(of: table).counters
            let stored = try allRows(store).count
            #expect(stored + Int(counters.rowsEvictedForwarded + counters.rowsEvictedUnforwarded) == inserted)
            #expect(Int(counters.rowsSent) == sent)
            #expect(try store.forwardingProgress(of: table).waitingRows + sent + Int(counters.rowsEvictedUnforwarded) == inserted)
        }
        let counters = try store.forwardingProgress(of: table).counters
        #expect(counters.rowsEvictedForwarded > 0 && counters.rowsEvictedUnforwarded > 0, "the run evicted both kinds")
    }
}
