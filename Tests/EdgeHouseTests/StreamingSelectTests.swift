@testable import EdgeHouse
import EdgeHouseTestSupport
import Testing

/// A SELECT's rows handed out as they are computed (what `edgehouse server` sends block by
/// block): the header first, then batches that together equal the whole result; a LIMIT stops
/// the scan; the scan reads only the columns the query names.
@Suite struct StreamingSelectTests {
    /// A table of 3 parts × 5,000 rows.
    static func session() throws -> SQLSession {
        var options = StoreOptions()
        options.backgroundMaintenance = false
        let session = SQLSession(store: Store.inMemory(options: options))
        try session.execute("CREATE TABLE t (k UInt32, t DateTime, s String, x Float64) ENGINE = MergeTree PARTITION BY toYYYYMM(t) ORDER BY (k, t)")
        for part in 0..<3 {
            let rows = (0..<5_000).map { i in "(\(i % 97), '2026-11-\(10 + part) 00:00:00', 'v\(i)', \(Double(i) / 4))" }
            try session.execute("INSERT INTO t VALUES " + rows.joined(separator: ", "))
        }
        return session
    }

    static func streamed(_ session: SQLSession, _ sql: String) throws -> (header: Batch, batches: [Batch]) {
        var delivered = [Batch]()
        let result = try session.run(session.prepare(sql)) { (batch: Batch) throws(SQLError) in delivered.append(batch) }
        #expect(result.rows == nil)
        return (try #require(delivered.first), Array(delivered.dropFirst()))
    }

    @Test(arguments: [
        "SELECT * FROM t", "SELECT k, x * 2 AS y FROM t WHERE x > 100 AND s LIKE 'v1%'", "SELECT s FROM t LIMIT 7001",
        "SELECT count() FROM t", "SELECT k, sum(x) FROM t GROUP BY k ORDER BY k", "SELECT * FROM t ORDER BY x DESC LIMIT 10",
        "SELECT 1 AS one", "SELECT k FROM t WHERE k > 1000", "SELECT * FROM t LIMIT 0",
    ])
    func streamedBatchesJoinToTheWholeResult(_ sql: String) throws {
        let session = try Self.session()
        let whole = try #require(try session.execute(sql).first?.rows)
        let (header, batches) = try Self.streamed(session, sql)
        #expect(header.rowCount == 0 && header.names == whole.names && header.columns.map(\.type) == whole.columns.map(\.type))
        #expect(Batch(joining: [header] + batches) == whole)
        #expect(batches.allSatisfy { $0.rowCount > 0 })
    }

    @Test func aScanThatNeitherAggregatesNorSortsStreamsInBatchesAndStopsAtItsLimit() throws {
        let session = try Self.session()
        let all = try Self.streamed(session, "SELECT * FROM t").batches
        #expect(all.count >= 3 && all.allSatisfy { $0.rowCount <= 5_000 })  // never the whole 15,000 rows at once
        var delivered = 0
        _ = try session.run(session.prepare("SELECT k FROM t LIMIT 5")) { (batch: Batch) throws(SQLError) in delivered += 1 }
        #expect(delivered == 2)  // the header, then one batch: the scan stopped
    }

    @Test func aFailingReaderStopsTheScanWithItsError() throws {
        let session = try Self.session()
        var batches = 0
        #expect(throws: SQLError.badValue(.queryWasCancelled, message: "stop")) {
            _ = try session.run(session.prepare("SELECT * FROM t")) { (batch: Batch) throws(SQLError) in
                batches += 1
                if batches == 2 { throw .badValue(.queryWasCancelled, message: "stop") }
            }
        }
        #expect(batches == 2)
    }
}

/// A result rendered batch by batch is, byte for byte, the whole result rendered at once, in
/// every output format (headers once, `Values` separators across batches, JSON's closing once).
@Suite struct ResultRendererTests {
    @Test(arguments: FormatName.allCases)
    func batchesRenderAsTheWholeResult(_ format: FormatName) throws {
        let whole = Batch([
            ("k", .uint32([1, 2, 3, 4, 5])), ("s", .string(StringColumn(["a", "b\tc", "d", "e,f", "'g'"]))),
            ("x", .float64([0.5, .nan, -1, 1e300, 2.25])),
        ])
        let expected = OutputFormat.write(whole, as: format)
        for cuts in [[0, 5], [0, 1, 5], [0, 2, 3, 5], [0, 0, 1, 1, 4, 5]] {
            var renderer = try ResultRenderer(format: format.rawValue)
            var bytes = renderer.render(whole.slice(0..<0))
            for (start, end) in zip(cuts, cuts.dropFirst()) { bytes += renderer.render(whole.slice(start..<end)) }
            bytes += renderer.finish()
            if [.pretty, .prettyCompact, .native].contains(format) {
                // Pretty prints a table per block and Native writes a block per batch, as
                // ClickHouse does: the batches' own renderings, one after another.
                let perBatch = zip(cuts, cuts.dropFirst()).flatMap { OutputFormat.write(whole.slice($0..<$1), as: format) }
                #expect(bytes == perBatch, "\(format) cut at \(cuts)")
            } else {
                #expect(bytes == expected, "\(format) cut at \(cuts)")
            }
        }
    }
}
