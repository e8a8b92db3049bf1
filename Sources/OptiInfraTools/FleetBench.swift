import EdgeHouse
import Foundation
import OptiInfraMetricsCore
import OptiInfraMetricsEmbedded
import OptiInfraSchema
import OptiInfraWorkload

/// The whole OptiInfra workload on disk: all four tables and their views, generated hour by hour
/// (so memory does not grow with the data set), then the store's size per table and column, the
/// time to open it, and the latency of the four dashboard queries through the typed client.
struct FleetBench {
    struct ColumnSize: Encodable {
        var column: String
        /// The column's values in the uncompressed layout of a part file.
        var rawBytes: Int
        var storedBytes: Int
        var compressionRatio: Double
    }

    struct TableResult: Encodable {
        var table: String
        var rows: Int
        var inserts: Int
        var insertSeconds: Double
        var rowsPerSecond: Double
        var bytesPerRow: Double
        var columns: [ColumnSize]
    }

    struct QueryLatency: Encodable {
        var query: String
        var p50Milliseconds: Double
        var p99Milliseconds: Double
    }

    struct Report: Encodable {
        var performanceRows: Int
        var tables: [TableResult]
        var peakResidentBytesIngesting: Int?
        var openMilliseconds: Double
        var queries: [QueryLatency]
    }

    let performanceRows: Int
    let seed: UInt64
    /// Where to build the store and leave it; `nil`: a temporary directory, removed at the end.
    var keptDirectory: String?
    /// Requests per second of the simulated fleet: 28/s makes an hour of requests one insert of
    /// 100,800 rows.
    static let requestsPerSecond = 28

    func run(progress: (Int, Int) -> Void) async throws -> Report {
        let directory = keptDirectory ?? NSTemporaryDirectory() + "edgehouse-fleet-\(UUID().uuidString.prefix(8))"
        defer { if keptDirectory == nil { try? FileManager.default.removeItem(atPath: directory) } }
        Terminal.resetPeakResident()
        let start = DateTime.parse("2026-11-01 00:00:00")!
        var fleet = OptiInfraFleet(seed: seed, requestsPerSecond: Self.requestsPerSecond, start: start)
        let services = fleet.services, instances = fleet.instanceIDs
        let hours = max(1, performanceRows / (Self.requestsPerSecond * 3600))
        var stats = [TableName: (rows: Int, inserts: Int, seconds: Double, raw: [String: Int])]()
        var storedBytes = [TableName: [String: Int]]()
        var definitions = [TableDefinition]()
        do {
            var options = StoreOptions()
            options.clock = Clock { start + UInt32(hours) * 3600 }
            let store = try Store.open(path: directory, options: options)
            defer { store.close() }
            try OptiInfraSchema.install(in: store)
            definitions = OptiInfraSchema.tables.compactMap { name in store.tables.first { $0.name == name } }
            for hour in 0..<hours {
                for (table, batch) in fleet.hour(start + UInt32(hour) * 3600) {
                    let begin = ContinuousClock.now
                    try store.insert(batch, into: table)
                    var entry = stats[table] ?? (0, 0, 0, [:])
                    entry.seconds += Terminal.seconds(since: begin)
                    entry.rows += batch.rowCount
                    entry.inserts += 1
                    for (name, values) in zip(batch.names, batch.columns) { entry.raw[name, default: 0] += Self.rawBytes(values) }
                    stats[table] = entry
                }
                progress(hour + 1, hours)
            }
            try store.runMaintenance()  // let merges settle, as a store left running would
            storedBytes = try Self.compressedColumnBytes(store)
        }
        let peak = Terminal.peakResidentBytes()
        let tables = definitions.map { definition in
            let entry = stats[definition.name] ?? (0, 0, 0, [:])
            let tableDirectory = "\(directory)/data/\(definition.name.database)/\(definition.name.table)"
            let columns = definition.columns.map { column in
                let stored = storedBytes[definition.name]?[column.name] ?? 0
                let raw = entry.raw[column.name] ?? 0
                return ColumnSize(column: column.name, rawBytes: raw, storedBytes: stored, compressionRatio: Double(raw) / Double(max(stored, 1)))
            }
            return TableResult(table: definition.name.table, rows: entry.rows, inserts: entry.inserts, insertSeconds: entry.seconds,
                               rowsPerSecond: Double(entry.rows) / max(entry.seconds, 1e-9),
                               bytesPerRow: Double(Terminal.diskUsage(tableDirectory)) / Double(max(entry.rows, 1)), columns: columns)
        }
        let open = try Self.medianOpenMilliseconds(directory)
        let queries = try await Self.dashboardLatencies(directory, end: start + UInt32(hours) * 3600, services: services, instances: instances)
        return Report(performanceRows: stats[OptiInfraSchema.performanceMetrics]?.rows ?? 0, tables: tables,
                      peakResidentBytesIngesting: peak, openMilliseconds: open, queries: queries)
    }

