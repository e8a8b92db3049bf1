/// Collapses rows with equal sorting keys into one, as `SummingMergeTree`,
/// `AggregatingMergeTree` and `ReplacingMergeTree` merges do (and as ClickHouse 26.9 does to every inserted block,
/// `optimize_on_insert = 1`).
///
/// Input arrives sorted, possibly in several batches; a group may continue into the next batch,
/// so the rows of the last, unfinished group are held back until the next call (or `finish`).
/// States of a group are merged by a fresh accumulator in row order, the canonical order.
struct RowCollapser {
    private let definition: TableDefinition
    let keyIndices: [Int]
    private let summed: Set<Int>
    /// `SummingMergeTree`'s nested tables summed as maps (whatever columns it names).
    private let maps: [SummedMap]
    /// `AggregatingMergeTree`'s `SimpleAggregateFunction` columns, by index.
    private let simple: [Int: SimpleAggregate]
    /// `ReplacingMergeTree`: each group keeps one whole row; the version column's index, if any.
    private let replacing: (version: Int?, enabled: Bool)
    /// `CollapsingMergeTree`: the sign column's index.
    private let sign: Int?
    /// A `SELECT … FINAL`, which (as ClickHouse's) shows only the state rows that survive.
    private let forFinal: Bool
    private var pending: Batch?

    init?(_ definition: TableDefinition, forFinal: Bool = false) {
        guard definition.engine.collapsesRows else { return nil }
        self.forFinal = forFinal
        self.definition = definition
        keyIndices = definition.keyIndices
        var summed = Set<Int>()
        if case .summingMergeTree(let columns) = definition.engine {
            // Neither the sorting key's columns nor the partition key's are summed (ClickHouse's rule).
            let partitionKey = Set([definition.partitionColumn].compactMap { $0 } + (definition.partitionExpression?.columns ?? []))
            for (index, column) in definition.columns.enumerated() where !definition.orderBy.contains(column.name) && !partitionKey.contains(column.name) {
                let isNumeric = column.type.isNumeric
                if let columns { if columns.contains(column.name) && isNumeric { summed.insert(index) } } else if isNumeric { summed.insert(index) }
            }
        }
        self.summed = summed
        if case .summingMergeTree = definition.engine {
            maps = SummedMap.maps(in: definition.columns, excluding: definition.orderBy)
        } else {
            maps = []
        }
        var simple = [Int: SimpleAggregate]()
        if definition.engine == .aggregatingMergeTree {
            for (index, column) in definition.columns.enumerated() { if let function = column.simpleAggregate { simple[index] = function } }
        }
        self.simple = simple
        if case .replacingMergeTree(let version) = definition.engine {
            replacing = (version.flatMap(definition.columnIndex), true)
        } else {
            replacing = (nil, false)
        }
        if case .collapsingMergeTree(let column) = definition.engine { sign = definition.columnIndex(column) } else { sign = nil }
    }

    /// Whether collapsing may leave no rows at all: a `SummingMergeTree` drops rows whose sums
    /// are all zero (unless it has maps: ClickHouse 26.9 keeps a row whose map and sums are
    /// empty and zero), a `CollapsingMergeTree` cancels state rows. Other engines keep a row per key.
    var mayRemoveEveryRow: Bool { dropsZeroRows || sign != nil }
    private var dropsZeroRows: Bool { !summed.isEmpty && maps.isEmpty }

    /// Collapses the complete groups of `batch` (after any rows held back before).
    mutating func collapse(_ batch: Batch) throws(StorageError) -> Batch {
        var input = batch
        if let held = pending {
            input = held
            input.append(contentsOf: batch)
            pending = nil
        }
        guard input.rowCount > 0 else { return input }
        var starts = groupStarts(input)
        let lastStart = starts.removeLast()
        pending = input.slice(lastStart..<input.rowCount)
        return try collapseGroups(input.slice(0..<lastStart), starts: starts)
    }

    /// Collapses `batch` whole, when no group continues past it (nothing is held back).
    func collapseWholeGroups(_ batch: Batch) throws(StorageError) -> Batch {
        precondition(pending == nil, "collapsing whole groups after rows were held back")
        guard batch.rowCount > 0 else { return batch }
        return try collapseGroups(batch, starts: groupStarts(batch))
    }

    /// The first row of each run of equal keys.
    private func groupStarts(_ rows: Batch) -> [Int] {
        let runStarts = KeyOrder.runStarts(keyIndices.map { rows.columns[$0] }, rowCount: rows.rowCount)
        return runStarts.indices.filter { runStarts[$0] }
    }

