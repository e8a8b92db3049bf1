@testable import EdgeHouse
import EdgeHouseTestSupport
import Testing
import OptiInfraWorkload

@Suite struct AggregateTests {
    /// Every function over every argument type it accepts.
    static let functions: [AggregateFunction] = {
        var result = [try! AggregateFunction(.count, nil)]
        for type in [ColumnType.uint8, .uint32, .uint64, .float32, .float64] {
            for kind in [AggregateKind.sum, .avg, .min, .max, .quantile(0.95), .quantiles([0.5, 0.99]), .quantileExact(0.9)] {
                result.append(try! AggregateFunction(kind, type))
            }
        }
        return result
    }()

    /// Integer-valued data, so float sums are exact in any order and the laws hold exactly.
    static func values(_ type: ColumnType, count: Int, seed: UInt64) -> ColumnValues {
        var random = SplitMix64(seed: seed)
        let raw = (0..<count).map { _ in random.next() % 1000 }
        return switch type {
        case .uint8: .uint8(raw.map { UInt8($0 % 256) })
        case .uint32: .uint32(raw.map { UInt32($0) })
        case .uint64: .uint64(raw)
        case .float32: .float32(raw.map { Float($0) })
        default: .float64(raw.map { Double($0) })
        }
    }

    static func finalized(_ function: AggregateFunction, _ values: ColumnValues) -> String {
        var states = function.makeStates()
        states.grow(to: 1)
        states.update(values, groups: Array(repeating: 0, count: values.count))
        return states.finalize(function.kind).text(at: 0)
    }

    static func state(_ function: AggregateFunction, _ values: ColumnValues) -> [UInt8] {
        var states = function.makeStates()
        states.grow(to: 1)
        states.update(values, groups: Array(repeating: 0, count: values.count))
        return Array(states.serializedColumn()[0])
    }

    /// Merging a serialized reservoir in place (reading only the samples a merge keeps) leaves
    /// exactly the state that decoding it and merging does, in each of the three branches.
    @Test func mergingASerializedReservoirEqualsMergingTheDecodedOne() throws {
        var random = SplitMix64(seed: 17)
        func reservoir(values: Int, total: UInt64? = nil) -> Reservoir<Float> {
            var r = Reservoir<Float>()
            for _ in 0..<values { r.insert(Float(random.next() % 100_000) / 10) }
            if let total { r.total = total }  // a long history, as hourly states of a busy service have
            return r
        }
        let cases: [(Reservoir<Float>, Reservoir<Float>)] = [
            (reservoir(values: 300), reservoir(values: 500)),                  // other within capacity
            (reservoir(values: 300), reservoir(values: 20_000)),               // this one within capacity
            (reservoir(values: 20_000), reservoir(values: 30_000)),            // both full: one in `frequency`
            (reservoir(values: 9000, total: 900_000_000), reservoir(values: 10_000)),  // both full: one sample
        ]
        for (base, other) in cases {
            var decoded = base
            decoded.merge(other)
            var inPlace = base
            var bytes = [UInt8]()
            other.serialize(into: &bytes)
            var reader = ByteReader(bytes[...])
            try inPlace.merge(serialized: &reader)
            #expect(reader.isAtEnd)
            #expect(inPlace == decoded)
        }
    }

    @Test(arguments: functions)
    func mergingStatesFinalizesLikeTheStateOfTheUnion(_ function: AggregateFunction) throws {
        let type = function.argument ?? .uint32
        for (seed, (left, right)) in [(0, 0), (0, 1), (5, 0), (37, 400), (3000, 4000)].enumerated() {
            let all = Self.values(type, count: left + right, seed: UInt64(seed))
            var merged = function.makeStates()
            merged.grow(to: 1)
            try merged.merge(StringColumn(repeating: Self.state(function, all.slice(0..<left)), count: 1), groups: [0])
            try merged.merge(StringColumn(repeating: Self.state(function, all.slice(left..<left + right)), count: 1), groups: [0])
            #expect(merged.finalize(function.kind).text(at: 0) == Self.finalized(function, all), "\(function.typeName) \(left)+\(right)")
        }
    }

