extension Settings {
    /// What these settings change about an INSERT: `insert_deduplication_token` and
    /// `optimize_on_insert`, as the store takes them.
    public var insertOptions: InsertOptions {
        InsertOptions(deduplicationToken: deduplicationToken, optimizeOnInsert: optimizeOnInsert)
    }
}
