/// Runs a SELECT over a snapshot: scan (pruned by the WHERE clause's column ranges), filter,
/// then either project each row or aggregate (GROUP BY keys and aggregate arguments computed as
/// hidden columns, fed to the `Aggregator`, the select list bound over keys and results), then
/// HAVING, ORDER BY and LIMIT.
/// What a query runs in besides the data: the session's database and settings, the databases
/// that exist, the time `now()` answers, the user, and `{name:Type}` parameter values.
struct QueryContext {
    var database: String
    var databases: [String]
    var now: UInt32
    var parameters: [String: String] = [:]
    var settings = Settings()
    var user = "default"
    /// `system.forwarding`'s rows, read only by a query of it.
    var forwarding: () -> [ForwardingStatus] = { [] }
}

struct SelectExecutor {
    let snapshot: Snapshot
    let context: QueryContext

    /// A query resolved against its source, before any row is read.
    private struct Plan {
        var source: Source
        /// The columns the scan reads: those the query mentions (all of them for FINAL).
        var scanColumns: [ColumnDefinition]
        var items: [SelectColumn]
        var binder: Binder
        var predicate: BoundExpression?
        var aggregates: [ASTExpression]
        var isAggregate: Bool
    }

    private func plan(_ select: SelectStatement) throws(SQLError) -> Plan {
        let (source, inputColumns) = try source(select.from, final: select.final)
        var columnTypes = [String: ColumnType]()
        for column in inputColumns { columnTypes[column.name] = column.type }
        let items = try expandStar(select.items, columns: inputColumns)
        var aliases = [String: ASTExpression]()
        for item in items { if let alias = item.alias { aliases[alias] = item.expression } }
        let base = Binder(columns: columnTypes, aliases: aliases, context: context)

        let predicate = try select.whereClause.map { (w: ASTExpression) throws(SQLError) -> BoundExpression in try base.bind(w) }
        let aggregates = collectAggregates(items.map(\.expression) + [select.having].compactMap { $0 } + select.orderBy.map(\.expression), aliases: aliases)
        try Self.rejectNestedAggregates(items.map { ($0.expression, $0.alias) } + ([select.having].compactMap { $0 } + select.orderBy.map(\.expression)).map { ($0, nil) },
                                        aliases: aliases)
        let isAggregate = !aggregates.isEmpty || !select.groupBy.isEmpty
        var scanColumns = inputColumns
        if case .table(_, final: false) = source {
            // Only the columns the query names are read (`count()` reads one, the smallest).
            let mentioned = Self.identifiers(in: items.map(\.expression) + aliases.values + [select.whereClause, select.having].compactMap { $0 }
                                             + select.groupBy + select.orderBy.map(\.expression))
            scanColumns = inputColumns.filter { mentioned.contains($0.name) }
            if scanColumns.isEmpty, let narrowest = inputColumns.min(by: { $0.type.fixedWidth ?? 16 < $1.type.fixedWidth ?? 16 }) {
                scanColumns = [narrowest]
            }
        }
        return Plan(source: source, scanColumns: scanColumns, items: items, binder: base, predicate: predicate,
                    aggregates: aggregates, isAggregate: isAggregate)
    }

    /// The whole result. A query that neither aggregates nor sorts is gathered from the stream
    /// below (a LIMIT stops its scan); the others are computed whole.
    func run(_ select: SelectStatement) throws(SQLError) -> Batch {
        let plan = try plan(select)
        guard Self.streams(plan, select) else { return try whole(plan, select) }
        var batches = [Batch]()
        try stream(plan, select) { batches.append($0) }
        return Batch(joining: batches)
    }

