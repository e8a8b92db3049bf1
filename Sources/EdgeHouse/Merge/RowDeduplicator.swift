/// `OPTIMIZE … DEDUPLICATE [BY columns]`: of the rows a merge writes, in merged order, the first
/// of each combination of the columns' values, as ClickHouse keeps it.
///
/// The columns include every sorting-key column, so rows equal in them are adjacent in a
/// merge's output: the values seen are forgotten once the key moves past them (the memory is
/// one run of equal keys, at least `retainedValues` of them), never the whole partition's.
struct RowDeduplicator {
    private let columns: [Int]
    private let keyColumns: [Int]
    private var seen: GroupIndexer
    private let types: [ColumnType]
    /// The last row's key, to see where a run of equal keys ends across batches.
    private var lastKey: [ColumnValues]?
    /// Values seen are kept until a run ends past this many (then dropped at the next run's start).
    private let retainedValues: Int

    init(_ definition: TableDefinition, columns names: [String], retainedValues: Int = 1 << 16) {
        self.retainedValues = retainedValues
        columns = names.compactMap(definition.columnIndex)
        keyColumns = definition.keyIndices
        types = columns.map { definition.columns[$0].type }
        seen = GroupIndexer(types: types)
    }

    /// The rows of `batch` (sorted, following earlier batches) no earlier row duplicates.
    mutating func firstOccurrences(_ batch: Batch) -> Batch {
        guard batch.rowCount > 0 else { return batch }
        if seen.groupCount >= retainedValues, let lastKey, !Self.sameKey(lastKey, 0, keyColumns.map { batch.columns[$0] }, 0) {
            // A new run starts with this batch: no value seen so far can come again.
            seen = GroupIndexer(types: types)
        }
        let known = seen.groupCount
        let groups = seen.assign(columns.map { batch.columns[$0] }, rowCount: batch.rowCount)
        // A row is a first occurrence when it opened a group: groups are numbered in row order.
        var next = Int32(known)
        let keep = groups.map { group in
            guard group == next else { return false }
            next += 1
            return true
        }
        lastKey = keyColumns.map { batch.columns[$0].slice(batch.rowCount - 1..<batch.rowCount) }
        return keep.allSatisfy { $0 } ? batch : batch.filtered(keep)
    }

    private static func sameKey(_ a: [ColumnValues], _ row: Int, _ b: [ColumnValues], _ other: Int) -> Bool {
        zip(a, b).allSatisfy { KeyOrder.compare($0, row, $1, other) == 0 }
    }
}
