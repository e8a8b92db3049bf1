/// The aggregate functions EdgeHouse computes, as ClickHouse defines them.
public enum AggregateKind: Hashable, Sendable {
    case count
    case sum
    case avg
    case min
    case max
    /// ClickHouse's `quantile`: a deterministic 8192-sample reservoir (see ``Reservoir``).
    case quantile(Double)
    /// `quantiles(l1, l2, …)`: the same reservoir, several levels.
    case quantiles([Double])
    /// `quantileExact`: every value kept; `sorted[floor(level · n)]`.
    case quantileExact(Double)
    /// `quantilesExact(l1, l2, …)`: the same values, several levels.
    case quantilesExact([Double])
    /// `quantileExactLow` / `High` / `Exclusive` / `Inclusive(level)` (`plural`: the
    /// `quantilesExact…(levels…)` forms): `quantileExact`'s values, another rule for the answer.
    case quantileExactRule(ExactQuantileRule, levels: [Double], plural: Bool)
    /// `quantileTDigest(level)(x)` / `quantilesTDigest(levels…)` (`plural`) and their `…Weighted`
    /// forms (`weighted`: `(x, weight)`, final values only): ClickHouse's t-digest, in Float32.
    case quantileTDigest(levels: [Double], plural: Bool, weighted: Bool)
    /// `quantileDeterministic(level)(x, determinator)` / `quantilesDeterministic`: a reservoir
    /// sampled by a hash of the determinator (an unsigned integer); final values only.
    case quantileDeterministic(Double), quantilesDeterministic([Double])
    /// `quantileExactWeighted(level)(x, weight)` / `quantilesExactWeighted`: each value's
    /// weights summed; final values only, no states here.
    case quantileExactWeighted(Double), quantilesExactWeighted([Double])
    /// `quantileTiming` / `quantilesTiming`: ClickHouse's `QuantileTiming` for milliseconds
    /// (exact up to 5,672 values, a histogram past them); final values only, no states here.
    case quantileTiming(Double), quantilesTiming([Double])
    /// `quantileTimingWeighted(level)(x, weight)` / `quantilesTimingWeighted`: the same, each
    /// value counted `weight` times; final values only.
    case quantileTimingWeighted(Double), quantilesTimingWeighted([Double])
    /// `any` / `anyLast`: the first / last value a group sees.
    case any, anyLast
    /// `argMin(x, key)` / `argMax(x, key)`: `x` of the row with the least / greatest key (the
    /// first such row).
    case argMin, argMax
    /// `uniqExact(x)` — and `uniq(x)`, exact here (ClickHouse's is exact up to 65,536 values and
    /// estimates past them) — and `count(DISTINCT x)`: how many distinct values a group has.
    case uniqExact
    /// `groupArray([max])(x)` / `groupUniqArray([max])(x)`: a group's values in row order (the
    /// first of each, for `unique`), at most `limit` of them.
    case groupArray(limit: Int?, unique: Bool)
    /// `sumMap(keys, values…)` / `sumMapWithOverflow` / `minMap` / `maxMap`: per group, each
    /// key's values summed (promoted, or wrapping in their own type) or their least / greatest,
    /// over a tuple of arrays; final values only (see `MapStates`).
    case sumMap, sumMapWithOverflow, minMap, maxMap
    /// `groupBitAnd` / `groupBitOr` / `groupBitXor` of integers.
    case groupBit(BitOperation)
    /// `sumWithOverflow(x)`: the sum in the argument's type.
    case sumWithOverflow
    /// `avgWeighted(x, weight)`: final values only.
    case avgWeighted
    /// `uniqUpTo(n)(x)`: distinct values counted up to `n`; final values only.
    case uniqUpTo(Int)
    /// `groupArrayMovingSum([window])` / `groupArrayMovingAvg([window])`: final values only.
    case groupArrayMoving(average: Bool, window: Int?)
    /// `sumKahan(x)`: a compensated Float64 sum.
    case sumKahan
    /// `anyHeavy(x)`: the majority value, if any; final values only.
    case anyHeavy
    /// `uniqCombined(x)` / `uniqCombined64(x)`: counted exactly here, as ClickHouse counts up to
    /// about 8,192 (4,096 for the 64-bit form) distinct values before it estimates; final values only.
    case uniqCombined(bits64: Bool)
    /// `topK([N[, load_factor]])(x)` / `topKWeighted(…)(x, weight)`: the `N` most frequent values
    /// by ClickHouse's Filtered Space-Saving over `N · load_factor` counters (defaults 10 and 3);
    /// `parameters` as written. States for `topK` only.
    case topK(parameters: [UInt64], weighted: Bool)
    /// `varPop`, `stddevSamp`, `skewPop`, `covarSamp`, `corr`, …: ClickHouse's simple (not
    /// numerically stable) moments; see ``Statistic``.
    case statistic(Statistic)

