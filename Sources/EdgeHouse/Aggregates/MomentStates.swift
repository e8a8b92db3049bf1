import Foundation

/// The float type ClickHouse's statistics add up in: `Float32` for Float32 input, else `Float64`.
protocol MomentValue: BinaryFloatingPoint, BitwiseCopyable, Sendable {
    /// A numeric column's values in this type (`static_cast`, as ClickHouse converts them).
    static func converting(_ column: ColumnValues) -> [Self]
    /// `value / power(base)`, the power in Float64, back in this type.
    static func dividedByPower(_ value: Self, of base: Self, _ power: (Double) -> Double) -> Self
    static func column(_ values: [Self]) -> ColumnValues
}

extension Double: MomentValue {
    static func converting(_ column: ColumnValues) -> [Double] { Numeric.doubles(column) }
    static func dividedByPower(_ value: Double, of base: Double, _ power: (Double) -> Double) -> Double { value / power(base) }
}

extension Float: MomentValue {
    static func converting(_ column: ColumnValues) -> [Float] {
        if case .float32(let values) = column { return values }
        return Numeric.doubles(column).map { Float($0) }
    }
    static func dividedByPower(_ value: Float, of base: Float, _ power: (Double) -> Double) -> Float { Float(Double(value) / power(Double(base))) }
}

/// ClickHouse's `addMany`: how a block of rows is added into one state when nothing is grouped
/// (`addBatchSinglePlace`). Float sums depend on the order of the additions; these are
/// ClickHouse's, so that `sum(x)` without GROUP BY answers ClickHouse's bits.
enum BlockSum {
    /// Adds `term(row)` for rows `0..<rows` to `total`: row `r` of every whole stretch of `lanes`
    /// rows into running sum `r mod lanes` (ClickHouse's unrolling: `128 / sizeof(T)` sums, 16 in
    /// Float64), the sums added to `total` in order, then the rows left
    /// over — summed on their own and that sum added (`sum`, `avg`), or added one by one
    /// (`restApart: false`: the moments of `varPop` and kin).
    @inline(__always)
    static func add<T: BinaryFloatingPoint>(rows: Int, to total: inout T, restApart: Bool = true, _ term: (Int) -> T) {
        let lanes = 128 / MemoryLayout<T>.size
        let whole = rows / lanes * lanes
        var partial = [T](repeating: 0, count: lanes)
        var row = 0
        while row < whole {
            for lane in 0..<lanes { partial[lane] += term(row + lane) }
            row += lanes
        }
        for sum in partial { total += sum }
        guard restApart else {
            for row in whole..<rows { total += term(row) }
            return
        }
        var rest = T.zero
        while row < rows {
            rest += term(row)
            row += 1
        }
        total += rest
    }
}

/// `varPop`, `varSamp`, `stddevPop`, `stddevSamp`, `skewPop`, `skewSamp`, `kurtPop`, `kurtSamp`:
/// ClickHouse's `VarMoments` — the count and the sums of `x`, `x²` … `x^level`, in `T`; the
/// statistic from them at the end. Serialized as the `level + 1` sums, raw.
struct MomentStates<T: MomentValue>: GroupedStates {
    let level: Int
    /// `level + 1` sums per group, group after group.
    private var sums: [T] = []
    private var width: Int { level + 1 }
    var groupCount: Int { sums.count / width }

    init(level: Int) { self.level = level }

    mutating func grow(to count: Int) { sums += repeatElement(0, count: max(0, count * width - sums.count)) }

    mutating func update(_ values: ColumnValues, groups: [Int32]) {
        let x = T.converting(values)
        for (row, group) in groups.enumerated() {
            let base = Int(group) * width
            sums[base] += 1
            var power = x[row]
            for k in 1...level {
                sums[base + k] += power
                if k < level { power = power * x[row] }
            }
        }
    }

    mutating func updateSingleGroup(_ values: ColumnValues) {
        grow(to: 1)
        let x = T.converting(values)
        sums[0] += T(x.count)
        BlockSum.add(rows: x.count, to: &sums[1], restApart: false) { x[$0] }
        BlockSum.add(rows: x.count, to: &sums[2], restApart: false) { x[$0] * x[$0] }
        if level >= 3 { BlockSum.add(rows: x.count, to: &sums[3], restApart: false) { x[$0] * x[$0] * x[$0] } }
        if level >= 4 { BlockSum.add(rows: x.count, to: &sums[4], restApart: false) { x[$0] * x[$0] * x[$0] * x[$0] } }
    }

    mutating func merge(_ states: StringColumn, groups: [Int32]) throws(CodecError) {
        let width = width
        for (row, group) in groups.enumerated() {
            let other = try decodeState(states[row]) { (reader: inout ByteReader) throws(CodecError) in try reader.readValues(T.self, count: width) }
            for k in 0..<width { sums[Int(group) * width + k] += other[k] }
        }
    }

    func serialize(_ group: Int, into out: inout [UInt8]) { appendValues(Array(sums[group * width..<(group + 1) * width]), to: &out) }

    func finalize(_ kind: AggregateKind) -> ColumnValues {
        guard case .statistic(let statistic) = kind else { preconditionFailure("not a moment statistic") }
        return T.column((0..<groupCount).map { Moments(sums[$0 * width..<($0 + 1) * width]).value(of: statistic) })
    }
}

