/// Executes a `QueryPlan` over a store's tables, pushing result batches to a sink as they are made.
struct PlanRunner {
    /// What `scan` reads (a plan over insert blocks has no scan).
    let tables: (any TableSource)?

    /// Rows per batch of a table function unless `max_block_size` says otherwise (its default).
    static let batchRows = 65_409

    /// All of `plan`'s rows in one batch.
    func collect(_ plan: QueryPlan) throws(SQLError) -> Batch {
        var batches = [Batch]()
        try run(plan) { (batch: Batch) -> Bool in
            batches.append(batch)
            return true
        }
        return batches.isEmpty ? Self.header(plan.schema) : Batch(joining: batches)
    }

    /// No rows, in the columns of `schema`: a result's header.
    static func header(_ schema: [ColumnDefinition]) -> Batch {
        Batch(schema.map { ($0.name, ColumnValues.empty($0.type)) }, allowDuplicateNames: true)
    }

    /// Runs `plan`, handing each non-empty batch to `sink`, which returns whether it wants more.
    /// Returns false when the sink stopped the run.
    @discardableResult
    func run(_ plan: QueryPlan, _ sink: (Batch) throws(SQLError) -> Bool) throws(SQLError) -> Bool {
        switch plan {
        case .scan(let table, let columns, let ranges, let final):
            return try scan(table, columns: columns.map(\.name), ranges: ranges, final: final, sink)
        case .rows(let batch):
            return batch.rowCount == 0 ? true : try sink(batch)
        case .checkedRead(let input, let maxRows, let rowsWanted):
            return try checkedRead(input, maxRows: maxRows, rowsWanted: rowsWanted, sink)
        case .numbers(let start, let end, let blockRows):
            var next = start
            while end.map({ next < $0 }) ?? true {
                let count = UInt64(blockRows)
                let stop = end.map { min($0, next &+ count) } ?? next &+ count
                guard stop > next else { return true }  // the end of UInt64
                guard try sink(Batch([("number", .uint64(Array(next..<stop)))])) else { return false }
                next = stop
            }
            return true
        case .filter(let input, let predicate):
            return try run(input) { (batch: Batch) throws(SQLError) -> Bool in
                let keep = Numeric.truth(try predicate.evaluate(batch))
                guard keep.contains(true) else { return true }
                return try sink(keep.contains(false) ? batch.filtered(keep) : batch)
            }
        case .arrayJoin(let input, let columns, let left):
            return try run(input) { (batch: Batch) throws(SQLError) -> Bool in
                let expanded = try ArrayJoin.expand(batch, columns, left: left)
                return expanded.rowCount == 0 ? true : try sink(expanded)
            }
        case .project(let input, let columns):
            return try run(input) { (batch: Batch) throws(SQLError) -> Bool in
                var projected = [(String, ColumnValues)]()
                for column in columns { projected.append((column.name, try column.expression.evaluate(batch))) }
                return try sink(Batch(projected, allowDuplicateNames: true))
            }
        case .aggregate(let input, let aggregation):
            var aggregator = aggregation.aggregator
            try run(input) { (batch: Batch) throws(SQLError) -> Bool in
                let input = try aggregation.input(batch)
                do throws(QueryError) { try aggregator.consume(input, rowCount: batch.rowCount) } catch { throw .query(error) }
                guard let limit = aggregation.groupLimit, UInt64(aggregator.keyGroupCount) > limit.maxRows else { return true }
                guard limit.breaks else {
                    throw .badValue(.tooManyRows, message: "Limit for rows to GROUP BY exceeded: has \(aggregator.keyGroupCount) rows, "
                                    + "maximum: \(limit.maxRows): While executing AggregatingTransform.")
                }
                return false
            }
            let groups = aggregation.output(aggregator.finish())
            return groups.rowCount == 0 ? true : try sink(groups)
        case .distinct(let input, let count, let limit):
            var seen = GroupIndexer(types: input.schema.prefix(count).map(\.type))
            var full = false
            return try run(input) { (batch: Batch) throws(SQLError) -> Bool in
                if full { return false }
                let known = seen.groupCount
                let groups = seen.assign(Array(batch.columns.prefix(count)), rowCount: batch.rowCount)
                // A row is new when it opened a group: group numbers are handed out in row order.
                var next = Int32(known)
                let keep = groups.map { group in
                    guard group == next else { return false }
                    next += 1
                    return true
                }
                if let limit, UInt64(seen.groupCount) > limit.maxRows {
                    guard limit.breaks else {
                        throw .badValue(.setSizeLimitExceeded, message: "Limit for DISTINCT exceeded, max rows: "
                                        + "\(ReadableSize.quantity(Double(limit.maxRows))), current rows: \(ReadableSize.quantity(Double(seen.groupCount))).")
                    }
                    full = true
                }
                guard keep.contains(true) else { return !full }
                return try sink(keep.contains(false) ? batch.filtered(keep) : batch) && !full
            }
        case .window(let input, let calls):
            var batches = [Batch]()
            try run(input) { (batch: Batch) -> Bool in
                batches.append(batch)
                return true
            }
            guard !batches.isEmpty else { return true }
            return try sink(try Window.compute(Batch(joining: batches), calls))
        case .sort(let input, let keysFrom, let descending, let nullsFirst):
            var batches = [Batch]()
            try run(input) { (batch: Batch) -> Bool in
                batches.append(batch)
                return true
            }
            guard !batches.isEmpty else { return true }
            let rows = Batch(joining: batches)
            batches = []
            let sorted = RowOrder.sort(rows.columns, keys: Array(rows.columns[keysFrom..<keysFrom + descending.count]), descending: descending,
                                       nullsFirst: nullsFirst)
            return try sink(Batch(names: rows.names, columns: sorted))
        case .limitBy(let input, let offset, let count, let keysFrom, let keyCount):
            var keys = GroupIndexer(types: input.schema[keysFrom..<keysFrom + keyCount].map(\.type))
            var seen = [Int]()
            return try run(input) { (batch: Batch) throws(SQLError) -> Bool in
                let groups = keys.assign(Array(batch.columns[keysFrom..<keysFrom + keyCount]), rowCount: batch.rowCount)
                seen += repeatElement(0, count: keys.groupCount - seen.count)
                let keep = groups.map { group in
                    defer { seen[Int(group)] += 1 }
                    return seen[Int(group)] >= offset && seen[Int(group)] < offset + count
                }
                guard keep.contains(true) else { return true }
                return try sink(keep.contains(false) ? batch.filtered(keep) : batch)
            }
        case .prefix(let input, let columns):
            return try run(input) { (batch: Batch) throws(SQLError) -> Bool in
                try sink(Batch(names: Array(batch.names.prefix(columns)), columns: Array(batch.columns.prefix(columns))))
            }
        case .limit(let input, let offset, let count):
            var skip = offset
            var remaining = count ?? Int.max
            guard remaining > 0 else { return true }
            var stoppedBySink = false
            try run(input) { (batch: Batch) throws(SQLError) -> Bool in
                var rows = batch
                if skip > 0 {
                    let skipped = min(skip, rows.rowCount)
                    skip -= skipped
                    guard skipped < rows.rowCount else { return true }
                    rows = rows.slice(skipped..<rows.rowCount)
                }
                if rows.rowCount > remaining { rows = rows.slice(0..<remaining) }
                remaining -= rows.rowCount
                guard try sink(rows) else {
                    stoppedBySink = true
                    return false
                }
                return remaining > 0
            }
            return !stoppedBySink
        case .join(let left, let right, let spec):
            return try join(left, right, spec, sink)
        case .union(let inputs):
            // Every branch's rows under the first branch's column names.
            let names = inputs[0].schema.map(\.name)
            for input in inputs {
                let wantsMore = try run(input) { (batch: Batch) throws(SQLError) -> Bool in
                    try sink(Batch(names: names, columns: batch.columns))
                }
                guard wantsMore else { return false }
            }
            return true
        }
    }