    /// Whether states of this kind have ClickHouse's binary format here: only those may be
    /// `-State`d, stored in `AggregateFunction` columns and kept by views.
    public var hasBinaryState: Bool {
        switch self {
        case .argMin, .argMax, .quantileTiming, .quantilesTiming, .quantileTimingWeighted, .quantilesTimingWeighted,
             .quantileDeterministic, .quantilesDeterministic, .avgWeighted, .uniqUpTo, .groupArrayMoving, .anyHeavy, .uniqCombined,
             .quantileExactWeighted, .quantilesExactWeighted, .sumMap, .sumMapWithOverflow, .minMap, .maxMap: false
        // A state of two arguments names both types, which `AggregateFunction` does not hold.
        case .statistic(let statistic): !statistic.isPaired
        case .quantileTDigest(_, _, let weighted): !weighted
        default: true
        }
    }

    /// `topK`'s `N` and its number of counters, `N · load_factor`.
    var topKSizes: (threshold: Int, reserved: Int)? {
        guard case .topK(let parameters, _) = self else { return nil }
        let threshold = Int(clamping: parameters.first ?? 10)
        return (threshold, threshold.multipliedReportingOverflow(by: Int(clamping: parameters.dropFirst().first ?? 3)).partialValue)
    }

    /// Whether the function takes a second argument after its value: `argMin(x, key)`'s key,
    /// a weighted quantile's weight.
    public var takesSecondArgument: Bool {
        switch self {
        case .argMin, .argMax, .avgWeighted: true
        case .statistic(let statistic): statistic.isPaired
        case .topK(_, let weighted): weighted
        default: isWeighted
        }
    }

    /// Whether the second argument is a weight (an unsigned integer: how many times the row counts).
    public var isWeighted: Bool {
        switch self {
        // The determinator is checked as a weight is (ClickHouse's words call it one).
        case .quantileTimingWeighted, .quantilesTimingWeighted, .quantileExactWeighted, .quantilesExactWeighted,
             .quantileDeterministic, .quantilesDeterministic: true
        case .quantileTDigest(_, _, let weighted): weighted
        default: false
        }
    }

    /// Whether the function aggregates a tuple of a keys array and value arrays (`sumMap`).
    public var isMap: Bool {
        switch self {
        case .sumMap, .sumMapWithOverflow, .minMap, .maxMap: true
        default: false
        }
    }

