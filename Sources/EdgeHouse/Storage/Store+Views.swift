extension Store {
    /// `CREATE MATERIALIZED VIEW [IF NOT EXISTS] name [TO target | ENGINE = …] [POPULATE] AS SELECT … FROM source`.
    ///
    /// Without `target`, an inner table named ``MaterializedViewDefinition/innerTargetName(of:)``
    /// is created from the query's output columns and `storage`. With `populate`, the query runs
    /// once over the rows the source holds at the moment the view is registered; every later
    /// insert is processed by the view itself — no row is counted twice or missed.
    ///
    /// - Throws: `.schema(.dimensionsOutsideSortingKey)` (code 36) for an `AggregatingMergeTree`
    ///   target with plain columns outside its sorting key, as ClickHouse 26.9 refuses the seed's
    ///   views; `.invalidView` when the query does not bind to the source.
    public func createMaterializedView(
        _ name: TableName, from source: TableName, query: AggregationQuery, storage: ViewStorage? = nil,
        to existingTarget: TableName? = nil, populate: Bool = false, ifNotExists: Bool = false
    ) throws(StorageError) {
        try createMaterializedView(name, from: source, viewQuery: .aggregation(query), storage: storage, to: existingTarget,
                                   populate: populate, ifNotExists: ifNotExists)
    }

    /// `CREATE MATERIALIZED VIEW … AS <select>` for a SELECT other than a GROUP BY of columns
    /// (a filter, a projection, expressions): its SQL text, run over each insert block of
    /// `source` (see ``createMaterializedView(_:from:query:storage:to:populate:ifNotExists:)``).
    public func createMaterializedView(
        _ name: TableName, from source: TableName, select: String, storage: ViewStorage? = nil,
        to existingTarget: TableName? = nil, populate: Bool = false, ifNotExists: Bool = false
    ) throws(StorageError) {
        try createMaterializedView(name, from: source, viewQuery: .select(select), storage: storage, to: existingTarget,
                                   populate: populate, ifNotExists: ifNotExists)
    }

    private func createMaterializedView(
        _ name: TableName, from source: TableName, viewQuery: ViewQuery, storage: ViewStorage?,
        to existingTarget: TableName?, populate: Bool, ifNotExists: Bool
    ) throws(StorageError) {
        let state = currentState
        if ifNotExists && (state.views[name] != nil || state.tables[name] != nil) { return }
        guard let sourceTable = state.tables[source] else { throw .unknownTable(source) }
        let output: [ColumnDefinition]
        switch viewQuery {
        case .aggregation(let query):
            do { output = try Aggregator(query, input: sourceTable.definition.columns, table: source).outputColumns } catch {
                throw .invalidView(name, reason: error.description)
            }
        case .select(let text):
            output = try ViewSelect(text, view: name, source: sourceTable.definition).outputColumns
        }
        var change = Change()
        let target: TableName
        if let existingTarget {
            guard let table = state.tables[existingTarget] else { throw .unknownTable(existingTarget) }
            for column in output {
                guard let targetColumn = table.definition.column(named: column.name) else {
                    // ClickHouse drops the view's columns the target lacks; a GROUP BY view's states must land.
                    if case .aggregation = viewQuery { throw .invalidView(name, reason: "target table \(existingTarget) has no column \(column.name)") }
                    continue
                }
                if case .aggregation = viewQuery, targetColumn.type != column.type {
                    throw .invalidView(name, reason: "column \(column.name) \(column.type) does not match target table \(existingTarget)")
                }
            }
            target = existingTarget
        } else {
            guard let storage else { throw .invalidView(name, reason: "a view without TO needs an ENGINE") }
            target = MaterializedViewDefinition.innerTargetName(of: name)
            do {
                change.createdTables = [try TableDefinition(
                    name: target, columns: output, partitionColumn: storage.partitionColumn, orderBy: storage.orderBy,
                    indexGranularity: storage.indexGranularity, engine: storage.engine,
                    allowDimensionsOutsideSortingKey: storage.allowDimensionsOutsideSortingKey,
                    deduplicationWindow: storage.deduplicationWindow, partitionExpression: storage.partitionExpression)]
            } catch {
                throw .schema(error)
            }
        }
        let view = MaterializedViewDefinition(name: name, source: source, target: target, query: viewQuery, ownsTarget: existingTarget == nil)
        change.createdViews = [view]
        let registered = try commit(change)
        if populate { try self.populate(view, from: registered) }
    }

    /// Runs a view's query over everything its source holds in `snapshot` and inserts the
    /// result into the target (one row per group, as ClickHouse's POPULATE).
    private func populate(_ view: MaterializedViewDefinition, from snapshot: Snapshot) throws(StorageError) {
        let source = try snapshot.definition(of: view.source)
        guard let target = currentState.tables[view.target] else { return }
        let rows: Batch
        switch view.query {
        case .aggregation(let query):
            var aggregator: Aggregator
            do { aggregator = try Aggregator(query, input: source.columns, table: view.source) } catch {
                throw .invalidView(view.name, reason: error.description)
            }
            var failure: QueryError?
            try snapshot.scan(view.source, columns: query.inputColumns) { (batch: Batch) throws(StorageError) in
                do throws(QueryError) { try aggregator.consume(batch) } catch { failure = error }
            }
            if let failure { throw .invalidView(view.name, reason: failure.description) }
            rows = aggregator.finish()
        case .select(let text):
            rows = try ViewSelect(text, view: view.name, source: source).rows(in: snapshot, into: target.definition)
        }
        guard rows.rowCount > 0 else { return }
        let parts = try writeInsertParts(ChunkedBatch(try Self.conform(rows, to: target.definition)), table: target)
        do { try commit(Change(addedParts: [view.target: parts])) } catch {
            discard(parts)
            throw error
        }
    }

    /// `DROP VIEW`: unregisters the view and drops the inner target table it owns.
    public func dropView(_ name: TableName, ifExists: Bool = false) throws(StorageError) {
        let state = currentState
        if state.plainViews[name] != nil {
            try commit(Change(droppedViews: [name]))
            return
        }
        guard let view = state.views[name] else {
            if ifExists { return }
            throw .unknownTable(name)
        }
        try commit(Change(droppedTables: view.ownsTarget ? [view.target] : [], droppedViews: [name]))
    }
}