/// One group's sums, and ClickHouse's formulas over them (`Moments.h`, operation for operation).
private struct Moments<T: MomentValue> {
    let m: ArraySlice<T>
    init(_ sums: ArraySlice<T>) { m = sums }
    private subscript(_ k: Int) -> T { m[m.startIndex + k] }

    /// `std::max(T{}, v)`: a NaN becomes zero.
    private func atLeastZero(_ value: T) -> T { 0 < value ? value : 0 }

    var population: T { self[0] == 0 ? .nan : atLeastZero((self[2] - self[1] * self[1] / self[0]) / self[0]) }
    var sample: T { self[0] <= 1 ? .nan : atLeastZero((self[2] - self[1] * self[1] / self[0]) / (self[0] - 1)) }

    var moment3: T {
        if self[0] == 0 { return .nan }
        if self[0] == 1 { return 0 }
        return (self[3] - (3 * self[2] - 2 * self[1] * self[1] / self[0]) * self[1] / self[0]) / self[0]
    }

    var moment4: T {
        if self[0] == 0 { return .nan }
        if self[0] == 1 { return 0 }
        return (self[4] - (4 * self[3] - (6 * self[2] - 3 * self[1] * self[1] / self[0]) * self[1] / self[0]) * self[1] / self[0]) / self[0]
    }

    func value(of statistic: Statistic) -> T {
        /// A skewness or kurtosis: the central moment over a power of the variance, NaN for none.
        func standardized(_ moment: T, _ variance: T, _ power: (Double) -> Double) -> T {
            variance > 0 ? T.dividedByPower(moment, of: variance, power) : .nan
        }
        // `std::pow` (in a near tie, ClickHouse's C library may round `x^1.5` the other way).
        let threeHalves = { (x: Double) in pow(x, 1.5) }, square = { (x: Double) in x * x }
        switch statistic {
        case .varPop: return population
        case .varSamp: return sample
        case .stddevPop: return population.squareRoot()
        case .stddevSamp: return sample.squareRoot()
        case .skewPop: return standardized(moment3, population, threeHalves)
        case .skewSamp: return standardized(moment3, sample, threeHalves)
        case .kurtPop: return standardized(moment4, population, square)
        case .kurtSamp: return standardized(moment4, sample, square)
        default: preconditionFailure("not a statistic of power sums of one column")
        }
    }
}

/// `covarPop(x, y)`, `covarSamp(x, y)`, `corr(x, y)`: ClickHouse's `CovarMoments` /
/// `CorrMoments` — the count and the sums of `x`, `y`, `xy` (and `x²`, `y²` for `corr`), in `T`.
/// Final values only (a state's type would name both argument types).
struct CovarianceStates<T: MomentValue>: PairedGroupedStates, FinalValueOnlyStates {
    /// Sums per group: count, x, y, xy, x², y².
    private static var width: Int { 6 }
    private var sums: [T] = []
    var groupCount: Int { sums.count / Self.width }

    static var functionName: String { "covarPop" }

    mutating func grow(to count: Int) { sums += repeatElement(0, count: max(0, count * Self.width - sums.count)) }

    mutating func update(_ values: ColumnValues, groups: [Int32]) {
        preconditionFailure("covariances are bound with two arguments")
    }

    mutating func updateSingleGroup(_ values: ColumnValues, paired: ColumnValues) {
        grow(to: 1)
        let x = T.converting(values), y = T.converting(paired)
        sums[0] += T(x.count)
        BlockSum.add(rows: x.count, to: &sums[1], restApart: false) { x[$0] }
        BlockSum.add(rows: x.count, to: &sums[2], restApart: false) { y[$0] }
        BlockSum.add(rows: x.count, to: &sums[3], restApart: false) { x[$0] * y[$0] }
        BlockSum.add(rows: x.count, to: &sums[4], restApart: false) { x[$0] * x[$0] }
        BlockSum.add(rows: x.count, to: &sums[5], restApart: false) { y[$0] * y[$0] }
    }

    mutating func update(_ values: ColumnValues, paired: ColumnValues, groups: [Int32]) {
        let x = T.converting(values), y = T.converting(paired)
        for (row, group) in groups.enumerated() {
            let base = Int(group) * Self.width
            sums[base] += 1
            sums[base + 1] += x[row]
            sums[base + 2] += y[row]
            sums[base + 3] += x[row] * y[row]
            sums[base + 4] += x[row] * x[row]
            sums[base + 5] += y[row] * y[row]
        }
    }

    func finalize(_ kind: AggregateKind) -> ColumnValues {
        guard case .statistic(let statistic) = kind else { preconditionFailure("not a covariance") }
        return T.column((0..<groupCount).map { group in
            let s = sums[group * Self.width..<(group + 1) * Self.width].map { $0 }
            let (n, x, y, xy, xx, yy) = (s[0], s[1], s[2], s[3], s[4], s[5])
            switch statistic {
            case .covarPop: return (xy - x * y / n) / n
            case .covarSamp: return n == 0 ? .nan : (xy - x * y / n) / (n - 1)
            default: return (n * xy - x * y) / ((n * xx - x * x) * (n * yy - y * y)).squareRoot()
            }
        })
    }
}
