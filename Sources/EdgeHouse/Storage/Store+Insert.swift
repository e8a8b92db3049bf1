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
    /// - Parameter options: the client's `insert_deduplication_token` and `optimize_on_insert`.
    @discardableResult
    public func insert(_ batch: Batch, into name: TableName, options: InsertOptions = InsertOptions()) throws(StorageError) -> Int {
        guard batch.rowCount > 0 else { return 0 }
        var attempt = 0
        while true {
            do {
                try insertOnce(batch, into: name, options: options)
                return batch.rowCount
            } catch .conflict where attempt < 3 {
                // A view was created or dropped meanwhile, or a concurrent insert stored the
                // same block: prepare it again.
                attempt += 1
            }
        }
    }

    private func insertOnce(_ batch: Batch, into name: TableName, options: InsertOptions) throws(StorageError) {
        var change = Change()
        change.insertProgress.options = options
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
    /// `change` (not yet committed). `prepared` is the block's sort and the views' rows when the
    /// caller has worked them out already, as the rows arrived (`BlockPreparation`): then
    /// `block` may be a piece of an insert block, and the views' rows (or parts, written
    /// already) those of the blocks that ended with it (none, or several).
    func prepareInsert(block: ChunkedBatch, into name: TableName, state: StoreState, change: inout Change,
                       prepared: consuming PreparedBlock? = nil) throws(StorageError) {
        let table = try insertTarget(name, state: state)
        let tableName = table.definition.name
        // Parts written already belong to the change first, so that any failure below discards them.
        for (target, parts) in prepared?.viewParts ?? [] { change.addedParts[target, default: []] += parts }
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
        let sort = prepared?.sort
        var preparedViews = prepared?.views
        prepared = nil
        let optimizeOnInsert = change.insertProgress.options.optimizeOnInsert
        // The table's part and the views' parts are independent: written at the same time.
        let (tableParts, viewParts) = inParallel({
            Result { () throws(StorageError) in try writeInsertParts(block, table: table, sort: sort, optimizeOnInsert: optimizeOnInsert) }
        }, {
            Result { () throws(StorageError) in
                guard var blocks = preparedViews else {
                    var aggregation = try ViewAggregation(views: boundViews(views, source: table.definition), targets: state.targets(of: views))
                    for chunk in block.chunks { try aggregation.consume(chunk) }
                    return try writeViewParts(aggregation.finishBlock(), state: state, optimizeOnInsert: optimizeOnInsert)
                }
                preparedViews = nil
                return try writeViewParts(releasing: &blocks, state: state, optimizeOnInsert: optimizeOnInsert)
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
        guard let deduplication = InsertDeduplication(definition: table.definition, token: change.insertProgress.options.deduplicationToken) else {
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
    func blockPreparation(forInsertInto name: TableName, state: StoreState, insertOptions: InsertOptions) throws(StorageError) -> BlockPreparation {
        let table = try insertTarget(name, state: state)
        let views = state.views(of: table.definition.name)
        let optimizeOnInsert = insertOptions.optimizeOnInsert
        return try BlockPreparation(views: boundViews(views, source: table.definition), table: table.definition, targets: state.targets(of: views),
                                    options: options) { [self] (rows: ViewRows) throws(StorageError) in
            try writeViewParts(rows, state: state, optimizeOnInsert: optimizeOnInsert)
        }
    }

    /// Adds to `change` (not yet committed) the views' parts of insert blocks whose rows were
    /// all written as pieces before their views ended: `parts` written already, and those of
    /// `blocks` written here.
    func prepareViewParts(_ blocks: [ViewRows], written parts: [WrittenViewParts], into name: TableName, state: StoreState,
                          change: inout Change) throws(StorageError) {
        for (target, parts) in parts { change.addedParts[target, default: []] += parts }
        let source = try insertTarget(name, state: state).definition.name
        change.viewsComputed[source] = state.views(of: source).map(\.name)
        var blocks = blocks
        let optimizeOnInsert = change.insertProgress.options.optimizeOnInsert
        for (target, parts) in try writeViewParts(releasing: &blocks, state: state, optimizeOnInsert: optimizeOnInsert) {
            change.addedParts[target, default: []] += parts
        }
    }

    /// Writes the views' rows of blocks one block at a time, each block's rows freed once
    /// written, as parts of the views' targets (not yet committed); on failure, discards what
    /// it wrote.
    private func writeViewParts(releasing blocks: inout [ViewRows], state: StoreState, optimizeOnInsert: Bool) throws(StorageError) -> [WrittenViewParts] {
        var written = [WrittenViewParts]()
        do throws(StorageError) {
            while !blocks.isEmpty { written += try writeViewParts(blocks.removeFirst(), state: state, optimizeOnInsert: optimizeOnInsert) }
        } catch {
            discard(written.flatMap(\.parts))
            throw error
        }
        return written
    }

    /// Writes the rows views derived from an insert block as parts of the views' targets (not
    /// yet committed); on failure, discards what it wrote.
    private func writeViewParts(_ viewRows: ViewRows, state: StoreState, optimizeOnInsert: Bool) throws(StorageError) -> [WrittenViewParts] {
        var written = [WrittenViewParts]()
        do throws(StorageError) {
            for (view, rows) in viewRows {
                guard let target = state.tables[view.target] else { throw .missingViewTarget(view.target, source: view.source) }
                let derived = try Self.conform(rows, to: target.definition)
                guard derived.rowCount > 0 else { continue }
                written.append((view.target, try writeInsertParts(ChunkedBatch(derived), table: target, optimizeOnInsert: optimizeOnInsert)))
            }
        } catch {
            discard(written.flatMap(\.parts))
            throw error
        }
        return written
    }

    /// Splits rows by partition, sorts each piece and writes it as a part (not yet committed).
    /// `sort` is the block's sort when the caller has prepared it as the rows arrived; without
    /// `optimizeOnInsert` (see ``InsertOptions``) rows of equal keys are not collapsed.
    func writeInsertParts(_ rows: ChunkedBatch, table: TableState, sort prepared: BlockSort? = nil,
                          optimizeOnInsert: Bool = true) throws(StorageError) -> [DataPart] {
        let definition = table.definition
        // A Null table keeps nothing: its rows only feed its views.
        if definition.engine == .null { return [] }
        // Rows sorted whole (a typed batch, a view's block) skip the grouping a stream does
        // as its rows arrive: the whole block's sort packs every key column at once.
        var sort = prepared ?? BlockSort(definition, groupsArrivingRows: false)
        if prepared == nil { for chunk in rows.chunks { try sort.consume(chunk) } }
        let pieces = sort.pieces(of: rows)
        // ClickHouse 26.9 collapses equal keys of every inserted block of a Summing,
        // Aggregating, Replacing or Collapsing table (`optimize_on_insert`), and names such
        // parts with level 1.
        let collapses = optimizeOnInsert && definition.engine.collapsesRows
        let level: UInt32 = collapses ? 1 : 0
        for partition in pieces.map(\.partition) {
            let count = table.parts.lazy.filter { $0.name.partition == partition }.count
            if count >= options.maxPartsPerPartition {
                throw .tooManyParts(table: definition.name, partition: partition, count: count)
            }
        }
        var written = [DataPart]()
        do {
            for var piece in pieces {
                var collapser = collapses ? RowCollapser(definition) : nil
                // A partition a Summing or Collapsing table's collapse leaves empty gets no part
                // (nor a block number): such pieces are collapsed before a part is named.
                // Others collapse slice by slice as they are written, so neither a sorted nor
                // a collapsed copy of the piece exists whole (a view's block of serialized
                // states is tens of megabytes).
                if let emptiable = collapser, emptiable.mayRemoveEveryRow {
                    piece = try piece.collapsed(by: emptiable)
                    collapser = nil
                    if piece.rowCount == 0 { continue }
                }
                let collapsing = collapser
                let block = try allocateBlocks(definition.name, count: 1)
                let name = PartName(partition: piece.partition, minBlock: block, maxBlock: block, level: level)
                let layout: PartLayout = piece.byteCount >= PartWriter.surelyWideBytes ? .wide : .compact
                written.append(try writePart(name: name, definition: definition, purpose: "insert", layout: layout) { writer throws(StorageError) in
                    try piece.forEachSortedSlice(collapsedBy: collapsing) { (slice: Batch) throws(StorageError) in try io { try writer.append(slice) } }
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
    /// `layout` is `.wide` for a part known to be large (see `PartWriter`).
    func writePart(name: PartName, definition: TableDefinition, purpose: String, layout: PartLayout = .compact,
                   rows: (PartWriter) throws(StorageError) -> Void) throws(StorageError) -> DataPart {
        let directory = tableDirectory(definition.name)
        let temporary = joinPath(directory, "tmp_\(purpose)_\(name)")
        let final = joinPath(directory, name.description)
        do throws(StorageError) {
            try io { try fileSystem.makeDurableDirectory(directory) }
            let writer = try io { try PartWriter(fileSystem: fileSystem, directory: temporary, name: name, definition: definition, layout: layout) }
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
        let conformed = try columnsConformed(batch, to: definition)
        guard definition.columns.contains(where: { $0.enumeration != nil }) else { return conformed }
        return try namingEnumerations(conformed, given: batch, definition: definition)
    }

    private static func columnsConformed(_ batch: Batch, to definition: TableDefinition) throws(StorageError) -> Batch {
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

    /// An `Enum` column holds names: a number given for a name becomes the name, a column not
    /// given holds the name of the least number, and a name or number the enum does not have
    /// fails the insert, as in ClickHouse.
    private static func namingEnumerations(_ batch: Batch, given: Batch, definition: TableDefinition) throws(StorageError) -> Batch {
        var columns = batch.columns
        for (index, column) in definition.columns.enumerated() {
            guard let enumeration = column.enumeration, case .string(let names) = columns[index] else { continue }
            guard given.column(named: column.name) != nil || column.defaultValue != nil else {
                columns[index] = .string(StringColumn(Array(repeating: enumeration.defaultName, count: batch.rowCount)))
                continue
            }
            var named = StringColumn()
            for row in 0..<names.count {
                let text = String(decoding: names[row], as: UTF8.self)
                if enumeration.value(of: text) != nil {
                    named.append(text)
                } else if let number = Int64(text) {
                    guard let name = enumeration.name(of: number) else { throw .unknownEnumElement(text, number: true) }
                    named.append(name)
                } else {
                    throw .unknownEnumElement(text, number: false)
                }
            }
            columns[index] = .string(named)
        }
        return Batch(names: batch.names, columns: columns)
    }
}

/// The rows of one partition of an inserted block, and the order that sorts them by the key.
struct SortedPiece {
    let partition: PartitionID
    /// The block's rows (all of them: `order` picks this partition's).
    let rows: ChunkedBatch
    /// Indices into `rows` in key order; `nil` when `rows` are this partition's and sorted.
    let order: [Int32]?

    /// The bytes of rows gathered into key order at a time by `forEachSortedSlice` (two slices
    /// are alive: the one written and the next, and a collapsed copy of one).
    static let sliceBytes = 12 << 20

    /// Rows per slice: whole granules, about `sliceBytes` of them — 14 granules of a raw
    /// table's rows, fewer of a view's, whose serialized states are several times wider.
    var sliceRows: Int {
        let bytesPerRow = max(1, byteCount / max(1, rowCount))
        return max(1, min(16, Self.sliceBytes / bytesPerRow / 8192)) * 8192
    }

    var rowCount: Int { order?.count ?? rows.rowCount }

    /// The uncompressed bytes of the piece's rows (of the block's rows, in proportion).
    var byteCount: Int {
        let blockBytes = rows.chunks.reduce(0) { $0 + $1.byteCount }
        return order == nil ? blockBytes : Int(Double(blockBytes) * Double(rowCount) / Double(max(1, rows.rowCount)))
    }

    /// The piece's rows collapsed whole, sorted, as a piece of its own.
    func collapsed(by collapser: RowCollapser) throws(StorageError) -> SortedPiece {
        var rows = [Batch]()
        try forEachSortedSlice(collapsedBy: collapser) { rows.append($0) }
        return SortedPiece(partition: partition, rows: ChunkedBatch(rows.isEmpty ? [self.rows.chunks[0].slice(0..<0)] : rows), order: nil)
    }

    /// The rows in key order, a slice at a time, collapsed by `collapser` if there is one
    /// (slices it leaves empty skipped). Slices then end between keys, so that each collapses
    /// on its own: no rows are held back for the next, and no slice is copied to do it.
    func forEachSortedSlice(collapsedBy collapser: RowCollapser?, _ body: (Batch) throws(StorageError) -> Void) throws(StorageError) {
        guard let collapser else { return try forEachSortedSlice(body) }
        func collapse(_ slice: Batch) throws(StorageError) {
            let rows = try collapser.collapseWholeGroups(slice)
            if rows.rowCount > 0 { try body(rows) }
        }
        if order == nil && rows.chunks.count == 1 { return try collapse(rows.chunks[0]) }
        try forEachSortedSlice(endingBetween: collapser.keyIndices, collapse)
    }

    /// The rows in key order, a slice at a time: a sorted copy of a large block never exists
    /// whole (two slices at most: the one written and the next).
    func forEachSortedSlice(_ body: (Batch) throws(StorageError) -> Void) throws(StorageError) {
        guard order != nil else {
            for chunk in rows.chunks { try body(chunk) }
            return
        }
        try forEachSortedSlice(endingBetween: nil, body)
    }

    /// Slices of about `sliceRows` rows in key order; with `keyIndices`, each extended past
    /// rows with its last row's key.
    private func forEachSortedSlice(endingBetween keyIndices: [Int]?, _ body: (Batch) throws(StorageError) -> Void) throws(StorageError) {
        let order = self.order ?? Array(0..<Int32(rows.rowCount))
        let keys = keyIndices.map { keyIndices in rows.chunks.map { chunk in keyIndices.map { chunk.columns[$0] } } }
        let sliceRows = self.sliceRows
        var bounds = [Range<Int>]()
        while (bounds.last?.upperBound ?? 0) < order.count {
            let start = bounds.last?.upperBound ?? 0
            var end = min(order.count, start + sliceRows)
            if let keys {
                while end < order.count && rows.compare(keys, Int(order[end - 1]), Int(order[end])) == 0 { end += 1 }
            }
            bounds.append(start..<end)
        }
        func slice(_ number: Int) -> Batch { rows.gathering(order[bounds[number]]) }
        // The next slice is gathered while this one is written: each side waits for its
        // slowest column at the end, and the other side's columns fill the idle core meanwhile.
        var next = slice(0)
        for number in bounds.indices {
            let current = next
            let (written, gathered) = inParallel({ Result { () throws(StorageError) in try body(current) } },
                                                 { number + 1 < bounds.count ? slice(number + 1) : nil })
            try written.get()
            guard let gathered else { return }
            next = gathered
        }
    }
}
