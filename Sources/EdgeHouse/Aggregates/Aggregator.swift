/// Runs an ``AggregationQuery`` over a stream of input columns: group numbers from the GROUP BY
/// keys, then every aggregate's states updated a column at a time.
///
/// Rows feed states in the order they arrive, and `-Merge` merges input states in the order
/// they arrive: callers deliver batches in canonical order (an insert's rows as given; parts by
/// block number, rows in storage order).
public struct Aggregator {
    private struct Bound {
        var call: AggregateCall
        var function: AggregateFunction
        var states: any GroupedStates
        /// An earlier aggregate whose states are the same (same state kind, argument and
        /// combinator: `quantileState(0.95)(x)` and `quantileState(0.99)(x)`); its states are used.
        var sharesStatesOf: Int?
        /// For `-Distinct`: the (group, value) pairs seen so far.
        var seen: GroupIndexer?
        /// For `-OrNull` / `-OrDefault`: the rows each group's states took.
        var rowsSeen: [UInt64]?
    }

    /// The types of the output's columns: the keys', then the aggregates' results.
    public let outputTypes: [ColumnType]
    private let query: AggregationQuery
    private var indexer: GroupIndexer
    private var aggregates: [Bound] = []

    /// Binds the query to the input's column types: types checked, states made.
    public init(_ query: AggregationQuery, input: [ColumnType]) throws(QueryError) {
        self.query = query
        let keyTypes = query.keys.map { input[$0] }
        indexer = GroupIndexer(types: keyTypes)
        var output = keyTypes
        for call in query.aggregates {
                let function = try Self.function(of: call, input: input)
                if call.kind.isMap, let argument = function.argument { try MapStates.check(argument, kind: call.kind) }
                if case .topK(_, weighted: true) = call.kind, let weight = call.secondArgument, !(input[weight].isNumeric && input[weight] != .float32 && input[weight] != .float64) {
                    throw .weightNotInteger(function: call.kind.baseName)
                }
                if call.kind.isWeighted, let weight = call.secondArgument {
                    var type = input[weight]
                    if call.overArrays, case .array(let element) = type { type = element }
                    guard [.uint8, .uint16, .uint32, .uint64].contains(type) else {
                        throw .weightNotUnsigned(function: call.kind.baseName, type: type)
                    }
                }
                let resultType: ColumnType
                do {
                    let finalType = try AggregateFunction(call.kind, function.argument).resultType
                    resultType = call.combinator.producesStates ? .aggregateState(function)
                        : call.whenEmpty == .null && finalType.canBeInsideNullable ? .nullable(finalType) : finalType
                } catch {
                    throw .illegalAggregateArgument(function: call.kind.name, type: function.argument ?? .uint64)
                }
                output.append(resultType)
                let tracksRows = call.whenEmpty != .function
                let twin = tracksRows ? nil : aggregates.firstIndex {
                    $0.sharesStatesOf == nil && $0.rowsSeen == nil && $0.call.overArrays == call.overArrays
                        && $0.function.kind.hasSameState(as: function.kind) && $0.function.argument == function.argument
                        && $0.call.argument == call.argument && $0.call.combinator.mergesStates == call.combinator.mergesStates
                        && $0.call.condition == call.condition && $0.call.distinct == call.distinct && $0.call.secondArgument == call.secondArgument
                }
                let seen = call.distinct ? GroupIndexer(types: [.uint32] + [function.argument].compactMap { $0 }) : nil
                var states = function.makeStates()
                if query.keys.isEmpty, call.kind == .argMax, var argMax = states as? ArgExtremeStates {
                    argMax.laterTiesWinInBatch = true
                    states = argMax
                }
                aggregates.append(Bound(call: call, function: function, states: states, sharesStatesOf: twin, seen: seen,
                                        rowsSeen: tracksRows ? [] : nil))
        }
        outputTypes = output
    }

