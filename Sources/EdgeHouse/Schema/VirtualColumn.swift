/// Columns a MergeTree table answers without storing them: where a row lives. Named in a query
/// (`SELECT _part, count() … GROUP BY _part`), never by `SELECT *`; a stored column of the same
/// name hides one.
public enum VirtualColumn: String, CaseIterable, Sendable {
    /// The part's name, `202401_1_3_1`.
    case part = "_part"
    /// The part's place among the parts the query reads, in order (partition, then block number).
    case partIndex = "_part_index"
    /// The part's partition, `202401` (`all` when the table has one).
    case partitionID = "_partition_id"

    public var type: ColumnType { self == .partIndex ? .uint64 : .string }

    /// The column as a query's source lists it.
    public var definition: ColumnDefinition {
        var column = ColumnDefinition(rawValue, type)
        column.isVirtual = true
        return column
    }
}
