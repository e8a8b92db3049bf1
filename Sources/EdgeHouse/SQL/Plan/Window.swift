/// Window functions: `f(x) OVER (PARTITION BY … ORDER BY … frame)`, computed after WHERE, GROUP BY
/// and HAVING over all the rows (a window may span any of them, so they are held, as for a sort).
///
/// Each call in turn sorts the rows stably by its partition and order keys and appends its
/// column; the rows leave in the order of the last call's sort, as ClickHouse's window step
/// leaves them. A frame's aggregate is computed as ClickHouse's `WindowTransform` computes it:
/// added row by row while the frame's start stays, started over when the start moves.
enum WindowFunction: Sendable {
    case rowNumber, rank, denseRank
    case count, sum, avg, min, max
    case lagInFrame, leadInFrame, firstValue, lastValue

    init?(name: String) {
        switch name {
        case "row_number": self = .rowNumber
        case "rank": self = .rank
        case "dense_rank", "denseRank": self = .denseRank
        case "count": self = .count
        case "sum": self = .sum
        case "avg": self = .avg
        case "min": self = .min
        case "max": self = .max
        case "lagInFrame": self = .lagInFrame
        case "leadInFrame": self = .leadInFrame
        case "first_value", "any": self = .firstValue
        case "last_value", "anyLast": self = .lastValue
        default: return nil
        }
    }

    /// The arguments the function takes.
    var arity: ClosedRange<Int> {
        switch self {
        case .rowNumber, .rank, .denseRank: 0...Int.max  // ClickHouse ignores any arguments
        case .count: 0...1
        case .sum, .avg, .min, .max, .firstValue, .lastValue: 1...1
        case .lagInFrame, .leadInFrame: 1...3
        }
    }

    /// The result type over an argument of `argument` type (`nil`: no argument).
    func resultType(_ argument: ColumnType?) -> ColumnType? {
        switch self {
        case .rowNumber, .rank, .denseRank, .count: return .uint64
        case .avg: return argument.map(\.isNumeric) == true ? .float64 : nil
        case .sum:
            guard let argument, argument.isNumeric else { return nil }
            return argument == .float32 || argument == .float64 ? .float64 : argument.isSignedInteger ? .int64 : .uint64
        case .min, .max, .lagInFrame, .leadInFrame, .firstValue, .lastValue: return argument
        }
    }
}

/// One window call, bound: what `QueryPlan.window` computes into the column `name`.
struct WindowColumn {
    var name: String
    var function: WindowFunction
    var arguments: [BoundExpression]
    var partition: [BoundExpression]
    var order: [BoundExpression]
    var descending: [Bool]
    var nullsFirst: [Bool]
    /// Resolved: the default frame written out.
    var frame: WindowFrame
    var type: ColumnType
}

enum Window {
    /// `rows` with each call's column appended, in the order of the last call's sort.
    static func compute(_ rows: Batch, _ calls: [WindowColumn]) throws(SQLError) -> Batch {
        var current = rows
        for call in calls {
            let partition = try call.partition.map { (e: BoundExpression) throws(SQLError) in try e.evaluate(current) }
            let order = try call.order.map { (e: BoundExpression) throws(SQLError) in try e.evaluate(current) }
            let permutation = RowOrder.permutation(rowCount: current.rowCount, keys: partition + order,
                                                   descending: partition.map { _ in false } + call.descending,
                                                   nullsFirst: partition.map { _ in false } + call.nullsFirst)
            current = current.gathering(permutation)
            let sortedPartition = partition.map { $0.gathering(permutation) }
            let sortedOrder = order.map { $0.gathering(permutation) }
            let arguments = try call.arguments.map { (e: BoundExpression) throws(SQLError) in try e.evaluate(current) }
            let column = try values(of: call, arguments, rowCount: current.rowCount,
                                    partitionStarts: KeyOrder.runStarts(sortedPartition, rowCount: current.rowCount),
                                    peerStarts: KeyOrder.runStarts(sortedPartition + sortedOrder, rowCount: current.rowCount))
            current = Batch(names: current.names + [call.name], columns: current.columns + [column])
        }
        return current
    }

