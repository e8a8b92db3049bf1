/// How an aggregate's result leaves the query: finalized (`avg`), as a state (`avgState`), or
/// finalized from states read from an `AggregateFunction` column (`avgMerge`).
public enum AggregateCombinator: String, Hashable, Sendable {
    case none = ""
    case state = "State"
    case merge = "Merge"
    /// `fMergeState(states)`: the states merged, answered as a state.
    case mergeState = "MergeState"

    /// Whether the call's argument is states to merge (`-Merge`, `-MergeState`).
    public var mergesStates: Bool { self == .merge || self == .mergeState }

    /// Whether the call answers states (`-State`, `-MergeState`).
    public var producesStates: Bool { self == .state || self == .mergeState }
}

/// One aggregate of an ``AggregationQuery``: `quantileState(0.95)(latency_ms)`,
/// `countMerge(request_count)`, over the aggregation's input columns by position.
public struct AggregateCall: Hashable, Sendable {
    public var kind: AggregateKind
    public var combinator: AggregateCombinator
    /// The input column of the argument; `nil` for `count()`.
    public var argument: Int?
    /// `-If`: the input column whose non-zero rows alone are aggregated.
    public var condition: Int?
    /// The input column of the second argument (`argMin(x, key)`'s key).
    public var secondArgument: Int?
    /// `-Distinct`: each group aggregates each distinct argument value once.
    public var distinct = false
    /// `-Array`: the elements of the argument's arrays are aggregated.
    public var overArrays = false
    /// `-OrNull` / `-OrDefault`: what a group without rows answers.
    public var whenEmpty = EmptyGroupResult.function

    /// What an aggregate answers for a group that no row reached (after `-If`).
    public enum EmptyGroupResult: Hashable, Sendable {
        /// The function's own value of no rows (`avg`: nan, `sum`: 0).
        case function
        /// `-OrNull`: NULL (the result is Nullable).
        case null
        /// `-OrDefault`: the result type's default.
        case typeDefault
    }

    public init(_ kind: AggregateKind, _ combinator: AggregateCombinator = .none, _ argument: Int? = nil,
                secondArgument: Int? = nil, condition: Int? = nil, distinct: Bool = false) {
        self.kind = kind
        self.combinator = combinator
        self.argument = argument
        self.secondArgument = secondArgument
        self.condition = condition
        self.distinct = distinct
    }
}

extension AggregateKind: Codable {
    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let kind = AggregateKind(name: name) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown aggregate \(name)"))
        }
        self = kind
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}

/// `SELECT keys…, aggregates… FROM input GROUP BY keys`, over input columns by position: what
/// a plan's aggregation runs (the plan computes its keys, arguments and conditions as the
/// input's columns first). The output is the keys' columns, then one column per aggregate.
public struct AggregationQuery: Hashable, Sendable {
    /// The input columns grouped by.
    public var keys: [Int]
    public var aggregates: [AggregateCall]

    public init(keys: [Int], aggregates: [AggregateCall]) {
        self.keys = keys
        self.aggregates = aggregates
    }
}
