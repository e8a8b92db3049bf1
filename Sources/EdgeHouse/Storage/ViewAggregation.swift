/// The rows one insert block adds to the materialized views of its table, computed as the
/// block's rows arrive — a streamed ingest aggregates while later rows are still being parsed.
///
/// Feeding a block in pieces, in order, gives exactly the rows of feeding it whole: groups are
/// numbered, and states updated (sums added, reservoirs sampled), in row order either way.
struct ViewAggregation {
    private let views: [MaterializedViewDefinition]
    /// Aggregators with no rows yet, copied to start each block (states are values).
    private let fresh: [Aggregator]
    private var aggregators: [Aggregator]

    init(views: [MaterializedViewDefinition], source: TableDefinition) throws(StorageError) {
        self.views = views
        var aggregators = [Aggregator]()
        for view in views {
            do { aggregators.append(try Aggregator(view.query, input: source.columns, table: source.name)) } catch {
                throw .invalidView(view.name, reason: error.description)
            }
        }
        self.aggregators = aggregators
        fresh = aggregators
    }

    /// Adds the next rows of the block, in the source table's column order (`Store.conform`).
    mutating func consume(_ rows: Batch) throws(StorageError) {
        for index in aggregators.indices {
            do { try aggregators[index].consume(rows) } catch { throw .invalidView(views[index].name, reason: error.description) }
        }
    }

    /// Every view's rows for the rows consumed, and a fresh start for the next block.
    mutating func finishBlock() -> [(view: MaterializedViewDefinition, rows: Batch)] {
        defer { startNewBlock() }
        return views.indices.map { (views[$0], aggregators[$0].finish()) }
    }

    /// Forgets the rows consumed: the next rows start a new block.
    mutating func startNewBlock() {
        aggregators = fresh
    }
}
