/// The rows one insert block adds to the materialized views of its table, computed as the
/// block's rows arrive — a streamed ingest aggregates while later rows are still being parsed.
///
/// A view whose query is a GROUP BY of its source (`ViewSelect.incrementalAggregation`) is fed
/// the block's rows piece by piece, which gives exactly the rows of feeding it the block whole;
/// a view of any other SELECT keeps the block's rows and runs its query over them at the end.
struct ViewAggregation {
    private let views: [MaterializedViewDefinition]
    /// Each view's bound query and target.
    private let selects: [(select: ViewSelect, target: TableDefinition)]
    /// Per view, its aggregation or the block's rows so far (the other is `nil`); with no rows
    /// yet in `fresh`, copied to start each block (the aggregations' states are values). Two
    /// arrays, so that an aggregation's states are updated in place, never copied.
    private let fresh: (aggregations: [IncrementalAggregation?], selections: [[Batch]?])
    private var aggregations: [IncrementalAggregation?]
    private var selections: [[Batch]?]

    /// - Parameter targets: the views' target tables.
    init(views: [BoundView], targets: [TableName: TableDefinition]) throws(StorageError) {
        self.views = views.map(\.definition)
        var selects = [(select: ViewSelect, target: TableDefinition)]()
        var aggregations = [IncrementalAggregation?]()
        var selections = [[Batch]?]()
        for view in views {
            guard let target = targets[view.definition.target] else {
                throw .missingViewTarget(view.definition.target, source: view.definition.source)
            }
            selects.append((view.select, target))
            aggregations.append(view.aggregation)
            selections.append(view.aggregation == nil ? [] : nil)
        }
        self.selects = selects
        fresh = (aggregations, selections)
        self.aggregations = aggregations
        self.selections = selections
    }

    /// Adds the next rows of the block, in the source table's column order (`Store.conform`).
    mutating func consume(_ rows: Batch) throws(StorageError) {
        for index in views.indices {
            do { try aggregations[index]?.consume(rows) } catch { throw .invalidView(views[index].name, reason: error.description) }
            selections[index]?.append(rows)
        }
    }

    /// Every view's rows for the rows consumed, and a fresh start for the next block.
    mutating func finishBlock() throws(StorageError) -> ViewRows {
        defer { startNewBlock() }
        var results = ViewRows()
        for index in views.indices {
            let (select, target) = selects[index]
            if aggregations[index] != nil {
                do throws(SQLError) {
                    results.append((views[index], try ViewSelect.converted(try aggregations[index]!.finish(), into: target)))
                } catch {
                    throw .invalidView(views[index].name, reason: error.description)
                }
            }
            if let batches = selections[index], !batches.isEmpty {
                results.append((views[index], try select.rows(over: Batch(joining: batches), into: target)))
            }
        }
        return results
    }

    /// Forgets the rows consumed: the next rows start a new block.
    mutating func startNewBlock() {
        (aggregations, selections) = fresh
    }
}

/// The rows one insert block adds to each of its table's views, before they are written.
typealias ViewRows = [(view: MaterializedViewDefinition, rows: Batch)]

/// A materialized view bound to its source's columns: its SELECT parsed and planned once, when
/// the store first feeds it (`Store.boundViews`), not at every insert.
struct BoundView {
    let definition: MaterializedViewDefinition
    let select: ViewSelect
    /// The plan an insert block feeds in pieces, when the view is a GROUP BY (fresh states).
    let aggregation: IncrementalAggregation?
}

extension Store {
    /// The views of `source`, bound to its definition: from the cache, or bound and cached.
    func boundViews(_ views: [MaterializedViewDefinition], source: TableDefinition) throws(StorageError) -> [BoundView] {
        var bound = [BoundView]()
        for view in views {
            let key = BoundViewKey(view: view, source: source)
            if let cached = boundViewCache.withLock({ $0[key] }) {
                bound.append(cached)
                continue
            }
            let select = try ViewSelect(view.select, view: view.name, source: source)
            let made = BoundView(definition: view, select: select, aggregation: select.incrementalAggregation())
            boundViewCache.withLock { cache in
                if cache.count > 256 { cache.removeAll() }  // views dropped or sources altered: rebind the rest
                cache[key] = made
            }
            bound.append(made)
        }
        return bound
    }
}

/// A view as bound against one definition of its source (an ALTER of the source rebinds it).
struct BoundViewKey: Hashable {
    let view: MaterializedViewDefinition
    let source: TableDefinition
}
