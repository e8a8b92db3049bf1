@testable import EdgeHouse
import Foundation
import OptiInfraSchema
import Testing

/// The OptiInfra schema exists once, in `schema/init.sql`: `OptiInfraSchema` embeds that file and
/// installs it by running it.
@Suite struct SchemaFileTests {
    func store() -> Store {
        var options = StoreOptions()
        options.backgroundMaintenance = false
        return Store.inMemory(options: options)
    }

    @Test func theEmbeddedSchemaIsSchemaInitSQL() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("schema/init.sql")
        #expect(OptiInfraSchema.sql == (try String(contentsOf: url, encoding: .utf8)))
    }

    @Test func installCreatesTheNamedTablesAndViewsOnceAndOnlyThose() throws {
        let store = store()
        try OptiInfraSchema.install(in: store)
        try OptiInfraSchema.install(in: store)  // IF NOT EXISTS: a second run changes nothing
        #expect(Set(store.views.map(\.name)) == Set(OptiInfraSchema.views) && store.views.count == 4)
        let inner = OptiInfraSchema.views.map(MaterializedViewDefinition.innerTargetName(of:))
        #expect(Set(store.tables.map(\.name)) == Set(OptiInfraSchema.tables + inner))
        // Spot checks of what only the SQL says: the seed's key and TTL, the corrected view's key
        // (every dimension in it, schema/README.md).
        let performance = try #require(store.tables.first { $0.name == OptiInfraSchema.performanceMetrics })
        #expect(performance.orderBy == ["customer_id", "service_id", "timestamp"] && performance.columns.count == 14)
        #expect(performance.ttl?.column == "timestamp" && performance.ttl?.days == 30)
        let hourly = try #require(store.tables.first { $0.name == MaterializedViewDefinition.innerTargetName(of: OptiInfraSchema.performanceHourly) })
        #expect(hourly.orderBy == ["customer_id", "service_id", "hour", "service_type"])
    }

    @Test func installWithoutViewsCreatesTheTablesOnly() throws {
        let store = store()
        try OptiInfraSchema.install(in: store, views: false)
        #expect(store.views.isEmpty && Set(store.tables.map(\.name)) == Set(OptiInfraSchema.tables))
    }
}
