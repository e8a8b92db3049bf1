extension Store {
    /// Inserts a batch into a table: one new part per partition the rows fall into, committed
    /// together. Returns the number of rows inserted.
    ///
    /// The batch's columns may come in any order; omitted columns get ClickHouse's defaults.
    /// Rows are sorted by the table's `ORDER BY` key, stably, so rows with equal keys keep
    /// their order in the batch. When this returns, the rows are durable and visible; when it
    /// throws, nothing of the batch is stored.
    ///
    /// - Throws: `.unknownTable`, `.noSuchColumn` (code 16), `.typeMismatch` (code 53),
    ///   `.tooManyParts` (code 252), `.io` (e.g. `ENOSPC`).
    /// - Parameter deduplicationToken: ClickHouse's `insert_deduplication_token`: for a table with
    ///   a deduplication window, names the insert's blocks instead of their content (a retry
    ///   with the same token stores nothing again, see ``InsertDeduplication``).
    @discardableResult
    public func insert(_ batch: Batch, into name: TableName, deduplicationToken: String? = nil) throws(StorageError) -> Int {
        guard batch.rowCount > 0 else { return 0 }
        var attempt = 0
        while true {
            do {
                try insertOnce(batch, into: name, deduplicationToken: deduplicationToken)
                return batch.rowCount
            } catch .conflict where attempt < 3 {
                // A view was created or dropped meanwhile, or a concurrent insert stored the
                // same block: prepare it again.
                attempt += 1
            }
        }
    }

    private func insertOnce(_ batch: Batch, into name: TableName, deduplicationToken: String?) throws(StorageError) {
        var change = Change()
        change.insertProgress.deduplicationToken = deduplicationToken
        try commitDiscardingOnFailure(&change) { (change: inout Change) throws(StorageError) in
            try prepareInsert(batch, into: name, state: currentState, change: &change)
        }
    }

    /// Runs `prepare`, which writes parts into `change`, and commits the change; when either
    /// fails, every part written for it is discarded.
    func commitDiscardingOnFailure(_ change: inout Change, _ prepare: (inout Change) throws(StorageError) -> Void) throws(StorageError) {
        do throws(StorageError) {
            try prepare(&change)
            try commit(change)
        } catch {
            discard(change.addedParts.values.flatMap { $0 })
            throw error
        }
    }

    /// Writes the parts of an insert — the table's and its views' — and adds them to `change`
    /// (not yet committed), a block at a time (`StoreOptions.insertBlockRows`).
    func prepareInsert(_ batch: Batch, into name: TableName, state: StoreState, change: inout Change) throws(StorageError) {
        let rows = try Self.conform(batch, to: try insertTarget(name, state: state).definition)
        let blockRows = options.insertBlockRows(bytesPerRow: Double(rows.byteCount) / Double(max(1, rows.rowCount)))
        for start in stride(from: 0, to: rows.rowCount, by: blockRows) {
            let block = rows.rowCount <= blockRows ? rows : rows.slice(start..<min(rows.rowCount, start + blockRows))
            try prepareInsert(block: ChunkedBatch(block), into: name, state: state, change: &change)
        }
    }

    /// Writes the parts of one insert block — the table's and its views' — and adds them to
    /// `change` (not yet committed). `prepared` is the block's sort and the views' aggregations
    /// when the caller has worked them out already, as the rows arrived (`BlockPreparation`):
    /// then `block` may be a piece of an insert block, and the aggregations those of the blocks
    /// that ended with it (none, or several).
    func prepareInsert(block: ChunkedBatch, into name: TableName, state: StoreState, change: inout Change,
                       prepared: consuming PreparedBlock? = nil) throws(StorageError) {
        let table = try insertTarget(name, state: state)
        let tableName = table.definition.name
        // Every insert meets the disk bound; a flush of acknowledged rows was marked so before.
        if change.diskBound == .exempt { change.diskBound = .insert }
        var chunks = [Batch]()
        for chunk in block.chunks { chunks.append(try Self.conform(chunk, to: table.definition)) }
        var block = ChunkedBatch(chunks)
        if try !droppingRepeatedPartitions(of: &block, table: table, change: &change) {
            prepared = nil  // worked out for rows that are no longer all in the block
            guard block.rowCount > 0 else { return }
        }
        let views = state.views(of: tableName)
        change.viewsComputed[tableName] = views.map(\.name)
        // The view side takes the only reference to the blocks' aggregation states, so that they
        // are freed once serialized as the views' rows, before any part is written.
        let sort = prepared?.sort
        var preparedViews = prepared?.views
        prepared = nil
        // The table's part and the views' parts are independent: written at the same time.
        let (tableParts, viewParts) = inParallel({
            Result { () throws(StorageError) in try writeInsertParts(block, table: table, sort: sort) }
        }, {
            Result { () throws(StorageError) in
                guard var aggregations = preparedViews else {
                    var aggregation = try ViewAggregation(views: boundViews(views, source: table.definition), targets: state.targets(of: views))
                    for chunk in block.chunks { try aggregation.consume(chunk) }
                    return try writeViewParts(aggregation.finishBlock(), state: state)
                }
                preparedViews = nil
                return try writeViewParts(finishing: &aggregations, state: state)
            }
        })
        switch (tableParts, viewParts) {
        case (.success(let tableParts), .success(let viewParts)):
            change.addedParts[tableName, default: []] += tableParts
            for (target, parts) in viewParts { change.addedParts[target, default: []] += parts }
        case (.failure(let error), let other):
            discard((try? other.get())?.flatMap(\.parts) ?? [])
            throw error
        case (.success(let written), .failure(let error)):
            discard(written)
            throw error
        }
    }

    /// Numbers the block within its INSERT and, for a table with a deduplication window, drops
    /// the rows of each partition whose block id is in the window (``InsertDeduplication``) and
    /// records the ids of the rest in `change`. Returns whether the block is unchanged.
    private func droppingRepeatedPartitions(of block: inout ChunkedBatch, table: TableState, change: inout Change) throws(StorageError) -> Bool {
        let name = table.definition.name
        let number = change.insertProgress.blocks[name, default: 0]
        change.insertProgress.blocks[name] = number + 1
        guard let deduplication = InsertDeduplication(definition: table.definition, token: change.insertProgress.deduplicationToken) else {
            return true
        }
        let ids = deduplication.blockIDs(of: block, number: number, definition: table.definition)
        let earlier = change.deduplicatedBlockIDs[name] ?? []
        let repeated = Set(ids.filter { table.deduplication.contains($0.value) || earlier.contains($0.value) }.keys)
        change.deduplicatedBlockIDs[name, default: []] += ids.filter { !repeated.contains($0.key) }.sorted { $0.key < $1.key }.map(\.value)
        guard !repeated.isEmpty else { return true }
        logger.info("\(name): insert block \(number) already stored in partitions \(repeated.sorted()); its rows there are dropped")
        // ClickHouse spends a block number on each block it drops.
        _ = try allocateBlocks(name, count: UInt64(repeated.count))
        block = InsertDeduplication.rows(of: block, outside: repeated, definition: table.definition)
        return false
    }

    /// The table an insert into `name` writes: the table itself, or a view's target.
    private func insertTarget(_ name: TableName, state: StoreState) throws(StorageError) -> TableState {
        guard let table = state.tables[state.views[name]?.target ?? name] else { throw .unknownTable(name) }
        return table
    }

    /// The preparation of insert blocks into `name` from rows that arrive a piece at a time
    /// (see `prepareInsert`'s `prepared`).
    func blockPreparation(forInsertInto name: TableName, state: StoreState) throws(StorageError) -> BlockPreparation {
        let table = try insertTarget(name, state: state)
        let views = state.views(of: table.definition.name)
        return try BlockPreparation(views: boundViews(views, source: table.definition), table: table.definition, targets: state.targets(of: views),
                                    options: options)
    }

    /// Writes the views' parts of insert blocks whose rows were all written as pieces before
    /// their views ended, and adds them to `change` (not yet committed).
    func prepareViewParts(_ blocks: [ViewAggregation], into name: TableName, state: StoreState, change: inout Change) throws(StorageError) {
        let source = try insertTarget(name, state: state).definition.name
        change.viewsComputed[source] = state.views(of: source).map(\.name)
        var blocks = blocks
        for (target, parts) in try writeViewParts(finishing: &blocks, state: state) { change.addedParts[target, default: []] += parts }
    }

    /// Finishes the blocks' aggregations one at a time — each block's states freed once they
    /// are its views' rows — and writes those rows as parts of the views' targets (not yet
    /// committed); on failure, discards what it wrote.
    private func writeViewParts(finishing blocks: inout [ViewAggregation],
                                state: StoreState) throws(StorageError) -> [(target: TableName, parts: [DataPart])] {
        var written = [(target: TableName, parts: [DataPart])]()
        do throws(StorageError) {
            while !blocks.isEmpty {
                var aggregation = blocks.removeFirst()
                written += try writeViewParts(aggregation.finishBlock(), state: state)
            }
        } catch {
            discard(written.flatMap(\.parts))
            throw error
        }
        return written
    }

    /// Writes the rows views derived from an insert block as parts of the views' targets (not
    /// yet committed); on failure, discards what it wrote.
    private func writeViewParts(_ viewRows: [(view: MaterializedViewDefinition, rows: Batch)],
                                state: StoreState) throws(StorageError) -> [(target: TableName, parts: [DataPart])] {
        var written = [(target: TableName, parts: [DataPart])]()
        do throws(StorageError) {
            for (view, rows) in viewRows {
                guard let target = state.tables[view.target] else { throw .unknownTable(view.target) }
                let derived = try Self.conform(rows, to: target.definition)
                if derived.rowCount > 0 { written.append((view.target, try writeInsertParts(ChunkedBatch(derived), table: target))) }
            }
        } catch {
            discard(written.flatMap(\.parts))
            throw error
        }
        return written
    }

    /// Splits rows by partition, sorts each piece and writes it as a part (not yet committed).
    /// `sort` is the block's sort when the caller has prepared it as the rows arrived.
    func writeInsertParts(_ rows: ChunkedBatch, table: TableState, sort prepared: BlockSort? = nil) throws(StorageError) -> [DataPart] {
        let definition = table.definition
        // A Null table keeps nothing: its rows only feed its views.
        if definition.engine == .null { return [] }
        // Rows sorted whole (a typed batch, a view's block) skip the grouping a stream does
        // as its rows arrive: the whole block's sort packs every key column at once.
        var sort = prepared ?? BlockSort(definition, groupsArrivingRows: false)
        if prepared == nil { for chunk in rows.chunks { try sort.consume(chunk) } }
        var pieces = sort.pieces(of: rows)
        // ClickHouse 26.9 collapses equal keys of every inserted block of a Summing or
        // Aggregating table (`optimize_on_insert`), and names such parts with level 1.
        let level: UInt32 = definition.engine.collapsesRows ? 1 : 0
        if var collapser = RowCollapser(definition) {
            // Slice by slice: neither a sorted copy of the piece nor one grown array of its
            // collapsed rows (a view's block of serialized states is tens of megabytes).
            pieces = try pieces.map { (piece) throws(StorageError) in
                var collapsed = [Batch]()
                try piece.forEachSortedSlice { (slice: Batch) throws(StorageError) in collapsed.append(try collapser.collapse(slice)) }
                collapsed.append(try collapser.finish())
                let rows = collapsed.filter { $0.rowCount > 0 }
                return SortedPiece(partition: piece.partition, rows: ChunkedBatch(rows.isEmpty ? [collapsed[0]] : rows), order: nil)
            }.filter { $0.rowCount > 0 }
        }
        for partition in pieces.map(\.partition) {
            let count = table.parts.lazy.filter { $0.name.partition == partition }.count
            if count >= options.maxPartsPerPartition {
                throw .tooManyParts(table: definition.name, partition: partition, count: count)
            }
        }
        let firstBlock = try allocateBlocks(definition.name, count: UInt64(pieces.count))
        var written = [DataPart]()
        do {
            for (offset, piece) in pieces.enumerated() {
                let block = firstBlock + UInt64(offset)
                let name = PartName(partition: piece.partition, minBlock: block, maxBlock: block, level: level)
                written.append(try writePart(name: name, definition: definition, purpose: "insert") { writer throws(StorageError) in
                    try piece.forEachSortedSlice { (slice: Batch) throws(StorageError) in try io { try writer.append(slice) } }
                })
            }
            try syncTableDirectory(definition.name)
        } catch {
            discard(written)
            throw error
        }
        return written
    }

    /// Writes a part into `tmp_<purpose>_<name>`, syncs it, renames it to `<name>` and opens it.
    func writePart(name: PartName, definition: TableDefinition, purpose: String,
                   rows: (PartWriter) throws(StorageError) -> Void) throws(StorageError) -> DataPart {
        let directory = tableDirectory(definition.name)
        let temporary = joinPath(directory, "tmp_\(purpose)_\(name)")
        let final = joinPath(directory, name.description)
        do throws(StorageError) {
            try io { try fileSystem.makeDurableDirectory(directory) }
            let writer = try io { try PartWriter(fileSystem: fileSystem, directory: temporary, name: name, definition: definition) }
            try rows(writer)
            _ = try io { try writer.finish() }
            try io { try fileSystem.rename(temporary, to: final) }
        } catch {
            removeQuietly(temporary)
            throw error
        }
        do {
            let reader = try PartReader.open(fileSystem: fileSystem, directory: final)
            return DataPart(name: name, reader: reader, fileSystem: fileSystem)
        } catch {
            removeQuietly(final)
            throw error
        }
    }

    func syncTableDirectory(_ name: TableName) throws(StorageError) {
        do { try fileSystem.syncDirectory(tableDirectory(name)) } catch { throw .io(error) }
    }

    /// Removes parts that were written but will never be committed.
    func discard(_ parts: [DataPart]) {
        for part in parts { part.retire() }
    }

    func removeQuietly(_ path: String) {
        do { try fileSystem.removeTree(path) } catch {
            // Recovery removes anything the manifest does not list, so this only delays cleanup.
            logger.warning("cannot remove \(path): \(error)")
        }
    }

    /// Puts a batch into the table's column order, filling omitted columns with defaults.
    static func conform(_ batch: Batch, to definition: TableDefinition) throws(StorageError) -> Batch {
        if batch.names.count == definition.columns.count,
           zip(definition.columns, zip(batch.names, batch.columns)).allSatisfy({ $0.name == $1.0 && $0.type == $1.1.type }) {
            return batch  // the common case, checked without building anything
        }
        for (name, values) in zip(batch.names, batch.columns) {
            guard let column = definition.column(named: name) else { throw .noSuchColumn(name, table: definition.name) }
            guard column.type == values.type else { throw .typeMismatch(column: name, expected: column.type, actual: values.type) }
        }
        if definition.columns.contains(where: { $0.defaultValue != nil && batch.column(named: $0.name) == nil }) {
            return try ColumnDefaults.filled(batch, definition: definition)
        }
        return Batch(definition.columns.map { column in
            (column.name, batch.column(named: column.name) ?? .defaults(column.type, count: batch.rowCount))
        })
    }
}