    /// Collapses what is held back.
    mutating func finish() throws(StorageError) -> Batch {
        guard let held = pending else { return Batch.empty(definition.columns) }
        pending = nil
        return try collapseGroups(held, starts: [0])
    }

    /// One output row per group; `starts` are the groups' first rows.
    private func collapseGroups(_ rows: Batch, starts: [Int]) throws(StorageError) -> Batch {
        guard rows.rowCount > 0 else { return Batch.empty(definition.columns) }
        if let sign {
            let signs = Numeric.int64s(rows.columns[sign])
            let kept = Self.uncancelled(signs, starts: starts, rowCount: rows.rowCount)
            return rows.gathering(forFinal ? kept.filter { signs[Int($0)] == 1 } : kept)
        }
        // Every group a single row (a view's block, whose GROUP BY is its sorting key): an
        // AggregatingMergeTree has nothing to merge. A SummingMergeTree still drops zero rows.
        if starts.count == rows.rowCount && summed.isEmpty && maps.isEmpty { return rows }
        if replacing.enabled { return rows.gathering(survivors(rows, starts: starts)) }
        var groupOfRow = [Int32](repeating: 0, count: rows.rowCount)
        for (group, start) in starts.enumerated() {
            let end = group + 1 < starts.count ? starts[group + 1] : rows.rowCount
            for row in start..<end { groupOfRow[row] = Int32(group) }
        }
        let firsts = starts.map { Int32($0) }
        var columns = [ColumnValues]()
        for (index, column) in rows.columns.enumerated() {
            if summed.contains(index) || simple[index] == .sum || simple[index] == .sumWithOverflow {
                columns.append(Self.sum(column, groups: groupOfRow, count: starts.count))
            } else if let function = simple[index], let bits = Self.bitOperation(function) {
                columns.append(Self.combiningBits(column, bits, groups: groupOfRow, count: starts.count))
            } else if let function = simple[index] {
                columns.append(column.gathering(Self.chosen(function, column, starts: starts, rowCount: rows.rowCount)))
            } else if case .aggregateStates(let function, let states) = column {
                var merged = function.makeStates()
                merged.grow(to: starts.count)
                do { try merged.merge(states, groups: groupOfRow) } catch {
                    throw .corruptPart(part: "(merge input)", file: PartFile.data(column: definition.columns[index].name).description, reason: "cannot read aggregate state: \(error)")
                }
                columns.append(.aggregateStates(function, merged.serializedColumn()))
            } else {
                columns.append(column.gathering(firsts))
            }
        }
        for map in maps {
            for (index, column) in map.merged(rows, starts: starts) { columns[index] = column }
        }
        var result = Batch(names: rows.names, columns: columns)
        if dropsZeroRows {
            let keep = (0..<starts.count).map { group in summed.contains { !Self.isZero(result.columns[$0], group) } }
            if keep.contains(false) { result = result.filtered(keep) }
        }
        return result
    }

    /// `CollapsingMergeTree`'s rows of each group (ClickHouse's rules): the first cancel row and
    /// the last state row when there are as many of each and the last row is a state; the last
    /// state row when states outnumber cancels; the first cancel row when cancels outnumber
    /// states; nothing otherwise.
    private static func uncancelled(_ signs: [Int64], starts: [Int], rowCount: Int) -> [Int32] {
        var kept = [Int32]()
        for (start, end) in zip(starts, starts.dropFirst() + [rowCount]) {
            let group = start..<end
            let states = group.filter { signs[$0] == 1 }.count, cancels = group.filter { signs[$0] == -1 }.count
            let firstCancel = group.first { signs[$0] == -1 }, lastState = group.last { signs[$0] == 1 }
            if states == cancels, signs[end - 1] == 1, let firstCancel, let lastState {
                kept += [Int32(firstCancel), Int32(lastState)]
            } else if states > cancels, let lastState {
                kept.append(Int32(lastState))
            } else if cancels > states, let firstCancel {
                kept.append(Int32(firstCancel))
            }
        }
        return kept
    }

    /// `ReplacingMergeTree`'s row of each group: the greatest version, the last of equals (rows
    /// of a group come in insertion order); without a version, the last row.
    private func survivors(_ rows: Batch, starts: [Int]) -> [Int32] {
        let ends = starts.dropFirst() + [rows.rowCount]
        guard let version = replacing.version.map({ [rows.columns[$0]] }) else { return ends.map { Int32($0 - 1) } }
        return zip(starts, ends).map { start, end in
            var best = start
            for row in start + 1..<end where KeyOrder.compare(version, row, version, best) >= 0 { best = row }
            return Int32(best)
        }
    }

