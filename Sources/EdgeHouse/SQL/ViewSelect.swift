import Foundation

/// A materialized view's SELECT, bound against the source table's columns and run over each
/// insert block, the block standing for the source table (a view sees the rows inserted, not
/// the table): whole (`rows(over:into:)`), or, for a GROUP BY of the source, piece by piece as
/// the block arrives (`incrementalAggregation()`).
///
/// Storage calls this from the insert path (`Store.boundViews`) and at `POPULATE`.
struct ViewSelect {
    let query: SelectQuery
    let source: TableDefinition
    /// The columns the view's rows have.
    let outputColumns: [ColumnDefinition]

    /// Parses and binds `text` (a SELECT of `source`); `.invalidView` when it does not bind.
    init(_ text: String, view: TableName, source: TableDefinition) throws(StorageError) {
        self.source = source
        do throws(SQLError) {
            guard case .select(let query, nil) = try Parser.parseSingle(text) else {
                throw .notImplemented("a view's query is one SELECT")
            }
            self.query = query
            outputColumns = try Self.planner(source: source, block: .empty(source.columns)).plan(query).schema
        } catch {
            throw .invalidView(view, reason: error.description)
        }
    }

    /// The view's rows for one insert block (in the source's column order), converted by name to
    /// the target's column types as ClickHouse converts a view's rows.
    func rows(over block: Batch, into target: TableDefinition) throws(StorageError) -> Batch {
        do throws(SQLError) {
            return try Self.converted(try Self.planner(source: source, block: block).run(query), into: target)
        } catch {
            throw .invalidView(target.name, reason: error.description)
        }
    }

    /// The columns the view's rows have, as its `SHOW CREATE` declares them: a source column
    /// selected as it is keeps its `LowCardinality` and its `Enum`.
    var outputDefinitions: [ColumnDefinition] {
        guard query.branches.count == 1, !query.branches[0].items.contains(where: { $0.expression == .star }),
              query.branches[0].items.count == outputColumns.count else { return outputColumns }
        return zip(outputColumns, query.branches[0].items).map { output, item in
            var column = output
            if case .identifier(let parts) = item.expression, let original = source.column(named: parts.last!), original.type == output.type {
                column.lowCardinality = original.lowCardinality
                column.enumeration = original.enumeration
            }
            return column
        }
    }

    /// The source's columns the query names (all of them for a `*` or a subquery).
    var columnsRead: [String] {
        var expressions = [ASTExpression]()
        for select in query.branches {
            expressions += select.items.map(\.expression) + select.withAliases.map(\.expression)
            expressions += select.groupBy + select.orderBy.map(\.expression) + [select.whereClause, select.having].compactMap { $0 }
            expressions += (select.arrayJoin?.columns.map(\.expression) ?? []) + (select.limitBy?.keys ?? [])
        }
        let all = source.columns.map(\.name)
        guard query.branches.allSatisfy({ $0.commonTables.isEmpty && $0.sourceTable != nil }),
              !expressions.contains(where: { (expression: ASTExpression) in expression == .star || expression.containsSubquery(depth: 0) })
        else { return all }
        let named = SelectPlanner.identifiers(in: expressions)
        return all.filter(named.contains)
    }

    /// The view's query as an aggregation fed an insert block in pieces (`IncrementalAggregation`),
    /// when it is one: a GROUP BY of the source table alone, without subqueries (which would see
    /// a piece, not the block) or grouping sets. `nil` for any other query, which runs over the
    /// whole block (`rows(over:into:)`).
    func incrementalAggregation() -> IncrementalAggregation? {
        guard query.branches.count == 1, let select = query.branches.first, select.sourceTable != nil,
              select.commonTables.isEmpty, select.grouping == nil, !select.withTotals else { return nil }
        let expressions = select.items.map(\.expression) + select.withAliases.map(\.expression) + select.groupBy
            + [select.whereClause, select.having].compactMap { $0 } + select.orderBy.map(\.expression)
            + (select.arrayJoin?.columns.map(\.expression) ?? [])
        guard !expressions.contains(where: { $0.containsSubquery(depth: 0) }),
              let plan = try? Self.planner(source: source, block: .empty(source.columns)).plan(query) else { return nil }
        return IncrementalAggregation(plan)
    }

    /// The view's rows over everything `tables` holds of the source (`POPULATE`).
    func rows(in tables: some TableSource, into target: TableDefinition) throws(StorageError) -> Batch {
        do throws(SQLError) {
            let context = QueryContext(database: source.name.database, databases: [source.name.database], now: Self.now)
            return try Self.converted(try SelectPlanner(tables: tables, context: context).run(query), into: target)
        } catch {
            throw .invalidView(target.name, reason: error.description)
        }
    }

    /// The columns the target has, converted to its types (the others are dropped; the
    /// target's columns the view does not compute take their defaults when written).
    static func converted(_ rows: Batch, into target: TableDefinition) throws(SQLError) -> Batch {
        var columns = [(String, ColumnValues)]()
        for (name, values) in zip(rows.names, rows.columns) {
            guard let column = target.column(named: name) else { continue }
            columns.append((name, try Conversion.convert(values, to: column.type)))
        }
        return Batch(columns)
    }

    private static var now: UInt32 { UInt32(clamping: Int(Date().timeIntervalSince1970)) }

    private static func planner(source: TableDefinition, block: Batch) -> SelectPlanner {
        let context = QueryContext(database: source.name.database, databases: [source.name.database], now: now)
        return SelectPlanner(tables: nil, context: context, blocks: [source.name: block])
    }
}