    /// Runs the query and hands its rows to `deliver`: first an empty batch naming the result's
    /// columns and types (the header), then the rows. A query that neither aggregates nor sorts
    /// streams — each batch projected as the scan reads it, the scan stopped once a LIMIT is
    /// reached — so memory stays bounded by a batch whatever the table's size; the others are
    /// computed whole first (their state is bounded by groups, or the sort needs every row).
    func run(_ select: SelectStatement, deliver: (Batch) throws(SQLError) -> Void) throws(SQLError) {
        let plan = try plan(select)
        guard Self.streams(plan, select) else {
            let rows = try whole(plan, select)
            try deliver(rows.slice(0..<0))
            if rows.rowCount > 0 { try deliver(rows) }
            return
        }
        try stream(plan, select, deliver)
    }

    private static func streams(_ plan: Plan, _ select: SelectStatement) -> Bool { !plan.isAggregate && select.orderBy.isEmpty }

    private func whole(_ plan: Plan, _ select: SelectStatement) throws(SQLError) -> Batch {
        var input = [Batch]()
        try scan(plan.source, columns: plan.scanColumns, predicate: plan.predicate) { input.append($0) }
        // Positional result: the select list's columns, then one column per ORDER BY key.
        var result = plan.isAggregate
            ? try aggregate(select, items: plan.items, aggregates: plan.aggregates, input: input, binder: plan.binder)
            : try project(select, items: plan.items, input: input, binder: plan.binder)
        result = try Self.order(result, keys: select.orderBy.map(\.descending), after: plan.items.count)
        if let limit = select.limit, limit < (result.first?.count ?? 0) { result = result.map { $0.slice(0..<limit) } }
        return Batch(zip(plan.items.map(\.name), result).map { ($0, $1) }, allowDuplicateNames: true)
    }

    /// The header, then each scanned batch projected, until the LIMIT.
    private func stream(_ plan: Plan, _ select: SelectStatement, _ deliver: (Batch) throws(SQLError) -> Void) throws(SQLError) {
        var expressions = [BoundExpression]()
        for item in plan.items { expressions.append(try plan.binder.bind(item.expression)) }
        let names = plan.items.map(\.name)
        try deliver(Batch(zip(names, expressions.map { ColumnValues.empty($0.type) }).map { ($0, $1) }, allowDuplicateNames: true))
        var remaining = select.limit ?? Int.max
        guard remaining > 0 else { return }
        try scan(plan.source, columns: plan.scanColumns, predicate: plan.predicate) { (batch: Batch) throws(SQLError) -> Bool in
            let rows = min(remaining, batch.rowCount)
            let input = rows < batch.rowCount ? batch.slice(0..<rows) : batch
            var columns = [ColumnValues]()
            for expression in expressions { columns.append(try expression.evaluate(input)) }
            try deliver(Batch(zip(names, columns).map { ($0, $1) }, allowDuplicateNames: true))
            remaining -= rows
            return remaining > 0
        }
    }

    /// Every name an expression mentions (columns and aliases alike).
    private static func identifiers(in expressions: [ASTExpression]) -> Set<String> {
        var names = Set<String>()
        func visit(_ expression: ASTExpression, depth: Int) {
            guard depth < 256 else { return }
            switch expression {
            case .identifier(let parts): names.insert(parts.last!)
            case .function(_, let parameters, let arguments):
                for argument in (parameters ?? []) + arguments { visit(argument, depth: depth + 1) }
            case .interval(let inner, _, _): visit(inner, depth: depth + 1)
            case .array(let elements): for element in elements { visit(element, depth: depth + 1) }
            default: break
            }
        }
        for expression in expressions { visit(expression, depth: 0) }
        return names
    }

    /// The select list and ORDER BY keys evaluated row by row.
    private func project(_ select: SelectStatement, items: [SelectColumn], input: [Batch], binder: Binder) throws(SQLError) -> [ColumnValues] {
        var expressions = [BoundExpression]()
        for expression in items.map(\.expression) + select.orderBy.map(\.expression) { expressions.append(try binder.bind(expression)) }
        var columns = expressions.map { ColumnValues.empty($0.type) }
        for batch in input {
            for index in expressions.indices { columns[index].append(contentsOf: try expressions[index].evaluate(batch)) }
        }
        return columns
    }

