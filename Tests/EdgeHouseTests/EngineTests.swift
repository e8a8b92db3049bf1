@testable import EdgeHouse
import EdgeHouseTestSupport
import Foundation
import Testing

/// SummingMergeTree and AggregatingMergeTree semantics, on the examples the reference verified
/// against ClickHouse 26.9 and 18.16 (clickhouse-semantics.md §3).
@Suite struct EngineTests {
    func store() -> Store {
        var options = StoreOptions()
        options.backgroundMaintenance = false
        return Store.inMemory(options: options)
    }

    @Test func summingMergeTreeSumsNumericColumnsInTheirOwnTypesAndKeepsTheFirstRowOfTheRest() throws {
        let store = store()
        let name = TableName("e", "summing")
        try store.createTable(try TableDefinition(
            name: name,
            columns: [.init("k", .uint32), .init("h", .dateTime), .init("name", .string), .init("u", .uuid), .init("f64", .float64),
                      .init("f32", .float32), .init("u64", .uint64), .init("u8", .uint8)],
            partitionColumn: nil, orderBy: ["k"], engine: .summingMergeTree(columns: nil)))
        func rows(_ r: [(UInt32, String, String, String, Double, Float, UInt64, UInt8)]) -> Batch {
            Batch([("k", .uint32(r.map(\.0))), ("h", .dateTime(r.map { dt($0.1) })), ("name", .string(StringColumn(r.map(\.2)))),
                   ("u", .uuid(r.map { UUIDValue($0.3)! })), ("f64", .float64(r.map(\.4))), ("f32", .float32(r.map(\.5))),
                   ("u64", .uint64(r.map(\.6))), ("u8", .uint8(r.map(\.7)))])
        }
        let u = { (n: Int) in "00000000-0000-0000-0000-00000000000\(n)" }
        try store.insert(rows([(1, "2026-11-20 10:00:00", "a", u(1), 0.1, 0.1, 1, 200), (1, "2026-11-20 11:00:00", "b", u(2), 0.2, 0.2, 2, 100),
                               (2, "2026-11-20 10:00:00", "z", u(3), 0, 0, 0, 0)]), into: name)
        // As in 26.9 (optimize_on_insert): already collapsed after the first insert, the all-zero row gone.
        #expect(try allRows(store, name).map { $0.split(separator: "\t").map(String.init) }.map { [$0[0], $0[2], $0[4], $0[5], $0[6], $0[7]] }
                == [["1", "a", "0.30000000000000004", "0.3", "3", "44"]])
        try store.insert(rows([(1, "2026-11-20 12:00:00", "c", u(4), 0.3, 0.3, 3, 100), (3, "2026-11-20 10:00:00", "x", u(5), 1, 1, 1, 1),
                               (3, "2026-11-20 10:00:00", "y", u(6), -1, -1, 0, 0)]), into: name)
        try store.optimize(name, final: true)
        // The reference's result after OPTIMIZE FINAL, both versions.
        #expect(try allRows(store, name) == [
            "1\t2026-11-20 10:00:00\ta\t00000000-0000-0000-0000-000000000001\t0.6000000000000001\t0.6\t6\t144",
            "3\t2026-11-20 10:00:00\tx\t00000000-0000-0000-0000-000000000005\t0\t0\t1\t1",
        ])
        #expect(try store.snapshot().parts(of: name).map(\.name.description) == ["all_1_2_2"])
    }

    @Test func aggregatingMergeTreeMergesStatesAndKeepsTheFirstPlainValue() throws {
        let store = store()
        let name = TableName("e", "aggregating")
        let avg = try AggregateFunction(.avg, .float32)
        try store.createTable(try TableDefinition(
            name: name, columns: [.init("k", .uint32), .init("name", .string), .init("cnt", .uint64), .init("s", .aggregateState(avg))],
            partitionColumn: nil, orderBy: ["k"], engine: .aggregatingMergeTree, allowDimensionsOutsideSortingKey: true))
        for (label, count, value) in [("first", UInt64(10), Float(1)), ("second", 20, 3), ("third", 30, 5)] {
            let state = AggregateTests.state(avg, .float32([value]))
            try store.insert(Batch([("k", .uint32([1])), ("name", .string(StringColumn([label]))), ("cnt", .uint64([count])),
                                    ("s", .aggregateStates(avg, StringColumn(repeating: state, count: 1)))]), into: name)
        }
        try store.optimize(name, final: true)
        // Plain columns keep the first row (counts 20 and 30 are lost); the state is merged: avg 3.
        #expect(try select("SELECT name, cnt, avgMerge(s) FROM e.aggregating GROUP BY name, cnt", in: store.snapshot()) == ["first\t10\t3"])
    }

    /// The seed's schema as written (`schema/seed-init.sql`): ClickHouse 26.9 refuses three of
    /// its views with code 36, and nothing of a refused view is created.
    /// Nesting up to ClickHouse's max_parser_depth parses on a test thread's stack in every build
    /// (a debug build's parser frames once overflowed at about 290 nested calls), and past it is
    /// error 306, not a crash.
    @Test func callsNestedToTheDepthLimitParseWithoutExhaustingTheStack() throws {
        func nested(_ depth: Int) -> String { "SELECT " + String(repeating: "f(", count: depth) + "1" + String(repeating: ")", count: depth) }
        _ = try Parser.parseSingle(nested(490))
        let error = #expect(throws: SQLError.self) { try Parser.parseSingle(nested(520)) }
        #expect(error?.code == 306)
    }

    @Test func theSeedsViewsAreRefusedAsClickHouse26RefusesThem() throws {
        let store = store()
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("schema/seed-init.sql")
        let session = SQLSession(store: store)
        var refused = [[String]]()
        for item in try session.script(try String(contentsOf: url, encoding: .utf8)) {
            do {
                _ = try session.run(try item.statement.get())
            } catch {
                let plain = try #require(error.description.firstMatch(of: /Column\(s\) (.*) of the AggregatingMergeTree table are neither part of the sorting key/))
                refused.append(plain.1.split(separator: ", ").map(String.init))
                // 26.9's whole message, word for word.
                #expect(error.description == "Code: 36. DB::Exception: Column(s) \(plain.1) of the AggregatingMergeTree table are neither part of the sorting key nor aggregate measures (AggregateFunction or SimpleAggregateFunction). During background merges, rows with the same value of the sorting key are collapsed into one, so these columns keep an arbitrary value, which silently produces wrong results for queries that GROUP BY or filter on them. Add them to the sorting key (ORDER BY), or set 'allow_dimensions_outside_sorting_key = 1' if this is intentional (for example, when the columns are functionally dependent on the sorting key). (BAD_ARGUMENTS)")
            }
        }
        #expect(refused == [["service_type", "request_count"], ["instance_type", "sample_count"], ["model_name", "request_count"]])
        // The four tables, and the SummingMergeTree view with its inner table.
        #expect(store.views.map(\.name.table) == ["cost_metrics_hourly_mv"] && store.tables.count == 5)
    }
}
