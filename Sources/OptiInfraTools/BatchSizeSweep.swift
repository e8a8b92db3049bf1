import EdgeHouse
import Foundation
import OptiInfraSchema

/// Insert throughput of `performance_metrics_ts` against batch size, with its view attached:
/// small batches through the buffered path (the insert log), large ones as direct inserts.
struct BatchSizeSweep {
    /// One line of the table.
    struct Result: Encodable {
        var batch: Int
        var path: String
        var rows: Int
        var rowsPerSecond: Double
    }

    enum Path {
        case buffered(InsertBufferOptions.Durability, writers: Int)
        case direct

        var label: String {
            switch self {
            case .direct: "insert"
            case .buffered(.syncEachInsert, let writers): "insertBuffered, fdatasync each, \(writers) writer\(writers == 1 ? "" : "s")"
            case .buffered(.groupCommit(let every), _): "insertBuffered, group commit every \(every.components.attoseconds / 1_000_000_000_000_000) ms"
            }
        }
    }

    let input: [Batch]
    let inMemory: Bool

    /// The cases measured: (batch size, path, rows to insert, views attached). One case without
    /// views shows what the log itself takes, apart from the views its flushes feed.
    static func cases(totalRows: Int) -> [(Int, Path, Int, Bool)] {
        let groupCommit = Path.buffered(.groupCommit(every: .milliseconds(10)), writers: 1)
        return [
            (1, .direct, min(totalRows, 300), true),
            (1, .buffered(.syncEachInsert, writers: 1), min(totalRows, 2_000), true),
            (1, .buffered(.syncEachInsert, writers: 8), min(totalRows, 20_000), true),
            (1, groupCommit, min(totalRows, 300_000), true),
            (1, groupCommit, min(totalRows, 300_000), false),
            (100, groupCommit, min(totalRows, 1_000_000), true),
            (100, .direct, min(totalRows, 20_000), true),
            (10_000, .direct, totalRows, true),
            (100_000, .direct, totalRows, true),
        ]
    }

    func run(progress: (Int, Int) -> Void) throws -> [Result] {
        let cases = Self.cases(totalRows: input.reduce(0) { $0 + $1.rowCount })
        var results = [Result]()
        for (index, (batch, path, rows, views)) in cases.enumerated() {
            let rowsPerSecond = try measure(batches: batches(of: batch, rows: rows), path: path, views: views)
            results.append(Result(batch: batch, path: path.label + (views ? "" : " (no views)"), rows: rows, rowsPerSecond: rowsPerSecond))
            progress(index + 1, cases.count)
        }
        return results
    }

    /// The first `rows` input rows cut into batches of `size`.
    private func batches(of size: Int, rows: Int) -> [Batch] {
        var out = [Batch]()
        var remaining = rows
        for source in input where remaining > 0 {
            for start in stride(from: 0, to: min(source.rowCount, remaining), by: size) {
                out.append(source.slice(start..<min(start + size, source.rowCount, remaining)))
            }
            remaining -= min(source.rowCount, remaining)
        }
        return out
    }

    /// Rows per second from the first insert until every row is in a committed part.
    private func measure(batches: [Batch], path: Path, views: Bool) throws -> Double {
        var options = StoreOptions()
        options.backgroundMaintenance = false
        if case .buffered(let durability, _) = path {
            // The buffered path as configured by default: its full buffers are flushed in the
            // background (and merged) while the writers go on.
            options.backgroundMaintenance = true
            options.insertBuffer.durability = durability
        }
        let directory = NSTemporaryDirectory() + "edgehouse-sweep-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = inMemory ? Store.inMemory(options: options) : try Store.open(path: directory, options: options)
        defer { store.close() }
        try OptiInfraSchema.install(in: store, views: views)
        let table = OptiInfraSchema.performanceMetrics
        let start = ContinuousClock.now
        switch path {
        case .direct:
            for batch in batches { try store.insert(batch, into: table) }
        case .buffered(_, writers: 1):
            for batch in batches { try store.insertBuffered(batch, into: table) }
        case .buffered(_, let writers):
            // Threads, not a dispatch queue: group commit needs writers waiting at the same time,
            // more of them than this machine has cores.
            let failure = Locked<(any Error)?>(nil)
            let done = DispatchGroup()
            for writer in 0..<writers {
                done.enter()
                Thread {
                    defer { done.leave() }
                    do {
                        for index in stride(from: writer, to: batches.count, by: writers) { try store.insertBuffered(batches[index], into: table) }
                    } catch {
                        failure.withLock { $0 = error }
                    }
                }.start()
            }
            done.wait()
            if let error = failure.withLock({ $0 }) { throw error }
        }
        try store.flushInsertBuffer()
        return Double(batches.reduce(0) { $0 + $1.rowCount }) / Terminal.seconds(since: start)
    }
}
