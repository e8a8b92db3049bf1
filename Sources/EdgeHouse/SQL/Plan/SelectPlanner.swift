import Foundation

/// Turns a parsed SELECT into a `QueryPlan` — resolves its source, binds every expression,
/// places the operators — and runs it.
///
/// The plan of one SELECT is, bottom up: its source (a table scan reading only the columns the
/// query names, pruned by the WHERE clause's column ranges; a subquery; a table function), the
/// rest of the WHERE clause, then either a projection or an aggregation followed by HAVING and
/// a projection, then DISTINCT, ORDER BY and LIMIT. A projection computes the select list and,
/// after it, the ORDER BY keys, which the sort consumes.
struct SelectPlanner {
    /// What tables are read from (none for a view's query over an insert block).
    let tables: (any TableSource)?
    var context: QueryContext
    /// Rows standing for tables: an insert block for the source of a view's query.
    var blocks: [TableName: Batch] = [:]
    /// The rows of `system.<name>` (`nil`: no such table), from the session above the store.
    var systemTables: ((String, QueryContext) throws(SQLError) -> Batch?)? = nil
    /// `WITH name AS (SELECT …)` of this statement and those around it.
    var commonTables: [String: SelectQuery] = [:]

    // MARK: Running

    /// Runs the query, handing `deliver` first an empty batch naming the result's columns and
    /// types (the header), then the rows as they are made.
    /// Returns the `WITH TOTALS` row, when the query asks for one (computed after the rows).
    @discardableResult
    func run(_ query: SelectQuery, deliver: (Batch) throws(SQLError) -> Void) throws(SQLError) -> Batch? {
        let plan = try plan(query)
        try deliver(PlanRunner.header(plan.schema))
        try PlanRunner(tables: tables).run(plan) { (batch: Batch) throws(SQLError) -> Bool in
            try deliver(batch)
            return true
        }
        guard query.branches.count == 1, let totals = try totalsPlan(query.branches[0]) else { return nil }
        var row = PlanRunner.header(totals.schema)
        try PlanRunner(tables: tables).run(totals) { (batch: Batch) -> Bool in
            row = batch
            return false
        }
        // The dropped keys' columns carry private aliases (see `grouped`); name them as the rows.
        return Batch(names: plan.schema.map(\.name), columns: row.columns)
    }

    /// `GROUP BY … WITH TOTALS`: the same SELECT without its keys (each key's column holds its
    /// type's default, as ClickHouse prints the totals), over all the rows: its source is read
    /// again.
    ///
    /// With HAVING, the totals are of the rows of the groups it keeps (ClickHouse's default
    /// `totals_mode`, `after_having_exclusive`, with no `max_rows_to_group_by` overflow), or of
    /// every row under `totals_mode = 'before_having'`.
    private func totalsPlan(_ select: SelectStatement) throws(SQLError) -> QueryPlan? {
        guard select.withTotals else { return nil }
        var scope = self
        scope.commonTables.merge(select.commonTables) { $1 }
        var rows = select
        if let having = select.having {
            rows.having = nil
            if context.settings.value(of: "totals_mode") != "before_having" {
                rows.whereClause = rows.whereClause.map { .function(name: "and", parameters: nil, arguments: [$0, Self.keptGroups(select, having)]) }
                    ?? Self.keptGroups(select, having)
            }
        }
        return try scope.plan(try grouped(rows, by: []))
    }

    /// `(keys) IN (SELECT keys … GROUP BY keys HAVING …)`: whether a row's group passes HAVING.
    private static func keptGroups(_ select: SelectStatement, _ having: ASTExpression) -> ASTExpression {
        // A key named by an item's alias stands as the item's expression (the totals drop it).
        let keys = select.groupBy.map { key -> ASTExpression in
            guard case .identifier(let parts) = key, parts.count == 1, let item = select.items.first(where: { $0.alias == parts[0] }) else { return key }
            return item.expression
        }
        var groups = select
        (groups.withTotals, groups.orderBy, groups.limit, groups.offset, groups.limitBy, groups.distinct, groups.grouping) = (false, [], nil, 0, nil, false, nil)
        // The items' aliases stay visible to HAVING.
        groups.withAliases += select.items.filter { $0.alias != nil }
        groups.items = keys.map { SelectColumn(expression: $0, alias: nil) }
        groups.having = having
        let subject: ASTExpression = keys.count == 1 ? keys[0] : .function(name: "tuple", parameters: nil, arguments: keys)
        return .function(name: "in", parameters: nil, arguments: [subject, .subquery(SelectQuery(branches: [groups]), ordinal: 0)])
    }

    /// `select` grouped by `keys` only (a subset of its GROUP BY, in order), without ORDER BY
    /// and LIMIT: the select-list items that are the other keys (or their aliases) hold their
    /// type's default, as ClickHouse prints the rows of totals, ROLLUP and CUBE.
    private func grouped(_ select: SelectStatement, by keys: [ASTExpression]) throws(SQLError) -> SelectStatement {
        var reduced = select
        (reduced.groupBy, reduced.grouping, reduced.withTotals, reduced.orderBy, reduced.limit, reduced.offset, reduced.limitBy, reduced.distinct) =
            (keys, nil, false, [], nil, 0, nil, false)
        var full = select
        (full.grouping, full.withTotals) = (nil, false)
        let types = try plan(full).schema
        let kept = Set(keys.map(\.columnName))
        let dropped = Set(select.groupBy.map(\.columnName)).subtracting(kept)
        reduced.items = zip(select.items, types).map { item, column in
            guard dropped.contains(item.expression.columnName) || item.alias.map({ dropped.contains($0) }) == true else { return item }
            // A constant key keeps its value in every row (ClickHouse's column is constant).
            if item.expression.isLiteral { return item }
            let zero: ASTExpression = switch column.type {
            case .string: .string("")
            case .uuid: .string("00000000-0000-0000-0000-000000000000")
            default: .integer(0)
            }
            // A private alias: the key's own name would shadow its column in WHERE and in the
            // aggregates' arguments (ClickHouse's aliases are visible there).
            return SelectColumn(expression: .function(name: "CAST", parameters: nil, arguments: [zero, .string(column.type.description)]),
                                alias: "__dropped_key_\(item.name)")
        }
        return reduced
    }

    /// `GROUP BY ROLLUP(…)` / `CUBE(…)` (or `WITH ROLLUP` / `WITH CUBE`): the union of the
    /// SELECT grouped by each set of keys, then its ORDER BY and LIMIT over the union (an
    /// ORDER BY key must be a select-list item or its alias).
    private func groupingSets(_ select: SelectStatement, _ grouping: GroupingSets) throws(SQLError) -> QueryPlan {
        let keys = select.groupBy
        let sets: [[ASTExpression]] = switch grouping {
        case .rollup: (0...keys.count).reversed().map { Array(keys.prefix($0)) }
        case .cube: (0..<(1 << keys.count)).reversed().map { mask in keys.indices.filter { mask & (1 << (keys.count - 1 - $0)) != 0 }.map { keys[$0] } }
        }
        var branches = [SelectStatement]()
        for set in sets { branches.append(try grouped(select, by: set)) }
        var outer = SelectStatement(items: [SelectColumn(expression: .star, alias: nil)])
        outer.from = .subquery(SelectQuery(branches: branches))
        (outer.limit, outer.offset, outer.limitBy) = (select.limit, select.offset, select.limitBy)
        for key in select.orderBy {
            guard let item = select.items.first(where: { $0.expression == key.expression || .identifier([$0.name]) == key.expression }) else {
                throw .notImplemented("ORDER BY \(key.expression.columnName) with ROLLUP or CUBE: order by a select-list item")
            }
            outer.orderBy.append(OrderItem(expression: .identifier([item.name]), descending: key.descending, nullsFirst: key.nullsFirst))
        }
        return try plan(outer)
    }