    @Test(arguments: functions)
    func serializedStatesRoundTrip(_ function: AggregateFunction) throws {
        let type = function.argument ?? .uint32
        for count in [0, 1, 100, 9000] {
            let bytes = Self.state(function, Self.values(type, count: count, seed: UInt64(count)))
            let column = StringColumn(repeating: bytes, count: 1)
            var reread = try Reservoir<Float>.roundTrip(function, column)
            reread.grow(to: 1)
            #expect(Array(reread.serializedColumn()[0]) == bytes || count > 8192, "\(function.typeName) \(count)")
            // Truncated states are an error, never a crash.
            for cut in [0, bytes.count / 2, bytes.count - 1] where cut < bytes.count {
                var broken = function.makeStates()
                broken.grow(to: 1)
                #expect(throws: CodecError.self) { try broken.merge(StringColumn(repeating: Array(bytes.prefix(cut)), count: 1), groups: [0]) }
            }
        }
    }

    /// The aggregator's errors name the user's functions and types in 26.9's words, never the
    /// plan's internal columns (messages from chdb 26.9).
    @Test func aggregateErrorsAreWordedAsClickHouses() throws {
        let session = SQLSession(store: Store.inMemory(options: testOptions()))
        let cases = [
            ("SELECT quantileMerge(0.5)(s) FROM (SELECT avgState(number) AS s FROM numbers(3))",
             "Code: 43. DB::Exception: Illegal type AggregateFunction(avg, UInt64) of argument for aggregate function with Merge suffix because it corresponds to different aggregate function: avg instead of quantile. (ILLEGAL_TYPE_OF_ARGUMENT)"),
            ("SELECT avgMerge(number) FROM numbers(3)",
             "Code: 43. DB::Exception: Illegal type UInt64 of argument for aggregate function with Merge suffix. It must be AggregateFunction(...). (ILLEGAL_TYPE_OF_ARGUMENT)"),
            ("SELECT sum(toString(number)) FROM numbers(3)",
             "Code: 43. DB::Exception: Illegal type String of argument for aggregate function sum. (ILLEGAL_TYPE_OF_ARGUMENT)"),
        ]
        for (sql, message) in cases {
            #expect(throws: SQLError.self) { try session.execute(sql) }
            do throws(SQLError) { _ = try session.execute(sql) } catch { #expect(error.description == message, "\(sql)") }
        }
    }

    @Test func resultTypesAreClickHouses() throws {
        #expect(try AggregateFunction(.avg, .float32).resultType == .float64)
        #expect(try AggregateFunction(.sum, .uint8).resultType == .uint64)
        #expect(try AggregateFunction(.sum, .float32).resultType == .float64)
        #expect(try AggregateFunction(.max, .float32).resultType == .float32)
        #expect(try AggregateFunction(.quantile(0.95), .uint32).resultType == .float64)
        #expect(try AggregateFunction(.quantiles([0.5]), .float32).resultType == .array(.float64))
        #expect(try AggregateFunction(.quantileExact(0.5), .float32).resultType == .float32)
        #expect(try AggregateFunction(.count, nil).resultType == .uint64)
        #expect(throws: SchemaError.self) { _ = try AggregateFunction(.sum, .string) }
        for name in ["AggregateFunction(quantile(0.95), Float32)", "AggregateFunction(count)", "AggregateFunction(avg, Float32)",
                     "AggregateFunction(quantiles(0.5, 0.9), Float32)", "AggregateFunction(sum, UInt8)"] {
            #expect(ColumnType(name)?.description == name)
        }
    }

    @Test func emptyInputFinalizesAsClickHouse() throws {
        // avg → nan, quantile → nan, count/sum/max → 0 (reference §1.2, §2).
        let empty = ColumnValues.float32([])
        #expect(Self.finalized(try AggregateFunction(.avg, .float32), empty) == "nan")
        #expect(Self.finalized(try AggregateFunction(.quantile(0.5), .float32), empty) == "nan")
        #expect(Self.finalized(try AggregateFunction(.sum, .float32), empty) == "0")
        #expect(Self.finalized(try AggregateFunction(.max, .float32), empty) == "0")
        #expect(Self.finalized(try AggregateFunction(.count, nil), empty) == "0")
    }

    @Test func nanAndOrderRulesOfMinMaxAreClickHouse26s() throws {
        let max = try AggregateFunction(.max, .float64), min = try AggregateFunction(.min, .float64)
        #expect(Self.finalized(max, .float64([.nan, 1, 3])) == "3")
        #expect(Self.finalized(min, .float64([.nan, 1, 3])) == "1")
        #expect(Self.finalized(max, .float64([1, 3, .nan])) == "3")
        #expect(Self.finalized(max, .float64([.nan, .nan, 2])) == "2")
        #expect(Self.finalized(max, .float64([.nan])) == "nan")
        #expect(Self.finalized(max, .float64([.nan, -.infinity])) == "-inf")
        #expect(Self.finalized(max, .float64([-0.0, 0])) == "-0")
        #expect(Self.finalized(max, .float64([0, -0.0])) == "0")
        // quantile skips NaN and does not count it.
        #expect(Self.finalized(try AggregateFunction(.quantile(0.5), .float64), .float64([1, .nan, 3])) == "2")
        // sum of UInt8 does not wrap at 8 bits; avg of Float32 accumulates in Float64.
        #expect(Self.finalized(try AggregateFunction(.sum, .uint8), .uint8([200, 200, 201])) == "601")
        #expect(Self.finalized(try AggregateFunction(.avg, .float32), .float32(Array(repeating: 0.1, count: 10))) == "0.10000000149011612")
    }
}

extension Reservoir {
    /// Reads a serialized state back through the generic states of its function.
    static func roundTrip(_ function: AggregateFunction, _ column: StringColumn) throws(CodecError) -> any GroupedStates {
        var states = function.makeStates()
        states.grow(to: 1)
        try states.merge(column, groups: [0])
        return states
    }
}

@Suite struct FloatSortTests {
    /// The radix sort agrees with `<` on numbers of every sign and magnitude, infinities and
    /// zeros (compared by value: -0 and +0 are equal to `<`).
    @Test(arguments: [0, 1, 2, 100, 8192])
    func sortsAsComparisonDoes(count: Int) {
        var random = SplitMix64(seed: UInt64(count))
        var values = (0..<count).map { i -> Double in
            switch i % 7 {
            case 0: return random.normal() * 1e6
            case 1: return -random.unit()
            case 2: return [0.0, -0.0, .infinity, -.infinity, .leastNonzeroMagnitude, -.greatestFiniteMagnitude][Int(random.next() % 6)]
            default: return Double(Float(random.normal() * 300 + 500))
            }
        }
        let expected = values.sorted()
        FloatSort.sort(&values)
        #expect(values == expected)  // Double's == calls -0 and +0 equal
        #expect(zip(values, values.dropFirst()).allSatisfy { $0.0 <= $0.1 })
    }