    /// Where rows come from: nothing (`SELECT 1`), a table or view, its FINAL merge, or a
    /// system table.
    enum Source {
        case none
        case table(TableName, final: Bool)
        case rows(Batch)
    }

    private func source(_ from: QualifiedName?, final: Bool) throws(SQLError) -> (Source, [ColumnDefinition]) {
        guard let from else { return (.none, [ColumnDefinition("dummy", .uint8)]) }
        if from.database == "system" {
            guard let rows = SystemTables.batch(from.name, snapshot: snapshot, context: context) else {
                throw .unknownTable(TableName("system", from.name))
            }
            return (.rows(rows), zip(rows.names, rows.columns).map { ColumnDefinition($0, $1.type) })
        }
        let name = TableName(from.database ?? context.database, from.name)
        if !context.databases.contains(name.database) { throw .unknownDatabase(name.database) }
        let definition: TableDefinition
        do { definition = try snapshot.definition(of: name) } catch { throw .storage(error) }
        if final && !definition.engine.collapsesRows {
            throw .badValue(code: 181, name: "ILLEGAL_FINAL", message: "Storage \(definition.engine.name) doesn't support FINAL.")
        }
        return (.table(name, final: final), definition.columns)
    }

    private func expandStar(_ items: [SelectColumn], columns: [ColumnDefinition]) throws(SQLError) -> [SelectColumn] {
        items.flatMap { item in
            item.expression == .star ? columns.map { SelectColumn(expression: .identifier([$0.name]), alias: nil) } : [item]
        }
    }

    /// Streams the filtered input. The WHERE clause's `column op constant` conjuncts also prune
    /// partitions and granules of a table.
    private func scan(_ source: Source, columns: [ColumnDefinition], predicate: BoundExpression?,
                      _ body: (Batch) throws(SQLError) -> Void) throws(SQLError) {
        try scan(source, columns: columns, predicate: predicate) { (batch: Batch) throws(SQLError) -> Bool in
            try body(batch)
            return true
        }
    }

    /// Streams the filtered input while `body` wants more (returns true).
    private func scan(_ source: Source, columns: [ColumnDefinition], predicate: BoundExpression?,
                      _ body: (Batch) throws(SQLError) -> Bool) throws(SQLError) {
        // A table scan applies the range conjuncts to every row itself; only the rest is
        // evaluated here (all of it for FINAL, which reads without a filter).
        let scanRanges = predicate.map(Self.ranges) ?? []
        var predicate = predicate
        if case .table(_, false) = source, let whole = predicate {
            let rest = Self.conjuncts(whole).filter { Self.ranges($0).isEmpty || $0.involvesFloats }
            predicate = rest.isEmpty ? nil : rest.dropFirst().reduce(rest[0]) { .call(.and, [$0, $1], .uint8) }
        }
        func filtered(_ batch: Batch) throws(SQLError) -> Batch {
            guard let predicate else { return batch }
            let keep = Numeric.truth(try predicate.evaluate(batch))
            return keep.contains(false) ? batch.filtered(keep) : batch
        }
        let names = columns.map(\.name)
        switch source {
        case .none:
            _ = try body(try filtered(Batch([("dummy", .uint8([0]))])))
        case .rows(let rows):
            let selected = try filtered(rows)
            if selected.rowCount > 0 { _ = try body(selected) }
        case .table(let table, let final):
            var failure: SQLError?
            let deliver = { (batch: Batch) throws(StorageError) in
                var wantsMore = true
                do throws(SQLError) {
                    let rows = try filtered(batch)
                    if rows.rowCount > 0 { wantsMore = try body(rows) }
                } catch {
                    failure = error
                    wantsMore = false
                }
                if !wantsMore { throw .scanStopped }
            }
            do throws(StorageError) {
                if final {
                    try snapshot.finalScan(table, columns: names, deliver)
                } else {
                    try snapshot.scan(table, columns: names, filter: ScanFilter(scanRanges), deliver)
                }
            } catch StorageError.scanStopped {
                // The reader has what it needs, or failed (below).
            } catch {
                throw .storage(error)
            }
            if let failure { throw failure }
        }
    }

