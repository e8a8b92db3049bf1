@testable import EdgeHouse
import EdgeHouseTestSupport
import Testing
import OptiInfraSchema

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

    /// A store holding `test.metrics` in blocks of 1,000 rows written in pieces of about 20 kB,
    /// parsed in small chunks, with a view counting names; and a session on it.
    func piecedStoreWithView() throws -> (Store, SQLSession) {
        var options = testOptions()
        options.maxInsertBlockRows = 1_000
        options.streamedPartBytes = 20_000
        let store = Store.inMemory(options: options)
        try store.createTable(try metricsTable())
        let session = SQLSession(store: store)
        session.tsvChunkBytes = 4_096
        try session.execute("CREATE MATERIALIZED VIEW test.counts ENGINE = SummingMergeTree ORDER BY name AS SELECT name, count() AS c FROM test.metrics GROUP BY name")
        return (store, session)
    }

    /// A store holding `test.metrics`, with insert blocks of 1,000 rows, and a session on it.
    func metricsSession() throws -> (Store, SQLSession) {
        var options = testOptions()
        options.maxInsertBlockRows = 1_000
        let store = Store.inMemory(options: options)
        try store.createTable(try metricsTable())
        return (store, SQLSession(store: store))
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
        try TSVStream(trickle(tsv(0..<2_500), by: 777), columns: columns, table: TableName("t", "t"), blockRows: { _ in (1_000, 1_000) },
                      chunkBytes: 4_096).run { blocks.append($0.joined()) }
        #expect(blocks.map(\.rowCount) == [1_000, 1_000, 500])
        var all = blocks[0]
        for block in blocks.dropFirst() { all.append(contentsOf: block) }
        #expect(all == (try TSVReader.read(tsv(0..<2_500), columns: columns, table: TableName("t", "t"), header: false)))
        // An error in a later chunk counts rows from the start of the input.
        do {
            try TSVStream(trickle(tsv(0..<2_500, badRow: 2_345), by: 777), columns: columns, table: TableName("t", "t"),
                          blockRows: { _ in (1_000, 1_000) }, chunkBytes: 4_096).run { _ in }
            Issue.record("the bad row was accepted")
        } catch {
            #expect(error.description.contains("(at row 2346)"), "\(error)")
        }
    }

    /// With small chunks, blocks 1 and 2 are written as parts before the bad row in block 3 is
    /// parsed: they must be discarded, not committed.
    @Test func aBadRowInALaterBlockNamesItsRowAndStoresNothing() throws {
        let (store, session) = try metricsSession()
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

    /// A view created while a streamed insert runs does not fail it (it did, with code 49): the
    /// insert feeds the views there were when it began, as ClickHouse's INSERT pipeline does,
    /// and the new view sees the inserts after it.
    @Test func aViewCreatedDuringAStreamedInsertLeavesItWhole() throws {
        let (store, session) = try metricsSession()
        session.tsvChunkBytes = 4_096
        let bytes = tsv(0..<2_500)
        var offset = 0
        let input = InsertInput(chunks: {
            guard offset < bytes.count else { return nil }
            // Half way, blocks already written, another session creates a view of the table.
            if offset == 60_000 {
                try? SQLSession(store: store).execute(
                    "CREATE MATERIALIZED VIEW test.names ENGINE = SummingMergeTree ORDER BY name AS SELECT name, count() AS c FROM test.metrics GROUP BY name")
            }
            defer { offset += 10_000 }
            return Array(bytes[offset..<min(offset + 10_000, bytes.count)])
        })
        try session.execute("INSERT INTO test.metrics FORMAT TSV", input: input)
        #expect(store.views.map(\.name.table) == ["names"])
        #expect(try allRows(store).count == 2_500)
        func viewRows() throws -> String {
            try session.execute("SELECT count(), sum(c) FROM test.names")[0].rows!.rowTexts.joined()
        }
        #expect(try viewRows() == "0\t0")
        try session.execute("INSERT INTO test.metrics FORMAT TSV", input: InsertInput(tsv(0..<10)))
        #expect(try viewRows() == "10\t10")
    }

    /// Pieces smaller than blocks: the stream hands the table's writer pieces and the views
    /// whole blocks, and an input that ends where a piece ends still ends its last block — its
    /// views' rows are written too, whatever the count of rows.
    @Test func piecesSmallerThanBlocksLoseNoViewRows() throws {
        var ends = [String]()
        let followers = [RowFollower(unit: .block, rows: { _ in }, ended: { ends.append($0 ? "last block" : "block") }),
                         RowFollower(unit: .piece, rows: { _ in }, ended: { ends.append($0 ? "last piece" : "piece") })]
        var pieces = [Int]()
        try TSVStream(trickle(tsv(0..<1_500), by: 777), columns: columns, table: TableName("t", "t"), blockRows: { _ in (500, 1_000) },
                      chunkBytes: 4_096, followers: followers).run { pieces.append($0.rowCount) }
        #expect(pieces == [500, 500, 500])
        // The last block (500 rows) is ended by the input's end; the last piece ended full.
        #expect(ends.filter { $0 == "block" } .count == 1 && ends.filter { $0 == "last block" }.count == 1, "\(ends)")
        #expect(ends.filter { $0 == "piece" }.count == 3 && !ends.contains("last piece"), "\(ends)")

        let store = piecedStoreWithView
        // A block whose views end after its last piece was written (the input ended just
        // after it): the transaction writes those views' parts before it commits.
        let (direct, _) = try store()
        let transaction = try direct.beginInsert(into: TableName("test", "metrics"))
        let preparation = try transaction.blockPreparation()
        let rows = try TSVReader.read(tsv(0..<700), columns: columns, table: TableName("t", "t"), header: false)
        try preparation.aggregate(rows)
        try preparation.sort(rows)
        preparation.endSortedPiece()
        let piece = preparation.takeFinishedPiece()
        #expect(piece.views.isEmpty)
        try transaction.write(ChunkedBatch(rows), prepared: piece)
        try preparation.endAggregatedBlock()
        try transaction.writeViews(of: preparation.takeFinishedBlocks())
        try transaction.commit()
        #expect(try SQLSession(store: direct).execute("SELECT sum(c) FROM test.counts")[0].rows!.rowTexts == ["700"])

        let (probe, probeSession) = try store()
        try probeSession.execute("INSERT INTO test.metrics FORMAT TSV", input: InsertInput(tsv(0..<3_000)))
        let pieceRows = try #require(try probe.snapshot().parts(of: TableName("test", "metrics")).map(\.rows).max())
        #expect(pieceRows < 1_000)
        for count in (1...5).map({ $0 * pieceRows }) + [999, 1_000, 1_001] {
            let (_, session) = try store()
            try session.execute("INSERT INTO test.metrics FORMAT TSV", input: trickle(tsv(0..<count), by: 10_000))
            let counted = try session.execute("SELECT sum(c) FROM test.counts")[0].rows!.rowTexts
            #expect(counted == ["\(count)"], "\(count) rows in pieces of \(pieceRows)")
        }
    }

    /// Line chunks: a small first chunk (it is parsed alone), then chunks of at least the
    /// minimum, each ending at a line end, together the input byte for byte.
    @Test func lineChunksStartSmallAndEndAtLineEnds() throws {
        let bytes = tsv(0..<3_000)
        // Pieces of 777 and 10,000 bytes as they come; the bytes whole, read as asked (as stdin is).
        for (input, pieceBytes) in [(trickle(bytes, by: 777), 777), (trickle(bytes, by: 10_000), 10_000), (InsertInput(bytes), 0)] {
            var chunks = input.lineChunks(minimumBytes: 20_000, firstBytes: 3_000)
            var all = [[UInt8]]()
            while let chunk = try chunks.next() { all.append(chunk) }
            #expect(all.joined().elementsEqual(bytes))
            #expect(all.allSatisfy { $0.last == 0x0A })
            #expect(all[0].count >= 3_000 && all[0].count < 20_000, "first chunk \(all[0].count) bytes, pieces of \(pieceBytes)")
            #expect(all.dropFirst().dropLast().allSatisfy { $0.count >= 20_000 })
        }
    }

    /// Pieces smaller than blocks, a view, and a bad row in the third block: the first two
    /// blocks' view parts, written in the background as each block ended, are deleted with the
    /// table's pieces — nothing stored, nothing left in either table's directory.
    @Test func aBadRowAfterViewPartsWereWrittenLeavesNoViewParts() throws {
        let (store, session) = try piecedStoreWithView()
        let target = try #require(store.views.first?.target)
        for _ in 0..<5 {
            #expect(throws: SQLError.self) {
                try session.execute("INSERT INTO test.metrics FORMAT TSV", input: trickle(tsv(0..<2_500, badRow: 2_345), by: 10_000))
            }
            for table in [TableName("test", "metrics"), target] {
                #expect(try store.snapshot().parts(of: table).isEmpty)
                let leftovers = (try? store.fileSystem.listDirectory(store.tableDirectory(table))) ?? []
                #expect(leftovers.filter { $0 != "detached" }.isEmpty, "\(table): \(leftovers)")
            }
        }
        try session.execute("INSERT INTO test.metrics FORMAT TSV", input: trickle(tsv(0..<2_500), by: 10_000))
        #expect(try session.execute("SELECT sum(c) FROM test.counts")[0].rows!.rowTexts == ["2500"])
    }

    /// `INSERT … FORMAT RowBinary` streamed: the same rows as the same bytes read at once, in
    /// blocks written as they fill; a row cut short at the end stores nothing and is named.
    @Test func rowBinaryStreamsInPiecesAndAShortLastRowStoresNothing() throws {
        let (store, session) = try metricsSession()
        let rows = try TSVReader.read(tsv(0..<2_500), columns: columns, table: TableName("t", "t"), header: false)
        let bytes = BinaryFormats.rowBinary(rows, namesAndTypes: false)
        do {
            try session.execute("INSERT INTO test.metrics FORMAT RowBinary", input: trickle(Array(bytes.dropLast(3)), by: 777))
            Issue.record("a short last row was accepted")
        } catch {
            #expect(error.code == 33 && error.description.contains("(at row 2500)"), "\(error)")
        }
        #expect(try allRows(store).isEmpty)
        #expect(try store.snapshot().parts(of: TableName("test", "metrics")).isEmpty)

        try session.execute("INSERT INTO test.metrics FORMAT RowBinary", input: trickle(bytes, by: 777))
        expectSameRows(try allRows(store), rows.rowTexts)
        // Blocks of 1000 rows, as from any other input: three parts, committed together.
        #expect(try store.snapshot().parts(of: TableName("test", "metrics")).count == 3)
    }

    /// With a byte limit, a streamed insert's blocks are cut by bytes as well as rows: every
    /// block has the rows that fit the limit at the first chunk's bytes per row, the typed
    /// path cuts the same way, and the rows are the same as in one block.
    @Test func blocksAreCutByBytesWhenTheLimitIsSet() throws {
        func partRows(maxBytes: Int, typed: Bool) throws -> (rows: [Int], stored: [String]) {
            var options = testOptions()
            options.maxInsertBlockBytes = maxBytes
            let store = Store.inMemory(options: options)
            try store.createTable(try metricsTable())
            if typed {
                let batch = try TSVReader.read(tsv(0..<2_500), columns: try metricsTable().columns,
                                               table: TableName("test", "metrics"), header: false)
                try store.insert(batch, into: TableName("test", "metrics"))
            } else {
                let session = SQLSession(store: store)
                session.tsvChunkBytes = 4_096
                try session.execute("INSERT INTO test.metrics FORMAT TSV", input: trickle(tsv(0..<2_500), by: 10_000))
            }
            let parts = try store.snapshot().parts(of: TableName("test", "metrics")).sorted { $0.name.minBlock < $1.name.minBlock }
            return (parts.map(\.rows), try allRows(store).sorted())
        }
        let unlimited = try partRows(maxBytes: 0, typed: false)
        #expect(unlimited.rows == [2_500])
        let bytesPerRow = Double(try TSVReader.read(tsv(0..<2_500), columns: try metricsTable().columns,
                                                    table: TableName("test", "metrics"), header: false).byteCount) / 2_500
        for typed in [false, true] {
            let limited = try partRows(maxBytes: 20_000, typed: typed)
            let blockRows = limited.rows[0]
            // The streamed path measures its first chunk, the typed path the whole batch: both
            // near the table's bytes per row, and every block but the last that full.
            #expect(abs(Double(blockRows) - 20_000 / bytesPerRow) <= 0.1 * 20_000 / bytesPerRow, "\(limited.rows)")
            #expect(limited.rows.dropLast().allSatisfy { $0 == blockRows } && limited.rows.last! <= blockRows, "\(limited.rows)")
            #expect(limited.rows.reduce(0, +) == 2_500)
            #expect(limited.stored == unlimited.stored)
        }
    }

    /// The streamed path aggregates a block's views chunk by chunk while later chunks are parsed,
    /// and sorts the block straight from its chunks. Its parts must be the parts of inserting the
    /// same rows as whole blocks: same rows in the same order, byte-identical view states —
    /// including groups of more than 8192 rows, whose `quantile` reservoirs depend on the order
    /// rows reach them — across a month boundary (a block in two partitions).
    ///
    /// With pieces (`streamedPartBytes` below a block's bytes) the table's rows are written a
    /// piece at a time, several parts per block, while the views still aggregate whole blocks:
    /// the same rows, and the views' parts byte for byte those of whole blocks.
    @Test(arguments: [0, 200_000])
    func streamedBlocksWriteThePartsOfWholeBlocks(pieceBytes: Int) throws {
        var text = ""
        let start = dt("2026-10-31 23:30:00")
        for i in 0..<30_000 {
            // Customer a's one service takes two rows in three: 12,000 in October's last hour.
            let busy = i % 3 != 2
            let customer = busy ? "00000000-0000-0000-0000-00000000000a" : "00000000-0000-0000-0000-0000000000b\(i % 2)"
            let latency = Double((i &* 7919) % 100_000) / 100
            text += "\(DateTime.format(start + UInt32(i / 10)))\t\(customer)\t11111111-0000-0000-0000-00000000000\(busy ? 0 : i % 2)\t"
            text += "\(busy || i % 5 == 0 ? "vllm" : "sglang")\tmodel-\(i % 7)\t\(UUIDValue(high: UInt64(i), low: UInt64(i) &* 0x9E37_79B9_7F4A_7C15))\t"
            text += "\(latency)\t\(Double(i % 500) / 4)\t\(Double(i % 1000) / 10)\t0.5\t\(i % 9)\t\(i % 300)\t\(i % 400)\t\(i % 700)\n"
        }
        func store() throws -> Store {
            var options = testOptions()
            options.maxInsertBlockRows = 25_000
            options.streamedPartBytes = pieceBytes
            let store = Store.inMemory(options: options)
            try OptiInfraSchema.install(in: store)
            return store
        }
        let streamed = try store()
        let session = SQLSession(store: streamed)
        session.tsvChunkBytes = 4_096  // about 30 rows a chunk: a thousand chunks, blocks cut inside one
        try session.execute("INSERT INTO optiinfra.performance_metrics_ts FORMAT TSV", input: InsertInput(Array(text.utf8)))
        let whole = try store()
        let columns = try #require(whole.tables.first { $0.name == OptiInfraSchema.performanceMetrics }).columns
        try whole.insert(try TSVReader.read(Array(text.utf8), columns: columns, table: OptiInfraSchema.performanceMetrics, header: false),
                         into: OptiInfraSchema.performanceMetrics)

        let pieces = pieceBytes > 0
        for query in [pieces ? "SELECT * FROM optiinfra.performance_metrics_ts ORDER BY request_id" : "SELECT * FROM optiinfra.performance_metrics_ts",
                      "SELECT * FROM optiinfra.performance_metrics_hourly_mv",
                      "SELECT table, name, rows FROM system.parts WHERE database = 'optiinfra' \(pieces ? "AND table LIKE '%_mv'" : "") ORDER BY table, name"] {
            func output(_ store: Store) throws -> [UInt8] {
                try SQLSession.render(try SQLSession(store: store).execute(query)[0].rows!, format: "TSV")
            }
            let expected = try output(whole)
            #expect(try output(streamed) == expected, "\(query)")
            #expect(!expected.isEmpty)
        }
        // Two blocks: 25,000 rows in October and November, 5,000 in November; in pieces of
        // about 200 KB, each block's rows in several parts per partition.
        func tableParts(_ store: Store) throws -> [Int] {
            try store.snapshot().parts(of: OptiInfraSchema.performanceMetrics).map(\.rows)
        }
        #expect(try tableParts(whole).count == 3)
        if pieces {
            let streamedParts = try tableParts(streamed)
            #expect(streamedParts.count > 10 && streamedParts.reduce(0, +) == 30_000, "\(streamedParts)")
        } else {
            #expect(try tableParts(streamed).count == 3)
        }
    }
}
