/// ClickHouse's t-digest (`QuantileTDigest.h`), operation for operation: centroids of a Float32
/// mean and a Float32 weight, merged neighbour by neighbour (in Float64 temporaries) while a pair
/// stays under `4 · ε · q(1 − q) · n`, compressed whenever 2048 centroids have been added since the
/// last time and before every answer. Same values in the same order give ClickHouse's bits.
struct TDigest: Sendable, Equatable {
    struct Centroid: Sendable, Equatable, BitwiseCopyable {
        var mean: Float
        var count: Float
    }

    /// ε, a Float32 as ClickHouse holds it (0.0099999998).
    private static let epsilon: Float = 0.01
    private static let maxCentroids = 2048
    private static let maxUnmerged = 2048

    private(set) var centroids: [Centroid] = []
    private var count: Double = 0
    private var unmerged = 0

    /// `x` with weight `weight` (a NaN or a weight of 0 is no sample).
    mutating func add(_ x: Float, weight: UInt64 = 1) {
        guard weight != 0, !x.isNaN else { return }
        add(Centroid(mean: x, count: Float(weight)))
    }

    mutating func merge(_ other: TDigest) {
        for centroid in other.centroids { add(centroid) }
    }

    private mutating func add(_ centroid: Centroid) {
        centroids.append(centroid)
        count += Double(centroid.count)
        unmerged += 1
        if unmerged > Self.maxUnmerged { compress() }
    }

    mutating func compress() {
        if unmerged > 0 || centroids.count > Self.maxCentroids {
            sortByMean()
            let countEpsilon4 = count * Double(Self.epsilon) * 4
            var sum = 0.0
            var l = 0
            var lMean = Double(centroids[0].mean), lCount = Double(centroids[0].count)
            for r in 1..<max(1, centroids.count) {
                let right = centroids[r]
                let ql = (sum + lCount * 0.5) / count
                let qr = (sum + lCount + Double(right.count) * 0.5) / count
                let k = countEpsilon4 * min(ql * (1 - ql), qr * (1 - qr))
                let mergeable = lMean == Double(right.mean) || (!lMean.isInfinite && !right.mean.isInfinite)
                if lCount + Double(right.count) <= k && mergeable {
                    // The left centroid takes the right one in (infinities of one sign stay put).
                    lCount += Double(right.count)
                    if Double(right.mean) != lMean { lMean += Double(right.count) * (Double(right.mean) - lMean) / lCount }
                    centroids[l] = Centroid(mean: Float(lMean), count: Float(lCount))
                } else {
                    sum += Double(centroids[l].count)
                    l += 1
                    centroids[l] = right
                    lMean = Double(right.mean)
                    lCount = Double(right.count)
                }
            }
            count = sum + lCount
            centroids.removeSubrange((l + 1)...)
            unmerged = 0
        }
        compressBrute()
    }

    /// Past 2048 centroids (which the pass above does not promise to avoid), runs of
    /// neighbours merged whatever their sizes.
    private mutating func compressBrute() {
        guard centroids.count > Self.maxCentroids else { return }
        let batch = (centroids.count + Self.maxCentroids - 1) / Self.maxCentroids
        var l = 0, position = 0
        var sum = 0.0
        var lMean = Double(centroids[0].mean), lCount = Double(centroids[0].count)
        for r in 1..<centroids.count {
            let right = centroids[r]
            if position < batch - 1 {
                lCount += Double(right.count)
                if Double(right.mean) != lMean { lMean += Double(right.count) * (Double(right.mean) - lMean) / lCount }
                centroids[l] = Centroid(mean: Float(lMean), count: Float(lCount))
                position += 1
            } else {
                if !centroids[l].mean.isNaN {
                    sum += Double(centroids[l].count)
                    l += 1
                }
                centroids[l] = right
                lMean = Double(right.mean)
                lCount = Double(right.count)
                position = 0
            }
        }
        if centroids[l].mean.isNaN {
            count = sum
            centroids.removeSubrange(l...)
        } else {
            count = sum + lCount
            centroids.removeSubrange((l + 1)...)
        }
    }

    /// ClickHouse's stable radix sort by mean: Float32 bits ordered as numbers (−0 before +0),
    /// equal means in the order they came.
    private mutating func sortByMean() {
        func key(_ value: Float) -> UInt32 {
            let bits = value.bitPattern
            return bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
        }
        centroids = centroids.enumerated().sorted { a, b in
            let (ka, kb) = (key(a.element.mean), key(b.element.mean))
            return ka != kb ? ka < kb : a.offset < b.offset
        }.map(\.element)
    }