    /// `quantile(0.95)`, `avg`, …: the name inside `AggregateFunction(…)`.
    public var name: String {
        func levels(_ values: [Double]) -> String { values.map { FloatText.format($0) }.joined(separator: ", ") }
        switch self {
        case .count: return "count"
        case .sum: return "sum"
        case .avg: return "avg"
        case .min: return "min"
        case .max: return "max"
        case .quantile(let level): return "quantile(\(levels([level])))"
        case .quantiles(let values): return "quantiles(\(levels(values)))"
        case .quantileExact(let level): return "quantileExact(\(levels([level])))"
        case .quantilesExact(let values): return "quantilesExact(\(levels(values)))"
        case .quantileExactRule(let rule, let values, let plural): return "\(plural ? "quantiles" : "quantile")Exact\(rule.rawValue)(\(levels(values)))"
        case .quantileExactWeighted(let level): return "quantileExactWeighted(\(levels([level])))"
        case .quantileDeterministic(let level): return "quantileDeterministic(\(levels([level])))"
        case .quantileTDigest(let values, let plural, let weighted):
            return "\(plural ? "quantiles" : "quantile")TDigest\(weighted ? "Weighted" : "")(\(levels(values)))"
        case .quantilesDeterministic(let values): return "quantilesDeterministic(\(levels(values)))"
        case .quantilesExactWeighted(let values): return "quantilesExactWeighted(\(levels(values)))"
        case .quantileTiming(let level): return "quantileTiming(\(levels([level])))"
        case .quantilesTiming(let values): return "quantilesTiming(\(levels(values)))"
        case .quantileTimingWeighted(let level): return "quantileTimingWeighted(\(levels([level])))"
        case .quantilesTimingWeighted(let values): return "quantilesTimingWeighted(\(levels(values)))"
        case .any: return "any"
        case .argMin: return "argMin"
        case .argMax: return "argMax"
        case .anyLast: return "anyLast"
        case .uniqExact: return "uniqExact"
        case .groupArray(let limit, let unique): return (unique ? "groupUniqArray" : "groupArray") + (limit.map { "(\($0))" } ?? "")
        case .sumMap: return "sumMap"
        case .sumMapWithOverflow: return "sumMapWithOverflow"
        case .minMap: return "minMap"
        case .maxMap: return "maxMap"
        case .statistic(let statistic): return statistic.rawValue
        case .groupBit(let operation): return "groupBit" + operation.rawValue
        case .sumWithOverflow: return "sumWithOverflow"
        case .avgWeighted: return "avgWeighted"
        case .uniqUpTo(let limit): return "uniqUpTo(\(limit))"
        case .groupArrayMoving(let average, let window): return "groupArrayMoving\(average ? "Avg" : "Sum")" + (window.map { "(\($0))" } ?? "")
        case .sumKahan: return "sumKahan"
        case .anyHeavy: return "anyHeavy"
        case .uniqCombined(let bits64): return bits64 ? "uniqCombined64" : "uniqCombined"
        case .topK(let parameters, let weighted):
            return (weighted ? "topKWeighted" : "topK") + (parameters.isEmpty ? "" : "(\(parameters.map(String.init).joined(separator: ", ")))")
        }
    }

    /// The function's name without its parameters: `quantile`, `groupArray`.
    public var baseName: String { String(name.prefix { $0 != "(" }) }

    /// Two kinds whose states are interchangeable (`quantile(0.95)` and `quantile(0.99)` states
    /// are byte-identical: the level lives only in the type name and in the final step).
    func hasSameState(as other: AggregateKind) -> Bool {
        switch (self, other) {
        case (.quantile, .quantile), (.quantile, .quantiles), (.quantiles, .quantile), (.quantiles, .quantiles),
             (.quantileExact, .quantileExact), (.quantileExact, .quantilesExact), (.quantilesExact, .quantileExact),
             (.quantilesExact, .quantilesExact), (.quantileTDigest(_, _, false), .quantileTDigest(_, _, false)): true
        default: self == other
        }
    }
}

/// The operation of `groupBitAnd` / `Or` / `Xor`.
public enum BitOperation: String, Hashable, Sendable {
    case and = "And", or = "Or", xor = "Xor"
}

/// How a `quantileExact…` variant answers from the sorted values (`QuantileExact.h`).
public enum ExactQuantileRule: String, Hashable, Sendable, CaseIterable {
    /// The median's lower / higher middle value at level 0.5; `quantileExact`'s pick otherwise.
    case low = "Low", high = "High"
    /// Interpolated at `level · (n + 1)` (Excel's PERCENTILE.EXC) / `level · (n − 1) + 1`
    /// (PERCENTILE.INC), counting from 1.
    case exclusive = "Exclusive", inclusive = "Inclusive"