    /// The whole result.
    func run(_ query: SelectQuery) throws(SQLError) -> Batch {
        try PlanRunner(tables: tables).collect(try plan(query))
    }

    // MARK: Planning

    func plan(_ query: SelectQuery) throws(SQLError) -> QueryPlan {
        if !query.settings.isEmpty {
            var planner = self
            planner.context.settings = context.settings.merging(query.settings)
            var query = query
            query.settings = Settings()
            return try planner.plan(query)
        }
        var branches = [QueryPlan]()
        for branch in query.branches { branches.append(try plan(branch)) }
        var plan = branches.count == 1 ? branches[0] : .union(try Self.unified(branches))
        if query.distinct { plan = .distinct(plan, columns: plan.schema.count, limit: distinctLimit) }
        return plan
    }

    /// UNION branches converted to one schema: the first branch's names, each column's common type.
    private static func unified(_ branches: [QueryPlan]) throws(SQLError) -> [QueryPlan] {
        let schemas = branches.map(\.schema)
        guard schemas.allSatisfy({ $0.count == schemas[0].count }) else {
            throw .badValue(.unionAllResultStructuresMismatch, message: "Different number of columns in UNION elements: \(schemas.map { String($0.count) }.joined(separator: ", "))")
        }
        var types = schemas[0].map(\.type)
        for schema in schemas.dropFirst() {
            for index in types.indices { types[index] = try CommonType.of(types[index], schema[index].type) }
        }
        return branches.enumerated().map { ordinal, branch in
            let schema = schemas[ordinal]
            guard zip(schema, types).contains(where: { $0.type != $1 }) else { return branch }
            return .project(branch, zip(schema.indices, types).map { index, type in
                ProjectedColumn(name: schemas[0][index].name,
                                expression: BoundExpression.column(schema[index].name, schema[index].type).converted(to: type))
            })
        }
    }