    private static func values(of call: WindowColumn, _ arguments: [ColumnValues], rowCount: Int,
                               partitionStarts: [Bool], peerStarts: [Bool]) throws(SQLError) -> ColumnValues {
        // Per row: its partition's bounds, its peers' bounds, and its frame (empty when start > end).
        var partitionStart = 0, peerStart = 0, denseRank: UInt64 = 0
        var partitionEnds = [Int](repeating: 0, count: rowCount), peerEnds = [Int](repeating: 0, count: rowCount)
        var end = rowCount
        for row in stride(from: rowCount - 1, through: 0, by: -1) {
            partitionEnds[row] = end
            if partitionStarts[row] { end = row }
        }
        end = rowCount
        for row in stride(from: rowCount - 1, through: 0, by: -1) {
            peerEnds[row] = end
            if peerStarts[row] { end = row }
        }
        var ranks = [UInt64](), frames = [(start: Int, end: Int)]()
        ranks.reserveCapacity(rowCount)
        frames.reserveCapacity(rowCount)
        for row in 0..<rowCount {
            if partitionStarts[row] { (partitionStart, denseRank) = (row, 0) }
            if peerStarts[row] {
                peerStart = row
                denseRank += 1
            }
            switch call.function {
            case .rowNumber: ranks.append(UInt64(row - partitionStart + 1))
            case .rank: ranks.append(UInt64(peerStart - partitionStart + 1))
            case .denseRank: ranks.append(denseRank)
            default: break
            }
            func position(_ bound: WindowFrame.Bound, isStart: Bool) -> Int {
                let last = partitionEnds[row] - 1
                switch bound {
                case .unboundedPreceding: return partitionStart
                case .unboundedFollowing: return last
                case .currentRow: return call.frame.rows ? row : isStart ? peerStart : peerEnds[row] - 1
                // Offsets past the partition saturate (a frame of `2^64 - 1 FOLLOWING` ends at its end).
                case .preceding(let n): return n > UInt64(row) ? -1 : row - Int(n)
                case .following(let n): return n >= UInt64(Int.max - row) ? Int.max : row + Int(n)
                }
            }
            let start = Swift.max(partitionStart, position(call.frame.start, isStart: true))
            frames.append((start, Swift.min(partitionEnds[row] - 1, position(call.frame.end, isStart: false))))
        }
        switch call.function {
        case .rowNumber, .rank, .denseRank:
            return .uint64(ranks)
        case .lagInFrame, .leadInFrame:
            let offsets = arguments.count > 1 ? Numeric.int64s(arguments[1]) : [Int64](repeating: 1, count: rowCount)
            if let negative = offsets.first(where: { $0 < 0 }) {
                let name = call.function == .lagInFrame ? "lagInFrame" : "leadInFrame"
                throw .badValue(.badArguments, message: "The offset for function \(name) must be in (0, \(Int64.max)], \(negative) given.")
            }
            let picks = (0..<rowCount).map { row -> Int? in
                let (target, overflow) = call.function == .lagInFrame
                    ? row.subtractingReportingOverflow(Int(offsets[row])) : row.addingReportingOverflow(Int(offsets[row]))
                return !overflow && frames[row].start <= target && target <= frames[row].end ? target : nil
            }
            return pick(arguments[0], picks, defaults: arguments.count > 2 ? arguments[2] : nil, type: call.type)
        case .firstValue, .lastValue:
            let picks = frames.map { frame -> Int? in frame.start <= frame.end ? (call.function == .firstValue ? frame.start : frame.end) : nil }
            return pick(arguments[0], picks, defaults: nil, type: call.type)
        case .count, .sum, .avg, .min, .max:
            return aggregate(call, arguments.first, frames: frames)
        }
    }

    /// Row `picks[i]` of `values` for each row, or the default (`defaults`' row, or the type's).
    fileprivate static func pick(_ values: ColumnValues, _ picks: [Int?], defaults: ColumnValues?, type: ColumnType) -> ColumnValues {
        let fallback = defaults ?? .defaults(type, count: picks.count)
        return ColumnValues.joined([values, fallback]).gathering(picks.enumerated().map { row, pick in Int32(pick ?? values.count + row) })
    }

