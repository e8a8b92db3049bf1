/// A SELECT as a tree of operators, every name bound and every type known: what `PlanRunner`
/// executes, a batch at a time. Built by `SelectPlanner`.
///
/// Operators that need all their input before they can answer (`aggregate`, `sort`) hold
/// their state — groups, or the rows to sort — and nothing else does: a scan, filter and
/// projection pass each batch on as it comes, and a `limit` stops the scan once it has its rows.
indirect enum QueryPlan {
    /// A table's rows: only `columns` are read; parts and granules outside `ranges` are skipped
    /// and the rows outside them dropped. `final` merges the rows as the table's engine collapses them.
    case scan(TableName, columns: [ColumnDefinition], ranges: [ColumnRange], final: Bool)
    /// Rows already in memory: a system table, or the one row of a SELECT without FROM.
    case rows(Batch)
    /// `numbers(start, count)`: `start`, `start + 1`, … below `end` (no end: `system.numbers`),
    /// in blocks of `blockRows` (`max_block_size`).
    case numbers(start: UInt64, end: UInt64?, blockRows: Int)
    /// The rows for which the predicate holds.
    case filter(QueryPlan, BoundExpression)
    /// Each row computed into new columns.
    case project(QueryPlan, [ProjectedColumn])
    /// One row per group of the keys: the keys, then each aggregate's result.
    case aggregate(QueryPlan, Aggregation)
    /// Rows whose first `columns` values were not seen before (`SELECT DISTINCT`), at most
    /// `limit`'s rows of them.
    case distinct(QueryPlan, columns: Int, limit: SizeLimit?)
    /// All rows, ordered by the `descending.count` columns from `keysFrom` (one per key,
    /// `descending` and `nullsFirst` per key).
    case sort(QueryPlan, keysFrom: Int, descending: [Bool], nullsFirst: [Bool])
    /// Rows `offset ..< offset + count` of the input.
    case limit(QueryPlan, offset: Int, count: Int?)
    /// Of each distinct value of the `keyCount` columns from `keysFrom`, rows
    /// `offset ..< offset + count` (`LIMIT n BY keys`).
    case limitBy(QueryPlan, offset: Int, count: Int, keysFrom: Int, keyCount: Int)
    /// The first `columns` columns (the rest were computed for a sort or LIMIT BY).
    case prefix(QueryPlan, columns: Int)
    /// Each input's rows after the previous one's (inputs of one schema: `UNION ALL`).
    case union([QueryPlan])
    /// The left input's rows joined with the right's (`Join.swift`).
    case join(QueryPlan, QueryPlan, JoinSpec)
    /// Each row repeated per element of the arrays the columns compute (`ArrayJoin.swift`).
    case arrayJoin(QueryPlan, [ProjectedColumn], left: Bool)
    /// All rows, each window function's column appended (`Window.swift`).
    case window(QueryPlan, [WindowColumn])
    /// A read (`scan` or `numbers`) held to `max_rows_to_read` rows (`read_overflow_mode`
    /// `throw`): refused before it starts when it selects more — the rows of the granules its
    /// ranges select, or `rowsWanted` when fewer (a trivial `LIMIT`'s rows) — as ClickHouse
    /// estimates; endless, stopped with an error at the first block past the limit.
    case checkedRead(QueryPlan, maxRows: UInt64, rowsWanted: UInt64?)

    /// `LIMIT` over `plan`, taken below the projections and column drops, which keep every row:
    /// `SELECT f(x) FROM numbers() LIMIT 10` computes `f` of 10 rows, not of a batch (as
    /// ClickHouse reads no more of `system.numbers` than the limit).
    static func limited(_ plan: QueryPlan, offset: Int, count: Int?) -> QueryPlan {
        switch plan {
        case .project(let input, let columns): .project(limited(input, offset: offset, count: count), columns)
        case .prefix(let input, let columns): .prefix(limited(input, offset: offset, count: count), columns: columns)
        default: .limit(plan, offset: offset, count: count)
        }
    }

    /// The names and types of the columns the operator produces.
    var schema: [ColumnDefinition] {
        switch self {
        case .scan(_, let columns, _, _): columns
        case .rows(let batch): zip(batch.names, batch.columns).map { ColumnDefinition($0, $1.type) }
        case .numbers: [ColumnDefinition("number", .uint64)]
        case .checkedRead(let input, _, _): input.schema
        case .filter(let input, _), .distinct(let input, _, _), .limit(let input, _, _), .sort(let input, _, _, _), .limitBy(let input, _, _, _, _):
            input.schema
        case .project(_, let columns): columns.map { ColumnDefinition($0.name, $0.expression.type) }
        case .aggregate(_, let aggregation): aggregation.outputColumns
        case .prefix(let input, let columns): Array(input.schema.prefix(columns))
        case .union(let inputs): inputs[0].schema
        case .arrayJoin(let input, let columns, _): ArrayJoin.schema(input.schema, columns)
        case .window(let input, let calls): input.schema + calls.map { ColumnDefinition($0.name, $0.type) }
        case .join(let left, let right, let spec):
            left.schema + spec.rightColumns.map { ColumnDefinition($0.name, right.schema[$0.position].type) }
        }
    }
}

/// A column of a projection: its name in the result and how each row's value is computed.
struct ProjectedColumn {
    var name: String
    var expression: BoundExpression
}

/// A GROUP BY's work: the aggregator's input computed from each batch — the key expressions,
/// then each distinct argument, `-If` condition and second argument — and the names of its
/// output's columns in the plan (`k0`, …, then `r0`, …: what the select list, HAVING and ORDER
/// BY above it are bound to).
struct Aggregation {
    /// The aggregator's input columns, by position.
    var inputs: [BoundExpression]
    var aggregator: Aggregator
    var outputNames: [String]
    /// `max_rows_to_group_by`: how many groups of the keys may form.
    var groupLimit: SizeLimit?

    var outputColumns: [ColumnDefinition] { zip(outputNames, aggregator.outputTypes).map { ColumnDefinition($0, $1) } }

    /// The aggregator's input for one batch.
    func input(_ batch: Batch) throws(SQLError) -> [ColumnValues] {
        var columns = [ColumnValues]()
        for input in inputs { columns.append(try input.evaluate(batch)) }
        return columns
    }

    /// The aggregator's result as the plan's rows.
    func output(_ columns: [ColumnValues]) -> Batch { Batch(Array(zip(outputNames, columns))) }
}

/// A limit on the rows a query reads or an operator holds (`max_rows_to_read`,
/// `max_rows_to_group_by`, `max_rows_in_distinct`), checked after each batch as ClickHouse
/// checks after each block: past it, the query fails (overflow mode `throw`) or reads no more
/// and answers what it has (`break`); `any` (GROUP BY's) keeps the groups it has.
struct SizeLimit {
    enum Overflow { case `throw`, `break`, any }

    var maxRows: UInt64
    var overflow: Overflow
    var breaks: Bool { overflow == .break }

    /// The limit a `max_rows…` setting and its overflow-mode setting set (0: none).
    init?(_ settings: Settings, rows: String, mode: String) {
        guard let limit = settings.value(of: rows).flatMap(UInt64.init), limit > 0 else { return nil }
        maxRows = limit
        overflow = switch settings.value(of: mode) {
        case "break": .break
        case "any": .any
        default: .throw
        }
    }
}