    /// The levels' quantiles, in the levels' order (NaN when empty), as `getManyImpl` walks the
    /// centroids once for the levels in ascending order; one level answers as `getImpl` does.
    mutating func quantiles(_ levels: [Double]) -> [Float] {
        guard !centroids.isEmpty else { return levels.map { _ in .nan } }
        compress()
        if centroids.count == 1 { return levels.map { _ in centroids[0].mean } }
        var result = [Float](repeating: centroids[centroids.count - 1].mean, count: levels.count)
        let order = levels.indices.sorted { levels[$0] < levels[$1] }
        var next = 0
        var x = levels[order[0]] * count
        var previousX = 0.0
        var sum: Float = 0
        var previousMean = centroids[0].mean, previousCount = centroids[0].count
        for centroid in centroids {
            let currentX = Double(sum) + Double(centroid.count) * 0.5
            if currentX >= x {
                // Singletons are points, not spans.
                let left = previousX + (previousCount == 1 ? 0.5 : 0)
                let right = currentX - (centroid.count == 1 ? 0.5 : 0)
                while currentX >= x {
                    result[order[next]] = x <= left ? previousMean
                        : x >= right ? centroid.mean
                        : Self.interpolate(Float(x), Float(left), previousMean, Float(right), centroid.mean)
                    next += 1
                    if next == levels.count { return result }
                    x = levels[order[next]] * count
                }
            }
            sum += centroid.count
            previousMean = centroid.mean
            previousCount = centroid.count
            previousX = currentX
        }
        return result
    }

    /// The line through (x1, y1) and (x2, y2) at `x`, in ClickHouse's mixed precision.
    private static func interpolate(_ x: Float, _ x1: Float, _ y1: Float, _ x2: Float, _ y2: Float) -> Float {
        let k = Double((x - x1) / (x2 - x1))
        return Float((1 - k) * Double(y1) + k * Double(y2))
    }

    /// Compressed, then the centroid count (LEB128) and the centroids, raw.
    func serialize(into out: inout [UInt8]) {
        var compressed = self
        compressed.compress()
        VarUInt.append(UInt64(compressed.centroids.count), to: &out)
        appendValues(compressed.centroids, to: &out)
    }

    init() {}

    /// A serialized digest: centroids of a positive weight (NaN means dropped), then compressed.
    init(deserializing reader: inout ByteReader) throws(CodecError) {
        let size = Int(try reader.readVarUInt())
        guard size <= 65_536, size <= reader.remaining / MemoryLayout<Centroid>.size else { throw .truncated(needed: size, available: reader.remaining) }
        let read = try reader.readValues(Centroid.self, count: size)
        for centroid in read {
            guard centroid.count > 0 else { throw .corruptPayload("t-digest centroid of weight \(centroid.count)") }
            if !centroid.mean.isNaN { count += Double(centroid.count) }
        }
        centroids = read.filter { !$0.mean.isNaN }
        compress()
    }
}

/// `quantileTDigest(level)(x)` / `quantilesTDigest(levels…)` (with states) and their `…Weighted`
/// forms (final values only): a digest per group, answered in Float32.
struct TDigestStates<Value: StateValue>: PairedGroupedStates {
    private var digests: [TDigest] = []
    var groupCount: Int { digests.count }

    mutating func grow(to count: Int) { digests += repeatElement(TDigest(), count: max(0, count - digests.count)) }

    mutating func update(_ values: ColumnValues, groups: [Int32]) {
        let input = Value.values(in: values)!
        for (row, group) in groups.enumerated() { digests[Int(group)].add(Float(input[row].doubleValue)) }
    }

    mutating func update(_ values: ColumnValues, paired weights: ColumnValues, groups: [Int32]) {
        let input = Value.values(in: values)!
        let weight = Numeric.uint64s(weights)
        for (row, group) in groups.enumerated() { digests[Int(group)].add(Float(input[row].doubleValue), weight: weight[row]) }
    }

    mutating func merge(_ states: StringColumn, groups: [Int32]) throws(CodecError) {
        for (row, group) in groups.enumerated() {
            digests[Int(group)].merge(try decodeState(states[row]) { (reader: inout ByteReader) throws(CodecError) in try TDigest(deserializing: &reader) })
        }
    }

    func serialize(_ group: Int, into out: inout [UInt8]) { digests[group].serialize(into: &out) }

    func finalize(_ kind: AggregateKind) -> ColumnValues {
        guard case .quantileTDigest(let levels, let plural, _) = kind else { preconditionFailure("not a t-digest quantile") }
        let answers = digests.map { digest in
            var digest = digest
            return digest.quantiles(levels)
        }
        if Value.self == DateTimeValue.self {
            let seconds = answers.map { $0.map { Double($0) } }
            return plural ? Value.quantileArrays(seconds) : Value.quantileColumn(seconds.map { $0[0] })
        }
        return plural ? Float.arrays(answers) : .float32(answers.map { $0[0] })
    }
}