    func plan(_ select: SelectStatement) throws(SQLError) -> QueryPlan {
        if (select.withTotals || select.grouping != nil) && select.groupBy.isEmpty,
           Self.aggregateCalls(in: select.items.map(\.expression) + [select.having].compactMap { $0 }, aliases: [:]).isEmpty {
            throw .badValue(.notImplemented, message: "WITH TOTALS, ROLLUP, CUBE or GROUPING SETS are not supported without aggregation.")
        }
        if let grouping = select.grouping { return try groupingSets(select, grouping) }
        var scope = self
        scope.commonTables.merge(select.commonTables) { $1 }
        let source = try scope.source(select.from)
        let inputColumns = source.columns
        var items = select.items.flatMap { item in
            if case .identifier(let parts) = item.expression, parts.count > 1, parts.last == "*" {
                return Self.qualifiedStar(parts.dropLast().joined(separator: "."), source: source)
            }
            return item.expression == .star ? inputColumns.filter(\.isOrdinary).map { SelectColumn(expression: .identifier([$0.name]), alias: nil) } : [item]
        }.map { SelectColumn(expression: Self.resolvingQualifiers($0.expression, source: source), alias: $0.alias) }
        // ClickHouse's rewrite of aggregates of products by constants; each item keeps its name.
        items = items.map { item in
            let hoisted = ArithmeticHoisting.hoisted(item.expression)
            return hoisted == item.expression ? item : SelectColumn(expression: hoisted, alias: item.name)
        }
        var select = select
        // `OVER w` takes the WINDOW clause's `w` (each item keeps its name, `f() OVER w`).
        if !select.windows.isEmpty {
            for index in items.indices {
                let resolved = try Self.resolvingWindows(items[index].expression, select.windows)
                if resolved != items[index].expression { items[index] = SelectColumn(expression: resolved, alias: items[index].name) }
            }
            for index in select.orderBy.indices {
                select.orderBy[index].expression = try Self.resolvingWindows(select.orderBy[index].expression, select.windows)
            }
        }
        select.having = select.having.map(ArithmeticHoisting.hoisted)
        for index in select.orderBy.indices { select.orderBy[index].expression = ArithmeticHoisting.hoisted(select.orderBy[index].expression) }
        // `ORDER BY ALL [DESC]`: by every item of the select list in turn (unless a column or an
        // alias is named `all`).
        if select.orderBy.count == 1, case .identifier(let parts) = select.orderBy[0].expression, parts.count == 1,
           parts[0].uppercased() == "ALL", !inputColumns.contains(where: { $0.name.uppercased() == "ALL" }),
           !items.contains(where: { $0.alias?.uppercased() == "ALL" }) {
            let descending = select.orderBy[0].descending
            select.orderBy = items.map { OrderItem(expression: $0.alias.map { .identifier([$0]) } ?? $0.expression, descending: descending) }
        }
        // Positional arguments (ClickHouse's `enable_positional_arguments`, on by default).
        let itemsByPosition = items
        func positional(_ expression: ASTExpression) throws(SQLError) -> ASTExpression { try Self.positional(expression, items: itemsByPosition) }
        select.groupBy = try select.groupBy.map(positional)
        for index in select.orderBy.indices { select.orderBy[index].expression = try positional(select.orderBy[index].expression) }
        if var limitBy = select.limitBy {
            limitBy.keys = try limitBy.keys.map(positional)
            select.limitBy = limitBy
        }
        // The other clauses name columns as the items now do (GROUP BY t.a matches the item t.a).
        func resolved(_ expression: ASTExpression) -> ASTExpression { Self.resolvingQualifiers(expression, source: source) }
        select.whereClause = select.whereClause.map(resolved)
        select.having = select.having.map(resolved)
        select.groupBy = select.groupBy.map(resolved)
        for index in select.orderBy.indices { select.orderBy[index].expression = resolved(select.orderBy[index].expression) }
        if var limitBy = select.limitBy {
            limitBy.keys = limitBy.keys.map(resolved)
            select.limitBy = limitBy
        }
        var aliases = [String: ASTExpression]()
        for item in select.withAliases + items { if let alias = item.alias { aliases[alias] = item.expression } }
        var columnTypes = [String: ColumnType]()
        for column in inputColumns { columnTypes[column.name] = column.type }
        var binder = Binder(columns: columnTypes, aliases: aliases, context: context, subquery: scope.rows)
        binder.qualified = source.qualified
        for column in inputColumns where column.declaredType != column.type.description { binder.declaredTypes[column.name] = column.declaredType }
        binder.mayMeetNulls = columnTypes.values.contains { $0.containsNullable || $0 == .nothing || $0.isArray }
            || Binder.hasNullSyntax(items.map(\.expression) + select.withAliases.map(\.expression) + [select.whereClause, select.having].compactMap { $0 }
                                    + select.groupBy + select.orderBy.map(\.expression) + (select.arrayJoin?.columns.map(\.expression) ?? []))
        // ARRAY JOIN and arrayJoin(…): rows repeated per element before WHERE, the elements
        // as columns the rest of the query reads.
        let aggregating = !select.groupBy.isEmpty
            || !Self.aggregateCalls(in: items.map(\.expression) + [select.having].compactMap { $0 } + select.orderBy.map(\.expression), aliases: aliases).isEmpty
        let (arrayJoins, arrayJoinsAfterAggregation) = try Self.arrayJoins(select, items: items, aliases: aliases, aggregating: aggregating, binder: &binder)
        // Aggregates of Nullable values skip the NULLs (rewritten before they are collected).
        if binder.mayMeetNulls {
            for index in items.indices { items[index].expression = try Self.skippingNulls(items[index].expression, binder: binder) }
            for (alias, expression) in aliases { aliases[alias] = try Self.skippingNulls(expression, binder: binder) }
            binder.aliases = aliases
            select.having = try select.having.map { (h: ASTExpression) throws(SQLError) in try Self.skippingNulls(h, binder: binder) }
            for index in select.orderBy.indices { select.orderBy[index].expression = try Self.skippingNulls(select.orderBy[index].expression, binder: binder) }
        }

        let predicate = try select.whereClause.map { (w: ASTExpression) throws(SQLError) -> BoundExpression in try binder.bind(w) }
        let having = [select.having].compactMap { $0 }
        let orderKeys = select.orderBy.map(\.expression)
        let aggregates = Self.aggregateCalls(in: items.map(\.expression) + having + orderKeys, aliases: aliases)
        try Self.rejectNestedAggregates(items.map { ($0.expression, $0.alias) } + (having + orderKeys).map { ($0, nil) }, aliases: aliases)

        var plan: QueryPlan
        var residual = predicate
        // `SELECT count() FROM t`: ClickHouse answers from the parts' row counts, reading nothing.
        var countsOnly = false
        if case .scan(let table, _, _, let final) = source.plan {
            // Only the columns the query names are read (`count()` reads one, the narrowest).
            let mentioned = Self.identifiers(in: items.map(\.expression) + aliases.values + [select.whereClause].compactMap { $0 }
                                             + (select.arrayJoin?.columns.map(\.expression) ?? [])
                                             + having + select.groupBy + orderKeys + (select.limitBy?.keys ?? []))
            // A Nested column's arrays (`nest.x`) are read when the column (`nest`) is named too.
            // (FINAL merges rows of several parts: no virtual column tells their part.)
            var columns = final ? inputColumns.filter { $0.isVirtual != true } : inputColumns.filter { column in
                mentioned.contains(column.name) || column.name.split(separator: ".").first.map { mentioned.contains(String($0)) } == true
            }
            countsOnly = columns.isEmpty && predicate == nil && !aggregates.isEmpty
            if columns.isEmpty, let narrowest = inputColumns.filter({ $0.isVirtual != true }).min(by: { $0.type.fixedWidth ?? 16 < $1.type.fixedWidth ?? 16 }) {
                columns = [narrowest]
            }
            // The reader applies the range conjuncts to every row itself; only the rest is
            // evaluated here (all of it for FINAL, which reads without a filter).
            var ranges = [ColumnRange]()
            if !final, arrayJoins.isEmpty, let whole = predicate {
                ranges = Self.ranges(whole)
                let rest = Self.conjuncts(whole).filter { Self.ranges($0).isEmpty || $0.involvesFloats }
                residual = rest.isEmpty ? nil : rest.dropFirst().reduce(rest[0]) { .call(.and, [$0, $1], .uint8) }
            }
            plan = .scan(table, columns: columns, ranges: ranges, final: final)
        } else {
            plan = source.plan
        }
        if !countsOnly, let limit = readRowsLimit, !limit.breaks {
            // A trivial LIMIT (nothing to filter, group, sort or number first) stops the read at
            // its rows: what ClickHouse holds against the limit then.
            let trivialLimit = predicate == nil && aggregates.isEmpty && select.groupBy.isEmpty && select.orderBy.isEmpty
                && !select.distinct && select.limitBy == nil && arrayJoins.isEmpty
                && Self.windowCalls(in: items.map(\.expression)).isEmpty
            let rowsWanted = select.limit.map { UInt64($0).addingReportingOverflow(UInt64(select.offset)) }.map { $0.overflow ? .max : $0.partialValue }
            plan = Self.checkingRowsRead(plan, maxRows: limit.maxRows, rowsWanted: trivialLimit ? rowsWanted : nil)
        }
        for join in arrayJoins { plan = .arrayJoin(plan, join.columns, left: join.left) }
        if let residual { plan = .filter(plan, residual) }

        // The projection: the select list, then the ORDER BY keys, then the LIMIT BY keys.
        let limitKeys = select.limitBy?.keys ?? []
        let computed = items.map(\.expression) + orderKeys + limitKeys
        // Inside its own definition an alias names the column: `k + 1 AS k` is the column plus
        // one, not itself plus one.
        func bind(_ index: Int, with binder: Binder) throws(SQLError) -> BoundExpression {
            var binder = binder
            if index < items.count, let alias = items[index].alias { binder.aliases[alias] = nil }
            return try binder.bind(computed[index])
        }
        var outputs = [BoundExpression]()
        var outputBinder = binder
        if !aggregates.isEmpty || !select.groupBy.isEmpty {
            var (aggregation, post) = try Self.aggregation(select.groupBy, aggregates, binder: binder)
            if !select.groupBy.isEmpty {
                aggregation.groupLimit = SizeLimit(context.settings, rows: "max_rows_to_group_by", mode: "group_by_overflow_mode")
                if aggregation.groupLimit?.overflow == .any {
                    throw .notImplemented("group_by_overflow_mode = 'any' (the groups past max_rows_to_group_by are not kept out)")
                }
            }
            plan = .aggregate(plan, aggregation)
            // `SELECT arrayJoin([1, 2]) AS k, count() FROM t`: each result row once per element.
            for call in arrayJoinsAfterAggregation {
                guard case .function(_, _, let arguments) = call else { continue }
                let array = try post.bind(arguments[0])
                guard case .array(let element) = array.type else { throw .illegalType("ARRAY JOIN requires array argument, got \(array.type)") }
                plan = .arrayJoin(plan, [ProjectedColumn(name: call.columnName, expression: array)], left: false)
                post.columns[call.columnName] = element
                post.substitutions[call] = call.columnName
            }
            if let condition = select.having { plan = .filter(plan, try post.bind(condition)) }
            outputBinder = post
        } else {
            if select.having != nil { throw .notImplemented("HAVING without aggregation") }
        }
        let windowCalls = Self.windowCalls(in: computed + aliases.values)
        if !windowCalls.isEmpty { plan = .window(plan, try Self.windowColumns(windowCalls, binder: &outputBinder)) }
        for index in computed.indices { outputs.append(try bind(index, with: outputBinder)) }
        // An Enum column sorts by its numbers, not its names.
        for (index, key) in orderKeys.enumerated() {
            let resolved: ASTExpression = if case .identifier(let parts) = key, parts.count == 1, let aliased = aliases[parts[0]] { aliased } else { key }
            guard let enumeration = binder.enumeration(of: resolved) else { continue }
            let position = items.count + index
            outputs[position] = .call(.enumNumber(enumeration), [outputs[position]], enumeration.wide ? .int16 : .int8)
        }
        let names = items.map(\.name) + (orderKeys + limitKeys).map { _ in "" }
        plan = .project(plan, zip(names, outputs).map { ProjectedColumn(name: $0, expression: $1) })
        if select.distinct { plan = .distinct(plan, columns: items.count, limit: distinctLimit) }
        if !orderKeys.isEmpty {
            plan = .sort(plan, keysFrom: items.count, descending: select.orderBy.map(\.descending), nullsFirst: select.orderBy.map(\.nullsFirst))
        }
        if let limitBy = select.limitBy {
            plan = .limitBy(plan, offset: limitBy.offset, count: limitBy.count, keysFrom: items.count + orderKeys.count, keyCount: limitKeys.count)
        }
        if computed.count > items.count { plan = .prefix(plan, columns: items.count) }
        if select.limit != nil || select.offset > 0 { plan = .limited(plan, offset: select.offset, count: select.limit) }
        return plan
    }