    var interpolates: Bool { self == .exclusive || self == .inclusive }
}

/// ClickHouse's statistics. The simple ones keep power sums of the values (`VarMoments`) or of two
/// columns (`CovarMoments`, `CorrMoments`), added up in the result type, and apply a formula at
/// the end; the `…Stable` ones keep a running mean and sum of squared deviations (Welford's and
/// Chan's updates, `AggregateFunctionStatistics.cpp`), in Float64.
public enum Statistic: String, Hashable, Sendable, CaseIterable {
    case varPop, varSamp, stddevPop, stddevSamp, skewPop, skewSamp, kurtPop, kurtSamp, covarPop, covarSamp, corr
    case varPopStable, varSampStable, stddevPopStable, stddevSampStable, covarPopStable, covarSampStable, corrStable

    /// Whether the function takes two columns (`covarPop(x, y)`, `corr(x, y)`).
    public var isPaired: Bool {
        switch self {
        case .covarPop, .covarSamp, .corr, .covarPopStable, .covarSampStable, .corrStable: true
        default: false
        }
    }

    /// Whether it keeps a running mean rather than power sums.
    public var isStable: Bool { rawValue.hasSuffix("Stable") }

    /// The highest power summed, for the functions of one column: the state keeps the count and
    /// the sums of `x`, `x²`, … up to `x^level`.
    var level: Int {
        switch self {
        case .skewPop, .skewSamp: 3
        case .kurtPop, .kurtSamp: 4
        default: 2
        }
    }

    /// The SQL-standard names ClickHouse accepts for some of them, in any case.
    static let standardNames: [String: Statistic] = [
        "var_pop": .varPop, "var_samp": .varSamp, "stddev_pop": .stddevPop, "stddev_samp": .stddevSamp,
        "covar_pop": .covarPop, "covar_samp": .covarSamp,
    ]
}

/// An aggregate function applied to an argument type: the `T` of `AggregateFunction(avg, Float32)`.
public struct AggregateFunction: Hashable, Sendable {
    public var kind: AggregateKind
    /// `nil` for `count()`.
    public var argument: ColumnType?
    /// The weight's type, for the one function of two arguments whose states are kept here,
    /// `topKWeighted` (its type names both: `AggregateFunction(topKWeighted(2), String, UInt8)`).
    public var weightType: ColumnType?

    public init(_ kind: AggregateKind, _ argument: ColumnType?, weightType: ColumnType? = nil) throws(SchemaError) {
        self.kind = kind
        self.argument = argument
        self.weightType = weightType
        _ = try resultType
    }

