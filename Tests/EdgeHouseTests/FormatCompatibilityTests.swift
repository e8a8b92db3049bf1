@testable import EdgeHouse
import Foundation
import Testing

/// Stores written by earlier versions still open and answer as ClickHouse does: every
/// `Tests/Fixtures/store-vN/store` (never rewritten) is opened from a copy, its
/// `queries.sql` — reads, then writes that merge new rows with the old parts, then reads —
/// must give `queries.reference` (chdb 26.9 after the same `create.sql`). See
/// `Tests/Fixtures/generate.py`.
@Suite struct FormatCompatibilityTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    static let fixtures: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasPrefix("store-v") }.sorted()
    }()

    @Test func thereIsAFixtureOfTheCurrentFormat() {
        #expect(Self.fixtures.contains("store-v\(Manifest.currentFormatVersion)") && PartMeta.currentFormatVersion == Manifest.currentFormatVersion)
    }

    @Test(arguments: fixtures)
    func anOldStoreOpensAndAnswersAsClickHouse(_ fixture: String) throws {
        let source = Self.directory.appendingPathComponent(fixture)
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("edgehouse-\(fixture)-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: source.appendingPathComponent("store"), to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        var options = StoreOptions()
        options.backgroundMaintenance = false
        let store = try Store.open(path: copy.path, options: options)
        defer { store.close() }
        let session = SQLSession(store: store)
        let queries = try String(contentsOf: source.appendingPathComponent("queries.sql"), encoding: .utf8)
        var output = [UInt8]()
        for (statement, _) in QueryTests.statements(queries) {
            for result in try session.execute(statement) {
                if let rows = result.rows { output += try SQLSession.render(rows, format: result.format ?? "TSV") }
            }
        }
        let reference = try String(contentsOf: source.appendingPathComponent("queries.reference"), encoding: .utf8)
        #expect(String(decoding: output, as: UTF8.self) == reference)
    }
}