    /// A binder of expressions over a table's columns (a mutation's condition and values).
    func binder(for table: TableDefinition) -> Binder {
        Binder(columns: Dictionary(table.columns.map { ($0.name, $0.type) }) { first, _ in first }, context: context, subquery: rows)
    }

    /// A subquery's whole result (a scalar subquery's value, the set of `IN (SELECT …)`).
    private func rows(_ query: SelectQuery) throws(SQLError) -> Batch {
        try run(query)
    }

    // MARK: Sources

    /// Where a SELECT's rows come from: the plan that makes them, their columns, and the
    /// names `alias.column` stands for (the columns of an aliased table or of a join's sides).
    struct Source {
        var plan: QueryPlan
        var columns: [ColumnDefinition]
        var qualified: [String: String] = [:]

        init(_ plan: QueryPlan) {
            self.plan = plan
            columns = plan.schema
        }
    }

    /// The expression with each `t.column` as the column it names (ClickHouse 26.9 names result
    /// columns so: `SELECT t.a + 1 FROM x AS t` is `plus(a, 1)`; a join's clashing right column
    /// `y.a`). Dotted column names (a Nested column's arrays) stay.
    private static func resolvingQualifiers(_ expression: ASTExpression, source: Source, depth: Int = 0) -> ASTExpression {
        guard depth < 256 else { return expression }
        switch expression {
        case .identifier(let parts) where parts.count >= 2 && parts.last != "*":
            if let column = source.qualified[parts.suffix(2).joined(separator: ".")] { return .identifier([column]) }
            if source.columns.contains(where: { $0.name == parts.joined(separator: ".") }) { return expression }
            if source.columns.contains(where: { $0.name == parts.last! }) { return .identifier([parts.last!]) }
            return expression
        case .function(let name, let parameters, let arguments):
            // `f(*)` is `f` of every column, as ClickHouse expands it (`count(*)` is `count()`).
            let expanded = arguments.flatMap { argument in
                argument == .star ? source.columns.filter(\.isOrdinary).map { ASTExpression.identifier([$0.name]) } : [argument]
            }
            return .function(name: name, parameters: parameters,
                             arguments: expanded.map { resolvingQualifiers($0, source: source, depth: depth + 1) })
        case .array(let items): return .array(items.map { resolvingQualifiers($0, source: source, depth: depth + 1) })
        default: return expression
        }
    }

    /// A whole number in GROUP BY, ORDER BY or LIMIT BY: the select list's item at that place,
    /// counted from 1 (from the end, when negative), by its alias when it has one.
    private static func positional(_ expression: ASTExpression, items: [SelectColumn]) throws(SQLError) -> ASTExpression {
        let position: Int
        switch expression {
        case .integer(let value): position = Int(clamping: value)
        case .negativeInteger(let value): position = Int(value)
        default: return expression
        }
        let index = position > 0 ? position - 1 : items.count + position
        guard position != 0, items.indices.contains(index) else {
            throw .badValue(.badArguments, message: "Positional argument number \(position) is out of bounds. Expected in range [1, \(items.count)].")
        }
        return items[index].alias.map { .identifier([$0]) } ?? items[index].expression
    }

    /// `t.*`: the columns of the table or alias `t` (every column when the source is one table
    /// without aliases), each named as the source names it.
    private static func qualifiedStar(_ table: String, source: Source) -> [SelectColumn] {
        let ordinary = source.columns.filter(\.isOrdinary)
        let named = source.qualified.filter { $0.key.hasPrefix(table + ".") }
        guard !named.isEmpty else { return ordinary.map { SelectColumn(expression: .identifier([$0.name]), alias: nil) } }
        let outputs = Set(named.values)
        return ordinary.filter { outputs.contains($0.name) }.map { SelectColumn(expression: .identifier([$0.name]), alias: nil) }
    }

    /// Where rows come from, and the columns they have.
    func source(_ from: TableExpression?) throws(SQLError) -> Source {
        guard let from else { return Source(.rows(Batch([("dummy", .uint8([0]))]))) }
        switch from {
        case .subquery(let query):
            return Source(try plan(query))
        case .function(let name, let arguments):
            return Source(try tableFunction(name, arguments))
        case .aliased(let inner, let alias):
            var source = try source(inner)
            for column in source.columns { source.qualified["\(alias).\(column.name)"] = column.name }
            return source
        case .join(let join):
            return try joined(join)
        case .table(let qualified, let final):
            if qualified.database == nil, let query = commonTables[qualified.name] {
                return Source(try plan(query))
            }
            if qualified.database == "system" {
                if qualified.name == "numbers" || qualified.name == "numbers_mt" { return Source(.numbers(start: 0, end: readLimit, blockRows: blockRows)) }
                guard let rows = try systemTables?(qualified.name, context) else {
                    throw .unknownTable(TableName("system", qualified.name))
                }
                return Source(.rows(rows))
            }
            let name = TableName(qualified.database ?? context.database, qualified.name)
            if let block = blocks[name] {
                if final { throw .notImplemented("FINAL in a materialized view's query") }
                return Source(.rows(block))
            }
            if !context.databases.contains(name.database) { throw .unknownDatabase(name.database) }
            guard let tables else { throw .notImplemented("a materialized view's query reads its source table only, not \(name)") }
            if let viewQuery = tables.viewQuery(of: name) {
                // A view reads as its query, bound in the view's database.
                guard case .select(let query, nil) = try Parser.parseSingle(viewQuery) else { throw .notImplemented("a view of other than SELECT") }
                var inner = self
                inner.context.database = name.database
                inner.commonTables = [:]
                return Source(try inner.plan(query))
            }
            let definition: TableDefinition
            do { definition = try tables.definition(of: name) } catch { throw .storage(error) }
            if final && !definition.engine.collapsesRows {
                throw .badValue(.illegalFinal, message: "Storage \(definition.engine.name) doesn't support FINAL.")
            }
            // `table.column` of one table resolves by its last part; a join names both sides' columns.
            let virtuals = VirtualColumn.allCases.filter { definition.column(named: $0.rawValue) == nil }.map(\.definition)
            return Source(.scan(name, columns: definition.columns + virtuals, ranges: [], final: final))
        }
    }

    /// `max_rows_in_distinct`, with `distinct_overflow_mode`.
    private var distinctLimit: SizeLimit? {
        SizeLimit(context.settings, rows: "max_rows_in_distinct", mode: "distinct_overflow_mode")
    }

