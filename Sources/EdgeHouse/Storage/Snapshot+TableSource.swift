extension Snapshot: TableSource {
    func viewQuery(of table: TableName) -> String? { plainViews[table]?.select }

    func selectedRows(_ table: TableName, filter: ScanFilter) throws(StorageError) -> Int {
        try selectedRows(table, filter: filter, now: nil)
    }

    func scanRows(_ table: TableName, columns: [String], filter: ScanFilter, _ deliver: (Batch) throws(StorageError) -> Void) throws(StorageError) {
        try scan(table, columns: columns, filter: filter, now: nil, deliver)
    }
}
