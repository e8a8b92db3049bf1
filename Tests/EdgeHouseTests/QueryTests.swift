@testable import EdgeHouse
import EdgeHouseTestSupport
import Foundation
import Testing

/// ClickHouse-style query tests: every `Tests/Queries/NNNNN_name.sql` runs through a fresh
/// in-memory store, and its output must equal `NNNNN_name.reference`, produced by real ClickHouse
/// (`Tests/Queries/generate.py`, re-checked by `.ci/run`). Statements marked
/// `-- { serverError N }` must fail with ClickHouse's code N and store nothing.
@Suite struct QueryTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Queries")

    static let cases: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".sql") }.map { String($0.dropLast(4)) }.sorted()
    }()

    /// The statements of a test file and the error each must raise (the generator's rules).
    static func statements(_ text: String) -> [(String, Int32?)] {
        var result = [(String, Int32?)]()
        var current = [String]()
        var dataMode = false
        for line in text.components(separatedBy: "\n") {
            if dataMode {
                if let end = line.range(of: #"^\s*;\s*(--\s*\{\s*serverError\s+\d+\s*\})?\s*$"#, options: .regularExpression) {
                    let code = Int32(line[end].filter(\.isNumber))
                    result.append((current.joined(separator: "\n"), code))
                    current = []
                    dataMode = false
                } else {
                    current.append(line)
                }
                continue
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if current.isEmpty && (trimmed.isEmpty || trimmed.hasPrefix("--")) { continue }
            var code: Int32?
            var content = line
            if let range = line.range(of: #"--\s*\{\s*serverError\s+(\d+)\s*\}\s*$"#, options: .regularExpression) {
                code = Int32(line[range].filter(\.isNumber))
                content = String(line[..<range.lowerBound])
            } else if !line.contains("'"), let comment = line.range(of: "--") {
                content = String(line[..<comment.lowerBound])
            }
            while content.last?.isWhitespace == true { content.removeLast() }
            current.append(content)
            let joined = current.joined(separator: "\n")
            if joined.range(of: #"^\s*INSERT\b"#, options: [.regularExpression, .caseInsensitive]) != nil,
               content.range(of: #"\bFORMAT\s+\w+\s*$"#, options: [.regularExpression, .caseInsensitive]) != nil {
                dataMode = true
                continue
            }
            if content.hasSuffix(";") {
                var statement = joined
                while statement.last?.isWhitespace == true || statement.last == ";" { statement.removeLast() }
                result.append((statement, code))
                current = []
            }
        }
        return result
    }

    @Test(arguments: cases)
    func queryGivesClickHousesOutput(_ name: String) throws {
        let sql = try String(contentsOf: Self.directory.appendingPathComponent(name + ".sql"), encoding: .utf8)
        let reference = try String(contentsOf: Self.directory.appendingPathComponent(name + ".reference"), encoding: .utf8)
        var options = StoreOptions()
        options.backgroundMaintenance = false
        let session = SQLSession(store: Store.inMemory(options: options))
        var output = [UInt8]()
        for (statement, expected) in Self.statements(sql) {
            do {
                for result in try session.execute(statement) {
                    if let rows = result.rows { output += try SQLSession.render(rows, format: result.format ?? "TSV") }
                }
                if let expected { Issue.record("\(name): expected error \(expected) from: \(statement)") }
            } catch {
                if error.code != expected { Issue.record("\(name): \(statement)\n  failed with \(error)") }
            }
        }
        let actual = String(decoding: output, as: UTF8.self)
        if actual != reference {
            let a = actual.components(separatedBy: "\n"), r = reference.components(separatedBy: "\n")
            let first = zip(a, r).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, r.count)
            Issue.record("\(name): output differs from ClickHouse's at line \(first + 1):\n  got:      \(first < a.count ? a[first] : "<end>")\n  expected: \(first < r.count ? r[first] : "<end>")")
        }
    }

    @Test func thereAreEnoughQueryCases() { #expect(Self.cases.count >= 20) }

    /// Cases 00023 and 00024 start with a copy of `schema/init.sql` (a case is one
    /// self-contained file, as in ClickHouse's tests); the copy must not drift from the schema.
    @Test(arguments: ["00023_optiinfra_schema_dashboards", "00024_optiinfra_seed_queries_errors"])
    func schemaCopiesMatchTheSchema(_ name: String) throws {
        let schemaURL = Self.directory.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("schema/init.sql")
        let schema = Self.statements(try String(contentsOf: schemaURL, encoding: .utf8)).map(\.0)
        let copy = Self.statements(try String(contentsOf: Self.directory.appendingPathComponent(name + ".sql"), encoding: .utf8)).map(\.0)
        #expect(schema.count == 10)  // database, USE, four tables, four views
        let drifted = schema.indices.first { $0 >= copy.count || copy[$0] != schema[$0] }
        #expect(drifted == nil, "\(name).sql differs from schema/init.sql at statement \(drifted.map { $0 + 1 } ?? 0)")
    }

    /// Arrays group by value (no SQL input path for arrays yet, so the rows go in through the
    /// store). The expected text is chdb 26.9's answer to the same rows and query.
    @Test func groupingByAnArrayColumnGroupsEqualArrays() throws {
        var options = StoreOptions()
        options.backgroundMaintenance = false
        let store = Store.inMemory(options: options)
        let session = SQLSession(store: store)
        _ = try session.execute("CREATE TABLE ar (k UInt32, a Array(Float64)) ENGINE = MergeTree() ORDER BY k")
        try store.insert(Batch([("k", .uint32([1, 2, 3, 4])), ("a", .arrays(ArrayColumn([[1.5, 2], [1.5, 2], [2, 1.5], []])))]),
                         into: TableName("default", "ar"))
        let result = try session.execute("SELECT a, count() AS n, min(k) AS first FROM ar GROUP BY a ORDER BY first")
        let text = try SQLSession.render(try #require(result.last?.rows), format: "TSV")
        #expect(String(decoding: text, as: UTF8.self) == "[1.5,2]\t2\t1\n[2,1.5]\t1\t3\n[]\t1\t4\n")
    }

    /// `max_rows_to_read` errors word for word as chdb 26.9 words them: the estimate from the
    /// granules a scan selects, and an endless read stopped at its first block.
    @Test func readsOverMaxRowsToReadFailWithClickHousesMessages() throws {
        var options = StoreOptions()
        options.backgroundMaintenance = false
        let session = SQLSession(store: Store.inMemory(options: options))
        _ = try session.execute("""
            CREATE TABLE mr (k UInt32, v Float64) ENGINE = MergeTree ORDER BY k SETTINGS index_granularity = 100;
            INSERT INTO mr SELECT number, number FROM numbers(1000)
            """)
        let expected = [
            "SELECT sum(v) FROM mr WHERE k < 450 SETTINGS max_rows_to_read = 10":
                "Code: 158. DB::Exception: Limit for rows (controlled by 'max_rows_to_read' setting) exceeded, max rows: 10.00, current rows: 500.00. (TOO_MANY_ROWS)",
            "SELECT sum(number) FROM numbers(1500) SETTINGS max_rows_to_read = 999":
                "Code: 158. DB::Exception: Limit for rows (controlled by 'max_rows_to_read' setting) exceeded, max rows: 999.00, current rows: 1.50 thousand. (TOO_MANY_ROWS)",
            "SELECT sum(number) FROM system.numbers LIMIT 10 SETTINGS max_rows_to_read = 5":
                "Code: 158. DB::Exception: Limit for rows or bytes to read exceeded, max rows: 5.00, current rows: 65.41 thousand: While executing Numbers. (TOO_MANY_ROWS)",
        ]
        for (query, message) in expected {
            do {
                _ = try session.execute(query)
                Issue.record("no error from \(query)")
            } catch {
                #expect("\(error)" == message)
            }
        }
    }

    /// Aggregate names are recognized by their combinator grammar: every base followed by
    /// `Array`, `Distinct`, `If` and one of `State`/`Merge`/`MergeState`/`OrNull`/`OrDefault`, each optional
    /// and in that order, and nothing else.
    @Test func aggregateNamesAreBasesWithCombinatorsInOrder() {
        let bases = ["count", "sum", "quantilesTimingWeighted", "groupArray", "argMax", "sumMapWithOverflow"]
        for base in bases {
            for array in ["", "Array"] {
                for distinct in ["", "Distinct"] {
                    for condition in ["", "If"] {
                        for last in ["", "State", "Merge", "MergeState", "OrNull", "OrDefault"] {
                            let name = base + array + distinct + condition + last
                            #expect(AggregateSyntax.recognizes(name[...]), "\(name)")
                        }
                    }
                }
            }
        }
        for name in ["", "If", "Array", "countt", "sumStateIf", "sumIfDistinct", "sumDistinctArray", "sumStateMerge",
                     "sumOrNullState", "toUInt32", "group", "sumIfIf", "State", "countArrayArray"] {
            #expect(!AggregateSyntax.recognizes(name[...]), "\(name)")
        }
    }
}
