@testable import EdgeHouse
import EdgeHouseTestSupport
import Testing

/// `INSERT … FORMAT TSV` with its data streamed: chunked parsing, blocks of exactly
/// `maxInsertBlockRows`, and one commit for all of them.
@Suite struct StreamingInsertTests {
    let columns: [ColumnDefinition] = [.init("timestamp", .dateTime), .init("customer_id", .uuid), .init("name", .string), .init("value", .float64)]

    func tsv(_ rows: Range<Int>, badRow: Int? = nil) -> [UInt8] {
        var text = ""
        for i in rows {
            let value = i == badRow ? "not-a-number" : "\(i)"
            text += "2026-11-\(10 + i % 15) 10:00:00\t00000000-0000-0000-0000-00000000000\(i % 2 == 0 ? "a" : "b")\trow \(i)\t\(value)\n"
        }
        return Array(text.utf8)
    }

    /// Data delivered a few bytes at a time, cut anywhere (inside fields and lines).
    func trickle(_ bytes: [UInt8], by size: Int) -> InsertInput {
        var offset = 0
        return InsertInput(chunks: {
            guard offset < bytes.count else { return nil }
            defer { offset += size }
            return Array(bytes[offset..<min(offset + size, bytes.count)])
        })
    }

    @Test func chunksAndBlocksKeepEveryRowInOrder() throws {
        var blocks = [Batch]()
        try TSVReader.stream(trickle(tsv(0..<2_500), by: 777), columns: columns, table: TableName("t", "t"), blockRows: 1_000,
                             chunkBytes: 4_096) { blocks.append($0) }
        #expect(blocks.map(\.rowCount) == [1_000, 1_000, 500])
        var all = blocks[0]
        for block in blocks.dropFirst() { all.append(contentsOf: block) }
        #expect(all == (try TSVReader.read(tsv(0..<2_500), columns: columns, table: TableName("t", "t"), header: false)))
        // An error in a later chunk counts rows from the start of the input.
        do {
            try TSVReader.stream(trickle(tsv(0..<2_500, badRow: 2_345), by: 777), columns: columns, table: TableName("t", "t"),
                                 blockRows: 1_000, chunkBytes: 4_096) { _ in }
            Issue.record("the bad row was accepted")
        } catch {
            #expect(error.description.contains("(at row 2346)"), "\(error)")
        }
    }

    /// With small chunks, blocks 1 and 2 are written as parts before the bad row in block 3 is
    /// parsed: they must be discarded, not committed.
    @Test func aBadRowInALaterBlockNamesItsRowAndStoresNothing() throws {
        var options = testOptions()
        options.maxInsertBlockRows = 1_000
        let store = Store.inMemory(options: options)
        try store.createTable(try metricsTable())
        let session = SQLSession(store: store)
        session.tsvChunkBytes = 4_096  // blocks of 1000 rows are written while later chunks are still unparsed
        #expect(throws: SQLError.self) {
            try session.execute("INSERT INTO test.metrics FORMAT TSV", input: trickle(tsv(0..<2_500, badRow: 2_345), by: 10_000))
        }
        do {
            try session.execute("INSERT INTO test.metrics FORMAT TSV", input: InsertInput(tsv(0..<2_500, badRow: 2_345)))
            Issue.record("the bad row was accepted")
        } catch {
            #expect(error.code == 72 && error.description.contains("(at row 2346)"), "\(error)")
        }
        #expect(try allRows(store).isEmpty)
        #expect(try store.snapshot().parts(of: TableName("test", "metrics")).isEmpty)
        // The parts of blocks 1 and 2 were written and then removed, not left behind.
        let leftovers = (try? store.fileSystem.listDirectory(store.tableDirectory(TableName("test", "metrics")))) ?? []
        #expect(leftovers.filter { $0 != "detached" }.isEmpty, "\(leftovers)")

        try session.execute("INSERT INTO test.metrics FORMAT TSV", input: trickle(tsv(0..<2_500), by: 10_000))
        #expect(try allRows(store).count == 2_500)
        // Three blocks, each one part in partition 202611, committed together. The trickled insert
        // above had written blocks 1 and 2 before its bad row (the other one arrived as one chunk
        // and failed while parsing): their numbers stay used, as in ClickHouse.
        let names = try store.snapshot().parts(of: TableName("test", "metrics")).map(\.name.description)
        #expect(names == ["202611_3_3_0", "202611_4_4_0", "202611_5_5_0"], "\(names)")
    }
}