    /// The row whose value `min`, `max`, `any` or `anyLast` keeps, per group (the first of
    /// equals; NaN never the minimum or maximum unless alone, as ClickHouse compares).
    private static func chosen(_ function: SimpleAggregate, _ column: ColumnValues, starts: [Int], rowCount: Int) -> [Int32] {
        let ends = starts.dropFirst() + [rowCount]
        return zip(starts, ends).map { start, end in
            switch function {
            case .any, .sum, .sumWithOverflow, .groupBitAnd, .groupBitOr, .groupBitXor: return Int32(start)
            case .anyLast: return Int32(end - 1)
            case .min, .max:
                var best = start
                for row in start + 1..<end {
                    let c = KeyOrder.compare(column, row, column, best)
                    if function == .min ? c < 0 : c > 0 { best = row }
                }
                return Int32(best)
            }
        }
    }

    /// The bit operation of `groupBitAnd` / `Or` / `Xor`.
    private static func bitOperation(_ function: SimpleAggregate) -> ((UInt64, UInt64) -> UInt64)? {
        switch function {
        case .groupBitAnd: { $0 & $1 }
        case .groupBitOr: { $0 | $1 }
        case .groupBitXor: { $0 ^ $1 }
        default: nil
        }
    }

    /// Each group's values combined bit by bit, in the column's type (the rows' bits as 64-bit
    /// words, sign-extended: the low bits are the type's).
    static func combiningBits(_ column: ColumnValues, _ combine: (UInt64, UInt64) -> UInt64, groups: [Int32], count: Int) -> ColumnValues {
        let words = column.type.isSignedInteger ? Numeric.int64s(column).map { UInt64(bitPattern: $0) } : Numeric.uint64s(column)
        var combined = [UInt64?](repeating: nil, count: count)
        for (row, group) in groups.enumerated() { combined[Int(group)] = combined[Int(group)].map { combine($0, words[row]) } ?? words[row] }
        let merged = ColumnValues.uint64(combined.map { $0 ?? 0 })
        switch column.type {
        case .uint8: return .uint8(Numeric.uint64s(merged).map { UInt8(truncatingIfNeeded: $0) })
        case .uint16: return .uint16(Numeric.uint64s(merged).map { UInt16(truncatingIfNeeded: $0) })
        case .uint32: return .uint32(Numeric.uint64s(merged).map { UInt32(truncatingIfNeeded: $0) })
        case .int8: return .int8(Numeric.uint64s(merged).map { Int8(truncatingIfNeeded: $0) })
        case .int16: return .int16(Numeric.uint64s(merged).map { Int16(truncatingIfNeeded: $0) })
        case .int32: return .int32(Numeric.uint64s(merged).map { Int32(truncatingIfNeeded: $0) })
        case .int64: return .int64(Numeric.uint64s(merged).map { Int64(bitPattern: $0) })
        default: return merged
        }
    }

    /// Sums per group in the column's own type, wrapping (a UInt8 column wraps at 256, a
    /// Float32 column accumulates in Float32).
    static func sum(_ column: ColumnValues, groups: [Int32], count: Int) -> ColumnValues {
        func add<T>(_ values: [T], zero: T, _ plus: (T, T) -> T) -> [T] {
            var sums = [T](repeating: zero, count: count)
            for (row, group) in groups.enumerated() { sums[Int(group)] = plus(sums[Int(group)], values[row]) }
            return sums
        }
        switch column {
        case .uint8(let v): return .uint8(add(v, zero: 0, &+))
        case .uint16(let v): return .uint16(add(v, zero: 0, &+))
        case .int8(let v): return .int8(add(v, zero: 0, &+))
        case .int16(let v): return .int16(add(v, zero: 0, &+))
        case .int32(let v): return .int32(add(v, zero: 0, &+))
        case .uint32(let v): return .uint32(add(v, zero: 0, &+))
        case .uint64(let v): return .uint64(add(v, zero: 0, &+))
        case .int64(let v): return .int64(add(v, zero: 0, &+))
        case .float32(let v): return .float32(add(v, zero: 0, +))
        case .float64(let v): return .float64(add(v, zero: 0, +))
        default: preconditionFailure("\(column.type) is not summed")
        }
    }

    static func isZero(_ column: ColumnValues, _ row: Int) -> Bool {
        switch column {
        case .uint8(let v): v[row] == 0
        case .uint16(let v): v[row] == 0
        case .int8(let v): v[row] == 0
        case .int16(let v): v[row] == 0
        case .int32(let v): v[row] == 0
        case .uint32(let v): v[row] == 0
        case .uint64(let v): v[row] == 0
        case .int64(let v): v[row] == 0
        case .float32(let v): v[row] == 0
        case .float64(let v): v[row] == 0
        default: false
        }
    }
}
