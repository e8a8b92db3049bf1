extension Snapshot: TableSource {
    func viewQuery(of table: TableName) -> String? { plainViews[table]?.select }

    func scanRows(_ table: TableName, columns: [String], filter: ScanFilter, _ deliver: (Batch) throws(StorageError) -> Void) throws(StorageError) {
        try scan(table, columns: columns, filter: filter, now: nil, deliver)
    }
}
