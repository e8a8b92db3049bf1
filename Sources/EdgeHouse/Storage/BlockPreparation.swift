/// What an insert block's rows yield as they arrive in order, before the block is whole: its
/// views' rows and its sort. A streamed ingest feeds each chunk here while later chunks are
/// still being parsed, so that writing the block is all that is left once its last row is in.
///
/// Two halves — the views and the sort — each fed every row in order, each under its own lock:
/// they may work at the same time, on different threads. The sort is of a *piece* of the block
/// (``StoreOptions/streamedPartBytes``), the table's rows written as they come; the views
/// aggregate the whole block. When pieces are whole blocks the two halves end together.
final class BlockPreparation: Sendable {
    private let table: TableDefinition
    /// The rows of a piece and of a block, given the bytes per row of the data.
    let rows: @Sendable (_ bytesPerRow: Double) -> (piece: Int, block: Int)
    /// Whether pieces are whole blocks (the table takes whole blocks): then each piece takes
    /// its own block's views, and only that.
    private let piecesAreBlocks: Bool
    /// The block being aggregated, and blocks whose rows are all in; these are finished (their
    /// states turned into rows) by the writer of the piece that ends them, at the same time as
    /// that piece's part.
    private let views: Locked<(aggregation: ViewAggregation, finished: [ViewAggregation])>
    private let sorts: Locked<(current: BlockSort, finished: [BlockSort])>

    init(views: [BoundView], table: TableDefinition, targets: [TableName: TableDefinition], options: StoreOptions) throws(StorageError) {
        self.table = table
        rows = { options.streamedBlockRows(bytesPerRow: $0, table: table) }
        piecesAreBlocks = !options.writesPieces(of: table)
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

    /// Feeds the next rows of the piece to its sort.
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

    /// The sort has had every row of the piece.
    func endSortedPiece() {
        let table = table
        sorts.withLock { state in
            state.finished.append(state.current)
            state.current = BlockSort(table)
        }
    }

    /// The oldest piece the sort has finished, with the blocks the views have finished: when
    /// pieces are whole blocks, the block of the piece (it is finished: its rows all came before
    /// the piece was written), which the writer may still set aside (a deduplicated partition
    /// changes the block); when they are smaller, every block finished so far.
    func takeFinishedPiece() -> PreparedBlock {
        let sort = sorts.withLock { $0.finished.removeFirst() }
        let views = views.withLock { state in
            guard !piecesAreBlocks else { return [state.finished.removeFirst()] }
            defer { state.finished = [] }
            return state.finished
        }
        return PreparedBlock(views: views, sort: sort)
    }

    /// The blocks the views have finished and no piece took (those that end with the input).
    func takeFinishedBlocks() -> [ViewAggregation] {
        views.withLock { state in
            defer { state.finished = [] }
            return state.finished
        }
    }
}

/// A piece of an insert block's sort, worked out as its rows arrived (`BlockPreparation`), and
/// the blocks whose views' aggregations end with it (every row in, not yet finished).
struct PreparedBlock {
    let views: [ViewAggregation]
    let sort: BlockSort
}
