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
}
