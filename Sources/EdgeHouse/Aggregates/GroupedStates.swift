/// The states of one aggregate function for every group of a GROUP BY, updated a column at a
/// time. One conformer per function family; `AggregateFunction.makeStates()` picks it.
///
/// Merging follows ClickHouse: a `-Merge` (and a table merge) starts from fresh states and
/// merges the input states in the order given — the canonical order (parts by block number,
/// rows in storage order).
protocol GroupedStates: Sendable {
    var groupCount: Int { get }
    /// Adds fresh states for new groups, so that `groupCount == count`.
    mutating func grow(to count: Int)
    /// Feeds raw values: row `i` goes to group `groups[i]`, in row order.
    mutating func update(_ values: ColumnValues, groups: [Int32])
    /// Feeds a block of raw values all to group 0, as ClickHouse adds a block when nothing is
    /// grouped (float sums in its order: ``BlockSum``); row by row unless a conformer says otherwise.
    mutating func updateSingleGroup(_ values: ColumnValues)
    /// Merges serialized states: row `i`'s state into group `groups[i]`, in row order.
    mutating func merge(_ states: StringColumn, groups: [Int32]) throws(CodecError)
    /// Appends group `group`'s state in ClickHouse's binary format.
    func serialize(_ group: Int, into out: inout [UInt8])
    /// The final values, one per group.
    func finalize(_ kind: AggregateKind) -> ColumnValues
    /// Every group's serialized state, as a column.
    func serializedColumn() -> StringColumn
}

/// States fed a second column beside the values: `argMin(x, key)`'s keys, a weighted
/// quantile's weights. `Aggregator` hands them the call's second argument.
protocol PairedGroupedStates: GroupedStates {
    /// Feeds raw values with their rows' second argument: row `i` goes to group `groups[i]`.
    mutating func update(_ values: ColumnValues, paired: ColumnValues, groups: [Int32])
    /// Feeds a block of them all to group 0 (see `GroupedStates.updateSingleGroup`).
    mutating func updateSingleGroup(_ values: ColumnValues, paired: ColumnValues)
}

extension PairedGroupedStates {
    mutating func updateSingleGroup(_ values: ColumnValues, paired: ColumnValues) {
        grow(to: 1)
        update(values, paired: paired, groups: Array(repeating: 0, count: values.count))
    }
}

/// States of a function whose binary format this engine does not write
/// (`AggregateKind.hasBinaryState` is false: a `-State` of it is refused when the query is
/// bound): only their final values are asked for.
protocol FinalValueOnlyStates: GroupedStates {
    /// The function's name, for the errors of what cannot happen.
    static var functionName: String { get }
}

extension FinalValueOnlyStates {
    mutating func merge(_ states: StringColumn, groups: [Int32]) throws(CodecError) {
        throw .corruptPayload("\(Self.functionName) has no states here")
    }

    func serialize(_ group: Int, into out: inout [UInt8]) {
        preconditionFailure("\(Self.functionName) has no binary state (AggregateKind.hasBinaryState)")
    }
}

extension GroupedStates {
    mutating func updateSingleGroup(_ values: ColumnValues) {
        grow(to: 1)
        update(values, groups: Array(repeating: 0, count: values.count))
    }

    func serializedColumn() -> StringColumn {
        var column = StringColumn()
        var buffer = [UInt8]()
        for group in 0..<groupCount {
            buffer.removeAll(keepingCapacity: true)
            serialize(group, into: &buffer)
            column.append(bytes: buffer[...])
        }
        return column
    }
}

/// Every group's state serialized by `body` from the rows of values that belong to it
/// (`groupOf[row]`), in row order: one pass to bucket the rows, whatever the number of groups.
func serializedByGroup(_ groupOf: [Int32], groupCount: Int, _ body: (inout [UInt8], [Int]) -> Void) -> StringColumn {
    var rows = [[Int]](repeating: [], count: groupCount)
    for (row, group) in groupOf.enumerated() { rows[Int(group)].append(row) }
    var column = StringColumn()
    var buffer = [UInt8]()
    for group in 0..<groupCount {
        buffer.removeAll(keepingCapacity: true)
        body(&buffer, rows[group])
        column.append(bytes: buffer[...])
    }
    return column
}

/// Reads one serialized state, requiring that it is consumed exactly.
func decodeState<R>(_ bytes: ArraySlice<UInt8>, _ body: (inout ByteReader) throws(CodecError) -> R) throws(CodecError) -> R {
    var reader = ByteReader(bytes)
    let result = try body(&reader)
    guard reader.isAtEnd else { throw .corruptPayload("aggregate state has \(reader.remaining) trailing bytes") }
    return result
}

