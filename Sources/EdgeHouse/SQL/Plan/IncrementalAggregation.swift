/// A GROUP BY query over rows that arrive in pieces — a materialized view's query over an
/// insert block that a streamed ingest delivers chunk by chunk: the streaming operators below
/// the aggregation run over each piece as it comes, the aggregation keeps its groups across
/// pieces, and what is above it (HAVING, the select list, ORDER BY, LIMIT) runs once over the
/// groups. Feeding a block in pieces gives the rows of running the query over the block whole:
/// groups are numbered, and states updated, in row order either way.
struct IncrementalAggregation {
    /// The aggregation's input over rows standing for the source (filters, projections).
    private let input: QueryPlan
    /// What the aggregation computes of each batch (its aggregator is the fresh template).
    private let aggregation: Aggregation
    /// The groups so far: updated in place (a copy shared with the template would copy every
    /// state at each update).
    private var aggregator: Aggregator
    /// The plan above the aggregation, given the groups.
    private let above: (QueryPlan) -> QueryPlan

    /// The split of `plan`, when it has one aggregation and nothing below it but operators that
    /// pass each piece on as it comes, down to the rows standing for the source.
    init?(_ plan: QueryPlan) {
        guard let split = Self.split(plan) else { return nil }
        (input, aggregation, above) = split
        aggregator = aggregation.aggregator
    }

    /// Adds rows of the source (the view's source table's columns).
    mutating func consume(_ rows: Batch) throws(SQLError) {
        try PlanRunner(tables: nil).run(Self.replacingRows(of: input, with: rows)) { (batch: Batch) throws(SQLError) -> Bool in
            let columns = try aggregation.input(batch)
            do throws(QueryError) { try aggregator.consume(columns, rowCount: batch.rowCount) } catch { throw .query(error) }
            return true
        }
    }

    /// The query's rows for every row consumed (the groups are spent: feed no more).
    mutating func finish() throws(SQLError) -> Batch {
        try PlanRunner(tables: nil).collect(above(.rows(aggregation.output(aggregator.finish()))))
    }

    private static func split(_ plan: QueryPlan) -> (QueryPlan, Aggregation, (QueryPlan) -> QueryPlan)? {
        func wrap(_ input: QueryPlan, _ rebuild: @escaping (QueryPlan) -> QueryPlan) -> (QueryPlan, Aggregation, (QueryPlan) -> QueryPlan)? {
            split(input).map { inner in (inner.0, inner.1, { rebuild(inner.2($0)) }) }
        }
        switch plan {
        case .aggregate(let input, let aggregation):
            return streams(input) ? (input, aggregation, { $0 }) : nil
        case .filter(let input, let predicate): return wrap(input) { .filter($0, predicate) }
        case .project(let input, let columns): return wrap(input) { .project($0, columns) }
        case .sort(let input, let keysFrom, let descending, let nullsFirst):
            return wrap(input) { .sort($0, keysFrom: keysFrom, descending: descending, nullsFirst: nullsFirst) }
        case .limit(let input, let offset, let count): return wrap(input) { .limit($0, offset: offset, count: count) }
        case .prefix(let input, let columns): return wrap(input) { .prefix($0, columns: columns) }
        case .window(let input, let calls): return wrap(input) { .window($0, calls) }
        case .distinct(let input, let columns, let limit): return wrap(input) { .distinct($0, columns: columns, limit: limit) }
        case .limitBy(let input, let offset, let count, let keysFrom, let keyCount):
            return wrap(input) { .limitBy($0, offset: offset, count: count, keysFrom: keysFrom, keyCount: keyCount) }
        case .scan, .rows, .numbers, .union, .join, .arrayJoin, .checkedRead: return nil
        }
    }

    /// Whether `plan` passes each piece of its rows on as it comes.
    private static func streams(_ plan: QueryPlan) -> Bool {
        switch plan {
        case .rows: true
        case .filter(let input, _), .project(let input, _), .prefix(let input, _), .arrayJoin(let input, _, _): streams(input)
        default: false
        }
    }

    private static func replacingRows(of plan: QueryPlan, with rows: Batch) -> QueryPlan {
        switch plan {
        case .rows: .rows(rows)
        case .filter(let input, let predicate): .filter(replacingRows(of: input, with: rows), predicate)
        case .project(let input, let columns): .project(replacingRows(of: input, with: rows), columns)
        case .prefix(let input, let columns): .prefix(replacingRows(of: input, with: rows), columns: columns)
        case .arrayJoin(let input, let columns, let left): .arrayJoin(replacingRows(of: input, with: rows), columns, left: left)
        default: plan  // `streams` admitted nothing else
        }
    }
}
