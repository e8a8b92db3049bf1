@testable import EdgeHouse
import Testing

/// A block held as its chunks answers as the same rows joined: gathers across chunks (the
/// insert's sort) and joined columns, on random chunkings and random orders.
@Suite struct ChunkedBatchTests {
    @Test func gatheringAcrossChunksEqualsGatheringTheJoinedRows() {
        var random = SplitMix64(seed: 91)
        for _ in 0..<200 {
            let chunks = (0..<Int(random.next() % 6 + 1)).map { _ in Self.batch(rows: Int(random.next() % 40), &random) }
            let block = ChunkedBatch(chunks)
            let joined = block.joined()
            #expect(joined.rowCount == chunks.reduce(0) { $0 + $1.rowCount })
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
