/// `quantileTiming(level)(x)` / `quantilesTiming(levels…)(x)`: ClickHouse's `QuantileTiming`, for
/// times in milliseconds. Values are truncated to whole numbers and capped at 30,000; NaN and
/// negative values are skipped. A group keeps its values, exact, until it has 5,672 of them
/// (what the histogram takes in ClickHouse's memory); past that a histogram: exact below 1,024,
/// buckets of 16 from 1,024 to 30,000, each bucket answered by its start plus ClickHouse's
/// `intHash32` jitter. The answers are ClickHouse 26.9's, as `Float32`.
///
/// `quantileTimingWeighted(level)(x, weight)` counts each value `weight` times: as ClickHouse's,
/// a group keeps the copies while they are at most 31 values (its tiny array), and past them
/// goes straight to the histogram.
struct TimingStates<Value: StateValue>: PairedGroupedStates, FinalValueOnlyStates {
    private static var cap: UInt64 { 30_000 }
    private static var smallThreshold: Int { 1024 }
    private static var bigPrecision: Int { 16 }
    private static var bigBuckets: Int { (30_000 - 1024) / 16 }
    /// `sizeof(QuantileTimingLarge) / sizeof(UInt16) / 2`: values a group keeps before its histogram.
    private static var mostValues: Int { (8 + (1024 + (30_000 - 1024) / 16) * 8) / 2 / 2 }
    /// `QuantileTimingTiny`'s capacity: what a weighted value's copies may fill before the histogram.
    private static var tinyValues: UInt64 { 31 }

    private struct Histogram {
        var count: UInt64 = 0
        var buckets = [UInt64](repeating: 0, count: TimingStates.smallThreshold + TimingStates.bigBuckets)

        mutating func insert(_ x: UInt64, weight: UInt64 = 1) {
            count &+= weight
            if x < UInt64(TimingStates.smallThreshold) {
                buckets[Int(x)] &+= weight
            } else if x < TimingStates.cap {
                buckets[TimingStates.smallThreshold + (Int(x) - TimingStates.smallThreshold) / TimingStates.bigPrecision] &+= weight
            }
        }

        init(_ values: [UInt16] = []) {
            for value in values { insert(UInt64(value)) }
        }

        func quantile(_ level: Double) -> Float {
            let position = (Double(count) * level).rounded(.up)
            var accumulated = 0.0
            for (index, bucketCount) in buckets.enumerated() where bucketCount > 0 {
                accumulated += Double(bucketCount)
                if accumulated >= position { return Float(TimingStates.key(of: index)) }
            }
            return Float(TimingStates.cap)
        }
    }

    private enum Group {
        case values([UInt16])
        case histogram(Histogram)
    }

    private var groups: [Group] = []
    var groupCount: Int { groups.count }

    mutating func grow(to count: Int) { groups += repeatElement(.values([]), count: max(0, count - groups.count)) }

    /// The time a value stands for; `nil` for what ClickHouse skips: only non-negative numbers
    /// up to Int64's maximum are times.
    private static func time(_ value: Value) -> UInt64? {
        let value = value.doubleValue
        guard !value.isNaN, value >= 0, value <= Double(Int64.max) else { return nil }
        return UInt64(value)
    }

    mutating func update(_ column: ColumnValues, paired weightColumn: ColumnValues, groups rowGroups: [Int32]) {
        let input = Value.values(in: column)!
        let weights = Numeric.uint64s(weightColumn)
        for (row, g) in rowGroups.enumerated() {
            guard let x = Self.time(input[row]) else { continue }
            let weight = weights[row]
            switch groups[Int(g)] {
            case .values(var values) where weight < Self.tinyValues && UInt64(values.count) + weight <= Self.tinyValues:
                groups[Int(g)] = .values([])  // out of the array while it grows
                values += repeatElement(UInt16(min(x, Self.cap)), count: Int(weight))
                groups[Int(g)] = .values(values)
            case .values(let values):
                var histogram = Histogram(values)
                histogram.insert(x, weight: weight)
                groups[Int(g)] = .histogram(histogram)
            case .histogram(var histogram):
                groups[Int(g)] = .values([])
                histogram.insert(x, weight: weight)
                groups[Int(g)] = .histogram(histogram)
            }
        }
    }

    mutating func update(_ column: ColumnValues, groups rowGroups: [Int32]) {
        let input = Value.values(in: column)!
        for (row, g) in rowGroups.enumerated() {
            guard let x = Self.time(input[row]) else { continue }
            switch groups[Int(g)] {
            case .values(var values):
                groups[Int(g)] = .values([])  // out of the array while it grows
                if values.count >= Self.mostValues {
                    var histogram = Histogram(values)
                    histogram.insert(x)
                    groups[Int(g)] = .histogram(histogram)
                } else {
                    values.append(UInt16(min(x, Self.cap)))
                    groups[Int(g)] = .values(values)
                }
            case .histogram(var histogram):
                groups[Int(g)] = .values([])
                histogram.insert(x)
                groups[Int(g)] = .histogram(histogram)
            }
        }
    }

    static var functionName: String { "quantileTiming" }

    func finalize(_ kind: AggregateKind) -> ColumnValues {
        switch kind {
        case .quantileTiming(let level), .quantileTimingWeighted(let level): return .float32(groups.map { Self.quantile($0, level) })
        case .quantilesTiming(let levels), .quantilesTimingWeighted(let levels):
            let values = groups.flatMap { group in levels.map { Self.quantile(group, $0) } }
            return .arrays(ArrayColumn(elements: .float32(values), ends: groups.indices.map { UInt32(($0 + 1) * levels.count) }))
        default: preconditionFailure("not quantileTiming")
        }
    }

    private static func quantile(_ group: Group, _ level: Double) -> Float {
        switch group {
        case .values(let values):
            guard !values.isEmpty else { return .nan }
            let sorted = values.sorted()
            return Float(sorted[level < 1 ? min(Int(Double(sorted.count) * level), sorted.count - 1) : sorted.count - 1])
        case .histogram(let histogram):
            return histogram.quantile(level)
        }
    }

    /// The time a histogram bucket answers: the value itself below 1,024; above, the bucket's
    /// start plus a jitter of −8…7 from ClickHouse's `intHash32<0>` of the bucket's number.
    private static func key(of index: Int) -> Int {
        guard index >= smallThreshold else { return index }
        let big = index - smallThreshold
        return big * bigPrecision + smallThreshold + Int(IntHash32.hash(UInt64(big)) % UInt32(bigPrecision)) - bigPrecision / 2
    }
}
