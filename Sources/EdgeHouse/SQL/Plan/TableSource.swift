/// The tables a query reads: a store's snapshot (`Snapshot`, in the storage layer above).
///
/// The planner sits below storage — storage runs a materialized view's query over each insert
/// block, where the block is the only table — so it reads a store through this protocol, not
/// through `Snapshot` itself.
protocol TableSource {
    func definition(of table: TableName) throws(StorageError) -> TableDefinition
    /// The SELECT of a `CREATE VIEW` view named `table`, `nil` when it is no such view.
    func viewQuery(of table: TableName) -> String?
    /// The rows in the granules a scan with `filter` reads (`max_rows_to_read`'s estimate).
    func selectedRows(_ table: TableName, filter: ScanFilter) throws(StorageError) -> Int
    /// The rows of `columns` that `filter` may select, a batch at a time.
    func scanRows(_ table: TableName, columns: [String], filter: ScanFilter, _ deliver: (Batch) throws(StorageError) -> Void) throws(StorageError)
    /// The rows of `columns` as `SELECT … FINAL` sees them: collapsed as a merge would.
    func finalScan(_ table: TableName, columns: [String], _ deliver: (Batch) throws(StorageError) -> Void) throws(StorageError)
}