    /// `max_rows_to_read`, with `read_overflow_mode`.
    private var readRowsLimit: SizeLimit? {
        SizeLimit(context.settings, rows: "max_rows_to_read", mode: "read_overflow_mode")
    }

    /// `plan` held to `maxRows` when it is a read (a table's scan or `numbers`); a subquery's
    /// or a join's reads are their own plans'.
    private static func checkingRowsRead(_ plan: QueryPlan, maxRows: UInt64, rowsWanted: UInt64?) -> QueryPlan {
        switch plan {
        case .scan, .numbers: .checkedRead(plan, maxRows: maxRows, rowsWanted: rowsWanted)
        default: plan
        }
    }

    /// Rows per block of a table function (`max_block_size`).
    private var blockRows: Int {
        context.settings.value(of: "max_block_size").flatMap(Int.init).map { max(1, $0) } ?? PlanRunner.batchRows
    }

    /// Where an endless `system.numbers` stops when `read_overflow_mode` is `break`: at the end
    /// of the block that takes it past `max_rows_to_read` rows, as ClickHouse stops reading
    /// (by whole blocks of `max_block_size` rows) and answers what it read.
    private var readLimit: UInt64? {
        guard let limit = readRowsLimit, limit.breaks else { return nil }
        let end = (limit.maxRows / UInt64(blockRows) + 1).multipliedReportingOverflow(by: UInt64(blockRows))
        return end.overflow ? nil : end.partialValue
    }

    /// `numbers(count)`, `numbers(start, count)` and `values('name Type, …', (v, …), …)`.
    private func tableFunction(_ name: String, _ arguments: [ASTExpression]) throws(SQLError) -> QueryPlan {
        if name == "values" { return .rows(try valuesRows(arguments)) }
        guard name == "numbers" else {
            throw .badValue(.unknownFunction, message: "Unknown table function \(name)")
        }
        // `numbers()` counts without end, as `system.numbers`.
        if arguments.isEmpty { return .numbers(start: 0, end: readLimit, blockRows: blockRows) }
        guard (1...2).contains(arguments.count) else {
            throw .badValue(.numberOfArgumentsDoesntMatch, message: "Table function 'numbers' requires 'length' or 'offset, length'.")
        }
        let constants = Binder(columns: [:], context: context, subquery: rows)
        var values = [UInt64]()
        for argument in arguments {
            guard case .constant(let value) = try constants.bind(argument), value.type.isNumeric else {
                throw .illegalType("Illegal type of argument of table function 'numbers': it must be an unsigned integer constant")
            }
            // A negative or fractional count is refused, as ClickHouse refuses it (not wrapped round).
            let number = Numeric.doubles(value)[0]
            if value.type.isSignedInteger && Numeric.int64s(value)[0] < 0 || (value.type == .float32 || value.type == .float64) && (number < 0 || number != number.rounded()) {
                let text = value.type.isSignedInteger ? String(Numeric.int64s(value)[0]) : FloatText.format(number)
                throw .illegalType("The value \(text) is not representable as UInt64")
            }
            values.append(value.type == .float32 || value.type == .float64 ? UInt64(exactly: number) ?? .max : Numeric.uint64s(value)[0])
        }
        let start = values.count == 2 ? values[0] : 0
        let (end, overflow) = start.addingReportingOverflow(values.last!)
        return .numbers(start: start, end: overflow ? .max : end, blockRows: blockRows)
    }