    /// Selection gives, bit for bit, the two neighbours the radix sort puts at `k` and `k+1`
    /// (-0 before +0 included), for every `k`, on data with many duplicates, on sorted and
    /// reversed data (the pivots' worst cases) and on tiny arrays.
    @Test(arguments: [1, 2, 3, 10, 257, 8192])
    func orderStatisticsAreTheSortedNeighbours(count: Int) {
        var random = SplitMix64(seed: UInt64(count) + 100)
        let mixed = (0..<count).map { i -> Double in
            switch i % 5 {
            case 0: return [0.0, -0.0, .infinity, -.infinity][Int(random.next() % 4)]
            case 1: return Double(random.next() % 7)  // duplicates
            default: return random.normal() * 100
            }
        }
        let ascending = (0..<count).map(Double.init)
        for values in [mixed, ascending, ascending.reversed(), Array(repeating: 4.5, count: count)] {
            var sorted = values
            FloatSort.sort(&sorted)
            let ks = count <= 257 ? Array(0..<count) : [0, 1, count / 2, count * 95 / 100, count - 2, count - 1]
            for k in ks {
                let (low, high) = FloatSort.orderStatistics(values, at: k)
                #expect(low.bitPattern == sorted[k].bitPattern && high.bitPattern == sorted[min(k + 1, count - 1)].bitPattern, "k \(k) of \(count)")
            }
        }
    }
}
