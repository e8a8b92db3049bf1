/// What an insert block's rows yield as they arrive in order, before the block is whole: its
/// views' rows and its sort. A streamed ingest feeds each chunk here while later chunks are
/// still being parsed, so that writing the block is all that is left once its last row is in.
///
/// Two halves — the views and the sort — each fed every row in order, each under its own lock:
/// they may work at the same time, on different threads.
final class BlockPreparation: Sendable {
    private let table: TableDefinition
    /// The block being aggregated, and blocks whose rows are all in; these are finished (their
    /// states turned into rows) by the block's writer, at the same time as the table's part.
    private let views: Locked<(aggregation: ViewAggregation, finished: [ViewAggregation])>
    private let sorts: Locked<(current: BlockSort, finished: [BlockSort])>

    init(views: [BoundView], table: TableDefinition, targets: [TableName: TableDefinition]) throws(StorageError) {
        self.table = table
        self.views = Locked((try ViewAggregation(views: views, targets: targets), []))
        sorts = Locked((BlockSort(table), []))
    }

    /// Feeds the next rows of the block (their columns in any order, as `Store.insert` takes
    /// them) to the views.
    func aggregate(_ rows: Batch) throws(StorageError) {
        let rows = try Store.conform(rows, to: table)
        try views.withLock { (state: inout (aggregation: ViewAggregation, finished: [ViewAggregation])) throws(StorageError) in
            try state.aggregation.consume(rows)
        }
    }

    /// Feeds the next rows of the block to its sort.
    func sort(_ rows: Batch) throws(StorageError) {
        let rows = try Store.conform(rows, to: table)
        try sorts.withLock { (state: inout (current: BlockSort, finished: [BlockSort])) throws(StorageError) in try state.current.consume(rows) }
    }

    /// The views have had every row of the block.
    func endAggregatedBlock() {
        views.withLock { state in
            state.finished.append(state.aggregation)
            state.aggregation.startNewBlock()
        }
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
        PreparedBlock(views: views.withLock { $0.finished.removeFirst() }, sort: sorts.withLock { $0.finished.removeFirst() })
    }
}

/// An insert block's views' aggregation (every row in, not yet finished) and sort, worked out
/// as its rows arrived (`BlockPreparation`).
struct PreparedBlock {
    let views: ViewAggregation
    let sort: BlockSort
}
