/// An immutable view of a store at one moment: every table and its active parts.
///
/// Reads through a snapshot see exactly the commits made before it was taken — an insert and
/// its view rows together, a merge's output or its inputs but never both — whatever merges
/// run meanwhile. Parts a snapshot uses stay on disk until it is released.
public struct Snapshot: Sendable {
    let tables: [TableName: TableState]
    let views: [TableName: MaterializedViewDefinition]
    /// `CREATE VIEW` views.
    public let plainViews: [TableName: PlainViewDefinition]
    let options: StoreOptions
    /// The store's block cache, for short reads (``StoreOptions/cachedReadGranules``).
    let blockCache: BlockCache?

    public func definition(of table: TableName) throws(StorageError) -> TableDefinition {
        try state(of: table).definition
    }

    /// Active parts of a table, in canonical order (partition, then block number).
    public func parts(of table: TableName) throws(StorageError) -> [DataPart] {
        try state(of: table).parts
    }

    /// Rows in a table (from part metadata; reads no data).
    public func rowCount(of table: TableName) throws(StorageError) -> Int {
        try parts(of: table).reduce(0) { $0 + $1.rows }
    }

    /// A table's state; a view's name reads its target table, as in ClickHouse.
    private func state(of table: TableName) throws(StorageError) -> TableState {
        guard let state = tables[views[table]?.target ?? table] else { throw .unknownTable(table) }
        return state
    }

    /// Streams the rows of `columns` that satisfy `filter`, part by part in canonical order and
    /// within a part in key order, a few granules at a time.
    ///
    /// - Parameter now: the time against which expired rows are hidden when
    ///   ``StoreOptions/hideExpiredRows`` is set; defaults to the store's clock.
    /// - Returns: what the scan touched (parts opened, granules read), for tests and `EXPLAIN`.
    @discardableResult
    public func scan(_ table: TableName, columns: [String], filter: ScanFilter = .all, now: UInt32? = nil,
                     _ body: (Batch) throws(StorageError) -> Void) throws(StorageError) -> ScanStatistics {
        let state = try state(of: table)
        let definition = state.definition
        let ranges = try boundRanges(filter, of: state, table: table, now: now)
        var requested = [Int]()
        var virtuals = [(position: Int, column: VirtualColumn)]()
        for (position, name) in columns.enumerated() {
            if let index = definition.columnIndex(name) {
                requested.append(index)
            } else if let virtual = VirtualColumn(rawValue: name) {
                virtuals.append((position, virtual))
            } else {
                throw .noSuchColumn(name, table: table)
            }
        }
        let filterColumns = Set(ranges.map(\.columnIndex)).sorted()
        let rangePositions = ranges.map { range in filterColumns.firstIndex(of: range.columnIndex)! }  // into `filterColumns`
        let pruner = Pruner(ranges: ranges, definition: definition)
        var statistics = ScanStatistics()
        for (partIndex, part) in state.parts.enumerated() where pruner.mayMatch(part.meta) {
            let granuleRanges = pruner.granules(of: part.reader)
            guard !granuleRanges.isEmpty else { continue }
            statistics.partsRead.append(part.name)
            for range in granuleRanges {
                var start = range.lowerBound
                while start < range.upperBound {
                    let granules = part.reader.granules(from: start, count: max(1, options.scanReadGranules), before: range.upperBound)
                    start = granules.upperBound
                    let cache = range.count <= options.cachedReadGranules ? blockCache : nil
                    statistics.granulesRead += granules.count
                    // The filter's columns first; the others only where rows match, and only
                    // those rows (PREWHERE, in ClickHouse's terms).
                    var keep: [Bool]?
                    if !ranges.isEmpty {
                        let filterValues = try part.reader.read(filterColumns.map { definition.columns[$0] }, granules: granules, cache: cache)
                        var flags = [Bool](repeating: true, count: filterValues.first?.count ?? 0)
                        for (range, position) in zip(ranges, rangePositions) { range.restrict(&flags, filterValues[position]) }
                        guard flags.contains(true) else { continue }
                        if flags.contains(false) { keep = flags }
                    }
                    var values = try part.reader.read(requested.map { definition.columns[$0] }, granules: granules, keeping: keep, cache: cache)
                    let rows = keep.map { $0.lazy.filter { $0 }.count } ?? granules.reduce(0) { $0 + part.meta.rows(inGranule: $1) }
                    for (position, virtual) in virtuals {
                        let value: ColumnValues = switch virtual {
                        case .part: .string(StringColumn(Array(repeating: part.name.description, count: rows)))
                        case .partIndex: .uint64(Array(repeating: UInt64(partIndex), count: rows))
                        case .partitionID: .string(StringColumn(Array(repeating: part.name.partition.description, count: rows)))
                        }
                        values.insert(value, at: position)
                    }
                    let batch = Batch(names: columns, columns: values)
                    statistics.rowsReturned += batch.rowCount
                    if batch.rowCount > 0 { try body(batch) }
                }
            }
        }
        return statistics
    }

