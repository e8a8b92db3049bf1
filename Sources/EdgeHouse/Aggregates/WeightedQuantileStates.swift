/// `quantileExactWeighted(level)(x, weight)` / `quantilesExactWeighted(levels…)(x, weight)`:
/// ClickHouse's `QuantileExactWeighted`. A group keeps each non-NaN value with its weight; a
/// level's answer is the least value whose running weight, in value order, reaches
/// `ceil(level · total)` (weights summed per value in `UInt64`, wrapping, and over values in
/// `Float64`, as ClickHouse's), else the greatest value. Final values only: ClickHouse
/// serializes these states in its hash table's order, which this engine does not reproduce.
struct WeightedExactQuantileStates<Value: StateValue>: PairedGroupedStates, FinalValueOnlyStates {
    /// Each group's values with their weights, in row order.
    private var groups: [[(value: Value, weight: UInt64)]] = []
    var groupCount: Int { groups.count }

    mutating func grow(to count: Int) { groups += repeatElement([], count: max(0, count - groups.count)) }

    mutating func update(_ values: ColumnValues, groups rowGroups: [Int32]) {
        update(values, paired: .uint64(Array(repeating: 1, count: rowGroups.count)), groups: rowGroups)
    }

    mutating func update(_ column: ColumnValues, paired weightColumn: ColumnValues, groups rowGroups: [Int32]) {
        let input = Value.values(in: column)!
        let weights = Numeric.uint64s(weightColumn)
        for (row, g) in rowGroups.enumerated() where !input[row].isNaNValue {
            groups[Int(g)].append((input[row], weights[row]))
        }
    }

    static var functionName: String { "quantileExactWeighted" }

    func finalize(_ kind: AggregateKind) -> ColumnValues {
        switch kind {
        case .quantileExactWeighted(let level):
            // An empty group answers NaN (zero for integers), as ClickHouse's `get`.
            return Value.column(groups.map { Self.quantiles([level], of: $0)?[0] ?? Value.nanOrZero })
        case .quantilesExactWeighted(let levels):
            // An empty group answers zeros, as ClickHouse's `getMany`.
            return Value.arrays(groups.map { Self.quantiles(levels, of: $0) ?? Array(repeating: .zero, count: levels.count) })
        default: preconditionFailure("not quantileExactWeighted")
        }
    }

    private static func quantiles(_ levels: [Double], of group: [(value: Value, weight: UInt64)]) -> [Value]? {
        guard !group.isEmpty else { return nil }
        // ClickHouse's map: one entry per value, its weights summed.
        var entries = [(value: Value, weight: UInt64)]()
        for entry in group.sorted(by: { $0.value < $1.value }) {
            if let last = entries.last, last.value == entry.value { entries[entries.count - 1].weight &+= entry.weight } else { entries.append(entry) }
        }
        let total = entries.reduce(0.0) { $0 + Double($1.weight) }
        return levels.map { level in
            let threshold = (total * level).rounded(.up)
            var accumulated = 0.0
            for entry in entries {
                accumulated += Double(entry.weight)
                if accumulated >= threshold { return entry.value }
            }
            return entries[entries.count - 1].value
        }
    }
}
