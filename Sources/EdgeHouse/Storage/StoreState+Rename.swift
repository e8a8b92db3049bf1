/// `RENAME TABLE` and `EXCHANGE TABLES`: names change, directories do not.
extension StoreState {
    /// Gives the table or view `from` the name `to`.
    ///
    /// A table keeps its directory (its ``TableState/directoryName`` records the name the
    /// directory was made for), so no part moves. A materialized view keeps the names of its
    /// source and target: as in ClickHouse, a view whose source or target is renamed is no
    /// longer fed by it, and an insert into its source fails while the target is missing.
    mutating func rename(_ from: TableName, to: TableName) throws(StorageError) {
        guard tables[to] == nil, views[to] == nil, plainViews[to] == nil, detachedTables[to] == nil,
              detachedViews[to] == nil else {
            throw .tableAlreadyExists(to)
        }
        if var table = tables.removeValue(forKey: from) {
            let storageName = table.storageName
            table.definition = table.definition.renamed(to)
            table.directoryName = storageName == to ? nil : storageName
            tables[to] = table
        } else if var view = views.removeValue(forKey: from) {
            view.name = to
            views[to] = view
        } else if var view = plainViews.removeValue(forKey: from) {
            view.name = to
            plainViews[to] = view
        } else {
            throw .unknownTable(from)
        }
    }

    /// `nil` when a new table `name` can have its own directory; otherwise (a renamed table
    /// lives there) the first free `name~N`.
    func unusedDirectoryName(for name: TableName) -> TableName? {
        let used = Set(tables.values.map(\.storageName)).union(detachedTables.values.map(\.storageName))
        guard used.contains(name) else { return nil }
        return (1...).lazy.map { TableName(name.database, "\(name.table)~\($0)") }.first { !used.contains($0) }
    }
}
