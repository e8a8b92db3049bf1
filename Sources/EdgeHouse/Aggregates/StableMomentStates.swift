/// ClickHouse's rule for merging two running means: weighted by the counts when both are large
/// and nearly equal, else moved from the other's by the difference (`areComparable`).
private func mergedMean(_ mean: Double, count: UInt64, with otherMean: Double, otherCount: UInt64, total: UInt64) -> Double {
    let (least, greatest) = (min(count, otherCount), max(count, otherCount))
    let comparable = least > 0 && 1 - Double(least) / Double(greatest) < 0.001 && least > 10_000
    if comparable { return (Double(otherCount) * otherMean + Double(count) * mean) / Double(total) }
    return otherMean + (mean - otherMean) * (Double(count) / Double(total))
}

/// `varPopStable`, `varSampStable`, `stddevPopStable`, `stddevSampStable`: ClickHouse's
/// `AggregateFunctionVarianceData` — the count, the running mean and the sum of squared
/// deviations (Welford's update per row, Chan's to merge). Serialized as the count (LEB128),
/// the mean and the sum, as Float64.
struct StableVarianceStates: GroupedStates {
    private var counts: [UInt64] = []
    private var means: [Double] = []
    private var squares: [Double] = []
    var groupCount: Int { counts.count }

    mutating func grow(to count: Int) {
        let added = max(0, count - counts.count)
        counts += repeatElement(0, count: added)
        means += repeatElement(0, count: added)
        squares += repeatElement(0, count: added)
    }

    mutating func update(_ values: ColumnValues, groups: [Int32]) {
        let x = Numeric.doubles(values)
        for (row, group) in groups.enumerated() {
            let g = Int(group)
            let delta = x[row] - means[g]
            counts[g] += 1
            means[g] += delta / Double(counts[g])
            squares[g] += delta * (x[row] - means[g])
        }
    }

    mutating func merge(_ states: StringColumn, groups: [Int32]) throws(CodecError) {
        for (row, group) in groups.enumerated() {
            let (count, mean, square) = try decodeState(states[row]) { (reader: inout ByteReader) throws(CodecError) in
                (try reader.readVarUInt(), try reader.readValue(Double.self), try reader.readValue(Double.self))
            }
            let g = Int(group)
            let total = counts[g] &+ count
            guard total > 0 else { continue }
            let factor = Double(counts[g] &* count) / Double(total)
            let delta = means[g] - mean
            means[g] = mergedMean(means[g], count: counts[g], with: mean, otherCount: count, total: total)
            squares[g] += square + delta * delta * factor
            counts[g] = total
        }
    }

    func serialize(_ group: Int, into out: inout [UInt8]) {
        VarUInt.append(counts[group], to: &out)
        appendValue(means[group], to: &out)
        appendValue(squares[group], to: &out)
    }

    func finalize(_ kind: AggregateKind) -> ColumnValues {
        guard case .statistic(let statistic) = kind else { preconditionFailure("not a stable variance") }
        return .float64((0..<groupCount).map { g in
            let (n, square) = (counts[g], squares[g])
            switch statistic {
            case .varSampStable: return n < 2 ? .infinity : square / Double(n - 1)
            case .stddevSampStable: return (n < 2 ? .infinity : square / Double(n - 1)).squareRoot()
            case .varPopStable: return n == 0 ? .infinity : n == 1 ? 0 : square / Double(n)
            default: return (n == 0 ? .infinity : n == 1 ? 0 : square / Double(n)).squareRoot()
            }
        })
    }
}

/// `covarPopStable(x, y)`, `covarSampStable(x, y)`, `corrStable(x, y)`: ClickHouse's
/// `CovarianceData` — the count, both running means, the co-moment and each column's sum of
/// squared deviations. Final values only (a state's type would name both argument types).
struct StableCovarianceStates: PairedGroupedStates, FinalValueOnlyStates {
    private struct Group {
        var count: UInt64 = 0
        var leftMean = 0.0, rightMean = 0.0, coMoment = 0.0, leftSquares = 0.0, rightSquares = 0.0
    }
    private var groups: [Group] = []
    var groupCount: Int { groups.count }

    static var functionName: String { "covarPopStable" }

    mutating func grow(to count: Int) { groups += repeatElement(Group(), count: max(0, count - groups.count)) }

    mutating func update(_ values: ColumnValues, groups: [Int32]) {
        preconditionFailure("covariances are bound with two arguments")
    }

    mutating func update(_ values: ColumnValues, paired: ColumnValues, groups rowGroups: [Int32]) {
        let x = Numeric.doubles(values), y = Numeric.doubles(paired)
        for (row, group) in rowGroups.enumerated() {
            var state = groups[Int(group)]
            let leftDelta = x[row] - state.leftMean, rightDelta = y[row] - state.rightMean
            let oldRightMean = state.rightMean
            state.count += 1
            state.leftMean += leftDelta / Double(state.count)
            state.rightMean += rightDelta / Double(state.count)
            state.coMoment += (x[row] - state.leftMean) * (y[row] - oldRightMean)
            state.leftSquares += leftDelta * (x[row] - state.leftMean)
            state.rightSquares += rightDelta * (y[row] - state.rightMean)
            groups[Int(group)] = state
        }
    }

    func finalize(_ kind: AggregateKind) -> ColumnValues {
        guard case .statistic(let statistic) = kind else { preconditionFailure("not a stable covariance") }
        return .float64(groups.map { state in
            let n = state.count
            switch statistic {
            case .covarSampStable: return n < 2 ? .infinity : state.coMoment / Double(n - 1)
            case .covarPopStable: return n == 0 ? .infinity : n == 1 ? 0 : state.coMoment / Double(n)
            default: return n < 2 ? .infinity : state.coMoment / (state.leftSquares * state.rightSquares).squareRoot()
            }
        })
    }
}
