import Dispatch

/// What an insert block's rows yield as they arrive in order, before the block is whole: its
/// views' rows and its sort. A streamed ingest feeds each chunk here while later chunks are
/// still being parsed, so that writing the block is all that is left once its last row is in.
///
/// Two halves — the views and the sort — each fed every row in order, each under its own lock:
/// they may work at the same time, on different threads. The sort is of a *piece* of the block
/// (``StoreOptions/streamedPartBytes``), the table's rows written as they come; the views
/// aggregate the whole block. When pieces are whole blocks the two halves end together.
///
/// When pieces are smaller than blocks, a block's view parts are written as soon as its last
/// row is aggregated, on the thread that aggregated it: its rows (tens of megabytes of states
/// on rows in no time order) are freed before the table's next piece is written, rather than
/// held beside it. The last block's are written in the background, while the table's last
/// piece is (measured: a 40k-row ingest 10 % faster; written so mid-stream, the next block's
/// states grew beside them, and a 10M-row ingest peaked 20 MiB higher). The parts wait here,
/// uncommitted, for the insert to take them.
final class BlockPreparation: Sendable {
    private let table: TableDefinition
    /// The rows of a piece and of a block, given the bytes per row of the data.
    let rows: @Sendable (_ bytesPerRow: Double) -> (piece: Int, block: Int)
    /// Whether pieces are whole blocks (the table takes whole blocks): then each piece takes
    /// its own block's views, and only that.
    private let piecesAreBlocks: Bool
    /// Writes a block's view parts (not committed); used when pieces are smaller than blocks.
    private let writeViewParts: @Sendable (ViewRows) throws(StorageError) -> [WrittenViewParts]
    /// The block being aggregated; the views' rows of blocks whose rows are all in (when pieces
    /// are blocks: each block's states are turned into rows as its last row arrives, and freed,
    /// so that they are never alive beside the next block's — a block's states on rows in no
    /// time order are twice the size of its rows — and the writer of its piece writes them);
    /// the view parts written of the others; and whether the insert was abandoned.
    private let views: Locked<ViewProgress>
    /// The background write of the last block's view parts, under way.
    private let viewWrite = DispatchGroup()
    private let sorts: Locked<(current: BlockSort, finished: [BlockSort])>

    private struct ViewProgress {
        var aggregation: ViewAggregation
        var finished: [ViewRows] = []
        var written: [WrittenViewParts] = []
        /// Why a block's view parts could not be written: the insert fails.
        var writeError: StorageError?
        var abandoned = false
    }

    init(views: [BoundView], table: TableDefinition, targets: [TableName: TableDefinition], options: StoreOptions,
         writeViewParts: @escaping @Sendable (ViewRows) throws(StorageError) -> [WrittenViewParts]) throws(StorageError) {
        self.table = table
        rows = { options.streamedBlockRows(bytesPerRow: $0, table: table) }
        piecesAreBlocks = !options.writesPieces(of: table)
        self.writeViewParts = writeViewParts
        self.views = Locked(ViewProgress(aggregation: try ViewAggregation(views: views, targets: targets)))
        sorts = Locked((BlockSort(table), []))
    }

    /// Feeds the next rows of the block (their columns in any order, as `Store.insert` takes
    /// them) to the views.
    func aggregate(_ rows: Batch) throws(StorageError) {
        let rows = try Store.conform(rows, to: table)
        try views.withLock { (state: inout ViewProgress) throws(StorageError) in try state.aggregation.consume(rows) }
    }

    /// Feeds the next rows of the piece to its sort.
    func sort(_ rows: Batch) throws(StorageError) {
        let rows = try Store.conform(rows, to: table)
        try sorts.withLock { (state: inout (current: BlockSort, finished: [BlockSort])) throws(StorageError) in try state.current.consume(rows) }
    }

    /// The views have had every row of the block: their rows for it, written at once when
    /// pieces are smaller than blocks.
    ///
    /// - Parameter background: the block is the input's last: its parts are written in the
    ///   background, and ``takeFinishedBlocks()`` waits for them.
    func endAggregatedBlock(writingInBackground background: Bool = false) throws(StorageError) {
        let piecesAreBlocks = piecesAreBlocks
        let rows = try views.withLock { (state: inout ViewProgress) throws(StorageError) -> ViewRows? in
            let rows = try state.aggregation.finishBlock()
            guard !piecesAreBlocks else {
                state.finished.append(rows)
                return nil
            }
            return state.abandoned ? nil : rows
        }
        guard let rows else { return }
        viewWrite.wait()
        // Entered under the lock that `abandon` sets its flag under: it waits for this write.
        let writes = try views.withLock { (state: inout ViewProgress) throws(StorageError) -> Bool in
            if let error = state.writeError { throw error }
            if !state.abandoned { viewWrite.enter() }
            return !state.abandoned
        }
        guard writes else { return }
        let write = { @Sendable [self] in
            defer { viewWrite.leave() }
            let written = Result { () throws(StorageError) in try writeViewParts(rows) }
            views.withLock { state in
                switch written {
                case .success(let parts): state.written += parts
                case .failure(let error): state.writeError = error
                }
            }
        }
        guard background else {
            write()
            if let error = views.withLock(\.writeError) { throw error }
            return
        }
        DispatchQueue.global().async(execute: write)
    }

    /// The insert is abandoned: view parts written and not taken are deleted, and no more are written.
    func abandon(discarding discard: ([DataPart]) -> Void) {
        views.withLock { $0.abandoned = true }
        viewWrite.wait()
        let untaken = views.withLock { state in
            defer { state.written = [] }
            return state.written
        }
        discard(untaken.flatMap(\.parts))
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
    /// changes the block); when they are smaller, the view parts written so far.
    func takeFinishedPiece() -> PreparedBlock {
        let sort = sorts.withLock { $0.finished.removeFirst() }
        let piecesAreBlocks = piecesAreBlocks
        let (views, viewParts) = views.withLock { state in
            defer { state.written = [] }
            return (piecesAreBlocks ? [state.finished.removeFirst()] : [], state.written)
        }
        return PreparedBlock(views: views, viewParts: viewParts, sort: sort)
    }

    /// What the views finished that no piece took (the blocks that end with the input): the
    /// rows of blocks not yet written, and the parts of those written.
    func takeFinishedBlocks() throws(StorageError) -> (rows: [ViewRows], parts: [WrittenViewParts]) {
        viewWrite.wait()
        return try views.withLock { (state: inout ViewProgress) throws(StorageError) in
            if let error = state.writeError { throw error }
            defer { (state.finished, state.written) = ([], []) }
            return (state.finished, state.written)
        }
    }
}

/// A piece of an insert block's sort, worked out as its rows arrived (`BlockPreparation`), and
/// what the views made of the blocks that end with it: their rows, or their parts written.
struct PreparedBlock {
    let views: [ViewRows]
    let viewParts: [WrittenViewParts]
    let sort: BlockSort
}

/// The parts written of a view's rows, in its target table (not yet committed).
typealias WrittenViewParts = (target: TableName, parts: [DataPart])