/// The rows of one partition of an inserted block, and the order that sorts them by the key.
struct SortedPiece {
    let partition: PartitionID
    /// The block's rows (all of them: `order` picks this partition's).
    let rows: ChunkedBatch
    /// Indices into `rows` in key order; `nil` when `rows` are this partition's and sorted.
    let order: [Int32]?

    /// Rows gathered into key order at a time by `forEachSortedSlice`: 16 granules, about
    /// 16 MB of a raw table's rows (two are alive: the one written and the next).
    static let sliceRows = 16 * 8192

    var rowCount: Int { order?.count ?? rows.rowCount }

    /// The rows in key order, a slice at a time: a sorted copy of a large block never exists
    /// whole (two slices at most: the one written and the next).
    func forEachSortedSlice(_ body: (Batch) throws(StorageError) -> Void) throws(StorageError) {
        guard let order else {
            for chunk in rows.chunks { try body(chunk) }
            return
        }
        let starts = Array(stride(from: 0, to: order.count, by: Self.sliceRows))
        func slice(_ number: Int) -> Batch {
            rows.gathering(order[starts[number]..<min(order.count, starts[number] + Self.sliceRows)])
        }
        // The next slice is gathered while this one is written: each side waits for its
        // slowest column at the end, and the other side's columns fill the idle core meanwhile.
        var next = slice(0)
        for number in starts.indices {
            let current = next
            let (written, gathered) = inParallel({ Result { () throws(StorageError) in try body(current) } },
                                                 { number + 1 < starts.count ? slice(number + 1) : nil })
            try written.get()
            guard let gathered else { return }
            next = gathered
        }
    }
}