    /// The terms of a predicate's top-level `AND`s.
    static func conjuncts(_ predicate: BoundExpression) -> [BoundExpression] {
        if case .call(.and, let arguments, _) = predicate { return arguments.flatMap(conjuncts) }
        return [predicate]
    }

    /// `column op constant` conjuncts of a predicate, as ranges for pruning.
    static func ranges(_ predicate: BoundExpression) -> [ColumnRange] {
        guard case .call(let function, let arguments, _) = predicate else { return [] }
        if function == .and { return ranges(arguments[0]) + ranges(arguments[1]) }
        guard arguments.count == 2 else { return [] }
        var (column, constant, flipped) = (arguments[0], arguments[1], false)
        if case .constant = column { (column, constant, flipped) = (arguments[1], arguments[0], true) }
        guard case .column(let name, let type) = column, case .constant(let values) = constant, values.type == type,
              let value = Value(values) else { return [] }
        switch (function, flipped) {
        case (.equals, _): return [.equals(name, value)]
        case (.less, false), (.greater, true): return [ColumnRange(name, upper: value, upperInclusive: false)]
        case (.lessOrEquals, false), (.greaterOrEquals, true): return [ColumnRange(name, upper: value)]
        case (.greater, false), (.less, true): return [ColumnRange(name, lower: value, lowerInclusive: false)]
        case (.greaterOrEquals, false), (.lessOrEquals, true): return [ColumnRange(name, lower: value)]
        default: return []
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
                    guard let aliased = aliases[name], AggregateSyntax(aliased) != nil else { continue }
                    throw .badValue(code: 184, name: "ILLEGAL_AGGREGATION",
                                    message: "Aggregate function \(aliased.columnName) AS \(name) is found inside another aggregate function in query.")
                }
            }
        }
    }

    /// Aggregate calls in the expressions (aliases followed), in order of first appearance.
    private func collectAggregates(_ expressions: [ASTExpression], aliases: [String: ASTExpression]) -> [ASTExpression] {
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
            default: break
            }
        }
        expressions.forEach { visit($0, depth: 0) }
        return found
    }

    private func aggregate(_ select: SelectStatement, items: [SelectColumn], aggregates: [ASTExpression], input: [Batch],
                           binder: Binder) throws(SQLError) -> [ColumnValues] {
        // Keys and aggregate arguments become hidden columns of the input.
        let keys = select.groupBy.map { key -> ASTExpression in
            if case .identifier(let parts) = key, let aliased = binder.aliases[parts.last!] { return aliased }
            return key
        }
        var boundKeys = [BoundExpression]()
        for key in keys { boundKeys.append(try binder.bind(key)) }
        var calls = [(AggregateSyntax, BoundExpression?)]()
        // Inside an aggregate's argument, a name that aliases an aggregate is the column
        // (`sum(total_cost) AS total_cost`); other nestings were rejected above (code 184).
        var argumentBinder = binder
        argumentBinder.aliases = binder.aliases.filter { AggregateSyntax($0.value) == nil }
        for aggregate in aggregates {
            let syntax = AggregateSyntax(aggregate)!
            try syntax.checkLevels()
            calls.append((syntax, try syntax.argument.map { (a: ASTExpression) throws(SQLError) -> BoundExpression in try argumentBinder.bind(a) }))
        }
        var hidden = [ColumnDefinition]()
        for (i, key) in boundKeys.enumerated() { hidden.append(ColumnDefinition("k\(i)", key.type)) }
        for (j, call) in calls.enumerated() { if let argument = call.1 { hidden.append(ColumnDefinition("a\(j)", argument.type)) } }
        let query = AggregationQuery(
            select: boundKeys.indices.map { SelectItem.key("k\($0)", .column("k\($0)")) }
                + calls.enumerated().map { j, call in .aggregate("r\(j)", AggregateCall(call.0.kind, call.0.combinator, call.1 == nil ? nil : "a\(j)")) },
            groupBy: boundKeys.indices.map { .column("k\($0)") })
        var aggregator: Aggregator
        do { aggregator = try Aggregator(query, input: hidden, table: TableName("", "query")) } catch {
            throw Self.renamed(error, calls.map(\.0))
        }
        for batch in input {
            // A row-count carrier: `count()` alone needs no other column.
            var columns: [(String, ColumnValues)] = [("rows", .uint8(Array(repeating: 0, count: batch.rowCount)))]
            for (i, key) in boundKeys.enumerated() { columns.append(("k\(i)", try key.evaluate(batch))) }
            for (j, call) in calls.enumerated() { if let argument = call.1 { columns.append(("a\(j)", try argument.evaluate(batch))) } }
            do { try aggregator.consume(Batch(columns)) } catch { throw .query(error) }
        }
        let grouped = aggregator.finish()

        // The select list, HAVING and ORDER BY over the keys and the results.
        var post = Binder(columns: [:], context: context)
        for (name, values) in zip(grouped.names, grouped.columns) { post.columns[name] = values.type }
        for (i, key) in keys.enumerated() { post.substitutions[key] = "k\(i)" }
        for (j, aggregate) in aggregates.enumerated() { post.substitutions[aggregate] = "r\(j)" }
        post.aliases = binder.aliases.filter { alias, expression in post.substitutions[.identifier([alias])] == nil && alias != expression.columnName }
        post.aggregated = true
        post.inputColumns = Set(binder.columns.keys)
        var columns = [ColumnValues]()
        for expression in items.map(\.expression) + select.orderBy.map(\.expression) {
            columns.append(try post.bind(expression).evaluate(grouped))
        }
        if let having = select.having {
            let keep = Numeric.truth(try post.bind(having).evaluate(grouped))
            columns = columns.map { $0.filtered(keep) }
        }
        return columns
    }

    /// Aggregator errors name hidden columns; report them with the user's expressions.
    private static func renamed(_ error: QueryError, _ calls: [AggregateSyntax]) -> SQLError {
        switch error {
        case .illegalAggregateArgument(let function, let type): .illegalType("Illegal type \(type) of argument for aggregate function \(function).")
        case .notAggregateState(_, let type): .illegalType("Illegal type \(type) of argument for aggregate function with Merge suffix. It must be AggregateFunction(...).")
        default: .query(error)
        }
    }

    /// Stable sort of positional columns by the key columns that follow the first `visible`
    /// ones (`descending` per key); NaN last in both directions, as ClickHouse sorts.
    static func order(_ columns: [ColumnValues], keys descending: [Bool], after visible: Int) throws(SQLError) -> [ColumnValues] {
        let rowCount = columns.first?.count ?? 0
        guard !descending.isEmpty, rowCount > 1 else { return columns }
        let keys = Array(columns[visible...])
        func isNaN(_ c: ColumnValues, _ r: Int) -> Bool {
            switch c {
            case .float32(let v): v[r].isNaN
            case .float64(let v): v[r].isNaN
            default: false
            }
        }
        var permutation = (0..<Int32(rowCount)).map { $0 }
        permutation.sort { a, b in
            for (k, key) in keys.enumerated() {
                let (na, nb) = (isNaN(key, Int(a)), isNaN(key, Int(b)))
                if na != nb { return nb }
                if na { continue }
                let c = KeyOrder.compare(key, Int(a), key, Int(b))
                if c != 0 { return descending[k] ? c > 0 : c < 0 }
            }
            return a < b
        }
        return columns.map { $0.gathering(permutation) }
    }
}

extension Value {
    /// The value of a one-row column.
    init?(_ column: ColumnValues) {
        switch column {
        case .uint8(let v): self = .uint(UInt64(v[0]))
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
