@testable import EdgeHouse
import EdgeHouseTestSupport
import OptiInfraWorkload
import Testing

/// `OPTIMIZE … DEDUPLICATE`'s filter over a merge's sorted output: the first row of each value
/// of the columns is kept, across batches, whether or not it forgets values between runs of keys.
@Suite struct RowDeduplicatorTests {
    @Test(arguments: [1, 3, 1 << 16])
    func keepsTheFirstOfEachValueAcrossBatches(retained: Int) throws {
        let definition = try TableDefinition(name: TableName("t", "t"), columns: [.init("k", .uint32), .init("v", .uint32), .init("w", .uint32)],
                                             partitionColumn: nil, orderBy: ["k"])
        // Sorted by k; v repeats within a key's run, also across batch boundaries.
        var random = SplitMix64(seed: 9)
        var rows = [(UInt32, UInt32, UInt32)]()
        for key in 0..<200 as Range<UInt32> {
            for _ in 0..<(random.next() % 6) { rows.append((key, UInt32(random.next() % 3), UInt32(rows.count))) }
        }
        var expected = [(UInt32, UInt32, UInt32)]()
        var seen = Set<[UInt32]>()
        for row in rows where seen.insert([row.0, row.1]).inserted { expected.append(row) }
        var deduplicator = RowDeduplicator(definition, columns: ["k", "v"], retainedValues: retained)
        var kept = [(UInt32, UInt32, UInt32)]()
        var start = 0
        while start < rows.count {
            let end = min(rows.count, start + 1 + Int(random.next() % 7))
            let slice = rows[start..<end]
            let batch = Batch([("k", .uint32(slice.map(\.0))), ("v", .uint32(slice.map(\.1))), ("w", .uint32(slice.map(\.2)))])
            let out = deduplicator.firstOccurrences(batch)
            guard case .uint32(let k) = out.columns[0], case .uint32(let v) = out.columns[1], case .uint32(let w) = out.columns[2] else {
                Issue.record("columns changed type")
                return
            }
            kept += (0..<out.rowCount).map { (k[$0], v[$0], w[$0]) }
            start = end
        }
        #expect(kept.map { [$0.0, $0.1, $0.2] } == expected.map { [$0.0, $0.1, $0.2] })
        #expect(kept.count < rows.count)
    }
}
