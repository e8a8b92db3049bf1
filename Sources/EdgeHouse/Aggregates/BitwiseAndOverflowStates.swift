/// Integers and floats that `sumWithOverflow` adds in their own type: integers wrapping, floats
/// as floats (Float32 in Float32), as ClickHouse does.
protocol OwnTypeSummable: StateValue {
    static func summed(_ a: Self, _ b: Self) -> Self
}

extension UInt8: OwnTypeSummable { static func summed(_ a: UInt8, _ b: UInt8) -> UInt8 { a &+ b } }
extension UInt16: OwnTypeSummable { static func summed(_ a: UInt16, _ b: UInt16) -> UInt16 { a &+ b } }
extension UInt32: OwnTypeSummable { static func summed(_ a: UInt32, _ b: UInt32) -> UInt32 { a &+ b } }
extension UInt64: OwnTypeSummable { static func summed(_ a: UInt64, _ b: UInt64) -> UInt64 { a &+ b } }
extension Int8: OwnTypeSummable { static func summed(_ a: Int8, _ b: Int8) -> Int8 { a &+ b } }
extension Int16: OwnTypeSummable { static func summed(_ a: Int16, _ b: Int16) -> Int16 { a &+ b } }
extension Int32: OwnTypeSummable { static func summed(_ a: Int32, _ b: Int32) -> Int32 { a &+ b } }
extension Int64: OwnTypeSummable { static func summed(_ a: Int64, _ b: Int64) -> Int64 { a &+ b } }
extension Float: OwnTypeSummable { static func summed(_ a: Float, _ b: Float) -> Float { a + b } }
extension Double: OwnTypeSummable { static func summed(_ a: Double, _ b: Double) -> Double { a + b } }

/// `sumWithOverflow(x)`: the sum in the argument's own type. Serialized as the value, raw.
struct OwnTypeSumStates<Value: OwnTypeSummable>: GroupedStates {
    private var sums: [Value] = []
    var groupCount: Int { sums.count }

    mutating func grow(to count: Int) { sums += repeatElement(.zero, count: max(0, count - sums.count)) }

    mutating func update(_ values: ColumnValues, groups: [Int32]) {
        let input = Value.values(in: values)!
        for (row, group) in groups.enumerated() { sums[Int(group)] = Value.summed(sums[Int(group)], input[row]) }
    }

    /// Without GROUP BY, floats add up in ClickHouse's running sums (``BlockSum``).
    mutating func updateSingleGroup(_ values: ColumnValues) {
        grow(to: 1)
        let input = Value.values(in: values)!
        if var sum = sums[0] as? Float, let floats = input as? [Float] {
            BlockSum.add(rows: floats.count, to: &sum) { floats[$0] }
            sums[0] = sum as! Value
        } else if var sum = sums[0] as? Double, let doubles = input as? [Double] {
            BlockSum.add(rows: doubles.count, to: &sum) { doubles[$0] }
            sums[0] = sum as! Value
        } else {
            for value in input { sums[0] = Value.summed(sums[0], value) }
        }
    }

    mutating func merge(_ states: StringColumn, groups: [Int32]) throws(CodecError) {
        for (row, group) in groups.enumerated() {
            let other = try decodeState(states[row]) { (reader: inout ByteReader) throws(CodecError) in try reader.readValue(Value.self) }
            sums[Int(group)] = Value.summed(sums[Int(group)], other)
        }
    }

    func serialize(_ group: Int, into out: inout [UInt8]) { appendValue(sums[group], to: &out) }
    func finalize(_ kind: AggregateKind) -> ColumnValues { Value.column(sums) }
}

/// `groupBitAnd` / `groupBitOr` / `groupBitXor(x)` of integers: the bits combined, from all ones
/// for AND (an empty group's answer) and from zero otherwise. Serialized as the value, raw.
struct BitwiseStates<Value: StateValue & FixedWidthInteger>: GroupedStates {
    let operation: BitOperation
    private var values: [Value] = []
    var groupCount: Int { values.count }

    init(_ operation: BitOperation) { self.operation = operation }

    mutating func grow(to count: Int) {
        values += repeatElement(operation == .and ? ~Value.zero : .zero, count: max(0, count - values.count))
    }

    private func combined(_ a: Value, _ b: Value) -> Value {
        switch operation {
        case .and: a & b
        case .or: a | b
        case .xor: a ^ b
        }
    }

