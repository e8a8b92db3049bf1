/// The order an insert block is written in: split by `toYYYYMM` of the partition column, in
/// order of each partition's first row (ClickHouse numbers the parts of one insert that way),
/// each piece sorted by the table's key, stably — as one sort of the whole block with the
/// partition as its first key.
///
/// The work is done as the block's rows arrive, in order: a streamed ingest consumes each chunk
/// while later chunks are still being parsed. Rows are numbered into groups by partition and
/// every key column but the last (customers and services) as long as the last key never
/// decreases (the timestamps of rows that arrive in time order); then the sort is a counting
/// sort over the groups once the last row is in. Otherwise the block is sorted whole at the end.
struct BlockSort {
    private let keyIndices: [Int]
    private let partitionIndex: Int?
    private(set) var rowCount = 0
    private var partitions: [PartitionID]
    private var slotOfMonth: [UInt32: UInt32] = [:]
    private var previousMonth: (slot: UInt32, seconds: Range<Int64>)?
    /// Each row's partition, as an index into `partitions`.
    private var slots: [UInt32] = []
    private var grouping: Grouping?

    /// Rows numbered by partition and key prefix while the last key column never decreases.
    private struct Grouping {
        var indexer: GroupIndexer
        var groups: [Int32] = []
        /// The last key of the row before (a one-row column), to check the order across batches.
        var lastKey: ColumnValues?
    }

    init(_ definition: TableDefinition) {
        keyIndices = definition.keyIndices
        partitionIndex = definition.partitionColumn.map { definition.columnIndex($0)! }
        partitions = partitionIndex == nil ? [.all] : []
        let prefixTypes = keyIndices.dropLast().map { definition.columns[$0].type }
        if !prefixTypes.contains(.float32) && !prefixTypes.contains(.float64) {
            grouping = Grouping(indexer: GroupIndexer(types: [.uint32] + prefixTypes))
        }
    }

    /// Adds the next rows of the block, in the table's column order.
    mutating func consume(_ rows: Batch) {
        guard rows.rowCount > 0 else { return }
        let first = slots.count
        assignPartitions(rows)
        if var current = grouping {
            grouping = nil
            if group(rows, slots: Array(slots[first...]), into: &current) { grouping = current }
        }
        rowCount += rows.rowCount
    }

    private mutating func assignPartitions(_ rows: Batch) {
        guard let partitionIndex, let timestamps = rows.columns[partitionIndex].dateTimes else {
            slots += repeatElement(0, count: rows.rowCount)
            return
        }
        for timestamp in timestamps {
            if let previousMonth, previousMonth.seconds.contains(Int64(timestamp)) {
                // Same month as the row before (the common case): no calendar arithmetic.
                slots.append(previousMonth.slot)
                continue
            }
            let month = DateTime.yyyymm(timestamp)
            let slot = slotOfMonth[month] ?? UInt32(partitions.count)
            if slot == partitions.count {
                slotOfMonth[month] = slot
                partitions.append(PartitionID(yyyymm: month))
            }
            previousMonth = (slot, DateTime.monthRange(yyyymm: month))
            slots.append(slot)
        }
    }

    /// Numbers `rows` into groups; false when the counting sort no longer applies (the last key
    /// decreased, or there are too many groups for it to pay).
    private func group(_ rows: Batch, slots: [UInt32], into grouping: inout Grouping) -> Bool {
        if let lastIndex = keyIndices.last {
            let last = rows.columns[lastIndex]
            if let previous = grouping.lastKey, KeyOrder.compare(previous, 0, last, 0) > 0 { return false }
            for row in 1..<rows.rowCount where KeyOrder.compare(last, row - 1, last, row) > 0 { return false }
            grouping.lastKey = last.slice(rows.rowCount - 1..<rows.rowCount)
        }
        let prefix = [ColumnValues.uint32(slots)] + keyIndices.dropLast().map { rows.columns[$0] }
        grouping.groups += grouping.indexer.assign(prefix, rowCount: rows.rowCount)
        return grouping.indexer.groupCount <= max(4096, (rowCount + rows.rowCount) / 16)
    }

    /// The block's pieces, one per partition, each with the order that sorts it; `rows` are the
    /// rows consumed.
    func pieces(of rows: ChunkedBatch) -> [SortedPiece] {
        precondition(rows.rowCount == rowCount, "sorting other rows than those consumed")
        guard rowCount > 0 else { return [] }
        let permutation: [Int32]
        if let grouping, grouping.indexer.groupCount <= max(1, rowCount / 16) {
            permutation = KeyOrder.permutation(groups: grouping.groups, groupKeys: grouping.indexer.keys,
                                               groupCount: grouping.indexer.groupCount)
        } else {
            var keys = keyIndices.map { rows.column($0) }
            if partitions.count > 1 { keys.insert(.uint32(slots), at: 0) }
            permutation = KeyOrder.sortPermutation(keys)
        }
        guard partitions.count > 1 else {
            let isIdentity = permutation.enumerated().allSatisfy { Int($0.element) == $0.offset }
            return [SortedPiece(partition: partitions[0], rows: rows, order: isIdentity ? nil : permutation)]
        }
        // The permutation orders rows by partition first: cut it where the partition changes.
        var pieces = [SortedPiece]()
        var start = 0
        for (slot, partition) in partitions.enumerated() {
            var end = start
            while end < permutation.count && slots[Int(permutation[end])] == slot { end += 1 }
            pieces.append(SortedPiece(partition: partition, rows: rows, order: Array(permutation[start..<end])))
            start = end
        }
        return pieces
    }
}