    /// The rows of `values('x UInt8, s String', (1, 'a'), (2, 'b'))`: each row's values
    /// evaluated and converted to the structure's types, as ClickHouse's CAST converts them.
    private func valuesRows(_ arguments: [ASTExpression]) throws(SQLError) -> Batch {
        guard arguments.count >= 2, case .string(let structure) = arguments[0] else {
            throw .notImplemented("values() without its structure ('name Type, …') as the first argument")
        }
        var columns = [ColumnDefinition]()
        for field in structure.split(separator: ",") {
            let words = field.split(separator: " ", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard words.count == 2, !words[0].isEmpty else {
                throw .badValue(.syntaxError, message: "Cannot parse the structure of values(): \(structure)")
            }
            columns.append(ColumnDefinition(words[0], try Conversion.type(named: words[1])))
        }
        let constants = Binder(columns: [:], context: context, subquery: rows)
        var values = columns.map { ColumnValues.empty($0.type) }
        for row in arguments.dropFirst() {
            let fields: [ASTExpression] = if case .function("tuple", nil, let items) = row { items } else { [row] }
            guard fields.count == columns.count else {
                throw .badValue(.badArguments, message: "Expected \(columns.count) values in a row of values(), got \(fields.count)")
            }
            for (index, field) in fields.enumerated() {
                guard case .constant(let value) = try constants.bind(field) else { throw .illegalType("values() takes constants") }
                values[index].append(contentsOf: try Conversion.convert(value, to: columns[index].type))
            }
        }
        return Batch(zip(columns, values).map { ($0.name, $1) })
    }

    // MARK: Aggregation

    /// The aggregation of a GROUP BY (or of aggregates without one), and the binder for what is
    /// computed over its output: the select list, HAVING and ORDER BY, over keys and results.
    private static func aggregation(_ groupBy: [ASTExpression], _ aggregates: [ASTExpression],
                                    binder: Binder) throws(SQLError) -> (Aggregation, Binder) {
        let keys = groupBy.map { key -> ASTExpression in
            if case .identifier(let parts) = key, let aliased = binder.aliases[parts.last!] { return aliased }
            return key
        }
        // The aggregator's input: the keys, then each distinct expression an aggregate reads.
        // Calls that read one expression read one column, so the aggregator shares the states
        // of calls that differ only in their level (`quantileState(0.95)(x)` and
        // `quantileState(0.99)(x)` fill one reservoir).
        var inputs = [BoundExpression]()
        for key in keys { inputs.append(try binder.bind(key)) }
        // Inside an aggregate's argument, a name that aliases an aggregate (or an expression of
        // one) is the column (`sum(total_cost) AS total_cost`, `sum(v) * 2 AS v`); other
        // nestings were rejected (code 184).
        var argumentBinder = binder
        argumentBinder.aliases = binder.aliases.filter { aggregateCalls(in: [$0.value], aliases: [:]).isEmpty }
        func input(_ expression: ASTExpression?) throws(SQLError) -> Int? {
            guard let expression else { return nil }
            let bound = try argumentBinder.bind(expression)
            if let known = inputs.dropFirst(keys.count).firstIndex(of: bound) { return known }
            inputs.append(bound)
            return inputs.count - 1
        }
        var calls = [AggregateCall]()
        for aggregate in aggregates {
            let syntax = AggregateSyntax(aggregate)!
            try syntax.check()
            var call = AggregateCall(syntax.kind, syntax.combinator, try input(syntax.argument),
                                     secondArgument: try input(syntax.secondArgument), condition: try input(syntax.condition),
                                     distinct: syntax.distinct)
            call.overArrays = syntax.overArrays
            call.whenEmpty = syntax.whenEmpty
            calls.append(call)
        }
        let aggregator: Aggregator
        do { aggregator = try Aggregator(AggregationQuery(keys: Array(keys.indices), aggregates: calls), input: inputs.map(\.type)) } catch {
            throw renamed(error)
        }
        let aggregation = Aggregation(inputs: inputs, aggregator: aggregator,
                                      outputNames: keys.indices.map { "k\($0)" } + aggregates.indices.map { "r\($0)" })

        var post = binder
        post.columns = [:]
        for column in aggregation.outputColumns { post.columns[column.name] = column.type }
        post.substitutions = [:]
        for (i, key) in keys.enumerated() { post.substitutions[key] = "k\(i)" }
        for (j, aggregate) in aggregates.enumerated() { post.substitutions[aggregate] = "r\(j)" }
        post.aliases = binder.aliases.filter { alias, expression in post.substitutions[.identifier([alias])] == nil && alias != expression.columnName }
        post.aggregated = true
        post.inputColumns = binder.columns
        return (aggregation, post)
    }

    /// The aggregator's errors in the words of ClickHouse's analyzer.
    private static func renamed(_ error: QueryError) -> SQLError {
        switch error {
        case .illegalAggregateArgument(let function, let type): .illegalType("Illegal type \(type) of argument for aggregate function \(function).")
        case .notAggregateState(_, let type): .illegalType("Illegal type \(type) of argument for aggregate function with Merge suffix. It must be AggregateFunction(...).")
        default: .query(error)
        }
    }

    /// Aggregate calls in the expressions (aliases followed), in order of first appearance.
    private static func aggregateCalls(in expressions: [ASTExpression], aliases: [String: ASTExpression]) -> [ASTExpression] {
        var found = [ASTExpression]()
        func visit(_ e: ASTExpression, depth: Int) {
            guard depth < 32 else { return }
            if AggregateSyntax(e) != nil {
                if !found.contains(e) { found.append(e) }
                return
            }
            switch e {
            case .function(_, _, let arguments): arguments.forEach { visit($0, depth: depth + 1) }
            case .identifier(let parts):
                // Depth-limited: an alias may mention its own name (`toStartOfHour(hour) AS hour`).
                if let aliased = aliases[parts.last!], aliased != e { visit(aliased, depth: depth + 1) }
            case .interval(let inner, _, _): visit(inner, depth: depth + 1)
            // A window function is no aggregate, but its arguments and keys may hold some.
            case .window(let call): call.expressions.forEach { visit($0, depth: depth + 1) }
            default: break
            }
        }
        expressions.forEach { visit($0, depth: 0) }
        return found
    }

    /// `expression` with each `OVER w` replaced by the clauses of the WINDOW clause's `w`.
    private static func resolvingWindows(_ expression: ASTExpression, _ windows: [String: WindowCall], depth: Int = 0) throws(SQLError) -> ASTExpression {
        guard depth < 256 else { return expression }
        func resolve(_ e: ASTExpression) throws(SQLError) -> ASTExpression { try resolvingWindows(e, windows, depth: depth + 1) }
        switch expression {
        case .window(var call):
            if let name = call.windowName {
                guard let window = windows[name] else { throw .badValue(.badArguments, message: "Window '\(name)' does not exist.") }
                (call.partitionBy, call.orderBy, call.frame, call.windowName) = (window.partitionBy, window.orderBy, window.frame, nil)
            }
            var arguments = [ASTExpression]()
            for argument in call.arguments { arguments.append(try resolve(argument)) }
            call.arguments = arguments
            return .window(call)
        case .function(let name, let parameters, let arguments):
            var resolved = [ASTExpression]()
            for argument in arguments { resolved.append(try resolve(argument)) }
            return .function(name: name, parameters: parameters, arguments: resolved)
        case .interval(let inner, let seconds, let unit): return .interval(try resolve(inner), seconds: seconds, unit: unit)
        default: return expression
        }
    }

    /// The window calls in the expressions (not inside one another), each once, in order.
    private static func windowCalls(in expressions: [ASTExpression]) -> [WindowCall] {
        var found = [WindowCall]()
        func visit(_ e: ASTExpression, depth: Int) {
            guard depth < 256 else { return }
            switch e {
            case .window(let call): if !found.contains(call) { found.append(call) }
            case .function(_, _, let arguments): arguments.forEach { visit($0, depth: depth + 1) }
            case .interval(let inner, _, _): visit(inner, depth: depth + 1)
            case .array(let items): items.forEach { visit($0, depth: depth + 1) }
            default: break
            }
        }
        expressions.forEach { visit($0, depth: 0) }
        return found
    }

    /// The window step's calls, bound by `binder` (over the rows the step reads), which then
    /// reads each call as the column the step appends.
    private static func windowColumns(_ calls: [WindowCall], binder: inout Binder) throws(SQLError) -> [WindowColumn] {
        var columns = [WindowColumn]()
        for (index, call) in calls.enumerated() {
            // A name the WINDOW clause resolved is gone (`resolvingWindows`): one left names no window.
            if let name = call.windowName { throw .badValue(.badArguments, message: "Window '\(name)' does not exist.") }
            guard let function = WindowFunction(name: call.name) else {
                guard AggregateSyntax(name: call.name, parameters: nil, arguments: call.arguments) != nil else {
                    throw .badValue(.unknownAggregateFunction, message: "Aggregate function with name '\(call.name)' does not exist.")
                }
                throw .notImplemented("the window function \(call.name) (row_number, rank, dense_rank, count, sum, avg, min, max, lagInFrame, leadInFrame, first_value and last_value are)")
            }
            try Binder.checkArity(call.name, call.arguments.count, function.arity)
            var arguments = [BoundExpression]()
            for argument in call.arguments { arguments.append(try binder.bind(argument)) }
            guard let type = function.resultType(arguments.first?.type) else {
                throw .illegalType("Illegal type \(arguments.first?.type.description ?? "") of argument for aggregate function \(call.name).")
            }
            // ClickHouse's aggregates (and first_value/last_value, which are `any`/`anyLast`) skip
            // NULLs: only count does here.
            if let value = arguments.first, value.type.isNullable, [.sum, .avg, .min, .max, .firstValue, .lastValue].contains(function) {
                throw .notImplemented("\(call.name) of a Nullable value over a window")
            }
            if arguments.count > 1 {
                guard arguments[1].type.isNumeric, arguments[1].type != .float32, arguments[1].type != .float64 else {
                    throw .badValue(.badArguments, message: "Offset must be an integer, '\(arguments[1].type)' given.")
                }
            }
            if arguments.count > 2, arguments[2].type != type { arguments[2] = .call(.cast(type, orZero: false), [arguments[2]], type) }
            var partition = [BoundExpression](), order = [BoundExpression]()
            for key in call.partitionBy { partition.append(try binder.bind(key)) }
            for item in call.orderBy { order.append(try binder.bind(item.expression)) }
            let frame = call.frame ?? WindowFrame(rows: false, start: .unboundedPreceding, end: call.orderBy.isEmpty ? .unboundedFollowing : .currentRow)
            for (bound, side) in [(frame.start, "start"), (frame.end, "end")] {
                switch bound {
                case .preceding(let n), .following(let n): try Self.checkFrameOffset(n, side: side, rows: frame.rows)
                default: break
                }
            }
            let name = "__window\(index)"
            columns.append(WindowColumn(name: name, function: function, arguments: arguments, partition: partition, order: order,
                                        descending: call.orderBy.map(\.descending), nullsFirst: call.orderBy.map(\.nullsFirst), frame: frame, type: type))
            binder.substitutions[.window(call)] = name
            binder.columns[name] = type
        }
        return columns
    }

    /// A `ROWS` frame's offset is below 2^31 - 1, as in ClickHouse; `RANGE` offsets are not supported.
    private static func checkFrameOffset(_ offset: UInt64, side: String, rows: Bool) throws(SQLError) {
        guard rows else { throw .notImplemented("a RANGE frame with an offset (ROWS frames take offsets)") }
        guard offset < UInt64(Int32.max) else {
            throw .badValue(.badArguments, message: "Frame \(side) offset for 'ROWS' frame must be a nonnegative 32-bit integer, '\(offset)' of type 'UInt64' given.")
        }
    }

    /// ClickHouse resolves an alias inside an aggregate's argument too: in
    /// `sum(u) / sum(n) AS avg, sum(n) AS n`, the first `sum(n)` reads the alias `n`, an aggregate
    /// inside an aggregate (code 184). Inside the item that defines an alias, the name is the column.
    private static func rejectNestedAggregates(_ expressions: [(ASTExpression, alias: String?)], aliases: [String: ASTExpression]) throws(SQLError) {
        func mentions(_ e: ASTExpression) -> [String] {
            switch e {
            case .identifier(let parts): [parts.last!]
            case .function(_, _, let arguments): arguments.flatMap(mentions)
            case .interval(let inner, _, _): mentions(inner)
            default: []
            }
        }
        func aggregates(in e: ASTExpression) -> [ASTExpression] {
            if AggregateSyntax(e) != nil { return [e] }
            if case .function(_, _, let arguments) = e { return arguments.flatMap(aggregates) }
            return []
        }
        for (expression, own) in expressions {
            for aggregate in aggregates(in: expression) {
                guard let argument = AggregateSyntax(aggregate)?.argument else { continue }
                for name in mentions(argument) where name != own {
                    guard let aliased = aliases[name], let inner = aggregates(in: aliased).first else { continue }
                    // ClickHouse names an aliased aggregate with its alias, one inside an expression alone.
                    let named = inner == aliased ? "\(aliased.columnName) AS \(name)" : inner.columnName
                    throw .badValue(.illegalAggregation, message: "Aggregate function \(named) is found inside another aggregate function in query.")
                }
            }
        }
    }

    // MARK: Predicates

    /// Every name an expression mentions (columns and aliases alike).
    /// The joins of `ARRAY JOIN` (its arrays side by side) and of each `arrayJoin(x)` call (one
    /// join each, named as the call), bound over the source; `binder` then reads them as the
    /// elements' columns. In a query that aggregates, a call outside the aggregates' arguments,
    /// the WHERE and the GROUP BY is joined after the aggregation, as ClickHouse does: those are
    /// returned apart, unbound.
    private static func arrayJoins(_ select: SelectStatement, items: [SelectColumn], aliases: [String: ASTExpression], aggregating: Bool,
                                   binder: inout Binder) throws(SQLError) -> (before: [(columns: [ProjectedColumn], left: Bool)], after: [ASTExpression]) {
        var columns = [ProjectedColumn]()
        for column in select.arrayJoin?.columns ?? [] {
            if case .identifier(let parts) = column.expression {
                let path = parts.joined(separator: ".")
                // `ARRAY JOIN nest [AS n]` of a Nested column: each of its arrays, as `nest.f`
                // (replacing the arrays) or `n.f` (beside them).
                let fields = binder.columns.keys.filter { $0.hasPrefix(path + ".") }.sorted()
                if binder.columns[path] == nil, !fields.isEmpty {
                    for field in fields {
                        let name = (column.alias ?? path) + field.dropFirst(path.count)
                        columns.append(ProjectedColumn(name: name, expression: try binder.bind(.identifier([field]))))
                    }
                    continue
                }
                // `ARRAY JOIN nest.x` joins the column `nest.x` itself.
                let name = column.alias ?? (binder.columns[path] != nil ? path : parts.last!)
                columns.append(ProjectedColumn(name: name, expression: try binder.bind(column.expression)))
                continue
            }
            columns.append(ProjectedColumn(name: column.alias ?? column.expression.columnName, expression: try binder.bind(column.expression)))
        }
        var calls = [ASTExpression]()
        let selected = items.map(\.expression) + Array(aliases.values) + select.orderBy.map(\.expression)
        if aggregating {
            // The aggregates' arguments, WHERE and the GROUP BY keys (an alias named there, its expression).
            let keys = select.groupBy.map { key -> ASTExpression in
                if case .identifier(let parts) = key, parts.count == 1, let aliased = aliases[parts[0]] { return aliased }
                return key
            }
            let aggregates = aggregateCalls(in: selected + [select.having].compactMap { $0 }, aliases: aliases)
            for expression in aggregates + [select.whereClause].compactMap({ $0 }) + keys { collectArrayJoins(expression, into: &calls) }
        } else {
            let clauses = items.map(\.expression) + Array(aliases.values) + [select.whereClause].compactMap { $0 } + select.groupBy
            for expression in clauses + select.orderBy.map(\.expression) { collectArrayJoins(expression, into: &calls) }
        }
        var after = [ASTExpression]()
        if aggregating {
            for expression in selected { collectArrayJoins(expression, into: &after) }
            after.removeAll { calls.contains($0) }
        }
        var joins = columns.isEmpty ? [] : [(columns: columns, left: select.arrayJoin?.left ?? false)]
        for call in calls {
            guard case .function(_, _, let arguments) = call else { continue }
            joins.append(([ProjectedColumn(name: call.columnName, expression: try binder.bind(arguments[0]))], false))
            binder.substitutions[call] = call.columnName
        }
        for column in joins.flatMap(\.columns) {
            guard case .array(let element) = column.expression.type else {
                throw .illegalType("ARRAY JOIN requires array argument, got \(column.expression.type)")
            }
            binder.columns[column.name] = element
            if element.isNullable || element.isArray { binder.mayMeetNulls = true }
        }
        return (joins, after)
    }

    /// The distinct `arrayJoin(x)` calls in an expression, in order.
    private static func collectArrayJoins(_ expression: ASTExpression, into calls: inout [ASTExpression], depth: Int = 0) {
        switch expression {
        case .function(let name, let parameters, let arguments) where depth < 256:
            if name == "arrayJoin", parameters == nil, arguments.count == 1 {
                if !calls.contains(expression) { calls.append(expression) }
                return
            }
            for argument in arguments { collectArrayJoins(argument, into: &calls, depth: depth + 1) }
        case .array(let elements) where depth < 256:
            for element in elements { collectArrayJoins(element, into: &calls, depth: depth + 1) }
        default:
            break
        }
    }

    /// An expression whose aggregates of a Nullable argument skip NULL rows, as ClickHouse's
    /// do: `f(x)` becomes `fIf(assumeNotNull(x), isNotNull(x))` (a condition joined with an
    /// existing one), and its value NULL where no row had a value — `count(x)` counts
    /// non-NULL rows; `uniq`, `groupArray` and `quantiles` results are never NULL.
    private static func skippingNulls(_ expression: ASTExpression, binder: Binder, depth: Int = 0) throws(SQLError) -> ASTExpression {
        guard depth < 256, case .function(let name, let parameters, var arguments) = expression else { return expression }
        guard let syntax = AggregateSyntax(name: name, parameters: parameters, arguments: arguments) else {
            var rewritten = [ASTExpression]()
            for argument in arguments { rewritten.append(try skippingNulls(argument, binder: binder, depth: depth + 1)) }
            return .function(name: name, parameters: parameters, arguments: rewritten)
        }
        guard syntax.combinator == .none, !syntax.overArrays, syntax.whenEmpty == .function, let argument = syntax.argument else { return expression }
        // The argument's type as the aggregation will bind it: columns before aliases (`sum(x) AS x`).
        var columnsFirst = binder
        columnsFirst.aliases = [:]
        guard let type = (try? columnsFirst.bind(argument))?.type ?? (try? binder.bind(argument))?.type,
              type.isNullable || type == .nothing else { return expression }
        let present = ASTExpression.function(name: "isNotNull", parameters: nil, arguments: [argument])
        let condition = syntax.condition.map { ASTExpression.function(name: "and", parameters: nil, arguments: [present, $0]) } ?? present
        if syntax.condition != nil { arguments.removeLast() }
        if case .count = syntax.kind {
            return .function(name: "countIf", parameters: nil, arguments: [condition])
        }
        let base = syntax.condition == nil ? name : String(name.dropLast(2))
        arguments[0] = .function(name: "assumeNotNull", parameters: nil, arguments: [argument])
        let skipping = ASTExpression.function(name: base + "If", parameters: parameters, arguments: arguments + [condition])
        switch syntax.kind {
        case .uniqExact, .groupArray, .quantiles: return skipping
        default:
            let seen = ASTExpression.function(name: "countIf", parameters: nil, arguments: [condition])
            return .function(name: "if", parameters: nil, arguments: [
                .function(name: "greater", parameters: nil, arguments: [seen, .integer(0)]), skipping, .null,
            ])
        }
    }

    static func identifiers(in expressions: [ASTExpression]) -> Set<String> {
        var names = Set<String>()
        func visit(_ expression: ASTExpression, depth: Int) {
            guard depth < 256 else { return }
            switch expression {
            case .identifier(let parts):
                names.insert(parts.last!)
                if parts.count > 1 { names.insert(parts.joined(separator: ".")) }  // a dotted column name (`n.a` of a Nested column)
            case .function(_, let parameters, let arguments):
                for argument in (parameters ?? []) + arguments { visit(argument, depth: depth + 1) }
            case .interval(let inner, _, _): visit(inner, depth: depth + 1)
            case .array(let elements): for element in elements { visit(element, depth: depth + 1) }
            case .window(let call): for inner in call.expressions { visit(inner, depth: depth + 1) }
            default: break
            }
        }
        for expression in expressions { visit(expression, depth: 0) }
        return names
    }

    /// The terms of a predicate's top-level `AND`s.
    static func conjuncts(_ predicate: BoundExpression) -> [BoundExpression] {
        if case .call(.and, let arguments, _) = predicate { return arguments.flatMap(conjuncts) }
        return [predicate]
    }

    /// `column op constant` conjuncts of a predicate, as ranges for pruning.
    /// Whether a constant of another type bounds a column as its own value: an unsigned
    /// integer that the unsigned integer or DateTime column holds exactly (`k = 250`, a UInt8
    /// literal, prunes a UInt32 key; ClickHouse compares the two as numbers).
    private static func boundsExactly(_ value: Value, of constantType: ColumnType, column columnType: ColumnType) -> Bool {
        [.uint8, .uint16, .uint32, .uint64].contains(constantType) && [.uint8, .uint32, .uint64, .dateTime].contains(columnType)
            && value.column(of: columnType) != nil
    }

    static func ranges(_ predicate: BoundExpression) -> [ColumnRange] {
        guard case .call(let function, let arguments, _) = predicate else { return [] }
        if function == .and { return ranges(arguments[0]) + ranges(arguments[1]) }
        guard arguments.count == 2 else { return [] }
        var (column, constant, flipped) = (arguments[0], arguments[1], false)
        if case .constant = column { (column, constant, flipped) = (arguments[1], arguments[0], true) }
        guard case .column(let name, let type) = column, case .constant(let values) = constant,
              let value = Value(values), values.type == type || boundsExactly(value, of: values.type, column: type) else { return [] }
        switch (function, flipped) {
        case (.equals, _): return [.equals(name, value)]
        case (.less, false), (.greater, true): return [ColumnRange(name, upper: value, upperInclusive: false)]
        case (.lessOrEquals, false), (.greaterOrEquals, true): return [ColumnRange(name, upper: value)]
        case (.greater, false), (.less, true): return [ColumnRange(name, lower: value, lowerInclusive: false)]
        case (.greaterOrEquals, false), (.lessOrEquals, true): return [ColumnRange(name, lower: value)]
        default: return []
        }
    }
}

/// Sorting positional columns by key columns, as ClickHouse orders rows.
enum RowOrder {
    /// Stable sort of columns by key columns (`descending` per key); NaN and NULL last in
    /// both directions, as ClickHouse sorts, or first where `nullsFirst` says.
    static func sort(_ columns: [ColumnValues], keys: [ColumnValues], descending: [Bool], nullsFirst: [Bool]) -> [ColumnValues] {
        let rowCount = columns.first?.count ?? 0
        guard !descending.isEmpty, rowCount > 1 else { return columns }
        let permutation = permutation(rowCount: rowCount, keys: keys, descending: descending, nullsFirst: nullsFirst)
        return columns.map { $0.gathering(permutation) }
    }

