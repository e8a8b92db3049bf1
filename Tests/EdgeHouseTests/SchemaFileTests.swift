@testable import EdgeHouse
import Foundation
import Testing

/// `schema/init.sql` and the Swift definitions (`OptiInfraTables`, `OptiInfraViews`) describe
/// the same schema: applying either gives identical tables and views.
@Suite struct SchemaFileTests {
    @Test func initSQLAndTheSwiftDefinitionsAgree() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("schema/init.sql")
        var options = StoreOptions()
        options.backgroundMaintenance = false
        let fromSQL = Store.inMemory(options: options)
        try SQLSession(store: fromSQL).execute(try String(contentsOf: url, encoding: .utf8))
        let fromSwift = Store.inMemory(options: options)
        try OptiInfraViews.install(in: fromSwift)
        #expect(fromSQL.tables == fromSwift.tables)
        #expect(fromSQL.views == fromSwift.views)
        #expect(fromSQL.tables.count == 8 && fromSQL.views.count == 4)
    }
}
