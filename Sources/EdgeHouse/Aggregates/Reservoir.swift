/// ClickHouse's `pcg32_fast` generator as `quantile` uses it: seeded with 123456, so every
/// fresh state draws the same sequence (`ReservoirSampler.h`).
struct PCG32Fast: Equatable, Sendable {
    static let multiplier: UInt64 = 6_364_136_223_846_793_005
    var state: UInt64 = 123_456 | 3

    mutating func next() -> UInt32 {
        let old = state
        state = old &* Self.multiplier
        return UInt32(truncatingIfNeeded: (old ^ (old >> 22)) >> (22 + (old >> 61)))
    }

    /// A number in `0..<limit`, as `ReservoirSampler::genRandom` draws it.
    mutating func below(_ limit: UInt64) -> UInt64 {
        if limit <= UInt64(UInt32.max) { return UInt64(next()) % limit }
        let high = UInt64(next()), low = UInt64(next())
        return (high << 32 | low) % limit
    }

    /// `"<multiplier> <increment> <state>"`, how ClickHouse serializes the generator.
    var text: String { String(decoding: textBytes, as: UTF8.self) }

    /// `text` as bytes, written without a `String` (every quantile state of every view row
    /// carries one).
    var textBytes: [UInt8] {
        var digits = [UInt8]()
        var value = state
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(value % 10))
            value /= 10
        } while value > 0
        return Self.textPrefix + digits.reversed()
    }

    private static let textPrefix = Array("\(multiplier) 0 ".utf8)
}

/// ClickHouse's `quantile` state: a reservoir of at most 8192 samples, ported bit for bit from
/// `ReservoirSampler.h` (ClickHouse 26.9), so that for the same values in the same order and the
/// same merge order the answers are ClickHouse's at every size.
///
/// - Up to 8192 values the samples are all the values and the quantile is exact linear
///   interpolation.
/// - Past that, sample `r = rng() % total` is replaced when `r < 8192`: deterministic for a
///   given insertion order.
/// - NaN is skipped and not counted.
struct Reservoir<Value: StateValue>: Equatable, Sendable {
    static var capacity: Int { 8192 }

    var samples: [Value] = []
    var total: UInt64 = 0
    var rng = PCG32Fast()

    mutating func insert(_ value: Value) {
        if value.isNaNValue { return }
        total += 1
        if samples.count < Self.capacity {
            samples.append(value)
        } else {
            let r = rng.below(total)
            if r < UInt64(Self.capacity) { samples[Int(r)] = value }
        }
    }

    /// Merges `other` into this reservoir (ClickHouse 26.9's three branches).
    mutating func merge(_ other: Reservoir) {
        merge(total: other.total, all: { other.samples }, sample: { other.samples[$0] })
    }

    /// Merges a serialized state without decoding it whole: once both sides hold more than
    /// 8192 values, a merge keeps one sample of the other, or one in every `frequency` — the
    /// dashboards' `quantileMerge` over hourly states reads those and skips the rest.
    mutating func merge(serialized reader: inout ByteReader) throws(CodecError) {
        let (otherTotal, _, count) = try Self.readHeader(&reader)
        let bytes = try reader.read(count: count * MemoryLayout<Value>.size)
        merge(total: otherTotal, all: {
            var all = ByteReader(bytes)
            return try! all.readValues(Value.self, count: count)  // the header checked the size
        }, sample: { loadRawValue(Value.self, at: $0, in: bytes) })
    }

    /// - Parameters:
    ///   - all: the other reservoir's samples, when a branch reads many of them;
    ///   - sample: one of them, when a branch keeps just one.
    private mutating func merge(total otherTotal: UInt64, all: () -> [Value], sample: (Int) -> Value) {
        let capacity = UInt64(Self.capacity)
        if otherTotal <= capacity {
            for value in all() { insert(value) }
        } else if total <= capacity {
            let previous = samples
            samples = all()
            total = otherTotal
            for value in previous { insert(value) }
        } else {
            total &+= otherTotal  // wrapping, as ClickHouse's size_t: a crafted state cannot trap
            let frequency = Swift.max(1, Double(total) / Double(otherTotal))  // ≥ 1 unless the total wrapped
            if frequency * 2 >= Double(capacity) {
                let r = rng.below(UInt64(frequency))
                if r < capacity { samples[Int(r)] = sample(Int(r)) }
            } else {
                let other = all()
                var kept = samples  // a local: one uniqueness check, not one per sample
                samples = []
                var i = 0.0
                while i < Double(capacity) {
                    kept[Int(i)] = other[Int(i)]
                    i += frequency
                }
                samples = kept
            }
        }
    }