    /// `input`'s rows, unless it would read more than `maxRows`: a read that knows how many
    /// rows it selects is refused before it starts, as ClickHouse refuses it from the granules
    /// its index selects; an endless one fails at its first block past the limit.
    private func checkedRead(_ input: QueryPlan, maxRows: UInt64, rowsWanted: UInt64?,
                             _ sink: (Batch) throws(SQLError) -> Bool) throws(SQLError) -> Bool {
        var selected: UInt64?
        switch input {
        case .scan(let table, _, let ranges, _):
            guard let tables else { throw .notImplemented("a scan of \(table) without a store") }
            do { selected = UInt64(try tables.selectedRows(table, filter: ScanFilter(ranges))) } catch { throw .storage(error) }
        case .numbers(let start, let end?, _): selected = end - start
        default: selected = nil
        }
        if let rowsWanted { selected = min(selected ?? .max, rowsWanted) }
        func tooMany(_ rows: UInt64, estimated: Bool) -> SQLError {
            let counts = "max rows: \(ReadableSize.quantity(Double(maxRows))), current rows: \(ReadableSize.quantity(Double(rows)))"
            return .badValue(.tooManyRows, message: estimated
                ? "Limit for rows (controlled by 'max_rows_to_read' setting) exceeded, \(counts)."
                : "Limit for rows or bytes to read exceeded, \(counts): While executing Numbers.")
        }
        if let selected {
            guard selected <= maxRows else { throw tooMany(selected, estimated: true) }
            return try run(input, sink)
        }
        var read: UInt64 = 0
        return try run(input) { (batch: Batch) throws(SQLError) -> Bool in
            read += UInt64(batch.rowCount)
            guard read <= maxRows else { throw tooMany(read, estimated: false) }
            return try sink(batch)
        }
    }

    /// A table's rows, pruned by `ranges` (which the reader also applies to every row).
    private func scan(_ table: TableName, columns: [String], ranges: [ColumnRange], final: Bool,
                      _ sink: (Batch) throws(SQLError) -> Bool) throws(SQLError) -> Bool {
        var failure: SQLError?
        var stoppedBySink = false
        let deliver = { (batch: Batch) throws(StorageError) in
            guard batch.rowCount > 0 else { return }
            var wantsMore = true
            do throws(SQLError) {
                wantsMore = try sink(batch)
                stoppedBySink = !wantsMore
            } catch {
                failure = error
                wantsMore = false
            }
            if !wantsMore { throw .scanStopped }
        }
        guard let tables else { throw .notImplemented("a scan of \(table) without a store") }
        do throws(StorageError) {
            if final {
                try tables.finalScan(table, columns: columns, deliver)
            } else {
                try tables.scanRows(table, columns: columns, filter: ScanFilter(ranges), deliver)
            }
        } catch StorageError.scanStopped {
            // The sink has what it needs, or failed (below).
        } catch {
            throw .storage(error)
        }
        if let failure { throw failure }
        return !stoppedBySink
    }
}
