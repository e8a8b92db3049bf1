@testable import EdgeHouse
import EdgeHouseTestSupport
import Testing
import OptiInfraWorkload

/// A block held as its chunks answers as the same rows joined: gathers across chunks (the
/// insert's sort) and joined columns, on random chunkings and random orders.
@Suite struct ChunkedBatchTests {
    @Test func gatheringAcrossChunksEqualsGatheringTheJoinedRows() {
        var random = SplitMix64(seed: 91)
        for _ in 0..<200 {
            let chunks = (0..<Int(random.next() % 6 + 1)).map { _ in Self.batch(rows: Int(random.next() % 40), &random) }
            let block = ChunkedBatch(chunks)
            // The reference: the chunks appended one by one (not the joining under test).
            var joined = chunks[0]
            for chunk in chunks.dropFirst() { joined.append(contentsOf: chunk) }
            #expect(block.joined() == joined)
            for column in joined.names.indices { #expect(block.column(column) == joined.columns[column]) }
            guard joined.rowCount > 0 else { continue }
            // Any order, repeats allowed, over the whole block or a slice of it.
            let indices = (0..<Int(random.next() % 60)).map { _ in Int32(random.next() % UInt64(joined.rowCount)) }
            #expect(block.gathering(indices[...]) == joined.gathering(indices))
            #expect(block.gathering(indices.dropFirst(indices.count / 2)) == joined.gathering(Array(indices.dropFirst(indices.count / 2))))
        }
    }

    /// Rows of every shape the gather copies differently: strings of 0 to 40 bytes (byte,
    /// word and memcpy copies), UUIDs, integers, floats.
    static func batch(rows: Int, _ random: inout SplitMix64) -> Batch {
        let strings = (0..<rows).map { _ in String(repeating: "x", count: Int(random.next() % 41)) + "\(random.next() % 100)" }
        return Batch([
            ("t", .dateTime((0..<rows).map { _ in UInt32(truncatingIfNeeded: random.next()) })),
            ("u", .uuid((0..<rows).map { _ in UUIDValue(high: random.next(), low: random.next()) })),
            ("s", .string(StringColumn(strings))),
            ("f", .float32((0..<rows).map { _ in Float(random.next() % 1000) / 8 })),
            ("n", .uint64((0..<rows).map { _ in random.next() })),
        ])
    }
}

/// A block's sort, prepared chunk by chunk (`BlockSort`), against the definition: rows split by
/// month in order of each month's first row, each month's rows in key order, ties in input
/// order — on random blocks whose last key column does and does not arrive in order, with
/// string and float key columns.
@Suite struct BlockSortTests {
    @Test func piecesAreTheStableSortOfEachMonth() throws {
        var random = SplitMix64(seed: 92)
        let table = try TableDefinition(
            name: TableName("t", "t"),
            columns: [.init("t", .dateTime), .init("c", .uuid), .init("s", .string), .init("f", .float64)],
            partitionColumn: "t", orderBy: ["c", "s", "t"])
        let floatKeys = try TableDefinition(name: TableName("t", "f"), columns: table.columns, partitionColumn: "t", orderBy: ["f", "c"])
        for trial in 0..<300 {
            let definition = trial % 3 == 2 ? floatKeys : table
            let rows = Int(random.next() % (trial % 2 == 0 ? 2_000 : 300)) + 1  // large enough for the counting sort
            let inOrder = trial % 2 == 0
            var time = dt("2026-10-31 20:00:00")
            let customers = (0..<3).map { _ in UUIDValue(high: random.next(), low: random.next() % 4) }
            var columns: (t: [UInt32], c: [UUIDValue], s: [String], f: [Double]) = ([], [], [], [])
            for _ in 0..<rows {
                time = inOrder ? time + UInt32(random.next() % 200) : dt("2026-10-31 20:00:00") + UInt32(random.next() % 40_000)
                columns.t.append(time)
                columns.c.append(customers[Int(random.next() % 3)])
                columns.s.append(["a", "b", "ab"][Int(random.next() % 3)])
                columns.f.append([0.0, -0.0, 1.5, .nan][Int(random.next() % 4)])
            }
            let batch = Batch([("t", .dateTime(columns.t)), ("c", .uuid(columns.c)), ("s", .string(StringColumn(columns.s))),
                               ("f", .float64(columns.f))])
            var chunks = [Batch]()
            var start = 0
            while start < rows {
                let end = min(rows, start + Int(random.next() % 50) + 1)
                chunks.append(batch.slice(start..<end))
                start = end
            }
            var sort = BlockSort(definition)
            for chunk in chunks { try sort.consume(chunk) }
            let pieces = sort.pieces(of: ChunkedBatch(chunks))

            // The definition, computed directly.
            var months = [UInt32]()
            for t in columns.t where !months.contains(DateTime.yyyymm(t)) { months.append(DateTime.yyyymm(t)) }
            #expect(pieces.map(\.partition) == months.map { PartitionID(yyyymm: $0) })
            let keys = definition.keyIndices.map { batch.columns[$0] }
            for (piece, month) in zip(pieces, months) {
                let expected = (0..<rows).filter { DateTime.yyyymm(columns.t[$0]) == month }.sorted { a, b in
                    let order = KeyOrder.compare(keys, a, keys, b)
                    return order != 0 ? order < 0 : a < b
                }
                let order = piece.order.map { $0.map(Int.init) } ?? Array(0..<rows)
                #expect(order == expected, "trial \(trial)")
            }
        }
    }
}