    /// The interpolated quantile, computed in Float64 as ClickHouse does; `nan` when empty.
    ///
    /// One level needs two order statistics, not a sorted reservoir: they are selected in
    /// linear time (``FloatSort/orderStatistics(_:at:)``), in the sort's order.
    @_specialize(where Value == UInt8) @_specialize(where Value == UInt32) @_specialize(where Value == UInt64)
    @_specialize(where Value == Float) @_specialize(where Value == Double)
    func quantile(_ level: Double) -> Double {
        guard !samples.isEmpty else { return .nan }
        let (lower, upper, index) = Self.interpolationPoints(level, count: samples.count)
        let (low, high) = FloatSort.orderStatistics(samples.map(\.doubleValue), at: lower)
        if upper == samples.count { return low }
        return low * (Double(upper) - index) + high * (index - Double(lower))
    }

    /// The samples as Float64, in order. Every value type converts to Float64 preserving order,
    /// and sorting a concrete `[Double]` is several times faster than sorting through the
    /// generic `Value` (the dashboards' `quantileMerge` spends its time here).
    @_specialize(where Value == UInt8) @_specialize(where Value == UInt32) @_specialize(where Value == UInt64)
    @_specialize(where Value == Float) @_specialize(where Value == Double)
    func sortedSamples() -> [Double] {
        var values = [Double]()
        values.reserveCapacity(samples.count)
        for sample in samples { values.append(sample.doubleValue) }
        FloatSort.sort(&values)
        return values
    }

    static func quantile(_ level: Double, sorted: [Double]) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let (lower, upper, index) = interpolationPoints(level, count: sorted.count)
        if upper == sorted.count { return sorted[lower] }
        return sorted[lower] * (Double(upper) - index) + sorted[upper] * (index - Double(lower))
    }

    /// ClickHouse's interpolation: the fractional position of `level` among `count` sorted
    /// samples and the two samples around it.
    private static func interpolationPoints(_ level: Double, count: Int) -> (lower: Int, upper: Int, index: Double) {
        let index = Swift.max(0, Swift.min(Double(count - 1), level * Double(count - 1)))
        let lower = Int(index)
        return (lower, lower + 1, index)
    }

    /// `UInt64 8192`, `UInt64 total`, the generator as a length-prefixed string, the samples.
    func serialize(into out: inout [UInt8]) {
        appendValue(UInt64(Self.capacity).littleEndian, to: &out)
        appendValue(total.littleEndian, to: &out)
        let text = rng.textBytes
        VarUInt.append(UInt64(text.count), to: &out)
        out.append(contentsOf: text)
        appendValues(samples, to: &out)
    }

    init() {}

    init(deserializing reader: inout ByteReader) throws(CodecError) {
        let count: Int
        (total, rng.state, count) = try Self.readHeader(&reader)
        samples = try reader.readValues(Value.self, count: count)
    }

    /// Reads a serialized state up to its samples, and checks that exactly `count` follow.
    private static func readHeader(_ reader: inout ByteReader) throws(CodecError) -> (total: UInt64, rngState: UInt64, count: Int) {
        let capacity = try reader.read(UInt64.self)
        guard capacity == UInt64(Self.capacity) else { throw .corruptPayload("reservoir of \(capacity) samples") }
        let total = try reader.read(UInt64.self)
        let length = Int(try reader.readVarUInt())
        let text = String(decoding: try reader.read(count: length), as: UTF8.self).split(separator: " ")
        guard text.count == 3, UInt64(text[0]) == PCG32Fast.multiplier, text[1] == "0", let state = UInt64(text[2]) else {
            throw .corruptPayload("reservoir generator state")
        }
        let count = Int(Swift.min(total, capacity))
        guard reader.remaining == count * MemoryLayout<Value>.size else { throw .sizeMismatch(expected: count * MemoryLayout<Value>.size, actual: reader.remaining) }
        return (total, state, count)
    }
}

