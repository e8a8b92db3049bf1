/// One INSERT whose rows arrive in pieces — the blocks of a native-protocol INSERT, the body of
/// an HTTP INSERT — stored atomically with its views: all of it at ``commit()``, or nothing.
///
/// Pieces are squashed into insert blocks (`StoreOptions.insertBlockRows`, as ClickHouse squashes
/// a client's small blocks to `min_insert_block_size_rows`), and each full block is written as
/// parts — the table's and its views' — at once, so memory holds one block however long the
/// insert. The parts become visible only when the transaction commits; abandoned (an error,
/// ``abort()``, or dropped without a commit), they are deleted and nothing is stored.
///
/// Not thread-safe: one caller feeds a transaction, a piece at a time.
public final class InsertTransaction {
    /// The table named by the INSERT (a view's name inserts into the view's target).
    public let table: TableName
    private let store: Store
    private let state: StoreState
    private let definition: TableDefinition
    private var change = Change()
    private var pending = [Batch]()
    private var pendingRows = 0
    private var pendingBytes = 0
    private var isFinished = false
    /// The preparation of a streamed insert's blocks, which may hold view parts written and not
    /// yet taken: an abandoned insert deletes them too.
    private var preparation: BlockPreparation?
    /// Rows appended so far.
    public private(set) var rowCount = 0

    init(store: Store, table: TableName, options: InsertOptions) throws(StorageError) {
        self.store = store
        self.table = table
        change.insertProgress.options = options
        // Its rows feed the views there were when it began, as in ClickHouse, whose INSERT
        // pipeline is built once: a view created meanwhile does not fail the commit.
        change.viewsAsOfStart = true
        state = store.currentState
        guard let target = state.tables[state.views[table]?.target ?? table] else { throw .unknownTable(table) }
        definition = target.definition
    }

    /// Adds rows. Their columns are checked against the table at once (code 16 for an unknown
    /// column, 53 for a wrong type); on any error the whole transaction is abandoned.
    ///
    /// Pieces are squashed as ClickHouse squashes a client's blocks: once the rows pending reach
    /// a block, they are written together however many they are. ``append(_:cuttingBlocksAt:)``
    /// cuts blocks to size instead.
    public func append(_ batch: Batch) throws(StorageError) {
        precondition(!isFinished, "appending to a finished insert")
        guard batch.rowCount > 0 else { return }
        try abandoningOnFailure { () throws(StorageError) in
            try addPending(batch)
            if pendingRows >= store.options.insertBlockRows(bytesPerRow: Double(pendingBytes) / Double(pendingRows)) {
                try writePending()
            }
        }
    }

    /// Adds rows parsed from a stream, cut into blocks of exactly `blockRows` rows (the last
    /// one excepted), as ClickHouse's input formats cut theirs (`max_insert_block_size`).
    public func append(_ batch: Batch, cuttingBlocksAt blockRows: Int) throws(StorageError) {
        precondition(!isFinished, "appending to a finished insert")
        try abandoningOnFailure { () throws(StorageError) in
            var offset = 0
            while offset < batch.rowCount {
                let end = min(batch.rowCount, offset + max(1, blockRows - pendingRows))
                try addPending(offset == 0 && end == batch.rowCount ? batch : batch.slice(offset..<end))
                offset = end
                if pendingRows >= blockRows { try writePending() }
            }
        }
    }

    /// The views' aggregation and sort of the blocks to come, worked out as their rows arrive
    /// (a streamed parse feeds it chunk by chunk); ``write(_:prepared:)`` takes each finished
    /// block's.
    func blockPreparation() throws(StorageError) -> BlockPreparation {
        let preparation = try store.blockPreparation(forInsertInto: table, state: state, insertOptions: change.insertProgress.options)
        self.preparation = preparation
        return preparation
    }

    /// Writes a whole insert block (or a piece of one) at once — the table's parts and its
    /// views' — with what ``blockPreparation()`` worked out for it, if anything.
    func write(_ block: ChunkedBatch, prepared: consuming PreparedBlock?) throws(StorageError) {
        precondition(!isFinished && pending.isEmpty, "writing a block into a finished insert or past pending rows")
        do throws(StorageError) {
            try store.prepareInsert(block: block, into: table, state: state, change: &change, prepared: prepared)
        } catch {
            abort()
            throw error
        }
        rowCount += block.rowCount
    }

    /// Writes the views' parts of blocks whose rows were all written as pieces before their
    /// views ended (the input ended at a piece's end), and takes those written already.
    func writeViews(of blocks: (rows: [ViewRows], parts: [WrittenViewParts])) throws(StorageError) {
        precondition(!isFinished && pending.isEmpty, "writing views into a finished insert or past pending rows")
        guard !blocks.rows.isEmpty || !blocks.parts.isEmpty else { return }
        do throws(StorageError) {
            try store.prepareViewParts(blocks.rows, written: blocks.parts, into: table, state: state, change: &change)
        } catch {
            abort()
            throw error
        }
    }

    private func addPending(_ batch: Batch) throws(StorageError) {
        let rows = try Store.conform(batch, to: definition)
        pending.append(rows)
        pendingRows += rows.rowCount
        pendingBytes += rows.byteCount
        rowCount += rows.rowCount
    }

    /// Writes what is pending and commits every part of the insert in one manifest commit.
    /// Returns the number of rows inserted.
    @discardableResult
    public func commit() throws(StorageError) -> Int {
        precondition(!isFinished, "committing a finished insert")
        try abandoningOnFailure { () throws(StorageError) in
            try writePending()
            try store.commit(change)
        }
        isFinished = true
        return rowCount
    }

    /// Deletes every part written for the insert; nothing of it is stored.
    public func abort() {
        guard !isFinished else { return }
        isFinished = true
        store.discard(change.addedParts.values.flatMap { $0 })
        preparation?.abandon(discarding: store.discard)
        pending = []
    }

    deinit { abort() }

    private func writePending() throws(StorageError) {
        guard !pending.isEmpty else { return }
        let block = ChunkedBatch(pending)
        pending = []
        pendingRows = 0
        pendingBytes = 0
        try store.prepareInsert(block: block, into: table, state: state, change: &change)
    }

    private func abandoningOnFailure(_ body: () throws(StorageError) -> Void) throws(StorageError) {
        do throws(StorageError) { try body() } catch {
            abort()
            throw error
        }
    }
}

extension Store {
    /// Starts an insert into `table` whose rows arrive in pieces (see ``InsertTransaction``).
    /// A materialized view's name inserts into its target.
    ///
    /// - Parameter options: the client's `insert_deduplication_token` and `optimize_on_insert`.
    /// - Throws: `.unknownTable`.
    public func beginInsert(into table: TableName, options: InsertOptions = InsertOptions()) throws(StorageError) -> InsertTransaction {
        try InsertTransaction(store: self, table: table, options: options)
    }
}
