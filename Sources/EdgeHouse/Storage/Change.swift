/// One atomic change to a store: what a single commit applies.
struct Change {
    var createdTables: [TableDefinition] = []
    /// New definitions of existing tables (`ALTER TABLE … ADD/DROP COLUMN`).
    var alteredTables: [TableDefinition] = []
    var droppedTables: [TableName] = []
    /// `DETACH TABLE` / `ATTACH TABLE`.
    var detachedTables: [TableName] = []
    var attachedTables: [TableName] = []
    /// `DETACH PARTITION`: parts (also in `removedParts`) whose directories go to `detached/`.
    var detachedParts: [TableName: [PartName]] = [:]
    /// Earlier detached parts whose directories are in `detached/` now.
    var detachesDone: [TableName: [PartName]] = [:]
    /// `ATTACH PARTITION`, first commit: the moves out of `detached/` about to be made.
    var attachments: [TableName: [PartAttachment]] = [:]
    /// `ATTACH PARTITION`, second commit: the moves are done (the parts are in `addedParts`).
    var attachmentsDone: [TableName] = []
    var addedParts: [TableName: [DataPart]] = [:]
    var removedParts: [TableName: [PartName]] = [:]
    var createdViews: [MaterializedViewDefinition] = []
    var createdPlainViews: [PlainViewDefinition] = []
    /// Materialized or plain views.
    var droppedViews: [TableName] = []
    /// `RENAME TABLE` / `EXCHANGE TABLES` of tables and views, applied in order: old name to
    /// new. A table keeps its directory; a view keeps its source and target names.
    var renamed: [(from: TableName, to: TableName)] = []
    var createdDatabases: [String] = []
    var droppedDatabases: [String] = []
    /// For inserts: the views of each source table the insert computed rows for. If views were
    /// created or dropped meanwhile, the commit fails with `.conflict` and the insert is redone
    /// (a streamed one, see `viewsAsOfStart`, only if a view it computed is gone).
    var viewsComputed: [TableName: [TableName]] = [:]
    /// An insert that cannot be prepared again (its rows arrived as a stream): the views it
    /// computed must still exist at commit, but views created meanwhile are left out, not a
    /// conflict.
    var viewsAsOfStart = false
    /// For flushes of the insert buffer: the log segments whose rows this change commits.
    var logFlushedThrough: UInt64?
    /// A merge or a TTL rewrite or drop: forwarding's rules apply (``TableForwarding``).
    var isMaintenance = false
    /// Whether the change must meet ``StoreOptions/diskBound``, and how.
    var diskBound = DiskBoundRule.exempt
    /// For inserts into tables with a deduplication window: the ids of the blocks stored. If
    /// another commit stored one of them meanwhile, the commit fails with `.conflict`.
    var deduplicatedBlockIDs: [TableName: [String]] = [:]
    /// For `DROP PARTITION`: the partition whose block ids the table forgets (as ClickHouse does).
    var forgottenPartition: [TableName: PartitionID] = [:]
    /// Steps of the forwarding protocol, per table.
    var forwardingSteps: [TableName: ForwardingStep] = [:]
    /// The store's identity for forwarding tokens, set by the first forwarding step.
    var storeID: String?
    /// An insert being prepared: what names its blocks for deduplication.
    var insertProgress = InsertProgress()

    /// The settings and block count of the INSERT a change is prepared for.
    struct InsertProgress {
        var options = InsertOptions()
        /// Insert blocks prepared so far, per table (a block's number in its block id).
        var blocks: [TableName: Int] = [:]
    }