    /// The function whose states the call builds or merges.
    private static func function(of call: AggregateCall, input: [ColumnType]) throws(QueryError) -> AggregateFunction {
        var argumentType: ColumnType?
        if let argument = call.argument {
            argumentType = input[argument]
            if call.overArrays {
                guard case .array(let element) = input[argument] else {
                    throw .illegalAggregateArgument(function: call.kind.name + "Array", type: input[argument])
                }
                argumentType = element
            }
        }
        if call.combinator.mergesStates {
            guard case .aggregateState(let stored)? = argumentType else {
                throw .notAggregateState(function: call.kind.name, type: argumentType ?? .uint64)
            }
            guard stored.kind.hasSameState(as: call.kind) else {
                throw .mergeOfOtherFunction(stored: stored.kind.baseName, expected: call.kind.baseName, type: .aggregateState(stored))
            }
            return stored
        }
        if case .aggregateState(let stored)? = argumentType {
            throw .illegalAggregateArgument(function: call.kind.name, type: .aggregateState(stored))
        }
        // `covarPop(x, y)`: summed in Float32 when both are Float32, else in Float64.
        if case .statistic(let statistic) = call.kind, statistic.isPaired, let first = argumentType, let second = call.secondArgument.map({ input[$0] }) {
            for type in [first, second] where !(type.isNumeric || statistic.isStable && (type == .date || type == .dateTime)) {
                throw .illegalAggregateArgument(function: call.kind.name, type: type)
            }
            argumentType = first == .float32 && second == .float32 && !statistic.isStable ? .float32 : .float64
        }
        let weightType: ColumnType? = if case .topK(_, weighted: true) = call.kind { call.secondArgument.map { input[$0] } } else { nil }
        do { return try AggregateFunction(call.kind, call.kind == .count ? nil : argumentType, weightType: weightType) } catch {
            throw .illegalAggregateArgument(function: call.kind.name, type: argumentType ?? .uint64)
        }
    }

    /// Feeds `rowCount` rows of the input's columns.
    public mutating func consume(_ input: [ColumnValues], rowCount: Int) throws(QueryError) {
        guard rowCount > 0 else { return }
        let groups = indexer.assign(query.keys.map { input[$0] }, rowCount: rowCount)
        for index in aggregates.indices where aggregates[index].sharesStatesOf == nil {
            aggregates[index].states.grow(to: indexer.groupCount)
            let call = aggregates[index].call
            // `count()` takes no column: a column of as many rows stands for its argument.
            var values = call.argument.map { input[$0] } ?? .uint8(Array(repeating: 0, count: rowCount))
            var groups = groups
            var keys = call.secondArgument.map { input[$0] }
            // `-OrDefault` counts the rows given to the function it wraps (an `-If` among them,
            // before its condition); `-OrNull` those the states take. ClickHouse 26.9's rule.
            if call.whenEmpty == .typeDefault { countRows(groups, of: index) }
            if let condition = call.condition {
                let keep = Numeric.truth(input[condition])
                (values, groups) = (values.filtered(keep), zip(groups, keep).filter(\.1).map(\.0))
                keys = keys?.filtered(keep)
            }
            if call.overArrays, case .arrays(let arrays) = values {
                // `-Array`: each element is a row of its array's group — and of the second
                // argument's array, of the same length, for a function of two.
                if let paired = keys {
                    guard case .arrays(let pairedArrays) = paired else {
                        throw .illegalAggregateArgument(function: call.kind.baseName + "Array", type: paired.type)
                    }
                    guard groups.indices.allSatisfy({ arrays.range(of: $0).count == pairedArrays.range(of: $0).count }) else {
                        throw .arrayLengthsDiffer
                    }
                    keys = pairedArrays.elements
                }
                var elementGroups = [Int32]()
                elementGroups.reserveCapacity(arrays.elements.count)
                for (row, group) in groups.enumerated() { elementGroups += repeatElement(group, count: arrays.range(of: row).count) }
                (values, groups) = (arrays.elements, elementGroups)
            }
            if call.kind.isMap { try MapStates.checkLengths(values) }
            if call.whenEmpty == .null { countRows(groups, of: index) }
            if var seen = aggregates[index].seen {
                // Only the first row of each (group, value) pair. (Out of the array while it
                // grows: a second reference would copy its tables.)
                aggregates[index].seen = nil
                let known = seen.groupCount
                let pairs = seen.assign([.uint32(groups.map { UInt32(bitPattern: $0) })] + (call.argument == nil ? [] : [values]), rowCount: groups.count)
                aggregates[index].seen = seen
                var next = Int32(known)
                let keep = pairs.map { pair in
                    guard pair == next else { return false }
                    next += 1
                    return true
                }
                (values, groups) = (values.filtered(keep), zip(groups, keep).filter(\.1).map(\.0))
                keys = keys?.filtered(keep)
            }
            // Nothing grouped: the block goes to the one state as ClickHouse adds it. Grouped by
            // one byte: through ClickHouse's lookup tables, for the calls where that shows.
            let singleGroup = query.keys.isEmpty && call.condition == nil && !call.overArrays && !call.distinct
            let byOneByteKey = query.keys.count == 1 && [.uint8, .int8].contains(input[query.keys[0]].type)
            if let keys, var states = aggregates[index].states as? any PairedGroupedStates {
                if singleGroup { states.updateSingleGroup(values, paired: keys) } else { states.update(values, paired: keys, groups: groups) }
                aggregates[index].states = states
            } else if call.combinator.mergesStates {
                guard case .aggregateStates(_, let states) = values else { preconditionFailure("bound to a state column") }
                do { try aggregates[index].states.merge(states, groups: groups) } catch { throw .corruptState("\(error)") }
            } else if singleGroup {
                aggregates[index].states.updateSingleGroup(values)
            } else if byOneByteKey && Self.addsThroughLookupTables(call, aggregates[index].function) {
                try addThroughLookupTables(index, values, groups: groups)
            } else {
                aggregates[index].states.update(values, groups: groups)
            }
        }
    }