/// `quantile(level)` and `quantiles(levels…)` states per group.
struct ReservoirStates<Value: StateValue>: GroupedStates {
    var reservoirs: [Reservoir<Value>] = []
    var groupCount: Int { reservoirs.count }

    // Specialized as `update`: called through `any GroupedStates`, the generic append of
    // fresh states costs far more per group than the states themselves.
    @_specialize(where Value == UInt8) @_specialize(where Value == UInt32) @_specialize(where Value == UInt64)
    @_specialize(where Value == Float) @_specialize(where Value == Double)
    mutating func grow(to count: Int) { reservoirs += repeatElement(Reservoir(), count: count - reservoirs.count) }

    // Specialized per value type: called through `any GroupedStates`, unspecialized generic
    // code would cost hundreds of instructions per row.
    @_specialize(where Value == UInt8) @_specialize(where Value == UInt32) @_specialize(where Value == UInt64)
    @_specialize(where Value == Float) @_specialize(where Value == Double)
    mutating func update(_ values: ColumnValues, groups: [Int32]) {
        let input = Value.values(in: values)!
        for (row, g) in groups.enumerated() { reservoirs[Int(g)].insert(input[row]) }
    }

    @_specialize(where Value == UInt8) @_specialize(where Value == UInt32) @_specialize(where Value == UInt64)
    @_specialize(where Value == Float) @_specialize(where Value == Double)
    mutating func merge(_ states: StringColumn, groups: [Int32]) throws(CodecError) {
        for (row, g) in groups.enumerated() {
            try decodeState(states[row]) { (r: inout ByteReader) throws(CodecError) in try reservoirs[Int(g)].merge(serialized: &r) }
        }
    }

    @_specialize(where Value == UInt8) @_specialize(where Value == UInt32) @_specialize(where Value == UInt64)
    @_specialize(where Value == Float) @_specialize(where Value == Double)
    func serialize(_ group: Int, into out: inout [UInt8]) { reservoirs[group].serialize(into: &out) }

    func finalize(_ kind: AggregateKind) -> ColumnValues {
        switch kind {
        case .quantile(let level): return Value.quantileColumn(reservoirs.map { $0.quantile(level) })
        case .quantiles(let levels):
            return Value.quantileArrays(reservoirs.map { reservoir in
                let sorted = reservoir.sortedSamples()
                return levels.map { Reservoir<Value>.quantile($0, sorted: sorted) }
            })
        default: preconditionFailure("not a reservoir quantile")
        }
    }
}

