/// The order an insert block is written in: split by `toYYYYMM` of the partition column (or the
/// partition expression's value), in
/// order of each partition's first row (ClickHouse numbers the parts of one insert that way),
/// each piece sorted by the table's key, stably — as one sort of the whole block with the
/// partition as its first key.
///
/// The work is done as the block's rows arrive, in order: a streamed ingest consumes each chunk
/// while later chunks are still being parsed. Rows are numbered into groups by partition and
/// every key column but a last numeric one (customers and services; the timestamp is sorted by
/// value); once the last row is in, the groups are ranked and one radix sort by (rank,
/// timestamp) orders the block in linear time — whatever order the rows came in
/// (`KeyOrder.permutation(groups:groupKeys:groupCount:then:)`).
struct BlockSort {
    private let definition: TableDefinition
    private let keyIndices: [Int]
    private let partitionIndex: Int?
    /// The last key column when it is sorted by value rather than grouped.
    private let valueIndex: Int?
    /// The key columns numbered into groups (all of them but `valueIndex`).
    private let groupedIndices: [Int]
    private(set) var rowCount = 0
    private var partitions: [PartitionID]
    private var slotOfMonth: [UInt32: UInt32] = [:]
    private var slotOfID: [PartitionID: UInt32] = [:]
    private var previousMonth: (slot: UInt32, seconds: Range<Int64>)?
    /// Each row's partition, as an index into `partitions`.
    private var slots: [UInt32] = []
    /// `nil` when a grouped key column is a float: the block is then sorted whole at the end.
    private var grouping: Grouping?

    /// Rows numbered by partition and key prefix.
    private struct Grouping {
        var indexer: GroupIndexer
        var groups: [Int32] = []
        /// The value column has not decreased so far: the groups alone will sort the block.
        var valuesInOrder = true
        /// The value of the last row so far (a one-row column), to check the order across batches.
        var lastValue: ColumnValues?

        /// Numbers the next rows (their grouped key columns, partition first) and notes whether
        /// their `values` kept the order.
        mutating func consume(_ grouped: [ColumnValues], values: ColumnValues?, rowCount: Int) {
            groups += indexer.assign(grouped, rowCount: rowCount)
            guard let values, valuesInOrder else { return }
            valuesInOrder = BlockSort.isInOrder(values, after: lastValue)
            lastValue = values.slice(rowCount - 1..<rowCount)
        }
    }

    /// - Parameter groupsArrivingRows: number rows into groups as they are consumed (a stream,
    ///   whose chunks arrive while others are parsed); otherwise the whole block is sorted at
    ///   the end (`KeyOrder.sortPermutation`), which needs less memory for many groups.
    init(_ definition: TableDefinition, groupsArrivingRows: Bool = true) {
        self.definition = definition
        keyIndices = definition.keyIndices
        partitionIndex = definition.partitionColumn.map { definition.columnIndex($0)! }
        partitions = partitionIndex == nil && definition.partitionExpression == nil ? [.all] : []
        valueIndex = keyIndices.last.flatMap { KeyOrder.isOrderedByValue(definition.columns[$0].type) ? $0 : nil }
        groupedIndices = valueIndex == nil ? keyIndices : Array(keyIndices.dropLast())
        let groupedTypes = groupedIndices.map { definition.columns[$0].type }
        if groupsArrivingRows && !groupedTypes.contains(.float32) && !groupedTypes.contains(.float64) {
            grouping = Grouping(indexer: GroupIndexer(types: [.uint32] + groupedTypes))
        }
    }

    /// Adds the next rows of the block, in the table's column order.
    mutating func consume(_ rows: Batch) throws(StorageError) {
        guard rows.rowCount > 0 else { return }
        let first = slots.count
        try assignPartitions(rows)
        if grouping != nil {
            let grouped = [ColumnValues.uint32(Array(slots[first...]))] + groupedIndices.map { rows.columns[$0] }
            grouping?.consume(grouped, values: valueIndex.map { rows.columns[$0] }, rowCount: rows.rowCount)
        }
        rowCount += rows.rowCount
    }

    /// Whether `values` never decrease, starting from `previous` (a one-row column).
    fileprivate static func isInOrder(_ values: ColumnValues, after previous: ColumnValues?) -> Bool {
        if let previous, KeyOrder.compare(previous, 0, values, 0) > 0 { return false }
        for row in 1..<values.count where KeyOrder.compare(values, row - 1, values, row) > 0 { return false }
        return true
    }

    private mutating func assignPartitions(_ rows: Batch) throws(StorageError) {
        if definition.partitionExpression != nil {
            // Any other expression: each row's ID from the SQL layer, slots by first appearance.
            for id in try PartitionKeys.ids(of: rows, definition: definition) {
                if let slot = slotOfID[id] {
                    slots.append(slot)
                } else {
                    slotOfID[id] = UInt32(partitions.count)
                    slots.append(UInt32(partitions.count))
                    partitions.append(id)
                }
            }
            return
        }
        guard let partitionIndex, let timestamps = rows.columns[partitionIndex].partitionSeconds else {
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

    /// The block's pieces, one per partition, each with the order that sorts it; `rows` are the
    /// rows consumed.
    func pieces(of rows: ChunkedBatch) -> [SortedPiece] {
        precondition(rows.rowCount == rowCount, "sorting other rows than those consumed")
        guard rowCount > 0 else { return [] }
        let permutation: [Int32]
        if let grouping, let ranked = KeyOrder.permutation(
            groups: grouping.groups, groupKeys: grouping.indexer.keys, groupCount: grouping.indexer.groupCount,
            then: grouping.valuesInOrder ? nil : valueIndex.map { rows.column($0) }) {
            permutation = ranked
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
