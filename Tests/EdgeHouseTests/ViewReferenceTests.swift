@testable import EdgeHouse
import EdgeHouseTestSupport
import Foundation
import Testing
import OptiInfraSchema

/// The corrected schema's views against ClickHouse 26.9 (References/views.tsv, produced by
/// Tests/References/generate.py): the same dataset inserted insert by insert, the corrected
/// dashboard queries answered before merges and after OPTIMIZE FINAL.
@Suite struct ViewReferenceTests {
    static let reference: [String: [String]] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("References/views.tsv")
        var sections = [String: [String]]()
        var current = ""
        for line in try! String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") { current = String(line.dropFirst(3)) } else if !line.isEmpty { sections[current, default: []].append(String(line)) }
        }
        return sections
    }()

    /// A store with the reference dataset inserted, insert by insert, in the generator's order.
    static func loadedStore(fileSystem: (any FileSystem)? = nil) throws -> Store {
        var options = StoreOptions()
        options.backgroundMaintenance = false
        options.clock = Clock { DateTime.parse("2026-11-02 00:00:00")! }
        let store = try fileSystem.map { try Store(fileSystem: $0, root: "/s", options: options) } ?? Store.inMemory(options: options)
        try OptiInfraSchema.install(in: store)
        for table in ["performance_metrics_ts", "quality_metrics_ts", "resource_metrics_ts", "cost_metrics_ts"] {
            let name = TableName("optiinfra", table)
            let definition = try store.snapshot().definition(of: name)
            var inserts = [Int: [Substring]]()
            for line in reference["data \(table)"]! {
                let tab = line.firstIndex(of: "\t")!
                inserts[Int(line[..<tab])!, default: []].append(line[line.index(after: tab)...])
            }
            for number in inserts.keys.sorted() {
                try store.insert(tsvBatch(inserts[number]!, columns: definition.columns), into: name)
            }
        }
        return store
    }

    /// The answer to the reference query `name` (its SQL is in the reference file too).
    static func answers(_ store: Store, _ name: String) throws -> [String] {
        try select(reference["query \(name)"]![0] + " SETTINGS max_threads = 1", in: store.snapshot())
    }

    @Test(arguments: ["cost_hourly", "performance_range", "performance_hourly", "performance_p95", "performance_empty", "resource_range", "quality_hourly"])
    func viewAnswersMatchClickHouseBeforeAndAfterMerges(_ name: String) throws {
        let store = try Self.loadedStore()
        #expect(try Self.answers(store, name) == Self.reference["inserted \(name)"]!, "before merges")
        try store.runMaintenance()
        #expect(try Self.answers(store, name) == Self.reference["optimized \(name)"]!, "after background merges")
        for view in OptiInfraSchema.views { try store.optimize(MaterializedViewDefinition.innerTargetName(of: view), final: true) }
        #expect(try Self.answers(store, name) == Self.reference["optimized \(name)"]!, "after OPTIMIZE FINAL")
    }
}