    /// The type the finalized value has, ClickHouse 26.9's: `avg` → Float64, `sum(UInt8)` →
    /// UInt64, `sum(Float32)` → Float64, `max(Float32)` → Float32, `quantile(…)` → Float64,
    /// `quantiles` → Array(Float64), `quantileExact(Float32)` → Float32, `count` → UInt64.
    public var resultType: ColumnType {
        get throws(SchemaError) {
            switch (kind, argument) {
            case (.count, _): return .uint64
            case (_, nil): throw .illegalAggregateArgument(kind.name, nil)
            case (.sum, let type?):
                switch type {
                case .uint8, .uint16, .uint32, .uint64: return .uint64
                case .int8, .int16, .int32, .int64: return .int64
                case .float32, .float64: return .float64
                default: throw .illegalAggregateArgument(kind.name, type)
                }
            case (.groupBit, let type?):
                guard type.isNumeric, type != .float32, type != .float64 else { throw .illegalAggregateArgument(kind.name, type) }
                return type
            case (.sumWithOverflow, let type?):
                guard type.isNumeric else { throw .illegalAggregateArgument(kind.name, type) }
                return type
            case (.avgWeighted, let type?):
                guard type.isNumeric else { throw .illegalAggregateArgument(kind.name, type) }
                return .float64
            case (.groupArrayMoving(let average, _), let type?):
                guard type.isNumeric else { throw .illegalAggregateArgument(kind.baseName, type) }
                if average || type == .float32 || type == .float64 { return .array(.float64) }
                return .array(type.isSignedInteger ? .int64 : .uint64)
            case (.sumKahan, let type?):
                guard type.isNumeric else { throw .illegalAggregateArgument(kind.name, type) }
                return .float64
            case (.anyHeavy, let type?):
                guard !type.isAggregateState else { throw .illegalAggregateArgument(kind.name, type) }
                return type
            case (.uniqCombined, let type?):
                guard !type.isAggregateState else { throw .illegalAggregateArgument(kind.name, type) }
                return .uint64
            case (.topK, let type?):
                guard !type.isAggregateState else { throw .illegalAggregateArgument(kind.baseName, type) }
                return .array(type)
            case (.uniqUpTo, let type?):
                guard !type.isAggregateState else { throw .illegalAggregateArgument(kind.name, type) }
                return .uint64
            // Computed in Float32 for Float32 input (both inputs, for two), else in Float64; the
            // stable ones read any number, a Date or a DateTime as a Float64.
            case (.statistic(let statistic), let type?):
                if statistic.isStable, type == .date || type == .dateTime { return .float64 }
                guard type.isNumeric else { throw .illegalAggregateArgument(kind.name, type) }
                return type == .float32 && !statistic.isStable ? .float32 : .float64
            // The quantile of DateTime values is a DateTime (the interpolation truncated).
            case (.quantile, .dateTime?), (.quantileDeterministic, .dateTime?), (.quantileTDigest(_, false, _), .dateTime?): return .dateTime
            case (.quantiles, .dateTime?), (.quantilesDeterministic, .dateTime?), (.quantileTDigest(_, true, _), .dateTime?): return .array(.dateTime)
            case (.avg, let type?), (.quantile, let type?), (.quantileDeterministic, let type?):
                guard type.isNumeric else { throw .illegalAggregateArgument(kind.name, type) }
                return .float64
            case (.quantiles, let type?), (.quantilesDeterministic, let type?):
                guard type.isNumeric else { throw .illegalAggregateArgument(kind.name, type) }
                return .array(.float64)
            case (.min, let type?), (.max, let type?), (.any, let type?), (.anyLast, let type?), (.argMin, let type?), (.argMax, let type?):
                guard !type.isAggregateState else { throw .illegalAggregateArgument(kind.name, type) }
                return type
            case (.groupArray, let type?):
                guard !type.isAggregateState else { throw .illegalAggregateArgument(kind.name, type) }
                return .array(type)
            case (.uniqExact, let type?):
                guard !type.isAggregateState else { throw .illegalAggregateArgument(kind.name, type) }
                return .uint64
            // The exact quantiles pick one of the values: of DateTime too.
            case (.quantileExact, let type?), (.quantileExactWeighted, let type?):
                guard type.isNumeric || type == .dateTime else { throw .illegalAggregateArgument(kind.baseName, type) }
                return type
            case (.quantilesExact, let type?), (.quantilesExactWeighted, let type?):
                guard type.isNumeric || type == .dateTime else { throw .illegalAggregateArgument(kind.baseName, type) }
                return .array(type)
            // Low and High pick a value; Exclusive and Inclusive interpolate, in Float64.
            case (.quantileExactRule(let rule, _, let plural), let type?):
                guard type.isNumeric || type == .dateTime else { throw .illegalAggregateArgument(kind.baseName, type) }
                let result: ColumnType = rule.interpolates ? .float64 : type
                return plural ? .array(result) : result
            case (.quantileTDigest(_, let plural, _), let type?):
                guard type.isNumeric else { throw .illegalAggregateArgument(kind.baseName, type) }
                return plural ? .array(.float32) : .float32
            case (.quantileTiming, let type?), (.quantileTimingWeighted, let type?):
                guard type.isNumeric || type == .dateTime else { throw .illegalAggregateArgument(kind.baseName, type) }
                return .float32
            case (.quantilesTiming, let type?), (.quantilesTimingWeighted, let type?):
                guard type.isNumeric || type == .dateTime else { throw .illegalAggregateArgument(kind.baseName, type) }
                return .array(.float32)
            // `(keys, values…)` arrays: the keys sorted, each value column's sums (`sumMap`
            // promotes them as `sum` does) or extremes.
            case (.sumMap, let type?), (.sumMapWithOverflow, let type?), (.minMap, let type?), (.maxMap, let type?):
                guard case .tuple(let arrays) = type, arrays.count >= 2, arrays.allSatisfy({ if case .array = $0 { true } else { false } }) else {
                    throw .illegalAggregateArgument(kind.name, type)
                }
                guard kind == .sumMap else { return type }
                return .tuple(try arrays.enumerated().map { (index, array) throws(SchemaError) -> ColumnType in
                    guard index > 0, case .array(let value) = array else { return array }
                    return .array(try AggregateFunction(.sum, value).resultType)
                })
            }
        }
    }

