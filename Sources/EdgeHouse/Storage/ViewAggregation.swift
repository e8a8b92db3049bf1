/// The rows one insert block adds to the materialized views of its table, computed as the
/// block's rows arrive — a streamed ingest aggregates while later rows are still being parsed.
///
/// Feeding a block in pieces, in order, gives exactly the rows of feeding it whole: groups are
/// numbered, and states updated (sums added, reservoirs sampled), in row order either way. A
/// view of any other SELECT keeps the block's rows and runs its query over them at the end.
struct ViewAggregation {
    /// A view of a SELECT, and the block's rows so far.
    private struct Selection {
        let select: ViewSelect
        let target: TableDefinition
        var rows: [Batch] = []
    }

    private let views: [MaterializedViewDefinition]
    /// Per view, its aggregation or its selection (the other is `nil`); with no rows yet in
    /// `fresh`, copied to start each block (states are values).
    private let fresh: (aggregators: [Aggregator?], selections: [Selection?])
    private var aggregators: [Aggregator?]
    private var selections: [Selection?]

    /// - Parameter targets: the views' target tables (those of SELECT views are needed).
    init(views: [MaterializedViewDefinition], source: TableDefinition, targets: [TableName: TableDefinition]) throws(StorageError) {
        self.views = views
        var aggregators = [Aggregator?]()
        var selections = [Selection?]()
        for view in views {
            switch view.query {
            case .aggregation(let query):
                do { aggregators.append(try Aggregator(query, input: source.columns, table: source.name)) } catch {
                    throw .invalidView(view.name, reason: error.description)
                }
                selections.append(nil)
            case .select(let text):
                guard let target = targets[view.target] else { throw .unknownTable(view.target) }
                aggregators.append(nil)
                selections.append(Selection(select: try ViewSelect(text, view: view.name, source: source), target: target))
            }
        }
        self.aggregators = aggregators
        self.selections = selections
        fresh = (aggregators, selections)
    }

    /// Adds the next rows of the block, in the source table's column order (`Store.conform`).
    mutating func consume(_ rows: Batch) throws(StorageError) {
        for index in views.indices {
            do { try aggregators[index]?.consume(rows) } catch { throw .invalidView(views[index].name, reason: error.description) }
            selections[index]?.rows.append(rows)
        }
    }

    /// Every view's rows for the rows consumed, and a fresh start for the next block.
    mutating func finishBlock() throws(StorageError) -> [(view: MaterializedViewDefinition, rows: Batch)] {
        defer { startNewBlock() }
        var results = [(view: MaterializedViewDefinition, rows: Batch)]()
        for index in views.indices {
            if let rows = aggregators[index]?.finish() { results.append((views[index], rows)) }
            if let selection = selections[index], !selection.rows.isEmpty {
                results.append((views[index], try selection.select.rows(over: Batch(joining: selection.rows), into: selection.target)))
            }
        }
        return results
    }

    /// Forgets the rows consumed: the next rows start a new block.
    mutating func startNewBlock() {
        (aggregators, selections) = fresh
    }
}