    /// An aggregate over each row's frame, added row by row while the frame's start stays.
    private static func aggregate(_ call: WindowColumn, _ argument: ColumnValues?, frames: [(start: Int, end: Int)]) -> ColumnValues {
        var state = FrameAggregate(call.function, argument)
        var results = [FrameAggregate.Result]()
        results.reserveCapacity(frames.count)
        var (start, added) = (-1, -1)  // the frame the state holds: `start ... added`
        for frame in frames {
            if frame.start != start || frame.end < added {
                state.reset()
                (start, added) = (frame.start, frame.start - 1)
            }
            while added < frame.end {
                added += 1
                state.add(added)
            }
            results.append(state.result)
        }
        return FrameAggregate.column(results, of: call.function, type: call.type, argument: argument)
    }
}

/// The running state of `count`, `sum`, `avg`, `min` or `max` over a frame.
private struct FrameAggregate {
    enum Result {
        case count(UInt64)
        case signed(Int64)
        case unsigned(UInt64)
        case double(Double)
        /// `min`/`max`: the row holding the value (`nil`: an empty frame).
        case row(Int?)
    }

    let function: WindowFunction
    let argument: ColumnValues?
    private let doubles: [Double]
    private let signed: [Int64]
    private let unsigned: [UInt64]
    /// `count(x)` of a Nullable `x` counts the rows where it is not NULL.
    private let nulls: [Bool]?
    private var rows: UInt64 = 0
    private var signedSum: Int64 = 0
    private var unsignedSum: UInt64 = 0
    private var doubleSum = 0.0
    private var extreme: Int?

    init(_ function: WindowFunction, _ argument: ColumnValues?) {
        self.function = function
        self.argument = argument
        let type = argument?.type
        let isFloat = type == .float32 || type == .float64
        doubles = isFloat ? argument.map(Numeric.doubles) ?? [] : []
        signed = type?.isSignedInteger == true ? argument.map(Numeric.int64s) ?? [] : []
        unsigned = !isFloat && type?.isSignedInteger == false && type?.isNumeric == true ? argument.map(Numeric.uint64s) ?? [] : []
        nulls = if case .nullable(let column)? = argument { column.nulls } else { nil }
    }

    mutating func reset() {
        (rows, signedSum, unsignedSum, doubleSum, extreme) = (0, 0, 0, 0, nil)
    }

    mutating func add(_ row: Int) {
        if let nulls, nulls[row] { return }
        rows += 1
        switch function {
        case .sum, .avg:
            if !doubles.isEmpty { doubleSum += doubles[row] }
            if !signed.isEmpty { signedSum &+= signed[row] }
            if !unsigned.isEmpty { unsignedSum &+= unsigned[row] }
        case .min, .max:
            guard let argument, let current = extreme else { extreme = row; return }
            let c = KeyOrder.compare(argument, row, argument, current)
            if function == .min ? c < 0 : c > 0 { extreme = row }
        default:
            break
        }
    }

    var result: Result {
        switch function {
        case .count: return .count(rows)
        case .min, .max: return .row(extreme)
        case .avg:
            let total = !doubles.isEmpty ? doubleSum : !signed.isEmpty ? Double(signedSum) : Double(unsignedSum)
            return .double(total / Double(rows))
        default:
            return !doubles.isEmpty ? .double(doubleSum) : !signed.isEmpty ? .signed(signedSum) : .unsigned(unsignedSum)
        }
    }

    static func column(_ results: [Result], of function: WindowFunction, type: ColumnType, argument: ColumnValues?) -> ColumnValues {
        if function == .min || function == .max, let argument {
            // The rows they found; the type's default for an empty frame.
            let picks = results.map { result -> Int? in if case .row(let row?) = result { row } else { nil } }
            return Window.pick(argument, picks, defaults: nil, type: type)
        }
        switch type {
        case .float64: return .float64(results.map { if case .double(let v) = $0 { v } else { 0 } })
        case .int64: return .int64(results.map { if case .signed(let v) = $0 { v } else { 0 } })
        default:
            return .uint64(results.map { result -> UInt64 in
                switch result {
                case .count(let v), .unsigned(let v): v
                default: 0
                }
            })
        }
    }
}