    /// Whether this function's states have ClickHouse's binary format here (see
    /// `AggregateKind.hasBinaryState`; `min`/`max` states exist for numbers and DateTime only).
    public var hasBinaryState: Bool {
        guard kind.hasBinaryState else { return false }
        switch kind {
        case .min, .max, .any, .anyLast, .uniqExact, .groupArray, .topK: return argument.map(ColumnType.all.contains) ?? false  // the plain types (`PlainValueCodec`)
        default: return true
        }
    }

    /// `AggregateFunction(quantile(0.95), Float32)`.
    public var typeName: String {
        "AggregateFunction(\(kind.name)\(argument.map { ", \($0)" } ?? "")\(weightType.map { ", \($0)" } ?? ""))"
    }

    /// Parses `AggregateFunction(<kind>[, <argument type>])`.
    init?(typeName text: String) {
        guard text.hasPrefix("AggregateFunction("), text.hasSuffix(")") else { return nil }
        let inner = text.dropFirst("AggregateFunction(".count).dropLast()
        var kindText = inner, argumentText: Substring?
        var depth = 0
        for index in inner.indices {
            switch inner[index] {
            case "(": depth += 1
            case ")": depth -= 1
            case "," where depth == 0:
                kindText = inner[..<index]
                argumentText = inner[inner.index(after: index)...].drop(while: { $0 == " " })
            default: break
            }
            if argumentText != nil { break }
        }
        var kindName = String(kindText)
        // `fIf(T, UInt8)`: the states of `f(T)` (ClickHouse's -If keeps f's state), the
        // condition's type last. Named `f` here.
        if kindName.hasSuffix("If"), kindName.count > 2, let text = argumentText, let comma = Self.lastTopLevelComma(in: text) {
            kindName.removeLast(2)
            argumentText = text[..<comma]
        }
        // `fArray(Array(T))`: the states of `f(T)` (ClickHouse's -Array keeps f's state). Named `f` here.
        if AggregateKind(name: kindName) == nil, kindName.hasSuffix("Array"), let text = argumentText,
           case .array(let element)? = ColumnType(String(text)), AggregateKind(name: String(kindName.dropLast(5))) != nil {
            kindName.removeLast(5)
            argumentText = Substring(element.description)
        }
        guard let kind = AggregateKind(name: kindName) else { return nil }
        var weightType: ColumnType?
        if kind.takesSecondArgument, let text = argumentText {
            guard let comma = Self.lastTopLevelComma(in: text), let type = ColumnType(String(text[text.index(after: comma)...].drop(while: { $0 == " " }))) else {
                return nil
            }
            weightType = type
            argumentText = text[..<comma]
        }
        let argument = argumentText.flatMap { ColumnType(String($0)) }
        if argumentText != nil && argument == nil { return nil }
        guard let function = try? AggregateFunction(kind, argument, weightType: weightType), function.hasBinaryState else { return nil }
        self = function
    }
}

