/// `groupArrayMovingSum([window])(x)` / `groupArrayMovingAvg([window])(x)`: each group's running
/// sums in row order — of integers in Int64 or UInt64 (wrapping), of floats in Float64 — and for a
/// window, the sum of the last `window` values as the difference of two running sums; the average
/// divides by the window (the group's size without one). Final values only.
struct MovingSumStates: FinalValueOnlyStates {
    let average: Bool
    let window: Int?
    private let integers: Bool
    private let unsigned: Bool
    /// Running sums per group, in the accumulator's bits (floats as Float64 bit patterns).
    private var sums: [[UInt64]] = []
    var groupCount: Int { sums.count }

    static var functionName: String { "groupArrayMovingSum" }

    init(argument: ColumnType, average: Bool, window: Int?) {
        self.average = average
        self.window = window
        integers = argument != .float32 && argument != .float64
        unsigned = [.uint8, .uint16, .uint32, .uint64].contains(argument)
    }

    mutating func grow(to count: Int) { sums += repeatElement([], count: max(0, count - sums.count)) }

    mutating func update(_ values: ColumnValues, groups: [Int32]) {
        if integers {
            let words = unsigned ? Numeric.uint64s(values) : Numeric.int64s(values).map { UInt64(bitPattern: $0) }
            for (row, group) in groups.enumerated() { sums[Int(group)].append((sums[Int(group)].last ?? 0) &+ words[row]) }
        } else {
            let doubles = Numeric.doubles(values)
            for (row, group) in groups.enumerated() {
                let previous = sums[Int(group)].last.map(Double.init(bitPattern:)) ?? 0
                sums[Int(group)].append((previous + doubles[row]).bitPattern)
            }
        }
    }

    func finalize(_ kind: AggregateKind) -> ColumnValues {
        func value(_ bits: UInt64) -> Double {
            integers ? (unsigned ? Double(bits) : Double(Int64(bitPattern: bits))) : Double(bitPattern: bits)
        }
        let moved = sums.map { running in
            running.indices.map { index -> UInt64 in
                guard let window, index >= window else { return running[index] }
                return integers ? running[index] &- running[index - window]
                    : (Double(bitPattern: running[index]) - Double(bitPattern: running[index - window])).bitPattern
            }
        }
        if average {
            return Double.arrays(moved.map { group in group.map { value($0) / Double(window ?? group.count) } })
        }
        if !integers { return Double.arrays(moved.map { $0.map(Double.init(bitPattern:)) }) }
        return unsigned ? UInt64.arrays(moved) : Int64.arrays(moved.map { $0.map { Int64(bitPattern: $0) } })
    }
}

/// `sumKahan(x)`: a Float64 sum with Kahan's compensation, row by row. Serialized as the sum
/// and the compensation, raw; states merge by ClickHouse's two-sum formula.
struct KahanSumStates: GroupedStates {
    private var sums: [Double] = []
    private var compensations: [Double] = []
    var groupCount: Int { sums.count }

    mutating func grow(to count: Int) {
        let added = max(0, count - sums.count)
        sums += repeatElement(0, count: added)
        compensations += repeatElement(0, count: added)
    }

    mutating func update(_ values: ColumnValues, groups: [Int32]) {
        let x = Numeric.doubles(values)
        for (row, group) in groups.enumerated() {
            let g = Int(group)
            let compensated = x[row] - compensations[g]
            let sum = sums[g] + compensated
            compensations[g] = (sum - sums[g]) - compensated
            sums[g] = sum
        }
    }

    mutating func merge(_ states: StringColumn, groups: [Int32]) throws(CodecError) {
        for (row, group) in groups.enumerated() {
            let (fromSum, fromCompensation) = try decodeState(states[row]) { (reader: inout ByteReader) throws(CodecError) in
                (try reader.readValue(Double.self), try reader.readValue(Double.self))
            }
            let g = Int(group)
            let raw = sums[g] + fromSum
            let rhsCompensated = raw - sums[g]
            let total = ((fromSum - rhsCompensated) + (sums[g] - (raw - rhsCompensated))) + compensations[g] + fromCompensation
            sums[g] = raw + total
            compensations[g] = total - (sums[g] - raw)
        }
    }

    func serialize(_ group: Int, into out: inout [UInt8]) {
        appendValue(sums[group], to: &out)
        appendValue(compensations[group], to: &out)
    }

    func finalize(_ kind: AggregateKind) -> ColumnValues { .float64(sums) }
}

/// `anyHeavy(x)`: a value that occurs in more than half of a group's rows, if one does — the
/// majority vote (a matching row adds to the count, another takes one away or, at zero, becomes
/// the value), in row order. Final values only.
struct HeavyValueStates: FinalValueOnlyStates {
    private var chosen: ColumnValues
    private var keys: [[UInt8]?] = []
    private var counters: [UInt64] = []
    var groupCount: Int { keys.count }

    static var functionName: String { "anyHeavy" }

    init(_ type: ColumnType) { chosen = .empty(type) }

    mutating func grow(to count: Int) {
        guard count > keys.count else { return }
        chosen.append(contentsOf: .defaults(chosen.type, count: count - keys.count))
        counters += repeatElement(0, count: count - keys.count)
        keys += repeatElement(nil, count: count - keys.count)
    }

    mutating func update(_ values: ColumnValues, groups: [Int32]) {
        var replacement = [Int: Int]()
        for (row, group) in groups.enumerated() {
            let g = Int(group)
            var bytes = [UInt8]()
            ColumnSerialization.append(values, rows: row..<row + 1, to: &bytes)
            if keys[g] == bytes {
                counters[g] += 1
            } else if counters[g] == 0 {
                keys[g] = bytes
                counters[g] = 1
                replacement[g] = row
            } else {
                counters[g] -= 1
            }
        }
        guard !replacement.isEmpty else { return }
        var indices = (0..<Int32(keys.count)).map { $0 }
        for (group, row) in replacement { indices[group] = Int32(keys.count + row) }
        chosen = ColumnValues.joined([chosen, values]).gathering(indices)
    }

    func finalize(_ kind: AggregateKind) -> ColumnValues { chosen }
}
