@testable import EdgeHouse
import EdgeHouseTestSupport
import Foundation
import Testing
import OptiInfraSchema
import OptiInfraWorkload

/// Many tasks inserting, querying, merging and expiring at once: every snapshot is consistent
/// (an insert and its view rows together), nothing deadlocks, nothing is lost.
@Suite struct ConcurrencyTests {
    @Test func concurrentInsertsQueriesAndMergesSeeConsistentSnapshots() async throws {
        var options = StoreOptions()
        options.backgroundMaintenance = true  // the real background merger runs alongside
        options.mergeFactor = 3
        options.clock = Clock { DateTime.parse("2026-11-25 12:00:00")! }
        options.insertBuffer.durability = .groupCommit(every: .milliseconds(2))
        options.insertBuffer.flushBytes = 16 << 10
        options.insertBuffer.flushAge = .milliseconds(5)
        let store = Store.inMemory(options: options)
        try OptiInfraSchema.install(in: store)
        let writers = 4, insertsPerWriter = 25, rowsPerInsert = 200, bufferedRows = 600
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    var workload = PerformanceWorkload(seed: UInt64(writer), start: dt("2026-11-25 00:00:00"))
                    for _ in 0..<insertsPerWriter { try store.insert(workload.nextBatch(rows: rowsPerInsert), into: OptiInfraSchema.performanceMetrics) }
                }
            }
            group.addTask {
                // A small-insert writer: single rows through the insert log, flushed by size,
                // by age (the background ticker) and by hand, concurrently with everything else.
                var workload = PerformanceWorkload(seed: 99, start: dt("2026-11-25 00:00:00"))
                for row in 0..<bufferedRows {
                    try store.insertBuffered(workload.nextBatch(rows: 1), into: OptiInfraSchema.performanceMetrics)
                    if row % 150 == 0 { try store.flushInsertBuffer() }
                }
            }
            group.addTask {
                // Readers: in every snapshot the view counts exactly the raw rows.
                for _ in 0..<60 {
                    let snapshot = store.snapshot()
                    let raw = try snapshot.rowCount(of: OptiInfraSchema.performanceMetrics)
                    let counted = try select("SELECT countMerge(request_count) FROM optiinfra.performance_metrics_hourly_mv", in: snapshot)
                    #expect(counted == ["\(raw)"], "a snapshot saw \(raw) raw rows but \(counted) in the view")
                    await Task.yield()
                }
            }
            group.addTask {
                for _ in 0..<10 {
                    try store.runMaintenance()
                    try store.optimize(OptiInfraSchema.performanceMetrics)
                }
            }
            try await group.waitForAll()
        }
        try store.flushInsertBuffer()
        try store.runMaintenance()
        let total = writers * insertsPerWriter * rowsPerInsert + bufferedRows
        #expect(try store.snapshot().rowCount(of: OptiInfraSchema.performanceMetrics) == total)
        let counted = try select("SELECT countMerge(request_count) FROM optiinfra.performance_metrics_hourly_mv", in: store.snapshot())
        #expect(counted == ["\(total)"])
        store.close()
    }

    /// Two mergers that chose the same parts from one snapshot: the second finds them already
    /// replaced and backs off, instead of writing over the part the first one committed.
    /// Optimize and mutations wait for a merge holding their parts by waiting on its release,
    /// not by polling: a waiter wakes at the release, a release before the wait is not missed,
    /// and a wait with nothing released ends at its deadline.
    @Test func aClaimWaitsForTheRelease() throws {
        let claims = ClaimSet<Int>()
        #expect(claims.claim([1, 2]) == .claimed)
        guard case .busy(let seen) = claims.claim([2, 3]) else { Issue.record("2 is held"); return }
        #expect(claims.current == [1, 2], "a refused claim takes nothing")
        let start = ContinuousClock.now
        #expect(!claims.waitForRelease(after: seen, until: Date().addingTimeInterval(0.05)), "no release: the deadline")
        #expect(ContinuousClock.now - start >= .milliseconds(45))
        // A thread of its own (as the background merges have): the waiter blocks its thread.
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 0.05)
            claims.release([1, 2])
        }
        #expect(claims.waitForRelease(after: seen, until: Date().addingTimeInterval(30)))
        #expect(ContinuousClock.now - start < .seconds(10), "woken by the release, not the deadline")
        #expect(claims.claim([2, 3]) == .claimed)
        #expect(claims.waitForRelease(after: seen, until: Date()), "a release since `seen` returns at once")
    }

    @Test func aMergeChosenFromAStaleSnapshotBacksOff() throws {
        let store = Store.inMemory(options: testOptions())
        try store.createTable(try metricsTable())
        let table = TableName("test", "metrics")
        for i in 0..<3 { try store.insert(metricsRows([("2026-11-20 10:00:0\(i)", customerA, "x", 1)]), into: table) }
        let staleChoice = try store.snapshot().parts(of: table)
        let definition = try store.snapshot().definition(of: table)
        #expect(try store.merge(staleChoice, of: definition, expiringAt: nil))
        #expect(try store.merge(staleChoice, of: definition, expiringAt: nil) == false)
        #expect(try store.snapshot().parts(of: table).map(\.name.description) == ["202611_1_3_1"])
        #expect(try allRows(store).count == 3)
    }
}