/// `count()`: a `UInt64` per group; serialized as a LEB128 number.
struct CountStates: GroupedStates {
    var counts: [UInt64] = []
    var groupCount: Int { counts.count }
    mutating func grow(to count: Int) { counts += repeatElement(0, count: count - counts.count) }
    mutating func update(_ values: ColumnValues, groups: [Int32]) { for g in groups { counts[Int(g)] &+= 1 } }
    mutating func merge(_ states: StringColumn, groups: [Int32]) throws(CodecError) {
        for (row, g) in groups.enumerated() { counts[Int(g)] &+= try decodeState(states[row]) { (r: inout ByteReader) throws(CodecError) in try r.readVarUInt() } }
    }
    func serialize(_ group: Int, into out: inout [UInt8]) { VarUInt.append(counts[group], to: &out) }
    func finalize(_ kind: AggregateKind) -> ColumnValues { .uint64(counts) }
}

/// Adds a block of values into one accumulator: a float sum in ClickHouse's order (``BlockSum``),
/// an integer one (exact, wrapping) value by value.
private func addBlock<Value: StateValue, Sum: Accumulator>(_ values: [Value], to total: inout Sum) {
    if var sum = total as? Double {
        BlockSum.add(rows: values.count, to: &sum) { values[$0].doubleValue }
        total = sum as! Sum
    } else {
        for value in values { total.add(Sum(value: value)) }
    }
}

/// `sum(x)`: the accumulator per group, serialized little-endian.
struct SumStates<Value: StateValue, Sum: Accumulator>: GroupedStates {
    var sums: [Sum] = []
    var groupCount: Int { sums.count }
    // Specialized as `update`: called through `any GroupedStates`, the generic append of
    // fresh states costs far more per group than the states themselves.
    @_specialize(where Value == UInt8, Sum == UInt64) @_specialize(where Value == UInt32, Sum == UInt64)
    @_specialize(where Value == UInt64, Sum == UInt64) @_specialize(where Value == Float, Sum == Double)
    @_specialize(where Value == Double, Sum == Double)
    mutating func grow(to count: Int) { sums += repeatElement(Sum.zero, count: count - sums.count) }
    @_specialize(where Value == UInt8, Sum == UInt64) @_specialize(where Value == UInt32, Sum == UInt64)
    @_specialize(where Value == UInt64, Sum == UInt64) @_specialize(where Value == Float, Sum == Double)
    @_specialize(where Value == Double, Sum == Double)
    mutating func update(_ values: ColumnValues, groups: [Int32]) {
        let values = Value.values(in: values)!
        for (row, g) in groups.enumerated() { sums[Int(g)].add(Sum(value: values[row])) }
    }
    mutating func updateSingleGroup(_ values: ColumnValues) {
        grow(to: 1)
        addBlock(Value.values(in: values)!, to: &sums[0])
    }
    mutating func merge(_ states: StringColumn, groups: [Int32]) throws(CodecError) {
        for (row, g) in groups.enumerated() { sums[Int(g)].add(try decodeState(states[row]) { (r: inout ByteReader) throws(CodecError) in try r.readValue(Sum.self) }) }
    }
    func serialize(_ group: Int, into out: inout [UInt8]) { appendValue(sums[group], to: &out) }
    func finalize(_ kind: AggregateKind) -> ColumnValues { Sum.column(sums) }
}

