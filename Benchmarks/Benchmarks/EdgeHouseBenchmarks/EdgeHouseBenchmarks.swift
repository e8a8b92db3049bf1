// Throughput of the storage engine's hot paths, in release builds.
//
// Each benchmark reports rows/s through `benchmark.scaledIterations`-free custom metrics:
// the wall-clock of one iteration covers 1,000,000 rows, so `throughput` ×1 M = rows/s.
// Wall-clock varies 20–100% on the shared 2-core machine; compare ratios within one run
// (`insert.lz4.disk` against `baseline.lz4`), not absolute numbers across runs. Allocation
// counts do not vary: `Thresholds/*.json` holds each benchmark's malloc count (p90), and
// `swift package benchmark thresholds check --metric mallocCountTotal` fails when a change
// allocates more than 5% (or 1000 mallocs) above it; `thresholds update` records new ones.
// Names have no spaces or slashes: package-benchmark writes threshold files with those
// replaced by `_` but looks them up by the plain name, so such a benchmark is never checked.
import Benchmark
import EdgeHouse
import Foundation
import OptiInfraSchema
import OptiInfraWorkload

let rowsPerIteration = 1_000_000
let batchRows = 100_000

/// 1,000,000 seeded performance_metrics_ts rows as ten batches of 100,000.
let performanceBatches: [Batch] = {
    var workload = PerformanceWorkload(seed: 1, customers: 8, servicesPerCustomer: 4,
                                       start: DateTime.parse("2026-11-24 00:00:00")!, rowsPerSecond: 200)
    return (0..<rowsPerIteration / batchRows).map { _ in workload.nextBatch(rows: batchRows) }
}()

func freshStore(onDisk: Bool) throws -> (Store, String?) {
    var options = StoreOptions()
    options.backgroundMaintenance = false
    guard onDisk else { return (Store.inMemory(options: options), nil) }
    let path = NSTemporaryDirectory() + "edgehouse-benchmark-\(UUID().uuidString.prefix(8))"
    return (try Store.open(path: path, options: options), path)
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
        timeUnits: .milliseconds,
        maxDuration: .seconds(20),
        maxIterations: 10,
        thresholds: [.wallClock: .init(relative: [.p50: 50.0]),
                     .mallocCountTotal: .init(relative: [.p90: 5.0], absolute: [.p90: 1_000])])

    Benchmark("baseline.lz4.1M-perf-rows-column-bytes.one-core") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(BaselineCompression.rowsPerSecond(performanceBatches))
        }
    }

    for onDisk in [true, false] {
        Benchmark("insert.lz4.\(onDisk ? "disk" : "memory").1M-perf-rows.batches-of-100k") { benchmark in
            for _ in benchmark.scaledIterations {
                let (store, path) = try freshStore(onDisk: onDisk)
                try OptiInfraSchema.install(in: store, views: false)
                benchmark.startMeasurement()
                for batch in performanceBatches { try store.insert(batch, into: OptiInfraSchema.performanceMetrics) }
                benchmark.stopMeasurement()
                if let path { try? FileManager.default.removeItem(atPath: path) }
            }
        }
    }

    Benchmark("insert.view.1M-perf-rows.batches-of-100k.performance_metrics_hourly_mv") { benchmark in
        for _ in benchmark.scaledIterations {
            let (store, _) = try freshStore(onDisk: false)
            try OptiInfraSchema.install(in: store)
            benchmark.startMeasurement()
            for batch in performanceBatches { try store.insert(batch, into: OptiInfraSchema.performanceMetrics) }
            benchmark.stopMeasurement()
        }
    }

    Benchmark("insert.buffered.10k-single-rows.group-commit.one-flush") { benchmark in
        let rows = (0..<10_000).map { performanceBatches[0].slice($0..<$0 + 1) }
        for _ in benchmark.scaledIterations {
            var options = StoreOptions()
            options.backgroundMaintenance = false
            options.insertBuffer.durability = .groupCommit(every: .seconds(3600))
            let store = Store.inMemory(options: options)
            try OptiInfraSchema.install(in: store, views: false)
            benchmark.startMeasurement()
            for row in rows { try store.insertBuffered(row, into: OptiInfraSchema.performanceMetrics) }
            try store.flushInsertBuffer()
            benchmark.stopMeasurement()
        }
    }

    Benchmark("sql.dashboard-query-on-an-empty-view.1000-times") { benchmark in
        let store = Store.inMemory()
        try OptiInfraSchema.install(in: store)
        let session = SQLSession(store: store)
        let sql = """
            SELECT avgMerge(avg_latency), quantileMerge(0.95)(p95_latency), countMerge(request_count) \
            FROM optiinfra.performance_metrics_hourly_mv WHERE customer_id = '123e4567-e89b-12d3-a456-426614174000' \
            AND hour >= '2026-11-24 00:00:00' AND hour < '2026-11-25 00:00:00'
            """
        for _ in benchmark.scaledIterations {
            for _ in 0..<1_000 { blackHole(try session.execute(sql)) }
        }
    }

    Benchmark("scan.1M-perf-rows.3-columns.one-service.6-hours") { benchmark in
        let (store, filter) = try scanFixture.get()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var rows = 0
            try store.snapshot().scan(OptiInfraSchema.performanceMetrics, columns: ["timestamp", "latency_ms", "gpu_utilization"], filter: filter) { rows += $0.rowCount }
            blackHole(rows)
        }
    }

    Benchmark("merge.10-parts-of-100k-perf-rows") { benchmark in
        for _ in benchmark.scaledIterations {
            let (store, path) = try freshStore(onDisk: true)
            try OptiInfraSchema.install(in: store, views: false)
            for batch in performanceBatches { try store.insert(batch, into: OptiInfraSchema.performanceMetrics) }
            benchmark.startMeasurement()
            try store.optimize(OptiInfraSchema.performanceMetrics)
            benchmark.stopMeasurement()
            if let path { try? FileManager.default.removeItem(atPath: path) }
        }
    }
}

/// A store with the 1M rows merged into one part, built once for the scan benchmark (its
/// directory is left in the temporary folder).
let scanFixture = Result { () throws -> (Store, ScanFilter) in
    let (store, _) = try freshStore(onDisk: true)
    try OptiInfraSchema.install(in: store, views: false)
    for batch in performanceBatches { try store.insert(batch, into: OptiInfraSchema.performanceMetrics) }
    try store.optimize(OptiInfraSchema.performanceMetrics, final: true)
    guard case .uuid(let customers) = performanceBatches[0].column(named: "customer_id")!,
          case .uuid(let services) = performanceBatches[0].column(named: "service_id")! else { fatalError("workload without ids") }
    let start = DateTime.parse("2026-11-24 00:00:00")!
    let filter = ScanFilter([.equals("customer_id", .uuid(customers[0])), .equals("service_id", .uuid(services[0])),
                             .halfOpen("timestamp", from: .dateTime(start), to: .dateTime(start + 6 * 3600))])
    return (store, filter)
}