    /// The result: one row per group, in order of first appearance — or, for one key of one or
    /// two bytes, in the order of its bits, as ClickHouse lists them (see ``orderOfSmallKeys(_:)``)
    /// — and one row of defaults when there is no GROUP BY and no input, as ClickHouse answers.
    public mutating func finish() -> [ColumnValues] {
        var serializedColumns = [Int: StringColumn]()
        if query.keys.isEmpty && indexer.groupCount == 0 { singleGroup = true }
        let sharedQuantiles = quantilesOfSharedStates()
        var columns = indexer.keys
        for (next, call) in query.aggregates.enumerated() {
                let owner = aggregates[next].sharesStatesOf ?? next
                var states = aggregates[owner].states
                states.grow(to: groupCount)
                let values: ColumnValues
                if call.combinator.producesStates {
                    // Shared states serialize to the same bytes: reuse the owner's column.
                    let serialized = serializedColumns[owner] ?? states.serializedColumn()
                    serializedColumns[owner] = serialized
                    values = .aggregateStates(aggregates[next].function, serialized)
                } else if case .quantile(let level) = call.kind, let levels = sharedQuantiles[owner] {
                    values = .float64(levels.arrays.map { $0[levels.levels.firstIndex(of: level)!] })
                } else {
                    values = Self.emptyGroupsAnswered(states.finalize(call.kind), call.whenEmpty, rowsSeen: aggregates[next].rowsSeen)
                }
                columns.append(values)
        }
        if let order = Self.orderOfSmallKeys(indexer.keys) { return columns.map { $0.gathering(order) } }
        return columns
    }

    /// ClickHouse keeps the groups of one key of one or two bytes (`key8`, `key16`) in an array
    /// indexed by the key's bits, and so lists them by those bits, unsigned. (Several keys that
    /// fit in two bytes together are listed in another order, not modelled here.)
    private static func orderOfSmallKeys(_ keys: [ColumnValues]) -> [Int32]? {
        guard keys.count == 1, keys[0].count > 1 else { return nil }
        let mask: Int64
        switch keys[0] {
        case .uint8, .int8: mask = 0xFF
        case .uint16, .int16, .date: mask = 0xFFFF
        default: return nil
        }
        let bits = Numeric.int64s(keys[0]).map { $0 & mask }
        return bits.indices.sorted { bits[$0] < bits[$1] }.map { Int32($0) }
    }

    /// Whether ClickHouse adds this call's rows through its lookup tables when the GROUP BY key
    /// is one byte (`addBatchLookupTable8`: states of at most 16 bytes, outside an arena) in a way
    /// that shows in the answer — the order of float additions, which row `any` sees first.
    private static func addsThroughLookupTables(_ call: AggregateCall, _ function: AggregateFunction) -> Bool {
        guard call.combinator == .none, call.condition == nil, !call.distinct, !call.overArrays, call.whenEmpty == .function,
              let argument = function.argument else { return false }
        switch function.kind {
        case .sum, .avg, .sumWithOverflow, .sumKahan: return argument == .float32 || argument == .float64
        case .any, .anyLast: return argument.isNumeric || argument == .dateTime || argument == .date
        default: return false
        }
    }