    /// Bytes of a column in the uncompressed layout of a part file.
    static func rawBytes(_ values: ColumnValues) -> Int {
        switch values {
        case .string(let strings): strings.bytes.count + strings.count  // one length byte for short strings
        default: values.type.fixedWidth.map { $0 * values.count } ?? 0
        }
    }

    /// Compressed bytes of every column in the active parts, from `system.columns`.
    static func compressedColumnBytes(_ store: Store) throws -> [TableName: [String: Int]] {
        let sql = "SELECT database, table, name, data_compressed_bytes FROM system.columns"
        guard let rows = try SQLSession(store: store).execute(sql).first?.rows,
              case .string(let databases) = rows.columns[0], case .string(let tables) = rows.columns[1],
              case .string(let names) = rows.columns[2], case .uint64(let bytes) = rows.columns[3] else { return [:] }
        var result = [TableName: [String: Int]]()
        for row in 0..<rows.rowCount {
            result[TableName(databases.string(at: row), tables.string(at: row)), default: [:]][names.string(at: row)] = Int(bytes[row])
        }
        return result
    }

    static func medianOpenMilliseconds(_ directory: String) throws -> Double {
        var options = StoreOptions()
        options.backgroundMaintenance = false
        var times = [Double]()
        for _ in 0..<7 {
            let begin = ContinuousClock.now
            let store = try Store.open(path: directory, options: options)
            times.append(Terminal.seconds(since: begin) * 1000)
            store.close()
        }
        return times.sorted()[times.count / 2]
    }

    /// The four dashboard queries of the seed's client, 300 times each over random customers,
    /// services and instances, through the typed client on the embedded store.
    static func dashboardLatencies(_ directory: String, end: UInt32, services: [(customer: UUIDValue, service: UUIDValue)],
                                   instances: [(customer: UUIDValue, instance: String)]) async throws -> [QueryLatency] {
        var options = StoreOptions()
        options.backgroundMaintenance = false
        let store = try Store.open(path: directory, options: options)
        defer { store.close() }
        let now = Date(timeIntervalSince1970: TimeInterval(end))
        let client = MetricsClient(transport: EmbeddedTransport(store: store), clock: { now })
        var random = SplitMix64(seed: 42)
        var samples: [(String, [Double])] = [("cost hourly (24 h)", []), ("performance p95 (24 h)", []),
                                             ("resource utilization (24 h)", []), ("quality trends (24 h)", [])]
        for _ in 0..<300 {
            let service = services[Int(random.next() % UInt64(services.count))]
            let instance = instances[Int(random.next() % UInt64(instances.count))]
            for index in samples.indices {
                let begin = ContinuousClock.now
                switch index {
                case 0: _ = try await client.queryCostHourly(customerID: instance.customer.foundationUUID, start: now.addingTimeInterval(-86_400), end: now)
                case 1: _ = try await client.queryPerformanceP95(customerID: service.customer.foundationUUID, serviceID: service.service.foundationUUID)
                case 2: _ = try await client.queryResourceUtilization(customerID: instance.customer.foundationUUID, instanceID: instance.instance)
                default: _ = try await client.queryQualityTrends(customerID: service.customer.foundationUUID, serviceID: service.service.foundationUUID)
                }
                samples[index].1.append(Terminal.seconds(since: begin) * 1000)
            }
        }
        return samples.map { name, times in
            let sorted = times.sorted()
            return QueryLatency(query: name, p50Milliseconds: sorted[sorted.count / 2], p99Milliseconds: sorted[sorted.count * 99 / 100])
        }
    }
}
