/// One atomic change to a store: what a single commit applies.
struct Change {
    var createdTables: [TableDefinition] = []
    var droppedTables: [TableName] = []
    var addedParts: [TableName: [DataPart]] = [:]
    var removedParts: [TableName: [PartName]] = [:]
    var createdViews: [MaterializedViewDefinition] = []
    var droppedViews: [TableName] = []
    var createdDatabases: [String] = []
    var droppedDatabases: [String] = []
    /// For inserts: the views of each source table the insert computed rows for. If views were
    /// created or dropped meanwhile, the commit fails with `.conflict` and the insert is redone.
    var viewsComputed: [TableName: [TableName]] = [:]
    /// For flushes of the insert buffer: the log segments whose rows this change commits.
    var logFlushedThrough: UInt64?

    /// Applies the change to a copy of the state, or throws without touching it.
    func apply(to state: inout StoreState) throws(StorageError) {
        if let logFlushedThrough { state.logFlushedThrough = max(state.logFlushedThrough, logFlushedThrough) }
        state.databases.formUnion(createdDatabases)
        state.databases.subtract(droppedDatabases)
        for definition in createdTables {
            guard state.tables[definition.name] == nil, state.views[definition.name] == nil else { throw .tableAlreadyExists(definition.name) }
            state.tables[definition.name] = TableState(definition: definition, nextBlock: 1, parts: [])
        }
        for name in droppedTables {
            guard state.tables.removeValue(forKey: name) != nil else { throw .unknownTable(name) }
        }
        for name in droppedViews {
            guard state.views.removeValue(forKey: name) != nil else { throw .unknownTable(name) }
        }
        for view in createdViews {
            guard state.views[view.name] == nil, state.tables[view.name] == nil else { throw .tableAlreadyExists(view.name) }
            guard state.tables[view.source] != nil else { throw .unknownTable(view.source) }
            guard state.tables[view.target] != nil else { throw .unknownTable(view.target) }
            state.views[view.name] = view
        }
        for (source, computed) in viewsComputed where state.views(of: source).map(\.name) != computed {
            throw .conflict(table: source)
        }
        for (name, removed) in removedParts {
            guard var table = state.tables[name] else { throw .unknownTable(name) }
            let present = Set(table.parts.map(\.name))
            guard removed.allSatisfy(present.contains) else { throw .conflict(table: name) }
            let removing = Set(removed)
            table.parts.removeAll { removing.contains($0.name) }
            state.tables[name] = table
        }
        for (name, added) in addedParts {
            guard var table = state.tables[name] else { throw .unknownTable(name) }
            table.parts.append(contentsOf: added)
            table.parts.sort { $0.name < $1.name }
            state.tables[name] = table
        }
    }

    /// The parts of `before` that this change takes out of service.
    func partsLeaving(_ before: [TableName: TableState]) -> [DataPart] {
        var leaving = [DataPart]()
        for name in droppedTables { leaving += before[name]?.parts ?? [] }
        for (name, removed) in removedParts {
            let removing = Set(removed)
            leaving += before[name]?.parts.filter { removing.contains($0.name) } ?? []
        }
        return leaving
    }
}
