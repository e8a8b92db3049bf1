/// `sumMap(keys, values…)`, `sumMapWithOverflow`, `minMap` and `maxMap`: ClickHouse's
/// `AggregateFunctionSumMap` family over a tuple of arrays — the keys, then one or more value
/// arrays of the same length (`sumMap(k, v)` is bound as `sumMap((k, v))`).
///
/// A group keeps one entry per distinct key: floats compare as numbers (`-0` and `0` are one
/// key, every NaN one key), the first spelling seen is kept. Each value column is summed per key
/// — `sumMap` in UInt64/Int64/Float64, `sumMapWithOverflow` wrapping in the value's own type — or
/// keeps the least (`minMap`) or greatest (`maxMap`) value; a NaN never replaces a number and
/// any number replaces a NaN, as ClickHouse's comparison of fields answers. The final value is
/// the group's keys in ascending order with their values; the sums drop a key whose values are
/// all zero. Final values only: no `-State` here.
struct MapStates: FinalValueOnlyStates {
    enum Rule: Sendable {
        case sum, least, greatest
    }

    /// What one value column accumulates per entry.
    private enum Accumulated: Sendable {
        /// Integer sums as wrapping 64-bit patterns (signed and unsigned add alike).
        case integers([UInt64])
        case floats([Double])
        /// The least or greatest value so far, in the value's own type.
        case values(ColumnValues)
    }

    private let rule: Rule
    /// The final arrays' element types: keys', then each value column's.
    private let keyType: ColumnType
    private let valueTypes: [ColumnType]
    private(set) var groupCount = 0
    /// (group, key) → entry, entries numbered in order of first appearance.
    private var entries: GroupIndexer
    private var entryGroups: [Int32] = []
    /// Each entry's key as first seen.
    private var entryKeys: ColumnValues
    private var accumulated: [Accumulated]

    /// ClickHouse's checks of the argument: a tuple of two or more arrays (code 43), numbers
    /// to sum (code 43, worded as `sum`'s), no aggregate states.
    static func check(_ argument: ColumnType, kind: AggregateKind) throws(QueryError) {
        guard case .tuple(let arrays) = argument, arrays.count >= 2 else { throw .mapArgumentRequired }
        for (index, array) in arrays.enumerated() {
            guard case .array(let element) = array else { throw .mapArgumentRequired }
            if element.isAggregateState || (index > 0 && (kind == .sumMap || kind == .sumMapWithOverflow) && !element.isNumeric) {
                throw .illegalAggregateArgument(function: kind == .sumMap || kind == .sumMapWithOverflow ? "sum" : kind.name, type: element)
            }
        }
    }

    /// ClickHouse's check of each row: its keys and values arrays of one length (code 36).
    static func checkLengths(_ values: ColumnValues) throws(QueryError) {
        guard case .tuples(let tuple) = values, case .arrays(let keys) = tuple.elements[0] else { return }
        for case .arrays(let arrays) in tuple.elements.dropFirst() where arrays.ends != keys.ends { throw .mapSizesDiffer }
    }

    /// `argument` is the bound tuple type (checked by ``check(_:kind:)``); `valueTypes` the
    /// result's value element types.
    init(rule: Rule, argument: ColumnType, valueTypes: [ColumnType]) {
        guard case .tuple(let elements) = argument, case .array(let keyType) = elements[0] else { preconditionFailure("checked by MapStates.check") }
        self.rule = rule
        self.keyType = keyType
        self.valueTypes = valueTypes
        entries = GroupIndexer(types: [.uint32, keyType])
        entryKeys = .empty(keyType)
        accumulated = elements.dropFirst().map { element in
            guard case .array(let valueType) = element else { preconditionFailure("checked by MapStates.check") }
            switch rule {
            case .sum: return valueType == .float32 || valueType == .float64 ? .floats([]) : .integers([])
            case .least, .greatest: return .values(.empty(valueType))
            }
        }
    }

    mutating func grow(to count: Int) { groupCount = max(groupCount, count) }

    mutating func update(_ values: ColumnValues, groups: [Int32]) {
        guard case .tuples(let tuple) = values, case .arrays(let keyArrays) = tuple.elements[0] else { preconditionFailure("a tuple of arrays") }
        var elementGroups = [Int32]()
        elementGroups.reserveCapacity(keyArrays.elements.count)
        for (row, group) in groups.enumerated() { elementGroups += repeatElement(group, count: keyArrays.range(of: row).count) }
        let keys = keyArrays.elements
        let known = entries.groupCount
        let ids = entries.assign([.uint32(elementGroups.map { UInt32(bitPattern: $0) }), Self.comparable(keys)], rowCount: keys.count)
        var firstElements = [Int32]()
        for (element, id) in ids.enumerated() where Int(id) == known + firstElements.count {
            firstElements.append(Int32(element))
            entryGroups.append(elementGroups[element])
        }
        entryKeys.append(contentsOf: keys.gathering(firstElements))
        let entryCount = entries.groupCount
        for (column, element) in tuple.elements.dropFirst().enumerated() {
            guard case .arrays(let valueArrays) = element else { preconditionFailure("a tuple of arrays") }
            accumulated[column] = Self.accumulating(accumulated[column], valueArrays.elements, entries: ids, known: known,
                                                   entryCount: entryCount, rule: rule)
        }
    }

