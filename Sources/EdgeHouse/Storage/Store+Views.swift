extension Store {
    /// `CREATE MATERIALIZED VIEW [IF NOT EXISTS] name [TO target | (columns) ENGINE = … | ENGINE = …] [POPULATE]
    /// AS SELECT … FROM source`.
    ///
    /// Without `target`, an inner table named ``MaterializedViewDefinition/innerTargetName(of:)``
    /// is created: `innerTable` when the view declares its columns, else one of the query's
    /// output columns and `storage`. With `populate`, the query runs once over the rows the
    /// source holds at the moment the view is registered; every later insert is processed by
    /// the view itself — no row is counted twice or missed.
    ///
    /// - Throws: `.schema(.dimensionsOutsideSortingKey)` (code 36) for an `AggregatingMergeTree`
    ///   target with plain columns outside its sorting key, as ClickHouse 26.9 refuses the seed's
    ///   views; `.invalidView` when the query does not bind to the source, or a state it computes
    ///   does not have the type of the target's column of its name.
    public func createMaterializedView(
        _ name: TableName, from source: TableName, select: String, storage: ViewStorage? = nil, innerTable: TableDefinition? = nil,
        to existingTarget: TableName? = nil, populate: Bool = false, ifNotExists: Bool = false
    ) throws(StorageError) {
        let state = currentState
        if ifNotExists && (state.views[name] != nil || state.tables[name] != nil) { return }
        guard let sourceTable = state.tables[source] else { throw .unknownTable(source) }
        let output = try ViewSelect(select, view: name, source: sourceTable.definition).outputDefinitions
        var change = Change()
        let target: TableName
        if let existingTarget {
            guard let table = state.tables[existingTarget] else { throw .unknownTable(existingTarget) }
            try Self.check(output, of: name, fit: table.definition)
            target = existingTarget
        } else if let innerTable {
            target = MaterializedViewDefinition.innerTargetName(of: name)
            let inner: TableDefinition
            do { inner = try innerTable.with(name: target) } catch { throw .schema(error) }
            try Self.check(output, of: name, fit: inner)
            change.createdTables = [inner]
        } else {
            guard let storage else { throw .invalidView(name, reason: "a view without TO needs an ENGINE") }
            target = MaterializedViewDefinition.innerTargetName(of: name)
            do {
                change.createdTables = [try TableDefinition(
                    name: target, columns: output, partitionColumn: storage.partitionColumn, orderBy: storage.orderBy,
                    indexGranularity: storage.indexGranularity, engine: storage.engine,
                    allowDimensionsOutsideSortingKey: storage.allowDimensionsOutsideSortingKey,
                    deduplicationWindow: storage.deduplicationWindow, partitionExpression: storage.partitionExpression,
                    sampleBy: storage.sampleBy, legacyEngineClause: storage.legacyEngineClause)]
            } catch {
                throw .schema(error)
            }
        }
        let view = MaterializedViewDefinition(name: name, source: source, target: target, select: select, ownsTarget: existingTarget == nil)
        change.createdViews = [view]
        let registered = try commit(change)
        if populate { try self.populate(view, from: registered) }
    }

    /// A view's rows go into a target as ClickHouse sends them: the columns the target lacks are
    /// dropped and the others converted; an aggregate state converts to nothing but its own type.
    private static func check(_ output: [ColumnDefinition], of view: TableName, fit target: TableDefinition) throws(StorageError) {
        for column in output where column.type.isAggregateState {
            guard let targetColumn = target.column(named: column.name) else {
                throw .invalidView(view, reason: "target table \(target.name) has no column \(column.name)")
            }
            if targetColumn.type != column.type {
                throw .invalidView(view, reason: "column \(column.name) \(column.type) does not match target table \(target.name)")
            }
        }
    }

    /// Runs a view's query over everything its source holds in `snapshot` and inserts the
    /// result into the target (one row per group, as ClickHouse's POPULATE).
    private func populate(_ view: MaterializedViewDefinition, from snapshot: Snapshot) throws(StorageError) {
        let source = try snapshot.definition(of: view.source)
        guard let target = currentState.tables[view.target] else { return }
        let rows = try ViewSelect(view.select, view: view.name, source: source).rows(in: snapshot, into: target.definition)
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
