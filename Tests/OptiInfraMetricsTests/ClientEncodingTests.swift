import EdgeHouse
import Foundation
@testable import OptiInfraMetricsCore
@testable import OptiInfraMetricsEmbedded
import OptiInfraSchema
import OptiInfraWorkload
import Testing

/// The client writes times, SQL literals and TSV rows without the engine (its HTTP transport
/// does not link it): these hold its encodings to the engine's own, value for value.
@Suite struct ClientEncodingTests {
    @Test func utcTimesFormatAndParseAsTheEngineDoes() {
        var random = SplitMix64(seed: 7)
        let edges: [UInt32] = [0, 59, 86_399, 86_400, 951_782_400 /* 2000-02-29 */, 4_107_542_399, UInt32.max]
        for seconds in edges + (0..<200_000).map({ _ in UInt32(truncatingIfNeeded: random.next()) }) {
            let text = UTCTime.format(seconds)
            #expect(text == DateTime.format(seconds))
            #expect(UTCTime.parse(Substring(text)) == seconds)
        }
        for bad in ["2026-02-29 00:00:00", "2026-13-01 00:00:00", "2026-01-01 24:00:00", "2026-01-01", "2026-01-01T00:00:00", "2106-02-07 06:28:16", "20x6-01-01 00:00:00"] {
            #expect(UTCTime.parse(Substring(bad)) == nil, "\(bad)")
        }
    }

    @Test func theDefaultDatabaseIsTheSchemas() {
        #expect(MetricsClient.defaultDatabase == OptiInfraSchema.database)
    }

    /// Rows sent as the HTTP transport's TabSeparated text and rows inserted as the embedded
    /// transport's columns are the same rows: full-precision and special floats, escapes.
    @Test func tabSeparatedRowsReadBackAsTheColumns() throws {
        var random = SplitMix64(seed: 11)
        func float() -> Float {
            switch random.next() % 8 {
            case 0: [Float.nan, .infinity, -.infinity, 0, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude][Int(random.next() % 7)]
            default: Float(bitPattern: UInt32(truncatingIfNeeded: random.next()) & 0x7F7F_FFFF) * (random.next() % 2 == 0 ? 1 : -1)
            }
        }
        func double() -> Double {
            random.next() % 8 == 0 ? [Double.nan, .infinity, 5e-324, 1.7976931348623157e308][Int(random.next() % 4)]
                : Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF)
        }
        let texts = ["plain", "tab\there", "new\nline", "back\\slash", "quote'", "nul\0", "ünïcode→", "", "\u{8}\u{C}\r"]
        func text() -> String { texts[Int(random.next() % UInt64(texts.count))] + String(random.next() % 100) }
        let start = Date().addingTimeInterval(-86_400)  // within the table's TTL
        let costs = (0..<2000).map { i in
            CostMetric(timestamp: start.addingTimeInterval(Double(i) * 37.25), customerID: UUID(), cloudProvider: text(), serviceName: text(),
                       instanceID: text(), instanceType: text(), region: text(), costPerHour: double(), utilizationPercent: float(),
                       isSpot: random.next() % 2 == 0, isReserved: random.next() % 3 == 0)
        }
        let columns = MetricColumns(costs)
        let store = Store.inMemory()
        try OptiInfraSchema.install(in: store, views: false)
        try store.insert(Batch(columns), into: OptiInfraSchema.costMetrics)
        let session = SQLSession(store: store)
        _ = try session.execute("CREATE TABLE optiinfra.from_text AS optiinfra.cost_metrics_ts")
        _ = try session.execute("INSERT INTO optiinfra.from_text FORMAT TabSeparated\n" + columns.tabSeparated)
        // Each value's text is the shortest that reads back as it: equal texts are equal values.
        func all(_ table: String) throws -> [String] {
            try session.execute("SELECT * FROM optiinfra.\(table) ORDER BY timestamp")[0].rows!.rowTexts
        }
        let direct = try all("cost_metrics_ts")
        #expect(direct.count == costs.count)
        #expect(try all("from_text") == direct)
    }
}
