import EdgeHouseTestSupport
import Testing

@testable import EdgeHouse
import OptiInfraWorkload

/// The sorts against their definition: a stable sort that compares typed values
/// (`KeyOrder.compare`, ClickHouse's order), ties in input order.
struct KeyOrderTests {
    private func referenceOrder(_ keys: [ColumnValues]) -> [Int32] {
        let rows = keys.first?.count ?? 0
        return (0..<Int32(rows)).sorted { a, b in
            let order = KeyOrder.compare(keys, Int(a), keys, Int(b))
            return order != 0 ? order < 0 : a < b
        }
    }

    @Test func radixSortIsAStableSortOfTheLowBits() {
        var random = SplitMix64(seed: 31)
        for trial in 0..<200 {
            let bits = Int(random.next() % 64) + 1
            let distinct = trial % 2 == 0 ? 5 : 1 << 20  // many ties, or few
            let count = Int(random.next() % 5_000)
            let mask: UInt64 = bits == 64 ? .max : (1 << UInt64(bits)) - 1
            var keys = [UInt64]()
            for _ in 0..<count { keys.append(random.next() % UInt64(distinct) & mask) }
            let expected = (0..<Int32(count)).sorted { (a: Int32, b: Int32) -> Bool in
                let x = keys[Int(a)], y = keys[Int(b)]
                return x != y ? x < y : a < b
            }
            #expect(RadixSort.permutation(keys, bits: bits) == expected, "trial \(trial), \(bits) bits")
        }
    }

    /// A column of every key type (by `kind`), few or many distinct values, values that pack
    /// into one word and values too wide for it, negative integers, `-0`, NaN.
    private static func keyColumn(_ kind: Int, rows: Int, many: Bool, _ random: inout SplitMix64) -> ColumnValues {
        let uuids = (0..<6).map { UUIDValue(high: UInt64($0) * 7_919, low: UInt64($0 % 3)) }
        let strings = ["", "a", "ab", "b", "ba", "\u{00e9}"]
        let range: UInt64 = many ? 1 << 40 : 4
        switch kind {
        case 0: return .uuid((0..<rows).map { _ in many ? UUIDValue(high: random.next(), low: random.next()) : uuids[Int(random.next() % 6)] })
        case 1: return .string(StringColumn((0..<rows).map { _ in many ? String(random.next() % 10_000) : strings[Int(random.next() % 6)] }))
        case 2: return .dateTime((0..<rows).map { _ in 1_790_000_000 + UInt32(random.next() % range % 4_000_000) })
        case 3: return .int64((0..<rows).map { _ in Int64(bitPattern: random.next() % range) - Int64(range / 2) })
        case 4: return .uint64((0..<rows).map { _ in many ? random.next() : random.next() % range })
        case 5: return .float64((0..<rows).map { _ in [0.0, -0.0, .nan, -1.5, 2.25, .infinity][Int(random.next() % 6)] })
        case 6: return .nullable(NullableColumn(values: .uint32((0..<rows).map { _ in UInt32(random.next() % 3) }),
                                                nulls: (0..<rows).map { _ in random.next() % 3 == 0 }))
        default: return .uint8((0..<rows).map { _ in UInt8(random.next() % 3) })
        }
    }

    /// Runs of equal keys (a Summing view's groups, a window's peers) found column by column
    /// are the runs row-by-row comparison finds: `-0` equal to `0`, NaN to NaN, NULL to NULL.
    @Test func runStartsAreWhereTheKeysChange() {
        var random = SplitMix64(seed: 33)
        for trial in 0..<300 {
            let rows = Int(random.next() % 300)
            let keys = (0..<Int(random.next() % 3) + 1).map { _ in Self.keyColumn(Int(random.next() % 8), rows: rows, many: false, &random) }
            // Sorted, so that runs are long, or not, so that they are short.
            let ordered = trial % 2 == 0 ? keys.map { $0.gathering(KeyOrder.sortPermutation(keys)) } : keys
            let expected = (0..<rows).map { $0 == 0 || KeyOrder.compare(ordered, $0 - 1, ordered, $0) != 0 }
            #expect(KeyOrder.runStarts(ordered, rowCount: rows) == expected, "trial \(trial): \(keys.map(\.type))")
        }
    }

    /// Every key type of a table's sorting key (not Nullable), few and many distinct values.
    @Test func sortPermutationIsTheStableSortOfEveryKeyType() {
        var random = SplitMix64(seed: 32)
        for trial in 0..<250 {
            let rows = Int(random.next() % 2_000) + 1
            let keys = (0..<Int(random.next() % 4) + 1).map { _ in
                Self.keyColumn([0, 1, 2, 3, 4, 5, 7][Int(random.next() % 7)], rows: rows, many: random.next() % 3 == 0, &random)
            }
            #expect(KeyOrder.sortPermutation(keys) == referenceOrder(keys), "trial \(trial): \(keys.map(\.type))")
        }
    }

    /// Ranked groups then values — the block sort's path — against the same definition.
    @Test func groupsThenValuesIsTheStableSort() {
        var random = SplitMix64(seed: 33)
        for trial in 0..<200 {
            let rows = Int(random.next() % 4_000) + 1
            let customers = (0..<Int(random.next() % 50) + 1).map { _ in UUIDValue(high: random.next(), low: random.next()) }
            let customer = ColumnValues.uuid((0..<rows).map { _ in customers[Int(random.next() % UInt64(customers.count))] })
            let time = ColumnValues.dateTime((0..<rows).map { _ in UInt32(random.next() % 100_000) })
            var indexer = GroupIndexer(types: [.uuid])
            let groups = indexer.assign([customer], rowCount: rows)
            let order = KeyOrder.permutation(groups: groups, groupKeys: indexer.keys, groupCount: indexer.groupCount,
                                             then: trial % 2 == 0 ? time : nil)
            #expect(order == referenceOrder(trial % 2 == 0 ? [customer, time] : [customer]), "trial \(trial)")
        }
    }
}
