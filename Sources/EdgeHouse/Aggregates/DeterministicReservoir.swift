/// ClickHouse's `intHash64` (MurmurHash3's 64-bit finalizer), as its C++ code hashes integers;
/// the SQL function `intHash64` salts the value first.
func intHash64(_ value: UInt64) -> UInt64 {
    var x = value
    x ^= x >> 33
    x = x &* 0xFF51_AFD7_ED55_8CCD
    x ^= x >> 33
    x = x &* 0xC4CE_B9FE_1A85_EC53
    return x ^ (x >> 33)
}

/// ClickHouse's `quantileDeterministic` state (`ReservoirSamplerDeterministic.h`): at most 8192
/// samples, chosen by a hash of each row's determinator rather than at random — a sample is kept
/// while the low `skipDegree` bits of its hash are zero, and the degree rises (dropping the
/// samples it rules out) whenever the reservoir is full. Same values and determinators in any
/// order give the same answer.
struct DeterministicReservoir<Value: StateValue>: Sendable {
    static var capacity: Int { 8192 }

    private(set) var samples: [(value: Value, hash: UInt32)] = []
    private var skipDegree = 0
    private var skipMask: UInt32 = 0

    mutating func insert(_ value: Value, determinator: UInt64) {
        if value.isNaNValue { return }
        insert(value, hash: UInt32(truncatingIfNeeded: intHash64(determinator)))
    }

    private mutating func insert(_ value: Value, hash: UInt32) {
        guard hash & skipMask == 0 else { return }
        while samples.count >= Self.capacity {
            raiseSkipDegree()
            guard hash & skipMask == 0 else { return }
        }
        samples.append((value, hash))
    }

    /// One more low bit of the hash must be zero; samples that fail it leave. (ClickHouse stops
    /// at 32 bits with an error; past that a mask of every bit keeps only hashes of zero.)
    private mutating func raiseSkipDegree() {
        skipDegree = min(skipDegree + 1, 32)
        skipMask = skipDegree == 32 ? .max : (1 << UInt32(skipDegree)) - 1
        samples.removeAll { $0.hash & skipMask != 0 }
    }

    /// The samples' values as Float64, sorted.
    func sortedSamples() -> [Double] {
        var values = samples.map(\.value.doubleValue)
        FloatSort.sort(&values)
        return values
    }
}

/// `quantileDeterministic(level)(x, determinator)` / `quantilesDeterministic(levels…)`: the
/// deterministic reservoir per group, answered by `quantile`'s interpolation. Final values only
/// (a state's type would name both argument types).
struct DeterministicReservoirStates<Value: StateValue>: PairedGroupedStates, FinalValueOnlyStates {
    private var reservoirs: [DeterministicReservoir<Value>] = []
    var groupCount: Int { reservoirs.count }

    static var functionName: String { "quantileDeterministic" }

    mutating func grow(to count: Int) { reservoirs += repeatElement(DeterministicReservoir(), count: max(0, count - reservoirs.count)) }

    mutating func update(_ values: ColumnValues, groups: [Int32]) {
        preconditionFailure("quantileDeterministic is bound with its determinator")
    }

    mutating func update(_ values: ColumnValues, paired determinators: ColumnValues, groups: [Int32]) {
        let input = Value.values(in: values)!
        let hashes = Numeric.uint64s(determinators)
        for (row, group) in groups.enumerated() { reservoirs[Int(group)].insert(input[row], determinator: hashes[row]) }
    }

    func finalize(_ kind: AggregateKind) -> ColumnValues {
        switch kind {
        case .quantileDeterministic(let level):
            return Value.quantileColumn(reservoirs.map { Reservoir<Value>.quantile(level, sorted: $0.sortedSamples()) })
        case .quantilesDeterministic(let levels):
            return Value.quantileArrays(reservoirs.map { reservoir in
                let sorted = reservoir.sortedSamples()
                return levels.map { Reservoir<Value>.quantile($0, sorted: sorted) }
            })
        default: preconditionFailure("not a deterministic quantile")
        }
    }
}