extension AggregateFunction {
    /// The position of the last comma outside parentheses, if any.
    fileprivate static func lastTopLevelComma(in text: Substring) -> Substring.Index? {
        var depth = 0
        var last: Substring.Index?
        for index in text.indices {
            switch text[index] {
            case "(": depth += 1
            case ")": depth -= 1
            case "," where depth == 0: last = index
            default: break
            }
        }
        return last
    }
}

extension AggregateKind {
    /// Parses `count`, `avg`, `quantile(0.95)`, `quantiles(0.5, 0.9)`, `quantileExact(0.5)`.
    init?(name: String) {
        func levels(_ prefix: String) -> [Double]? {
            guard name.hasPrefix(prefix + "("), name.hasSuffix(")") else { return nil }
            let list = name.dropFirst(prefix.count + 1).dropLast().split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard !list.isEmpty, list.allSatisfy({ $0 != nil && (0...1).contains($0!) }) else { return nil }
            return list.map { $0! }
        }
        switch name {
        case "count": self = .count
        case "sum": self = .sum
        case "avg": self = .avg
        case "min": self = .min
        case "max": self = .max
        case "any": self = .any
        case "anyLast": self = .anyLast
        // `uniq` is exact here: its states are uniqExact's.
        case "uniq", "uniqExact": self = .uniqExact
        case "groupArray", "groupUniqArray": self = .groupArray(limit: nil, unique: name == "groupUniqArray")
        case "sumMap": self = .sumMap
        case "sumMapWithOverflow": self = .sumMapWithOverflow
        case "minMap": self = .minMap
        case "maxMap": self = .maxMap
        case "sumWithOverflow": self = .sumWithOverflow
        case "sumKahan": self = .sumKahan
        case "groupBitAnd", "groupBitOr", "groupBitXor": self = .groupBit(BitOperation(rawValue: String(name.dropFirst(8)))!)
        default:
            if let statistic = Statistic(rawValue: name), !statistic.isPaired {
                self = .statistic(statistic)
                return
            }
            for base in ["topK", "topKWeighted"] where name == base || (name.hasPrefix(base + "(") && name.hasSuffix(")")) {
                let list = name == base ? [] : name.dropFirst(base.count + 1).dropLast().split(separator: ",").map { UInt64($0.trimmingCharacters(in: .whitespaces)) }
                guard list.count <= 2, list.allSatisfy({ ($0 ?? 0) > 0 }) else { return nil }
                self = .topK(parameters: list.map { $0! }, weighted: base == "topKWeighted")
                return
            }
            for base in ["groupArray", "groupUniqArray"] where name.hasPrefix(base + "(") && name.hasSuffix(")") {
                guard let limit = Int(name.dropFirst(base.count + 1).dropLast().trimmingCharacters(in: .whitespaces)), limit >= 1 else { return nil }
                self = .groupArray(limit: limit, unique: base == "groupUniqArray")
                return
            }
            for rule in ExactQuantileRule.allCases {
                if let l = levels("quantileExact" + rule.rawValue), l.count == 1 {
                    self = .quantileExactRule(rule, levels: l, plural: false)
                    return
                }
                if let l = levels("quantilesExact" + rule.rawValue) {
                    self = .quantileExactRule(rule, levels: l, plural: true)
                    return
                }
            }
            if let l = levels("quantileTDigest"), l.count == 1 { self = .quantileTDigest(levels: l, plural: false, weighted: false) }
            else if let l = levels("quantilesTDigest") { self = .quantileTDigest(levels: l, plural: true, weighted: false) }
            else if let l = levels("quantileExact"), l.count == 1 { self = .quantileExact(l[0]) }
            else if let l = levels("quantilesExact") { self = .quantilesExact(l) }
            else if let l = levels("quantiles") { self = .quantiles(l) }
            else if let l = levels("quantile"), l.count == 1 { self = .quantile(l[0]) }
            else { return nil }
        }
    }
}

import Foundation