    /// The order of `rowCount` rows by the keys (`descending` per key), stable.
    static func permutation(rowCount: Int, keys: [ColumnValues], descending: [Bool], nullsFirst: [Bool]) -> [Int32] {
        var permutation = (0..<Int32(rowCount)).map { $0 }
        guard !keys.isEmpty else { return permutation }
        func isNaN(_ c: ColumnValues, _ r: Int) -> Bool {
            switch c {
            case .float32(let v): v[r].isNaN
            case .float64(let v): v[r].isNaN
            case .nullable(let v): v.nulls[r] || isNaN(v.values, r)
            default: false
            }
        }
        permutation.sort { a, b in
            for (k, key) in keys.enumerated() {
                let (na, nb) = (isNaN(key, Int(a)), isNaN(key, Int(b)))
                if na != nb { return nullsFirst[k] ? na : nb }
                if na { continue }
                let c = KeyOrder.compare(key, Int(a), key, Int(b))
                if c != 0 { return descending[k] ? c > 0 : c < 0 }
            }
            return a < b
        }
        return permutation
    }
}

extension Value {
    /// The value of a one-row column.
    init?(_ column: ColumnValues) {
        switch column {
        case .uint8(let v): self = .uint(UInt64(v[0]))
        case .uint16(let v): self = .uint(UInt64(v[0]))
        case .uint32(let v): self = .uint(UInt64(v[0]))
        case .uint64(let v): self = .uint(v[0])
        case .float32(let v): self = .float(Double(v[0]))
        case .float64(let v): self = .float(v[0])
        case .dateTime(let v): self = .dateTime(v[0])
        case .uuid(let v): self = .uuid(v[0])
        case .string(let v): self = .string(v.string(at: 0))
        default: return nil
        }
    }
}
