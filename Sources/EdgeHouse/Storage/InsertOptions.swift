/// What a client's settings change about one INSERT.
public struct InsertOptions: Sendable, Equatable {
    /// ClickHouse's `insert_deduplication_token`: for a table with a deduplication window, names
    /// the insert's blocks instead of their content (a retry with the same token stores nothing
    /// again, see ``InsertDeduplication``).
    public var deduplicationToken: String?
    /// ClickHouse's `optimize_on_insert`: whether the rows of equal keys of each inserted block
    /// of a Summing, Aggregating, Replacing or Collapsing table (a view's target too) are
    /// collapsed before the block is written, as a part of level 1, or written as they came, at
    /// level 0, for merges and `FINAL` to collapse.
    public var optimizeOnInsert: Bool

    public init(deduplicationToken: String? = nil, optimizeOnInsert: Bool = true) {
        self.deduplicationToken = deduplicationToken
        self.optimizeOnInsert = optimizeOnInsert
    }
}