    /// The rows in the granules a scan with `filter` reads: every row of the parts and
    /// granules the filter's ranges (and the TTL, when expired rows are hidden) cannot skip.
    public func selectedRows(_ table: TableName, filter: ScanFilter = .all, now: UInt32? = nil) throws(StorageError) -> Int {
        let state = try state(of: table)
        let pruner = Pruner(ranges: try boundRanges(filter, of: state, table: table, now: now), definition: state.definition)
        var rows = 0
        for part in state.parts where pruner.mayMatch(part.meta) {
            for range in pruner.granules(of: part.reader) {
                for granule in range { rows += part.meta.rows(inGranule: granule) }
            }
        }
        return rows
    }

    /// `filter`'s ranges bound to the table's columns, and the TTL's when expired rows are hidden.
    private func boundRanges(_ filter: ScanFilter, of state: TableState, table: TableName, now: UInt32?) throws(StorageError) -> [BoundRange] {
        let definition = state.definition
        var ranges = [BoundRange]()
        for range in filter.ranges { ranges.append(try BoundRange(range, in: definition.columns, table: table)) }
        if options.hideExpiredRows, let ttl = definition.ttl {
            let cutoff = now ?? options.clock.now()
            // Expired means `column + interval ≤ now`, so live rows have `column > now - interval`.
            if let threshold = ttl.expiredThrough(cutoff) {
                // A Date is live when its midnight is past the threshold: after the threshold's day.
                let lower: Value = definition.column(named: ttl.column)?.type == .date ? .uint(UInt64(threshold / 86_400)) : .dateTime(threshold)
                ranges.append(try BoundRange(ColumnRange(ttl.column, lower: lower, lowerInclusive: false), in: definition.columns, table: table))
            }
        }
        return ranges
    }

    /// All matching rows of `columns` in one batch. Prefer ``scan(_:columns:filter:now:_:)``
    /// for large results.
    public func read(_ table: TableName, columns: [String], filter: ScanFilter = .all) throws(StorageError) -> Batch {
        let definition = try definition(of: table)
        var result = Batch(names: columns, columns: try columns.map { (name: String) throws(StorageError) -> ColumnValues in
            guard let column = definition.column(named: name) else { throw .noSuchColumn(name, table: table) }
            return .empty(column.type)
        })
        try scan(table, columns: columns, filter: filter) { (batch: Batch) throws(StorageError) in result.append(contentsOf: batch) }
        return result
    }
}

/// What a scan touched.
public struct ScanStatistics: Sendable, Equatable {
    public var partsRead: [PartName] = []
    public var granulesRead = 0
    public var rowsReturned = 0
}

extension Snapshot {
    /// `SELECT … FROM t FINAL`: rows as a full merge would leave them — the parts merged in
    /// block order and, for Summing/Aggregating/Replacing/CollapsingMergeTree, collapsed by key —
    /// without writing anything.
    public func finalScan(_ table: TableName, columns: [String], _ body: (Batch) throws(StorageError) -> Void) throws(StorageError) {
        let state = try state(of: table)
        let definition = state.definition
        var indices = [Int]()
        for name in columns {
            guard let index = definition.columnIndex(name) else { throw .noSuchColumn(name, table: table) }
            indices.append(index)
        }
        // Across partitions, as ClickHouse 26.9's FINAL does (`do_not_merge_across_partitions_select_final`
        // is off): rows of equal keys collapse wherever they are, in the order of their blocks.
        // (Where the partition is a function of the key, as the month of a time key in the
        // sorting key is, no key is in two partitions, and this is each partition's merge.)
        let parts = state.parts.sorted { ($0.name.minBlock, $0.name) < ($1.name.minBlock, $1.name) }.map(\.reader)
        guard !parts.isEmpty else { return }
        var collapser = RowCollapser(definition, forFinal: true)
        func deliver(_ rows: Batch) throws(StorageError) {
            guard rows.rowCount > 0 else { return }
            try body(Batch(names: columns, columns: indices.map { rows.columns[$0] }))
        }
        try PartMerger(inputs: parts, definition: definition, granulesPerRead: options.scanReadGranules).run { (batch: Batch) throws(StorageError) in
            try deliver(collapser == nil ? batch : try collapser!.collapse(batch))
        }
        if collapser != nil { try deliver(try collapser!.finish()) }
    }
}