    /// ClickHouse's `addBatchLookupTable8`: the block's rows in whole fours, row `i` into lane
    /// `i mod 4` of its key's four states; each key's lanes merged into its state in lane order;
    /// then the rows left over added to it directly.
    private mutating func addThroughLookupTables(_ index: Int, _ values: ColumnValues, groups: [Int32]) throws(QueryError) {
        let groupCount = indexer.groupCount
        let unrolled = groups.count / 4 * 4
        var lanes = aggregates[index].function.makeStates()
        lanes.grow(to: 4 * groupCount)
        let laneGroups = (0..<unrolled).map { Int32($0 % 4 * groupCount) + groups[$0] }
        lanes.update(values.slice(0..<unrolled), groups: laneGroups)
        var used = [Bool](repeating: false, count: 4 * groupCount)
        for lane in laneGroups { used[Int(lane)] = true }
        var order = [Int32](), targets = [Int32]()
        for lane in 0..<4 {
            for group in 0..<groupCount where used[lane * groupCount + group] {
                order.append(Int32(lane * groupCount + group))
                targets.append(Int32(group))
            }
        }
        do { try aggregates[index].states.merge(lanes.serializedColumn().gathering(order), groups: targets) } catch {
            throw .corruptState("\(error)")
        }
        if unrolled < groups.count {
            aggregates[index].states.update(values.slice(unrolled..<groups.count), groups: Array(groups[unrolled...]))
        }
    }

    private mutating func countRows(_ groups: [Int32], of index: Int) {
        guard var rowsSeen = aggregates[index].rowsSeen else { return }
        aggregates[index].rowsSeen = nil  // out of the array while it grows
        rowsSeen += repeatElement(0, count: max(0, indexer.groupCount - rowsSeen.count))
        for group in groups { rowsSeen[Int(group)] += 1 }
        aggregates[index].rowsSeen = rowsSeen
    }

    /// `-OrNull` / `-OrDefault`: the groups that no row reached answer NULL / the type's default.
    private static func emptyGroupsAnswered(_ values: ColumnValues, _ rule: AggregateCall.EmptyGroupResult, rowsSeen: [UInt64]?) -> ColumnValues {
        guard rule != .function, let rowsSeen else { return values }
        let empty = (0..<values.count).map { $0 >= rowsSeen.count || rowsSeen[$0] == 0 }
        if rule == .null {
            return values.type.canBeInsideNullable ? .nullable(NullableColumn(values: values, nulls: empty)) : values
        }
        let defaultRow = Int32(values.count)
        return ColumnValues.joined([values, .defaults(values.type, count: 1)]).gathering(empty.enumerated().map { $1 ? defaultRow : Int32($0) })
    }

    /// For states that several `quantile(level)` calls share (`quantileMerge(0.95)(s)` and
    /// `quantileMerge(0.99)(s)`), every level at once, as `quantiles(levels)` computes them: the
    /// samples of each group are sorted once, not once per level.
    private func quantilesOfSharedStates() -> [Int: (levels: [Double], arrays: [[Double]])] {
        var levels = [Int: [Double]]()
        for (index, bound) in aggregates.enumerated() where bound.call.combinator != .state {
            guard case .quantile(let level) = bound.call.kind else { continue }
            levels[bound.sharesStatesOf ?? index, default: []].append(level)
        }
        var result = [Int: (levels: [Double], arrays: [[Double]])]()
        for (owner, ownerLevels) in levels where ownerLevels.count > 1 {
            var states = aggregates[owner].states
            states.grow(to: groupCount)
            guard case .arrays(let arrays) = states.finalize(.quantiles(ownerLevels)) else { continue }
            result[owner] = (ownerLevels, (0..<arrays.count).map { Array(arrays.doubles($0)) })
        }
        return result
    }

    /// True when a query without GROUP BY saw no rows: it still answers one row.
    private var singleGroup = false
    private var groupCount: Int { singleGroup ? 1 : indexer.groupCount }
    /// The groups of the keys so far (`max_rows_to_group_by` counts them).
    public var keyGroupCount: Int { indexer.groupCount }
}
