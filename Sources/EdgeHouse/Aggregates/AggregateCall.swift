/// How an aggregate's result leaves the query: finalized (`avg`), as a state (`avgState`), or
/// finalized from states read from an `AggregateFunction` column (`avgMerge`).
public enum AggregateCombinator: String, Hashable, Sendable {
    case none = ""
    case state = "State"
    case merge = "Merge"
}

/// One aggregate in a SELECT: `quantileState(0.95)(latency_ms)`, `countMerge(request_count)`.
public struct AggregateCall: Hashable, Sendable, CustomStringConvertible {
    public var kind: AggregateKind
    public var combinator: AggregateCombinator
    /// The argument column; `nil` for `count()`.
    public var argument: String?
    /// `-If`: the column whose non-zero rows alone are aggregated (queries only).
    public var condition: String?
    /// The second argument column (`argMin(x, key)`'s key; queries only).
    public var secondArgument: String?
    /// `-Distinct`: each group aggregates each distinct argument value once (queries only).
    public var distinct = false
    /// `-Array`: the elements of the argument's arrays are aggregated (queries only).
    public var overArrays = false
    /// `-OrNull` / `-OrDefault`: what a group without rows answers (queries only).
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

    public init(_ kind: AggregateKind, _ combinator: AggregateCombinator = .none, _ argument: String? = nil,
                secondArgument: String? = nil, condition: String? = nil, distinct: Bool = false) {
        self.kind = kind
        self.combinator = combinator
        self.argument = argument
        self.secondArgument = secondArgument
        self.condition = condition
        self.distinct = distinct
    }

    public var description: String {
        let name: String
        switch kind {
        case .quantile(let l): name = "quantile\(combinator.rawValue)(\(FloatText.format(l)))"
        case .quantiles(let ls): name = "quantiles\(combinator.rawValue)(\(ls.map { FloatText.format($0) }.joined(separator: ", ")))"
        case .quantileExact(let l): name = "quantileExact\(combinator.rawValue)(\(FloatText.format(l)))"
        default: name = kind.name + combinator.rawValue
        }
        return "\(name)(\(argument ?? ""))"
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

/// One column of an aggregation's output.
public enum SelectItem: Hashable, Sendable {
    /// A GROUP BY key: the input column of that name, one of the query's `groupBy`.
    case key(String)
    case aggregate(String, AggregateCall)

    public var name: String {
        switch self {
        case .key(let name), .aggregate(let name, _): name
        }
    }
}

/// `SELECT <items> FROM … GROUP BY <groupBy>` over input columns: what a plan's aggregation
/// runs (`Aggregation` computes its keys and arguments as columns first).
public struct AggregationQuery: Hashable, Sendable {
    public var select: [SelectItem]
    /// The key columns of the input.
    public var groupBy: [String]

    public init(select: [SelectItem], groupBy: [String]) {
        self.select = select
        self.groupBy = groupBy
    }
}