    /// Applies the change to a copy of the state, or throws without touching it.
    func apply(to state: inout StoreState) throws(StorageError) {
        if let logFlushedThrough { state.logFlushedThrough = max(state.logFlushedThrough, logFlushedThrough) }
        state.databases.formUnion(createdDatabases)
        state.databases.subtract(droppedDatabases)
        for definition in createdTables {
            guard state.tables[definition.name] == nil, state.detachedTables[definition.name] == nil, state.views[definition.name] == nil,
                  state.plainViews[definition.name] == nil else {
                throw .tableAlreadyExists(definition.name)
            }
            // A renamed table may still live in the directory of this name: the new one takes another.
            state.tables[definition.name] = TableState(definition: definition, nextBlock: 1, parts: [],
                                                       directoryName: state.unusedDirectoryName(for: definition.name))
        }
        for definition in alteredTables {
            guard var table = state.tables[definition.name] else { throw .unknownTable(definition.name) }
            table.definition = definition
            state.tables[definition.name] = table
        }
        for name in droppedTables {
            guard state.tables.removeValue(forKey: name) != nil else { throw .unknownTable(name) }
        }
        for (name, parts) in detachesDone {
            guard var table = state.tables[name] else { throw .unknownTable(name) }
            table.detaching.removeAll(where: parts.contains)
            state.tables[name] = table
        }
        for (name, parts) in detachedParts {
            guard var table = state.tables[name] else { throw .unknownTable(name) }
            table.detaching += parts
            state.tables[name] = table
        }
        for (name, planned) in attachments {
            guard var table = state.tables[name] else { throw .unknownTable(name) }
            table.attaching = planned
            state.tables[name] = table
        }
        for name in attachmentsDone {
            guard var table = state.tables[name] else { throw .unknownTable(name) }
            table.attaching = []
            state.tables[name] = table
        }
        for name in detachedTables {
            if let view = state.views.removeValue(forKey: name) {
                state.detachedViews[name] = view
                continue
            }
            guard let table = state.tables.removeValue(forKey: name) else { throw .unknownTable(name) }
            state.detachedTables[name] = table
        }
        for name in attachedTables {
            if let view = state.detachedViews.removeValue(forKey: name) {
                state.views[name] = view
                continue
            }
            guard let table = state.detachedTables.removeValue(forKey: name) else {
                throw state.tables[name] == nil && state.views[name] == nil ? .unknownTable(name) : .tableAlreadyExists(name)
            }
            state.tables[name] = table
        }
        for name in droppedViews {
            guard state.views.removeValue(forKey: name) != nil || state.plainViews.removeValue(forKey: name) != nil
                    || state.detachedViews.removeValue(forKey: name) != nil else { throw .unknownTable(name) }
        }
        for (from, to) in renamed { try state.rename(from, to: to) }
        for view in createdPlainViews {
            guard state.views[view.name] == nil, state.tables[view.name] == nil, state.plainViews[view.name] == nil else {
                throw .tableAlreadyExists(view.name)
            }
            state.plainViews[view.name] = view
        }
        for view in createdViews {
            guard state.views[view.name] == nil, state.tables[view.name] == nil, state.plainViews[view.name] == nil else {
                throw .tableAlreadyExists(view.name)
            }
            guard state.tables[view.source] != nil else { throw .unknownTable(view.source) }
            guard state.tables[view.target] != nil else { throw .unknownTable(view.target) }
            state.views[view.name] = view
        }
        for (source, computed) in viewsComputed {
            let current = state.views(of: source).map(\.name)
            let changed = viewsAsOfStart ? !Set(computed).isSubset(of: current) : current != computed
            if changed { throw .conflict(table: source) }
        }
        if let storeID, state.storeID == nil { state.storeID = storeID }
        for (name, removed) in removedParts {
            guard var table = state.tables[name] else { throw .unknownTable(name) }
            let present = Set(table.parts.map(\.name))
            guard removed.allSatisfy(present.contains) else { throw .conflict(table: name) }
            let removing = Set(removed)
            try table.forwarding?.partsReplaced(removed: table.parts.filter { removing.contains($0.name) },
                                                added: addedParts[name] ?? [], maintenance: isMaintenance, table: name)
            table.parts.removeAll { removing.contains($0.name) }
            state.tables[name] = table
        }
        for (name, partition) in forgottenPartition {
            state.tables[name]?.deduplication.blockIDs.removeAll { $0.hasPrefix("\(partition)_") }
        }
        for (name, ids) in deduplicatedBlockIDs {
            guard var table = state.tables[name] else { throw .unknownTable(name) }
            guard !ids.contains(where: table.deduplication.contains) else { throw .conflict(table: name) }
            table.deduplication.append(ids, window: table.definition.deduplicationWindow ?? 0)
            state.tables[name] = table
        }
        for (name, step) in forwardingSteps {
            guard var table = state.tables[name] else { throw .unknownTable(name) }
            var forwarding = table.forwarding ?? TableForwarding()
            try step.apply(to: &forwarding, table: table)
            table.forwarding = forwarding
            state.tables[name] = table
        }
        for (name, added) in addedParts {
            guard var table = state.tables[name] else { throw .unknownTable(name) }
            // Parts written in the directory of a table since renamed away (another table of this
            // name lives elsewhere): the insert is redone into this table's directory.
            let directory = Store.directoryName(of: table.storageName)
            guard added.allSatisfy({ parentDirectory($0.directory).hasSuffix("/" + directory) }) else { throw .conflict(table: name) }
            // A part written before an ALTER changed a column's type would read as defaults: the
            // insert or merge that wrote it is redone instead.
            for part in added {
                for column in part.meta.columns where table.definition.column(named: column.name).map({ $0.type != column.type }) == true {
                    throw .conflict(table: name)
                }
            }
            table.parts.append(contentsOf: added)
            table.parts.sort { $0.name < $1.name }
            state.tables[name] = table
        }
    }

    /// The parts of `before` that this change takes out of service.
    /// The parts of `before` this change detaches (among those leaving).
    func partsDetached(_ before: [TableName: TableState]) -> [DataPart] {
        detachedParts.flatMap { name, detached in before[name]?.parts.filter { detached.contains($0.name) } ?? [] }
    }

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