/// `avg(x)`: numerator (in the accumulator type) and count; serialized as the numerator
/// little-endian and the count as LEB128. Finalizes to Float64, `nan` for no rows.
struct AvgStates<Value: StateValue, Sum: Accumulator>: GroupedStates {
    var numerators: [Sum] = []
    var counts: [UInt64] = []
    var groupCount: Int { counts.count }
    // Specialized as `update`: called through `any GroupedStates`, the generic append of
    // fresh states costs far more per group than the states themselves.
    @_specialize(where Value == UInt8, Sum == UInt64) @_specialize(where Value == UInt32, Sum == UInt64)
    @_specialize(where Value == UInt64, Sum == UInt64) @_specialize(where Value == Float, Sum == Double)
    @_specialize(where Value == Double, Sum == Double)
    mutating func grow(to count: Int) {
        numerators += repeatElement(Sum.zero, count: count - numerators.count)
        counts += repeatElement(0, count: count - counts.count)
    }
    @_specialize(where Value == UInt8, Sum == UInt64) @_specialize(where Value == UInt32, Sum == UInt64)
    @_specialize(where Value == UInt64, Sum == UInt64) @_specialize(where Value == Float, Sum == Double)
    @_specialize(where Value == Double, Sum == Double)
    mutating func update(_ values: ColumnValues, groups: [Int32]) {
        let values = Value.values(in: values)!
        for (row, g) in groups.enumerated() {
            numerators[Int(g)].add(Sum(value: values[row]))
            counts[Int(g)] &+= 1
        }
    }
    mutating func updateSingleGroup(_ values: ColumnValues) {
        grow(to: 1)
        let values = Value.values(in: values)!
        addBlock(values, to: &numerators[0])
        counts[0] &+= UInt64(values.count)
    }
    mutating func merge(_ states: StringColumn, groups: [Int32]) throws(CodecError) {
        for (row, g) in groups.enumerated() {
            let (numerator, count) = try decodeState(states[row]) { (r: inout ByteReader) throws(CodecError) in (try r.readValue(Sum.self), try r.readVarUInt()) }
            numerators[Int(g)].add(numerator)
            counts[Int(g)] &+= count
        }
    }
    func serialize(_ group: Int, into out: inout [UInt8]) {
        appendValue(numerators[group], to: &out)
        VarUInt.append(counts[group], to: &out)
    }
    func finalize(_ kind: AggregateKind) -> ColumnValues {
        .float64(zip(numerators, counts).map { $0.doubleValue / Double($1) })
    }
}

/// `min(x)` / `max(x)`: a flag and a value. NaN is replaced by any later value and never
/// replaces one (ClickHouse 26.9); ties keep the first value. Serialized as one byte (has a
/// value) and the value.
struct ExtremeStates<Value: StateValue>: GroupedStates {
    let isMax: Bool
    var values: [Value] = []
    var present: [Bool] = []
    var groupCount: Int { values.count }

    init(isMax: Bool) { self.isMax = isMax }

    // Specialized as `update`: called through `any GroupedStates`, the generic append of
    // fresh states costs far more per group than the states themselves.
    @_specialize(where Value == UInt8) @_specialize(where Value == UInt32) @_specialize(where Value == UInt64)
    @_specialize(where Value == Float) @_specialize(where Value == Double)
    mutating func grow(to count: Int) {
        values += repeatElement(Value.zero, count: count - values.count)
        present += repeatElement(false, count: count - present.count)
    }

    private mutating func offer(_ value: Value, to g: Int) {
        if !present[g] || values[g].isNaNValue || (isMax ? value > values[g] : value < values[g]) {
            values[g] = value
            present[g] = true
        }
    }

    // Specialized per value type: called through `any GroupedStates`, unspecialized generic
    // code would cost hundreds of instructions per row.
    @_specialize(where Value == UInt8) @_specialize(where Value == UInt32) @_specialize(where Value == UInt64)
    @_specialize(where Value == Float) @_specialize(where Value == Double)
    mutating func update(_ values: ColumnValues, groups: [Int32]) {
        let input = Value.values(in: values)!
        for (row, g) in groups.enumerated() { offer(input[row], to: Int(g)) }
    }

    mutating func merge(_ states: StringColumn, groups: [Int32]) throws(CodecError) {
        for (row, g) in groups.enumerated() {
            let value = try decodeState(states[row]) { (r: inout ByteReader) throws(CodecError) -> Value? in
                try r.read(UInt8.self) == 0 ? nil : try r.readValue(Value.self)
            }
            if let value { offer(value, to: Int(g)) }
        }
    }

    func serialize(_ group: Int, into out: inout [UInt8]) {
        out.append(present[group] ? 1 : 0)
        if present[group] { appendValue(values[group], to: &out) }
    }

    func finalize(_ kind: AggregateKind) -> ColumnValues { Value.column(values) }
}

