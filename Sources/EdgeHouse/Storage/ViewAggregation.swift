/// The rows one insert block adds to the materialized views of its table, computed as the
/// block's rows arrive — a streamed ingest aggregates while later rows are still being parsed.
///
/// Feeding a block in pieces, in order, gives exactly the rows of feeding it whole: groups are
/// numbered, and states updated (sums added, reservoirs sampled), in row order either way.
struct ViewAggregation {
    private let views: [MaterializedViewDefinition]
    /// Aggregators with no rows yet, copied to start each block (states are values).
    private let fresh: [Aggregator]
    private var aggregators: [Aggregator]

    init(views: [MaterializedViewDefinition], source: TableDefinition) throws(StorageError) {
        self.views = views
        var aggregators = [Aggregator]()
        for view in views {
            do { aggregators.append(try Aggregator(view.query, input: source.columns, table: source.name)) } catch {
                throw .invalidView(view.name, reason: error.description)
            }
        }
        self.aggregators = aggregators
        fresh = aggregators
    }

    /// Adds the next rows of the block, in the source table's column order (`Store.conform`).
    mutating func consume(_ rows: Batch) throws(StorageError) {
        for index in aggregators.indices {
            do { try aggregators[index].consume(rows) } catch { throw .invalidView(views[index].name, reason: error.description) }
        }
    }

    /// Every view's rows for the rows consumed, and a fresh start for the next block.
    mutating func finishBlock() -> [(view: MaterializedViewDefinition, rows: Batch)] {
        defer { aggregators = fresh }
        return views.indices.map { (views[$0], aggregators[$0].finish()) }
    }
}

/// What an insert block's rows yield as they arrive in order, before the block is whole: its
/// views' rows and its sort. A streamed ingest feeds each chunk here while later chunks are
/// still being parsed, so that writing the block is all that is left once its last row is in.
///
/// Two halves — the views and the sort — each fed every row in order, each under its own lock:
/// they may work at the same time, on different threads.
final class BlockPreparation: Sendable {
    private let table: TableDefinition
    private let views: Locked<(aggregation: ViewAggregation, finished: [[(view: MaterializedViewDefinition, rows: Batch)]])>
    private let sorts: Locked<(current: BlockSort, finished: [BlockSort])>

    init(views: [MaterializedViewDefinition], table: TableDefinition) throws(StorageError) {
        self.table = table
        self.views = Locked((try ViewAggregation(views: views, source: table), []))
        sorts = Locked((BlockSort(table), []))
    }

    /// Feeds the next rows of the block (their columns in any order, as `Store.insert` takes
    /// them) to the views.
    func aggregate(_ rows: Batch) throws(StorageError) {
        let rows = try Store.conform(rows, to: table)
        try views.withLock { (state: inout (aggregation: ViewAggregation, finished: [[(view: MaterializedViewDefinition, rows: Batch)]])) throws(StorageError) in
            try state.aggregation.consume(rows)
        }
    }

    /// Feeds the next rows of the block to its sort.
    func sort(_ rows: Batch) throws(StorageError) {
        let rows = try Store.conform(rows, to: table)
        sorts.withLock { $0.current.consume(rows) }
    }

    /// The views have had every row of the block.
    func endAggregatedBlock() {
        views.withLock { $0.finished.append($0.aggregation.finishBlock()) }
    }

    /// The sort has had every row of the block.
    func endSortedBlock() {
        let table = table
        sorts.withLock { state in
            state.finished.append(state.current)
            state.current = BlockSort(table)
        }
    }

    /// The oldest block both halves have finished.
    func takeFinishedBlock() -> PreparedBlock {
        PreparedBlock(viewRows: views.withLock { $0.finished.removeFirst() }, sort: sorts.withLock { $0.finished.removeFirst() })
    }
}

/// An insert block's views' rows and sort, worked out as its rows arrived (`BlockPreparation`).
struct PreparedBlock {
    let viewRows: [(view: MaterializedViewDefinition, rows: Batch)]
    let sort: BlockSort
}
