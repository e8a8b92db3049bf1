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
    /// The block being aggregated, and the views' rows of blocks whose rows are all in: each
    /// block's states are turned into rows as its last row arrives, and freed, so that they are
    /// never alive beside the next block's (a block's states on rows in no time order are
    /// twice the size of its rows); the writer of the piece that ends a block writes them.
    private let views: Locked<(aggregation: ViewAggregation, finished: [ViewRows])>
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
        try views.withLock { (state: inout (aggregation: ViewAggregation, finished: [ViewRows])) throws(StorageError) in
            try state.aggregation.consume(rows)
        }
    }

    /// Feeds the next rows of the piece to its sort.
    func sort(_ rows: Batch) throws(StorageError) {
        let rows = try Store.conform(rows, to: table)
        try sorts.withLock { (state: inout (current: BlockSort, finished: [BlockSort])) throws(StorageError) in try state.current.consume(rows) }
    }

    /// The views have had every row of the block: their rows for it.
    func endAggregatedBlock() throws(StorageError) {
        try views.withLock { (state: inout (aggregation: ViewAggregation, finished: [ViewRows])) throws(StorageError) in
            state.finished.append(try state.aggregation.finishBlock())
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
    func takeFinishedBlocks() -> [ViewRows] {
        views.withLock { state in
            defer { state.finished = [] }
            return state.finished
        }
    }
}

/// A piece of an insert block's sort, worked out as its rows arrived (`BlockPreparation`), and
/// the views' rows of the blocks that end with it.
struct PreparedBlock {
    let views: [ViewRows]
    let sort: BlockSort
}