/// `quantileExact(level)(x)` and its variants: every non-NaN value; `sorted[floor(level · n)]`
/// (the last value for level 1), or a variant's rule. Serialized as a LEB128 count and the values.
struct ExactQuantileStates<Value: StateValue>: GroupedStates {
    /// `quantileExactExclusive` / `Inclusive`: between the values at `h` and `h + 1` (from 1), or
    /// the first or last value past the ends. The step is taken in the values' type (in Float64
    /// for the plural Inclusive), as ClickHouse does.
    static func interpolated(_ level: Double, _ sorted: [Value], _ rule: ExactQuantileRule, plural: Bool) -> Double {
        let h = rule == .exclusive ? level * Double(sorted.count + 1) : level * Double(sorted.count - 1) + 1
        let n = Int(h)
        if n >= sorted.count { return sorted[sorted.count - 1].doubleValue }
        if n < 1 { return sorted[0].doubleValue }
        let (low, high) = (sorted[n - 1], sorted[n])
        let step: Double
        if plural && rule == .inclusive {
            step = high.doubleValue - low.doubleValue
        } else if let a = high as? Float, let b = low as? Float {
            step = Double(a - b)
        } else if let a = high as? Double, let b = low as? Double {
            step = a - b
        } else {
            step = Double(high.unsignedValue &- low.unsignedValue)
        }
        return low.doubleValue + (h - Double(n)) * step
    }

    var values: [[Value]] = []
    var groupCount: Int { values.count }
    // Specialized as `update`: called through `any GroupedStates`, the generic append of
    // fresh states costs far more per group than the states themselves.
    @_specialize(where Value == UInt8) @_specialize(where Value == UInt32) @_specialize(where Value == UInt64)
    @_specialize(where Value == Float) @_specialize(where Value == Double)
    mutating func grow(to count: Int) { values += repeatElement([], count: count - values.count) }
    @_specialize(where Value == UInt8) @_specialize(where Value == UInt32) @_specialize(where Value == UInt64)
    @_specialize(where Value == Float) @_specialize(where Value == Double)
    mutating func update(_ column: ColumnValues, groups: [Int32]) {
        let input = Value.values(in: column)!
        for (row, g) in groups.enumerated() where !input[row].isNaNValue { values[Int(g)].append(input[row]) }
    }
    mutating func merge(_ states: StringColumn, groups: [Int32]) throws(CodecError) {
        for (row, g) in groups.enumerated() {
            values[Int(g)] += try decodeState(states[row]) { (r: inout ByteReader) throws(CodecError) -> [Value] in
                let count = Int(try r.readVarUInt())
                guard count <= r.remaining / MemoryLayout<Value>.size else { throw .truncated(needed: count, available: r.remaining) }
                return try r.readValues(Value.self, count: count)
            }
        }
    }
    func serialize(_ group: Int, into out: inout [UInt8]) {
        VarUInt.append(UInt64(values[group].count), to: &out)
        appendValues(values[group], to: &out)
    }
    func finalize(_ kind: AggregateKind) -> ColumnValues {
        func quantile(_ level: Double, _ sorted: [Value]) -> Value {
            sorted[min(level < 1 ? Int(level * Double(sorted.count)) : sorted.count - 1, sorted.count - 1)]
        }
        switch kind {
        case .quantileExact(let level):
            // An empty group answers NaN (zero for integers), as ClickHouse's `get`.
            return Value.column(values.map { $0.isEmpty ? Value.nanOrZero : quantile(level, $0.sorted()) })
        case .quantilesExact(let levels):
            // An empty group answers zeros, as ClickHouse's `getMany`.
            return Value.arrays(values.map { group in
                let sorted = group.sorted()
                return levels.map { sorted.isEmpty ? .zero : quantile($0, sorted) }
            })
        case .quantileExactRule(let rule, let levels, let plural) where rule.interpolates:
            // NaN for an empty group, in both forms.
            let answers = values.map { group in
                let sorted = group.sorted()
                return levels.map { sorted.isEmpty ? Double.nan : Self.interpolated($0, sorted, rule, plural: plural) }
            }
            return plural ? Double.arrays(answers) : .float64(answers.map { $0[0] })
        case .quantileExactRule(let rule, let levels, let plural):
            func pick(_ level: Double, _ sorted: [Value]) -> Value {
                guard level == 0.5 else { return quantile(level, sorted) }
                return sorted[rule == .low && sorted.count % 2 == 0 ? sorted.count / 2 - 1 : sorted.count / 2]
            }
            // Empty: NaN (zero for integers) alone, zeros in the plural form, as `quantileExact`.
            let answers = values.map { group in
                let sorted = group.sorted()
                return levels.map { sorted.isEmpty ? (plural ? .zero : Value.nanOrZero) : pick($0, sorted) }
            }
            return plural ? Value.arrays(answers) : Value.column(answers.map { $0[0] })
        default: preconditionFailure("not quantileExact")
        }
    }
}