    private static func accumulating(_ accumulated: Accumulated, _ values: ColumnValues, entries ids: [Int32], known: Int,
                                     entryCount: Int, rule: Rule) -> Accumulated {
        switch accumulated {
        case .integers(var sums):
            sums += repeatElement(0, count: entryCount - sums.count)
            for (value, id) in zip(Numeric.uint64s(values), ids) { sums[Int(id)] &+= value }
            return .integers(sums)
        case .floats(var sums):
            sums += repeatElement(0, count: entryCount - sums.count)
            for (value, id) in zip(Numeric.doubles(values), ids) { sums[Int(id)] += value }
            return .floats(sums)
        case .values(let current):
            // The winning element of this batch per entry; a new entry's first element at least.
            var winner = [Int32: Int]()
            for (element, id) in ids.enumerated() {
                if let best = winner[id] {
                    if replaces(values, element, values, best, rule: rule) { winner[id] = element }
                } else if Int(id) >= known || replaces(values, element, current, Int(id), rule: rule) {
                    winner[id] = element
                }
            }
            var indices = (0..<Int32(entryCount)).map { $0 }
            for (id, element) in winner { indices[Int(id)] = Int32(known + element) }
            return .values(ColumnValues.joined([current, values]).gathering(indices))
        }
    }

    /// Whether value `i` of `a` takes the place of value `j` of `b`.
    private static func replaces(_ a: ColumnValues, _ i: Int, _ b: ColumnValues, _ j: Int, rule: Rule) -> Bool {
        if isNaN(a, i) { return false }
        if isNaN(b, j) { return true }
        let order = KeyOrder.compare(a, i, b, j)
        return rule == .least ? order < 0 : order > 0
    }

    private static func isNaN(_ column: ColumnValues, _ row: Int) -> Bool {
        switch column {
        case .float32(let values): values[row].isNaN
        case .float64(let values): values[row].isNaN
        default: false
        }
    }

    /// Keys as the entries compare them: floats with one zero and one NaN.
    private static func comparable(_ keys: ColumnValues) -> ColumnValues {
        switch keys {
        case .float32(let values): .float32(values.map { $0.isNaN ? .nan : $0 == 0 ? 0 : $0 })
        case .float64(let values): .float64(values.map { $0.isNaN ? .nan : $0 == 0 ? 0 : $0 })
        default: keys
        }
    }

    static var functionName: String { "sumMap" }

    func finalize(_ kind: AggregateKind) -> ColumnValues {
        var entriesOfGroup = [[Int32]](repeating: [], count: groupCount)
        for (entry, group) in entryGroups.enumerated() { entriesOfGroup[Int(group)].append(Int32(entry)) }
        let values = accumulated.enumerated().map { column, accumulated in finalValues(accumulated, type: valueTypes[column]) }
        var order = [Int32]()
        var ends = [UInt32]()
        ends.reserveCapacity(groupCount)
        for group in entriesOfGroup {
            var sorted = group.sorted { KeyOrder.compare(entryKeys, Int($0), entryKeys, Int($1)) < 0 }
            if rule == .sum { sorted.removeAll { entry in accumulated.allSatisfy { Self.isZero($0, Int(entry)) } } }
            order += sorted
            ends.append(UInt32(order.count))
        }
        let arrays = [entryKeys.gathering(order)] + values.map { $0.gathering(order) }
        return .tuples(TupleColumn(arrays.map { .arrays(ArrayColumn(elements: $0, ends: ends)) }, count: groupCount))
    }

    private static func isZero(_ accumulated: Accumulated, _ entry: Int) -> Bool {
        switch accumulated {
        case .integers(let sums): sums[entry] == 0
        case .floats(let sums): sums[entry] == 0
        case .values: false
        }
    }

    /// Each entry's value in the result's type: sums narrowed (wrapping) to it.
    private func finalValues(_ accumulated: Accumulated, type: ColumnType) -> ColumnValues {
        switch (accumulated, type) {
        case (.values(let values), _): values
        case (.floats(let sums), .float32): .float32(sums.map { Float($0) })
        case (.floats(let sums), _): .float64(sums)
        case (.integers(let sums), .uint8): .uint8(sums.map { UInt8(truncatingIfNeeded: $0) })
        case (.integers(let sums), .uint16): .uint16(sums.map { UInt16(truncatingIfNeeded: $0) })
        case (.integers(let sums), .uint32): .uint32(sums.map { UInt32(truncatingIfNeeded: $0) })
        case (.integers(let sums), .int8): .int8(sums.map { Int8(truncatingIfNeeded: $0) })
        case (.integers(let sums), .int16): .int16(sums.map { Int16(truncatingIfNeeded: $0) })
        case (.integers(let sums), .int32): .int32(sums.map { Int32(truncatingIfNeeded: $0) })
        case (.integers(let sums), .int64): .int64(sums.map { Int64(bitPattern: $0) })
        case (.integers(let sums), _): .uint64(sums)
        }
    }
}