extension AggregateFunction {
    /// Fresh states for this function, for any number of groups.
    func makeStates() -> any GroupedStates {
        struct Maker: StateValueDispatch {
            let kind: AggregateKind
            func make<T: StateValue>(_ type: T.Type) -> any GroupedStates {
                let states: any GroupedStates = switch kind {
                case .count: CountStates()
                case .sum:
                    if T.self == Float.self || T.self == Double.self { SumStates<T, Double>() }
                    else if T.isSigned { SumStates<T, Int64>() }
                    else { SumStates<T, UInt64>() }
                case .avg:
                    if T.self == Float.self || T.self == Double.self { AvgStates<T, Double>() }
                    else if T.isSigned { AvgStates<T, Int64>() }
                    else { AvgStates<T, UInt64>() }
                case .min: ExtremeStates<T>(isMax: false)
                case .max: ExtremeStates<T>(isMax: true)
                case .quantile, .quantiles: ReservoirStates<T>()
                case .quantileDeterministic, .quantilesDeterministic: DeterministicReservoirStates<T>()
                case .quantileTDigest: TDigestStates<T>()
                case .quantileExact, .quantilesExact, .quantileExactRule: ExactQuantileStates<T>()
                case .quantileExactWeighted, .quantilesExactWeighted: WeightedExactQuantileStates<T>()
                case .quantileTiming, .quantilesTiming, .quantileTimingWeighted, .quantilesTimingWeighted: TimingStates<T>()
                case .sumWithOverflow: AggregateFunction.ownTypeSumStates(of: T.self)
                case .any, .anyLast, .uniqExact, .argMin, .argMax, .groupArray, .sumMap, .sumMapWithOverflow, .minMap, .maxMap, .statistic,
                     .groupBit, .avgWeighted, .uniqUpTo, .groupArrayMoving, .sumKahan, .anyHeavy, .uniqCombined, .topK:
                    preconditionFailure("states of any type are made by makeStates")
                }
                return states
            }
        }
        guard let argument else { return CountStates() }
        switch kind {
        case .uniqExact, .uniqCombined: return DistinctCountStates(argument)
        case .groupArray(let limit, let unique): return GroupArrayStates(argument, limit: limit, unique: unique)
        case .any, .anyLast: return ChosenValueStates(argument, last: kind == .anyLast)
        case .argMin: return ArgExtremeStates(argument, greatest: false)
        case .argMax: return ArgExtremeStates(argument, greatest: true)
        case .groupBit(let operation):
            switch argument {
            case .uint8: return BitwiseStates<UInt8>(operation)
            case .uint16: return BitwiseStates<UInt16>(operation)
            case .uint32: return BitwiseStates<UInt32>(operation)
            case .uint64: return BitwiseStates<UInt64>(operation)
            case .int8: return BitwiseStates<Int8>(operation)
            case .int16: return BitwiseStates<Int16>(operation)
            case .int32: return BitwiseStates<Int32>(operation)
            default: return BitwiseStates<Int64>(operation)
            }
        case .avgWeighted: return WeightedAverageStates()
        case .groupArrayMoving(let average, let window): return MovingSumStates(argument: argument, average: average, window: window)
        case .sumKahan: return KahanSumStates()
        case .anyHeavy: return HeavyValueStates(argument)
        case .uniqUpTo(let limit): return DistinctUpToStates(limit: limit)
        case .topK:
            let sizes = kind.topKSizes!
            return TopKStates(argument, threshold: sizes.threshold, reserved: sizes.reserved)
        case .statistic(let statistic) where statistic.isStable:
            return statistic.isPaired ? StableCovarianceStates() : StableVarianceStates()
        case .statistic(let statistic):
            // Summed in Float32 for Float32 input (for two columns, `argument` is their common type).
            func make<T: MomentValue>(_: T.Type) -> any GroupedStates {
                statistic.isPaired ? CovarianceStates<T>() : MomentStates<T>(level: statistic.level)
            }
            return argument == .float32 ? make(Float.self) : make(Double.self)
        case .sumMap, .sumMapWithOverflow, .minMap, .maxMap:
            guard case .tuple(let arrays)? = try? resultType else { preconditionFailure("a map aggregate's argument is checked when bound") }
            let valueTypes = arrays.dropFirst().map { array in if case .array(let element) = array { element } else { array } }
            let rule: MapStates.Rule = kind == .minMap ? .least : kind == .maxMap ? .greatest : .sum
            return MapStates(rule: rule, argument: argument, valueTypes: valueTypes)
        // min/max of numbers and DateTime have typed states; of other types, values as their own keys.
        case .min where !(argument.isNumeric || argument == .dateTime): return ArgExtremeStates(argument, greatest: false)
        case .max where !(argument.isNumeric || argument == .dateTime): return ArgExtremeStates(argument, greatest: true)
        default: return argument.dispatch(Maker(kind: kind))
        }
    }

    /// `sumWithOverflow`'s states: every numeric type sums in its own type (`resultType` let
    /// only numbers through).
    fileprivate static func ownTypeSumStates<T: StateValue>(of _: T.Type) -> any GroupedStates {
        func states<S: OwnTypeSummable>(_: S.Type) -> any GroupedStates { OwnTypeSumStates<S>() }
        let summable: any OwnTypeSummable.Type = T.self as! any OwnTypeSummable.Type
        return states(summable)
    }

    /// The serialized state of no rows: the default value of an `AggregateFunction` column.
    var emptyState: [UInt8] {
        var states = makeStates()
        states.grow(to: 1)
        var bytes = [UInt8]()
        states.serialize(0, into: &bytes)
        return bytes
    }
}