    mutating func update(_ column: ColumnValues, groups: [Int32]) {
        let input = Value.values(in: column)!
        for (row, group) in groups.enumerated() { values[Int(group)] = combined(values[Int(group)], input[row]) }
    }

    mutating func merge(_ states: StringColumn, groups: [Int32]) throws(CodecError) {
        for (row, group) in groups.enumerated() {
            let other = try decodeState(states[row]) { (reader: inout ByteReader) throws(CodecError) in try reader.readValue(Value.self) }
            values[Int(group)] = combined(values[Int(group)], other)
        }
    }

    func serialize(_ group: Int, into out: inout [UInt8]) { appendValue(values[group], to: &out) }
    func finalize(_ kind: AggregateKind) -> ColumnValues { Value.column(values) }
}

/// `avgWeighted(x, weight)`: Σ x·w / Σ w (NaN when the weights sum to zero). As in ClickHouse
/// 26.9, an integer weight makes the sums integers of its signedness: each value is truncated to
/// an integer before it is weighted (`avgWeighted(2.5, 2)` counts 4, and a negative value under an
/// unsigned weight wraps). Final values only (a state's type would name
/// both argument types).
struct WeightedAverageStates: PairedGroupedStates, FinalValueOnlyStates {
    private var numerators: [Double] = []
    private var denominators: [Double] = []
    private var integerNumerators: [Int64] = []
    private var integerDenominators: [Int64] = []
    private var integerWeights = false
    /// Unsigned weights make the integer sums unsigned (a negative value wraps, as in ClickHouse).
    private var unsignedWeights = false
    var groupCount: Int { numerators.count }

    static var functionName: String { "avgWeighted" }

    mutating func grow(to count: Int) {
        let added = max(0, count - numerators.count)
        numerators += repeatElement(0, count: added)
        denominators += repeatElement(0, count: added)
        integerNumerators += repeatElement(0, count: added)
        integerDenominators += repeatElement(0, count: added)
    }

    mutating func update(_ values: ColumnValues, groups: [Int32]) { preconditionFailure("avgWeighted is bound with its weight") }

    mutating func update(_ values: ColumnValues, paired weights: ColumnValues, groups: [Int32]) {
        guard weights.type != .float32 && weights.type != .float64 else {
            let x = Numeric.doubles(values), w = Numeric.doubles(weights)
            for (row, group) in groups.enumerated() {
                numerators[Int(group)] += x[row] * w[row]
                denominators[Int(group)] += w[row]
            }
            return
        }
        integerWeights = true
        unsignedWeights = [.uint8, .uint16, .uint32, .uint64].contains(weights.type)
        let x = Numeric.doubles(values), w = Numeric.int64s(weights)
        for (row, group) in groups.enumerated() {
            let value = x[row].isFinite ? Int64(exactly: x[row].rounded(.towardZero)) ?? 0 : 0
            integerNumerators[Int(group)] &+= value &* w[row]
            integerDenominators[Int(group)] &+= w[row]
        }
    }

    func finalize(_ kind: AggregateKind) -> ColumnValues {
        if integerWeights {
            // The same two's-complement bits, read as the weights' signedness.
            func real(_ bits: Int64) -> Double { unsignedWeights ? Double(UInt64(bitPattern: bits)) : Double(bits) }
            return .float64(zip(integerNumerators, integerDenominators).map { real($0) / real($1) })
        }
        return .float64(zip(numerators, denominators).map { $0 / $1 })
    }
}

/// `uniqUpTo(n)(x)`: how many distinct values a group has, up to `n` (`n + 1` for more). Final
/// values only (ClickHouse's state holds hashes this engine does not compute).
struct DistinctUpToStates: FinalValueOnlyStates {
    let limit: Int
    private var seen: [Set<[UInt8]>] = []
    var groupCount: Int { seen.count }

    static var functionName: String { "uniqUpTo" }

    init(limit: Int) { self.limit = limit }

    mutating func grow(to count: Int) { seen += repeatElement([], count: max(0, count - seen.count)) }

    mutating func update(_ values: ColumnValues, groups: [Int32]) {
        for (row, group) in groups.enumerated() where seen[Int(group)].count <= limit {
            var bytes = [UInt8]()
            ColumnSerialization.append(values, rows: row..<row + 1, to: &bytes)
            seen[Int(group)].insert(bytes)
        }
    }

    func finalize(_ kind: AggregateKind) -> ColumnValues { .uint64(seen.map { UInt64(min($0.count, limit + 1)) }) }
}
