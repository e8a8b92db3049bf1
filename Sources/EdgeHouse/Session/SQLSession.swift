/// Runs ClickHouse SQL against a store, statement by statement, as `clickhouse-local` does.
///
/// ```swift
/// let session = SQLSession(store: try Store.open(path: "data"))
/// try session.execute("CREATE TABLE requests (t DateTime, latency Float32) ENGINE = MergeTree ORDER BY t")
/// let results = try session.execute("SELECT count() FROM requests")
/// ```
public final class SQLSession {
    public let store: Store
    /// The database `USE` selected; unqualified names resolve in it.
    public private(set) var database = "default"
    /// `CREATE TEMPORARY TABLE`s: dropped when the session ends (unless dropped before).
    private var temporaryTables: [TableName] = []
    /// Values of `{name:Type}` query parameters.
    public var parameters: [String: String] = [:]
    /// The session's settings (`SET`; a server adds each query's own).
    public var settings = Settings()
    /// Who runs the statements (`currentUser()`).
    public var user = "default"
    /// Bytes of streamed TSV parsed per thread at a time (tests make it small to cut blocks
    /// across chunks).
    var tsvChunkBytes = TSVReader.chunkBytes

    public init(store: Store) { self.store = store }

    /// The session's temporary tables go with it (best effort: one already dropped is skipped).
    deinit {
        for table in temporaryTables { try? store.dropTable(table, ifExists: true) }
    }

    /// A session already using `database`, as after `USE database` (which must exist).
    public convenience init(store: Store, database: String) throws(SQLError) {
        self.init(store: store)
        guard store.databases.contains(database) else { throw .unknownDatabase(database) }
        self.database = database
    }

    /// What one statement returned: rows (SELECT, SHOW, DESCRIBE) and the format a `FORMAT`
    /// clause asked for.
    public struct Result: Sendable {
        public var rows: Batch?
        public var format: String?
        /// The `WITH TOTALS` row of a SELECT that asks for one.
        public var totals: Batch?

        init(rows: Batch?, format: String?, totals: Batch? = nil) {
            self.rows = rows
            self.format = format
            self.totals = totals
        }
    }

    /// Runs every `;`-separated statement of `sql`, stopping at the first error.
    ///
    /// - Parameter input: the data of an `INSERT … FORMAT f` that has none inline (stdin).
    @discardableResult
    public func execute(_ sql: String, input: InsertInput? = nil) throws(SQLError) -> [Result] {
        var results = [Result]()
        try execute(sql, input: input) { results.append($0) }
        return results
    }

    /// Runs every statement of `sql` and hands each result to `handle` as soon as it is ready,
    /// so the results before a failing statement are delivered (as clickhouse-local prints them).
    public func execute(_ sql: String, input: InsertInput? = nil,
                        handle: (Result) throws(SQLError) -> Void) throws(SQLError) {
        for statement in try Parser.parse(sql) { try handle(try run(statement, input: input)) }
    }

    /// Parses every `;`-separated statement of `sql`, to run one by one.
    public func prepareAll(_ sql: String) throws(SQLError) -> [PreparedStatement] {
        try Parser.parse(sql).map(PreparedStatement.init)
    }

    /// A statement of a script, parsed or not, and the errors a test hint says it must fail
    /// with (see `script(_:)`).
    public struct ScriptStatement: Sendable {
        public let statement: Swift.Result<PreparedStatement, SQLError>
        /// Codes (`62`) or names (`SYNTAX_ERROR`) of the errors expected; empty when it must succeed.
        public let expectedErrors: [String]

        /// Whether `error` is one the hint expects.
        public func expects(_ error: SQLError) -> Bool {
            expectedErrors.contains(String(error.code)) || expectedErrors.contains(error.name)
        }
    }

    /// Splits a script into its statements, parsing each on its own: one that does not parse
    /// is its error in its place and the rest still runs, as `clickhouse-client` runs a file
    /// of ClickHouse's tests (`-- { serverError N }` hints included).
    public func script(_ sql: String) throws(SQLError) -> [ScriptStatement] {
        try Parser.script(sql).map { item in
            ScriptStatement(statement: item.statement.map(PreparedStatement.init), expectedErrors: item.expectedErrors)
        }
    }

    /// One statement, parsed: what a server receives per query.
    public struct PreparedStatement: Sendable {
        let statement: Statement

        /// Whether the statement is a `CREATE MATERIALIZED VIEW`.
        public var createsMaterializedView: Bool {
            if case .createMaterializedView = statement { true } else { false }
        }

        /// Whether the statement only reads (what an HTTP GET may run).
        public var isReadOnly: Bool {
            Self.isReadOnly(statement)
        }

        /// Whether the statement answers from memory — reads no part file and writes nothing
        /// (`SELECT 1`, `version()`, system tables, `SET`, `USE`, `SHOW`, `DESCRIBE`, `EXISTS`):
        /// a server runs such a statement where it is, without a trip to its thread pool.
        public var answersFromMemory: Bool { Self.answersFromMemory(statement) }

        private static func answersFromMemory(_ statement: Statement) -> Bool {
            switch statement {
            case .select(let query, _): query.answersFromMemory
            case .showTables, .describe, .showCreateTable, .use, .showDatabases, .exists, .set: true
            case .formatted(let inner, _): answersFromMemory(inner)
            default: false
            }
        }

        private static func isReadOnly(_ statement: Statement) -> Bool {
            switch statement {
            case .select, .showTables, .describe, .showCreateTable, .checkTable, .use, .showDatabases, .exists, .set: true
            case .formatted(let inner, _): isReadOnly(inner)
            default: false
            }
        }

        /// The `FORMAT` a SELECT asked for, or an INSERT's data format.
        public var format: String? {
            switch statement {
            case .select(_, let format): format?.rawValue
            case .insert(_, _, _, let format, _): format.rawValue
            case .formatted(_, let format): format.rawValue
            default: nil
            }
        }

        /// The statement's own `SETTINGS` clause (an INSERT's), which wins over a query's
        /// settings and the session's.
        public var settings: Settings {
            switch statement {
            case .insert(_, _, let settings, _, _), .insertSelect(_, _, let settings, _): settings
            default: Settings()
            }
        }
    }

    /// Parses a text holding exactly one statement (a trailing `;` allowed): code 62 for a
    /// second statement or for nothing but blanks and comments, as ClickHouse's server answers.
    public func prepare(_ sql: String) throws(SQLError) -> PreparedStatement {
        PreparedStatement(statement: try Parser.parseSingle(sql))
    }

    /// Parses the statement at the start of an HTTP request body. An INSERT's data may follow
    /// it: `dataOffset` is where it starts (the statement then has no inline data).
    public func prepareHead(_ bytes: [UInt8]) throws(SQLError) -> (statement: PreparedStatement, dataOffset: Int?) {
        let (statement, offset) = try Parser.parseHead(bytes)
        return (PreparedStatement(statement: statement), offset)
    }

    /// Runs a prepared statement.
    ///
    /// - Parameters:
    ///   - input: the data of an `INSERT … FORMAT f` that has none inline.
    ///   - querySettings: settings of this statement only (a server's per-query settings), over the session's.
    public func run(_ prepared: PreparedStatement, input: InsertInput? = nil, querySettings: Settings = Settings()) throws(SQLError) -> Result {
        self.querySettings = querySettings
        defer { self.querySettings = Settings() }
        return try run(prepared.statement, input: input)
    }

    /// Runs a prepared statement, handing a SELECT's rows to `deliver` as they are computed:
    /// first an empty batch naming the result's columns and types, then the rows — streamed from
    /// the scan when the query neither aggregates nor sorts, so a server's memory does not grow
    /// with the result. The returned result then has no rows; other statements run as
    /// `run(_:input:querySettings:)` runs them (their rows, if any, in the result).
    public func run(_ prepared: PreparedStatement, input: InsertInput? = nil, querySettings: Settings = Settings(),
                    deliver: (Batch) throws(SQLError) -> Void) throws(SQLError) -> Result {
        guard case .select(let select, let format) = prepared.statement else { return try run(prepared, input: input, querySettings: querySettings) }
        self.querySettings = querySettings
        defer { self.querySettings = Settings() }
        let totals = try planner().run(select, deliver: deliver)
        return Result(rows: nil, format: format?.rawValue, totals: totals)
    }

    /// The running statement's own settings (see `run(_:input:querySettings:)`).
    private var querySettings = Settings()

    /// What the running statement's settings change about an INSERT.
    var insertOptions: InsertOptions { settings.merging(querySettings).insertOptions }

    private func planner() -> SelectPlanner {
        let context = QueryContext(database: database, databases: store.databases, now: store.options.clock.now(),
                                   parameters: parameters, settings: settings.merging(querySettings), user: user)
        let snapshot = store.snapshot()
        return SelectPlanner(tables: snapshot, context: context, systemTables: { [store] (name: String, context: QueryContext) throws(SQLError) -> Batch? in
            do throws(StorageError) { return try SystemTables.batch(name, snapshot: snapshot, store: store, context: context) } catch { throw .storage(error) }
        })
    }

    /// Where the data of an INSERT that carries none in its text goes: the table and the
    /// columns the data brings, in order. `nil` for other statements and for INSERTs with
    /// inline data.
    public func insertTarget(_ prepared: PreparedStatement) throws(SQLError) -> (table: TableName, columns: [ColumnDefinition])? {
        guard case .insert(let qualified, let columnNames, _, _, nil) = prepared.statement else { return nil }
        return try insertColumns(qualified, columnNames)
    }

    /// Renders rows in a ClickHouse output format by name (`TSV`, `CSVWithNames`, `JSONEachRow`,
    /// `PrettyCompact`, …).
    public static func render(_ rows: Batch, format name: String) throws(SQLError) -> [UInt8] {
        guard let format = FormatName(name: name) else { throw .unknownFormat(name) }
        return OutputFormat.write(rows, as: format)
    }

    private func name(_ qualified: QualifiedName) -> TableName { TableName(qualified.database ?? database, qualified.name) }

    /// A table name whose database must exist (code 81 otherwise, before any table lookup).
    private func existingDatabase(_ qualified: QualifiedName) throws(SQLError) -> TableName {
        let table = name(qualified)
        guard store.databases.contains(table.database) else { throw .unknownDatabase(table.database) }
        return table
    }

    /// ClickHouse 26.9 refuses `MergeTree(date, (keys), granularity)` unless the session allows it.
    private func checkEngineSyntax(_ engine: EngineClause) throws(SQLError) {
        guard DDL.usesDeprecatedSyntax(engine),
              !Settings.isTrue(settings.merging(querySettings).value(of: "allow_deprecated_syntax_for_merge_tree") ?? "0") else { return }
        throw .badValue(.badArguments, message: "This syntax for *MergeTree engine is deprecated. Use extended storage definition syntax with ORDER BY/PRIMARY KEY clause. See also `allow_deprecated_syntax_for_merge_tree` setting.")
    }

    /// The table that holds a name's rows: a view's target, or the table itself.
    private func storedTable(_ table: TableName) -> TableName {
        store.views.first { $0.name == table }?.target ?? table
    }

    /// The columns `OPTIMIZE … DEDUPLICATE [BY …]` compares: they must name columns of the table
    /// and include every column of its sorting and partition keys, as ClickHouse requires.
    private func deduplicationColumns(_ deduplication: OptimizeDeduplication, of table: TableName) throws(SQLError) -> [String] {
        let definition = try storage { () throws(StorageError) in try store.snapshot().definition(of: table) }
        let all = definition.columns.map(\.name)
        let named: [String]
        switch deduplication {
        case .allColumns: return all
        case .columns(let names): named = names
        case .allColumnsExcept(let names): named = names
        }
        for name in named where !all.contains(name) {
            throw .badValue(.noSuchColumnInTable, message: "There is no column with name `\(name)` in table \(table). There are columns: \(all.joined(separator: ", "))")
        }
        let columns = if case .allColumnsExcept = deduplication { all.filter { !named.contains($0) } } else { all.filter(named.contains) }
        let keys = definition.orderBy + [definition.partitionColumn].compactMap { $0 } + (definition.partitionExpression?.columns ?? [])
        if let missing = keys.first(where: { !columns.contains($0) }) {
            throw .badValue(.thereIsNoColumn, message: "DEDUPLICATE BY expression must include all columns used in table's ORDER BY, PRIMARY KEY, or PARTITION BY but '\(missing)' is missing.")
        }
        return columns
    }

    /// `PARTITION 202611` / `PARTITION '202611'` of a table partitioned by month; the key's
    /// value (`PARTITION '2020-01-02'`, `PARTITION (1, 'a')`) of one partitioned by an expression.
    /// The parts a `PARTITION …` / `PART '…'` clause names.
    private func partSelection(_ spec: PartitionSpec, of table: TableName) throws(SQLError) -> PartSelection {
        switch spec {
        case .all: return .all
        case .part(let text):
            guard let part = PartName(text) else { throw .badValue(.badDataPartName, message: "Unexpected part name: \(text) for format version: 1") }
            return .part(part)
        case .id(let text):
            guard let id = PartitionID(text) else { throw .badValue(.badArguments, message: "Invalid partition format: \(text)") }
            return .partition(id)
        case .value(let expression):
            return .partition(try partitionID(expression, of: table))
        }
    }

    private func partitionID(_ expression: ASTExpression, of table: TableName) throws(SQLError) -> PartitionID {
        if let definition = store.currentState.tables[table]?.definition, definition.partitionExpression != nil {
            return try PartitionKeys.id(ofValue: expression, definition: definition)
        }
        // An unpartitioned table's one partition: `PARTITION tuple()`.
        if case .function("tuple", nil, []) = expression { return .all }
        let text: String = switch expression {
        case .integer(let v): String(v)
        case .string(let s): s
        default: ""
        }
        guard let id = PartitionID(text) else { throw .notImplemented("PARTITION must be a toYYYYMM value such as 202611") }
        return id
    }

    @discardableResult
    private func storage<T>(_ body: () throws(StorageError) -> T) throws(SQLError) -> T {
        do { return try body() } catch { throw .storage(error) }
    }

    /// The table an INSERT writes and the columns its data brings, in the data's order: the
    /// listed ones, or every column.
    private func insertColumns(_ qualified: QualifiedName, _ columnNames: [String]?) throws(SQLError) -> (TableName, [ColumnDefinition]) {
        let table = try existingDatabase(qualified)
        let definition = try storage { () throws(StorageError) in try store.snapshot().definition(of: table) }
        guard let columnNames else { return (table, definition.columns.filter(\.isOrdinary)) }
        var columns = [ColumnDefinition]()
        for column in columnNames {
            guard let found = definition.column(named: column), found.defaultValue?.kind != .alias else {
                throw .storage(.noSuchColumn(column, table: table))
            }
            if found.defaultValue?.kind == .materialized {
                throw .badValue(.illegalColumn, message: "Cannot insert column \(column), because it is MATERIALIZED column.")
            }
            guard !columns.contains(where: { $0.name == column }) else {
                throw .badValue(.duplicateColumn, message: "Column \(column) in table \(table) specified more than once.")
            }
            columns.append(found)
        }
        return (table, columns)
    }

    private func run(_ statement: Statement, input: InsertInput?) throws(SQLError) -> Result {
        switch statement {
        case .createDatabase(let name, let ifNotExists):
            try storage { () throws(StorageError) in try store.createDatabase(name, ifNotExists: ifNotExists) }
        case .dropDatabase(let name, let ifExists):
            try storage { () throws(StorageError) in try store.dropDatabase(name, ifExists: ifExists) }
        case .use(let name):
            guard store.databases.contains(name) else { throw .unknownDatabase(name) }
            database = name
        case .createTable(let qualified, let columns, let engine, let ifNotExists):
            let table = name(qualified)
            guard store.databases.contains(table.database) else { throw .unknownDatabase(table.database) }
            try checkEngineSyntax(engine)
            let definition = try DDL.tableDefinition(table, columns: columns, engine: engine)
            try storage { () throws(StorageError) in try store.createTable(definition, ifNotExists: ifNotExists) }
        case .createTableLike(let qualified, let other, let engine, let ifNotExists):
            let table = name(qualified)
            guard store.databases.contains(table.database) else { throw .unknownDatabase(table.database) }
            let modelName = storedTable(try existingDatabase(other))
            let model = try storage { () throws(StorageError) in try store.snapshot().definition(of: modelName) }
            let definition: TableDefinition
            if let engine {
                var specs = [ColumnSpec]()
                for column in model.columns {
                    let defaultValue = try column.defaultValue.map { (value) throws(SQLError) in
                        ColumnSpec.Default(kind: value.kind, expression: try Parser.parseExpression(value.expression))
                    }
                    specs.append(ColumnSpec(name: column.name, type: column.type.description, defaultValue: defaultValue))
                }
                try checkEngineSyntax(engine)
                definition = try DDL.tableDefinition(table, columns: specs, engine: engine)
            } else {
                do { definition = try model.with(name: table) } catch { throw .storage(.schema(error)) }
            }
            try storage { () throws(StorageError) in try store.createTable(definition, ifNotExists: ifNotExists) }
        case .createTableAsSelect(let qualified, let columns, let engine, let query, let ifNotExists):
            let table = name(qualified)
            guard store.databases.contains(table.database) else { throw .unknownDatabase(table.database) }
            if ifNotExists, store.tables.contains(where: { $0.name == table }) { break }
            var specs = columns ?? []
            if columns == nil { specs = try planner().plan(query).schema.map { ColumnSpec(name: $0.name, type: $0.type.description) } }
            try checkEngineSyntax(engine)
            let definition = try DDL.tableDefinition(table, columns: specs, engine: engine)
            try storage { () throws(StorageError) in try store.createTable(definition) }
            try insertSelect(query, columns: definition.columns, into: table)
        case .createMaterializedView(let qualified, let target, let columns, let engine, let populate, let select, let selectText,
                                     let ifNotExists):
            let view = name(qualified)
            guard let from = select.sourceTable else { throw .notImplemented("a materialized view needs FROM a table") }
            let source = name(from)
            if let engine { try checkEngineSyntax(engine) }
            // Declared columns make the inner table's (with `TO`, the target's own stand).
            var innerTable: TableDefinition?
            if let columns, let engine, target == nil {
                innerTable = try DDL.tableDefinition(MaterializedViewDefinition.innerTargetName(of: view), columns: columns, engine: engine)
            }
            let viewStorage = try engine.map { (clause: EngineClause) throws(SQLError) -> ViewStorage in try DDL.viewStorage(clause) }
            if innerTable == nil, viewStorage?.keyExpressions.isEmpty == false {
                throw .notImplemented("a materialized view's ORDER BY of expressions (its columns are)")
            }
            try storage { () throws(StorageError) in
                try store.createMaterializedView(view, from: source, select: selectText, storage: viewStorage, innerTable: innerTable,
                                                 to: target.map(name), populate: populate, ifNotExists: ifNotExists)
            }
        case .createView(let qualified, let query, let text, let ifNotExists):
            let view = name(qualified)
            guard store.databases.contains(view.database) else { throw .unknownDatabase(view.database) }
            _ = try planner().plan(query)  // it must bind now, as ClickHouse checks it
            try storage { () throws(StorageError) in try store.createPlainView(PlainViewDefinition(name: view, select: text), ifNotExists: ifNotExists) }
        case .dropTable(let qualified, let ifExists):
            let table = name(qualified)
            if store.views.contains(where: { $0.name == table }) || store.plainViews.contains(where: { $0.name == table }) {
                try storage { () throws(StorageError) in try store.dropView(table) }
            } else {
                try storage { () throws(StorageError) in try store.dropTable(table, ifExists: ifExists) }
            }
        case .systemMerges(let qualified, let stop):
            let table = qualified.map(name)
            if let table, !store.tables.contains(where: { $0.name == table }) { throw .storage(.unknownTable(table)) }
            if stop { store.stopMerges(table) } else { store.startMerges(table) }
        case .systemFlushLogs:
            break
        case .renameTable(let sources, let targets, let ifExists):
            var pairs = zip(sources.map(name), targets.map(name)).map { (from: $0, to: $1) }
            if ifExists {
                let existing = Set(store.tables.map(\.name) + store.views.map(\.name) + store.plainViews.map(\.name))
                pairs.removeAll { !existing.contains($0.from) }
            }
            if let missing = pairs.first(where: { !store.databases.contains($0.to.database) }) { throw .unknownDatabase(missing.to.database) }
            try storage { () throws(StorageError) in try store.rename(pairs) }
        case .exchangeTables(let first, let second):
            try storage { () throws(StorageError) in try store.exchange(name(first), name(second)) }
        case .detachTable(let qualified, let ifExists):
            let table = name(qualified)
            try storage { () throws(StorageError) in try store.detachTable(table, ifExists: ifExists) }
        case .attachTable(let qualified, let ifNotExists):
            let table = name(qualified)
            try storage { () throws(StorageError) in try store.attachTable(table, ifNotExists: ifNotExists) }
        case .showTables(let database, let pattern):
            let db = database ?? self.database
            guard store.databases.contains(db) else { throw .unknownDatabase(db) }
            let names = (store.tables.map(\.name) + store.views.map(\.name) + store.plainViews.map(\.name)).filter { $0.database == db }.map(\.table).sorted().filter { name in
                pattern.map { ScalarFunction.matches(Array(name.utf8)[...], Array($0.utf8)[...]) } ?? true
            }
            return Result(rows: Batch([("name", .string(StringColumn(names)))]), format: nil)
        case .describe(let qualified):
            let table = try existingDatabase(qualified)
            // A view's columns are its query's.
            let columns = store.plainViews.contains { $0.name == table }
                ? try planner().source(.table(qualified, final: false)).columns
                : try storage { () throws(StorageError) in try store.snapshot().definition(of: table) }.columns.filter(\.isDeclared)
            let count = columns.count
            let empty = ColumnValues.string(StringColumn(Array(repeating: "", count: count)))
            return Result(rows: Batch([
                ("name", .string(StringColumn(columns.map(\.name)))),
                ("type", .string(StringColumn(columns.map(\.declaredType)))),
                ("default_type", .string(StringColumn(columns.map { $0.defaultValue?.kind.rawValue ?? "" }))),
                ("default_expression", .string(StringColumn(columns.map { $0.defaultValue?.expression ?? "" }))),
                ("comment", .string(StringColumn(columns.map { $0.comment ?? "" }))),
                ("codec_expression", .string(StringColumn(columns.map { $0.codecs.map(ColumnCodec.list) ?? "" }))), ("ttl_expression", empty),
            ]), format: nil)
        case .insert(let qualified, let columnNames, let statementSettings, let format, let inlineData):
            let (table, columns) = try insertColumns(qualified, columnNames)
            let outerSettings = querySettings
            querySettings = querySettings.merging(statementSettings)
            defer { querySettings = outerSettings }
            if inlineData == nil, format == .tabSeparated, let input {
                try insertStreaming(input, columns: columns, into: table)
            } else if inlineData == nil, format == .rowBinary, let input {
                try insertRowBinaryStreaming(input, columns: columns, into: table)
            } else {
                let data: [UInt8]
                if let inlineData {
                    data = Array(inlineData.utf8)
                } else {
                    do throws(IOError) { data = try input?.readAll() ?? [] } catch { throw .storage(.io(error)) }
                }
                let rows = try InputFormat.read(data, format: format, columns: columns, table: table)
                let insertOptions = self.insertOptions
                try storage { () throws(StorageError) in try store.insert(rows, into: table, options: insertOptions) }
            }
        case .select(let select, let format):
            var batches = [Batch]()
            let totals = try planner().run(select) { batches.append($0) }
            return Result(rows: Batch(joining: batches), format: format?.rawValue, totals: totals)
        case .insertSelect(let qualified, let columnNames, let statementSettings, let query):
            let (table, columns) = try insertColumns(qualified, columnNames)
            let outerSettings = querySettings
            querySettings = querySettings.merging(statementSettings)
            defer { querySettings = outerSettings }
            try insertSelect(query, columns: columns, into: table)
        case .showDatabases(let pattern):
            var names = Set(store.databases)
            names.insert("system")
            let listed = names.sorted().filter { name in
                pattern.map { ScalarFunction.matches(Array(name.utf8)[...], Array($0.utf8)[...]) } ?? true
            }
            return Result(rows: Batch([("name", .string(StringColumn(listed)))]), format: nil)
        case .exists(let qualified, let isDatabase):
            let found = isDatabase
                ? qualified.name == "system" || store.databases.contains(qualified.name)
                : (try? store.snapshot().definition(of: name(qualified))) != nil
                    || store.plainViews.contains { $0.name == name(qualified) }
                    || (qualified.database == "system" && SystemTables.names.contains(qualified.name))
            return Result(rows: Batch([("result", .uint8([found ? 1 : 0]))]), format: nil)
        case .set(let assignments):
            var changed = settings
            for assignment in assignments { try changed.set(assignment.name, assignment.value) }
            settings = changed
        case .temporary(let inner):
            let result = try run(inner, input: input)
            switch inner {
            case .createTable(let qualified, _, _, _), .createTableAsSelect(let qualified, _, _, _, _), .createTableLike(let qualified, _, _, _):
                temporaryTables.append(name(qualified))
            default: break
            }
            return result
        case .formatted(let inner, let format):
            var result = try run(inner, input: input)
            result.format = format.rawValue
            return result
        case .optimize(let qualified, let partition, let final, let deduplicate):
            let table = storedTable(name(qualified))
            var id: PartitionID?
            if let partition { id = try partitionID(partition, of: table) }
            let columns = try deduplicate.map { (by: OptimizeDeduplication) throws(SQLError) -> [String] in try deduplicationColumns(by, of: table) }
            try storage { () throws(StorageError) in try store.optimize(table, partition: id, final: final, deduplicatingBy: columns) }
        case .alterColumns(let qualified, let alterations):
            let table = try existingDatabase(qualified)
            let views = store.views
            guard !views.contains(where: { $0.name == table || $0.target == table }) else {
                throw .notImplemented("ALTER TABLE of a materialized view or its target")
            }
            let definition = try storage { () throws(StorageError) in try store.snapshot().definition(of: table) }
            // The columns the source's views read (a SELECT view: all of them, as far as this knows).
            let read = Set(views.filter { $0.source == table }.flatMap { view in
                (try? ViewSelect(view.select, view: view.name, source: definition))?.columnsRead ?? definition.columns.map(\.name)
            })
            let altered = try DDL.altered(definition, alterations, columnsReadByViews: read)
            let retyped = altered.columns.filter { column in definition.column(named: column.name).map { $0.type != column.type } == true }
            // A column added with an expression gets the expression's values in the existing
            // rows (ClickHouse computes them when read; here they are written once).
            let computed = altered.columns.contains { definition.column(named: $0.name) == nil && $0.defaultValue != nil }
            // A column added under the name of one dropped earlier, whose values some part still
            // holds, starts empty, as in ClickHouse: the parts are rewritten without them.
            let added = altered.columns.filter { definition.column(named: $0.name) == nil }
            let parts = try storage { () throws(StorageError) in try store.snapshot().parts(of: table) }
            let resurrects = added.contains { column in parts.contains { $0.holds(column) } }
            if retyped.isEmpty && !computed && !resurrects {
                try storage { () throws(StorageError) in try store.alterTable(altered) }
            } else {
                // Parts are rewritten with the columns converted, all committed with the new
                // definition; a value that does not convert fails the ALTER and changes nothing.
                try withSQLCallbacks({ (convert) throws(StorageError) in try store.alterTable(altered, rewriting: convert) }) {
                    (rows: Batch) throws(SQLError) -> Batch in
                    var kept = [(String, ColumnValues)]()
                    for column in altered.columns {
                        guard let values = rows.column(named: column.name) else {
                            // An array added to a Nested column: its siblings' lengths.
                            let prefix = column.name.prefix { $0 != "." } + "."
                            if column.name.contains("."), let sibling = zip(rows.names, rows.columns).first(where: { $0.0.hasPrefix(prefix) })?.1,
                               let shaped = ColumnValues.defaults(column.type, shapedLike: sibling) {
                                kept.append((column.name, shaped))
                            }
                            continue
                        }
                        kept.append((column.name, try Conversion.convert(values, to: column.type)))
                    }
                    do throws(StorageError) { return try ColumnDefaults.filled(Batch(kept), definition: altered) } catch { throw .storage(error) }
                }
            }
        case .mutate(let qualified, let mutation):
            let table = storedTable(try existingDatabase(qualified))
            let definition = try storage { () throws(StorageError) in try store.snapshot().definition(of: table) }
            let transform = try DDL.mutation(mutation, of: definition, binder: planner().binder(for: definition))
            // A row the mutation cannot compute stops it with the SQL error (the parts already
            // rewritten stay, as ClickHouse's do).
            try withSQLCallbacks({ (transform) throws(StorageError) in try store.mutate(table, transform) }, transform)
        case .truncate(let qualified, let ifExists):
            let table = storedTable(try existingDatabase(qualified))
            do throws(StorageError) { try store.truncateTable(table) } catch .unknownTable(_) where ifExists {} catch { throw .storage(error) }
        case .partitionCommand(let qualified, let command, let spec):
            let table = storedTable(name(qualified))
            let selection = try partSelection(spec, of: table)
            try storage { () throws(StorageError) in
                switch (command, selection) {
                case (.drop, .partition(let id)): try store.dropPartition(table, partition: id)
                case (.drop, _): try store.dropParts(table, selection)
                case (.detach, _): try store.detachParts(table, selection)
                case (.attach, _): try store.attachParts(table, selection)
                }
            }
        case .showCreateTable(let qualified):
            let table = try existingDatabase(qualified)
            let snapshot = store.snapshot()
            let definition = try storage { () throws(StorageError) in try snapshot.definition(of: table) }
            let statement = store.views.first { $0.name == table }.map { view in
                DDL.createStatement(view, target: definition, source: try? snapshot.definition(of: view.source))
            } ?? DDL.createStatement(definition)
            return Result(rows: Batch([("statement", .string(StringColumn([statement])))]), format: nil)
        case .checkTable(let qualified):
            let table = storedTable(try existingDatabase(qualified))
            let checks = try storage { () throws(StorageError) in try store.checkTable(table) }
            return Result(rows: Batch([
                ("part_path", .string(StringColumn(checks.map(\.part.description)))),
                ("is_passed", .uint8(checks.map { $0.error == nil ? 1 : 0 })),
                ("message", .string(StringColumn(checks.map { $0.error.map { "\($0.message)" } ?? "" }))),
            ]), format: nil)
        }
        return Result(rows: nil, format: nil)
    }
}

extension SQLSession {
    /// `INSERT … FORMAT RowBinary` with its data streamed: rows are split off each piece of
    /// the input as it arrives (a row cut by the piece's end waits for the next) and fed to one
    /// insert transaction, which writes each block as soon as it is full (blocks cut to size as
    /// in ClickHouse) and commits them all at the end.
    /// Memory holds a piece and a block, however large the INSERT; a bad row anywhere stores nothing.
    private func insertRowBinaryStreaming(_ input: InsertInput, columns: [ColumnDefinition], into table: TableName) throws(SQLError) {
        let insertOptions = self.insertOptions
        let transaction = try storage { () throws(StorageError) in try store.beginInsert(into: table, options: insertOptions) }
        var buffer = [UInt8]()
        var more = true
        var blockRows: Int?  // fixed by the first rows' bytes, as a TSV stream fixes its blocks
        while more {
            // Pieces of at least 4 MiB: a network's small reads would make many small chunks.
            do throws(IOError) {
                while more && buffer.count < 1 << 22 { more = try input.append(to: &buffer, atMost: 1 << 22) }
            } catch {
                throw .storage(.io(error))
            }
            let (rows, consumed) = try RowBinaryRows.read(buffer, columns: columns, endsInput: !more, rowsBefore: transaction.rowCount)
            guard rows.rowCount > 0 else { continue }
            let block = blockRows ?? store.options.insertBlockRows(bytesPerRow: Double(rows.byteCount) / Double(rows.rowCount))
            blockRows = block
            try storage { () throws(StorageError) in try transaction.append(rows, cuttingBlocksAt: block) }
            buffer.removeFirst(consumed)
        }
        try storage { () throws(StorageError) in _ = try transaction.commit() }
    }

    /// Runs a storage operation that calls back into SQL: an SQL error of `callback` stops the
    /// operation (as `.scanStopped`, which storage passes on) and is thrown as itself.
    private func withSQLCallbacks<Output>(_ operation: ((Batch) throws(StorageError) -> Output) throws(StorageError) -> Void,
                                          _ callback: (Batch) throws(SQLError) -> Output) throws(SQLError) {
        var failure: SQLError?
        do throws(StorageError) {
            // The operation calls `callback` only while it runs.
            try withoutActuallyEscaping(callback) { (callback) throws(StorageError) in
                try operation { (rows: Batch) throws(StorageError) -> Output in
                    do throws(SQLError) { return try callback(rows) } catch {
                        failure = error
                        throw .scanStopped
                    }
                }
            }
        } catch {
            throw failure ?? .storage(error)
        }
    }

    /// `INSERT … SELECT`: the query's batches, converted to the table's types by position, are
    /// appended to one insert as the plan makes them (blocks written as they fill) and
    /// committed together, so a failure anywhere stores nothing.
    private func insertSelect(_ query: SelectQuery, columns: [ColumnDefinition], into table: TableName) throws(SQLError) {
        let planner = planner()
        let plan = try planner.plan(query)
        guard plan.schema.count == columns.count else {
            throw .badValue(.numberOfColumnsDoesntMatch, message: "Number of columns doesn't match (source: \(plan.schema.count) and result: \(columns.count))")
        }
        let conversions = zip(plan.schema, columns).map { source, target in
            ProjectedColumn(name: target.name, expression: BoundExpression.column(source.name, source.type).converted(to: target.type))
        }
        let insertOptions = self.insertOptions
        let transaction = try storage { () throws(StorageError) in try store.beginInsert(into: table, options: insertOptions) }
        var blockRows: Int?
        try PlanRunner(tables: planner.tables).run(.project(plan, conversions)) { (rows: Batch) throws(SQLError) -> Bool in
            let block = blockRows ?? store.options.insertBlockRows(bytesPerRow: Double(rows.byteCount) / Double(max(1, rows.rowCount)))
            blockRows = block
            try storage { () throws(StorageError) in try transaction.append(rows, cuttingBlocksAt: block) }
            return true
        }
        try storage { () throws(StorageError) in _ = try transaction.commit() }
    }

    /// `INSERT … FORMAT TSV` with its data streamed: each block of rows is written as parts
    /// (and its views' parts) as soon as it is parsed, and all of them are committed together at
    /// the end, so memory stays bounded and a bad row anywhere still stores nothing. Each chunk,
    /// as soon as it and the chunks before it are parsed, feeds the block's views and its sort
    /// (`BlockPreparation`) while other chunks are still being parsed: what is left of a block's
    /// insert once its last row is in is writing.
    private func insertStreaming(_ input: InsertInput, columns: [ColumnDefinition], into table: TableName) throws(SQLError) {
        let insertOptions = self.insertOptions
        let transaction = try storage { () throws(StorageError) in try store.beginInsert(into: table, options: insertOptions) }
        do throws(SQLError) {
            let preparation = try storage { () throws(StorageError) in try transaction.blockPreparation() }
            let followers = [
                RowFollower(unit: .block, rows: { (rows: Batch) throws(SQLError) in
                    try self.storage { () throws(StorageError) in try preparation.aggregate(rows) }
                }, ended: { (byInputEnd: Bool) throws(SQLError) in
                    try self.storage { () throws(StorageError) in try preparation.endAggregatedBlock(writingInBackground: byInputEnd) }
                }),
                RowFollower(unit: .piece, rows: { (rows: Batch) throws(SQLError) in
                    try self.storage { () throws(StorageError) in try preparation.sort(rows) }
                }, ended: { _ in preparation.endSortedPiece() }),
            ]
            let stream = TSVStream(input, columns: columns, table: table, blockRows: preparation.rows,
                                   chunkBytes: tsvChunkBytes, followers: followers)
            try stream.run { (piece: ChunkedBatch) throws(SQLError) in
                try storage { () throws(StorageError) in try transaction.write(piece, prepared: preparation.takeFinishedPiece()) }
            }
            try storage { () throws(StorageError) in try transaction.writeViews(of: preparation.takeFinishedBlocks()) }
            try storage { () throws(StorageError) in _ = try transaction.commit() }
        } catch {
            transaction.abort()
            throw error
        }
    }
}

/// Turns CREATE statements into table and view definitions, and back.
enum DDL {
    /// `SHOW CREATE TABLE` text, laid out as ClickHouse 26.9 prints it.
    static func createStatement(_ table: TableDefinition) -> String {
        "CREATE TABLE \(table.name)\n" + columnList(table.columns) + "\n" + engineClauses(table)
    }

    /// A view's `SHOW CREATE`: its columns (the inner table's, or with `TO` those its query
    /// makes), the inner table's engine (or `TO`), and its SELECT, laid out as ClickHouse 26.9
    /// prints them.
    static func createStatement(_ view: MaterializedViewDefinition, target: TableDefinition, source: TableDefinition?) -> String {
        var columns = target.columns
        if !view.ownsTarget, let source, let select = try? ViewSelect(view.select, view: view.name, source: source) {
            columns = select.outputDefinitions
        }
        var text = "CREATE MATERIALIZED VIEW \(view.name)" + (view.ownsTarget ? "" : " TO \(view.target)") + "\n" + columnList(columns)
        if view.ownsTarget { text += "\n" + engineClauses(target) }
        return text + "\nAS " + (formatted(view.select, source: view.source) ?? view.select)
    }

    /// A view's SELECT laid out as ClickHouse 26.9 prints it, for the SELECTs that are keys and
    /// functions of them FROM a table GROUP BY keys (ClickHouse's formatting of other clauses
    /// and of operators is not reproduced: those views show their SELECT as written).
    private static func formatted(_ text: String, source: TableName) -> String? {
        guard case .select(let query, nil)? = try? Parser.parseSingle(text), query.branches.count == 1,
              let select = query.branches.first, select.sourceTable != nil, select.whereClause == nil, select.having == nil,
              select.orderBy.isEmpty, select.limit == nil, select.offset == 0, select.limitBy == nil, !select.distinct,
              select.withAliases.isEmpty, select.commonTables.isEmpty, select.grouping == nil, !select.withTotals,
              select.arrayJoin == nil, (select.items.map(\.expression) + select.groupBy).allSatisfy(\.isCall) else { return nil }
        let items = select.items.map { $0.expression.columnName + ($0.alias.map { " AS \($0)" } ?? "") }
        let groups = select.groupBy.map(\.columnName)
        var formatted = "SELECT\n" + items.map { "    " + $0 }.joined(separator: ",\n")
            + "\nFROM \(source)"
        if !groups.isEmpty {
            formatted += groups.count == 1 ? "\nGROUP BY \(groups[0])" : "\nGROUP BY\n" + groups.map { "    " + $0 }.joined(separator: ",\n")
        }
        return formatted
    }

    private static func columnList(_ columns: [ColumnDefinition]) -> String {
        "(\n" + columns.filter(\.isDeclared).map { column in
            "    `\(column.name)` \(column.showCreateType)" + (column.defaultValue.map { " \($0.kind.rawValue) \($0.expression)" } ?? "")
                + (column.comment.map { " COMMENT " + ASTExpression.string($0).columnName } ?? "")
                + (column.codecs.map { " " + ColumnCodec.clause($0) } ?? "")
        }.joined(separator: ",\n") + "\n)"
    }

    private static func engineClauses(_ table: TableDefinition) -> String {
        if let legacy = table.legacyEngineClause { return "ENGINE = \(legacy)" }
        var text = "ENGINE = \(table.engine.name)"
        if case .insertionOrder = table.engine { return text }
        if table.engine == .null { return "ENGINE = `Null`" }  // quoted: NULL is a keyword
        if case .summingMergeTree(let columns?) = table.engine { text += "((\(columns.joined(separator: ", "))))" }
        if case .replacingMergeTree(let version?) = table.engine { text += "(\(version))" }
        if case .collapsingMergeTree(let sign) = table.engine { text += "(\(sign))" }
        if let partition = table.partitionColumn { text += "\nPARTITION BY toYYYYMM(\(partition))" }
        if let partition = table.partitionExpression { text += "\nPARTITION BY \(partition.text)" }
        let keys = table.orderBy.map { key in
            table.column(named: key).flatMap { $0.isDeclared ? nil : $0.defaultValue?.expression } ?? key
        }
        text += "\nORDER BY " + (keys.count == 1 ? keys[0] : keys.isEmpty ? "tuple()" : "(\(keys.joined(separator: ", ")))")
        if let sample = table.sampleBy { text += "\nSAMPLE BY \(sample)" }
        if let ttl = table.ttl { text += "\nTTL \(ttl.column) + \(ttl.intervalText)" }
        // ClickHouse lists the declared settings, then index_granularity if it was not declared.
        text += "\nSETTINGS " + (table.deduplicationWindow.map { "non_replicated_deduplication_window = \($0), " } ?? "")
        text += "index_granularity = \(table.indexGranularity)"
        if table.allowDimensionsOutsideSortingKey { text += ", allow_dimensions_outside_sorting_key = 1" }
        return text
    }

    /// A table's definition after `ALTER TABLE … ADD/DROP COLUMN`, with ClickHouse's errors.
    static func altered(_ definition: TableDefinition, _ alterations: [ColumnAlteration],
                        columnsReadByViews: Set<String>) throws(SQLError) -> TableDefinition {
        var columns = definition.columns
        for alteration in alterations {
            switch alteration {
            case .add(let spec, let ifNotExists, let position):
                // A Nested column exists when any of its arrays does.
                let isNested = spec.type?.hasPrefix("Nested(") == true
                guard !columns.contains(where: { $0.name == spec.name || isNested && $0.name.hasPrefix(spec.name + ".") }) else {
                    if ifNotExists { continue }
                    throw .badValue(.duplicateColumn, message: "Cannot add column `\(spec.name)`: column with this name already exists.")
                }
                // (A Nested column adds its arrays.)
                let added = try Self.columns([spec], existing: columns, database: definition.name.database)
                switch position {
                case .first: columns.insert(contentsOf: added, at: 0)
                case .last: columns.append(contentsOf: added)
                case .after(let name):
                    guard let index = columns.lastIndex(where: { $0.name == name || $0.name.hasPrefix(name + ".") }) else {
                        throw .badValue(.notFoundColumnInBlock, message: "Wrong column name. Cannot find column \(name) to insert after")
                    }
                    columns.insert(contentsOf: added, at: index + 1)
                }
            case .drop(let name, let ifExists):
                // A Nested column's name drops all its arrays.
                let nested = columns.filter { $0.name.hasPrefix(name + ".") }.map(\.name)
                if !columns.contains(where: { $0.name == name }) && !nested.isEmpty {
                    let current: TableDefinition
                    do { current = try definition.with(columns: columns) } catch { throw .storage(.schema(error)) }
                    columns = try altered(current, nested.map { .drop($0, ifExists: false) }, columnsReadByViews: columnsReadByViews).columns
                    continue
                }
                guard let index = columns.firstIndex(where: { $0.name == name }) else {
                    if ifExists { continue }
                    throw .badValue(.notFoundColumnInBlock, message: "Wrong column name. Cannot find column \(name) to drop")
                }
                let keys = Set(definition.orderBy + [definition.partitionColumn, definition.ttl?.column].compactMap { $0 })
                guard !keys.contains(name) else {
                    throw .badValue(.alterOfColumnIsForbidden, message: "Trying to ALTER key column \(name)")
                }
                guard !columnsReadByViews.contains(name) else {
                    throw .badValue(.alterOfColumnIsForbidden, message: "Column \(name) is read by a materialized view of \(definition.name)")
                }
                columns.remove(at: index)
            case .comment(let name, let text, let ifExists):
                guard let index = columns.firstIndex(where: { $0.name == name }) else {
                    if ifExists { continue }
                    throw .badValue(.notFoundColumnInBlock, message: "Wrong column name. Cannot find column `\(name)` to comment")
                }
                columns[index].comment = text
            case .modify(let spec, let ifExists):
                guard let index = columns.firstIndex(where: { $0.name == spec.name }) else {
                    if ifExists { continue }
                    throw .badValue(.notFoundColumnInBlock, message: "Wrong column. Cannot find column `\(spec.name)` to modify.")
                }
                if spec.type == nil, spec.defaultValue == nil, spec.codecs.isEmpty, let comment = spec.comment {
                    columns[index].comment = comment  // `MODIFY COLUMN c COMMENT 'text'`
                    continue
                }
                let others = columns.filter { $0.name != spec.name }
                var spec = spec
                if spec.type == nil { spec.type = columns[index].type.description }  // `MODIFY COLUMN c DEFAULT x` keeps c's type
                var column = try Self.columns([spec], existing: others, database: definition.name.database)[0]
                // `MODIFY COLUMN c Type` keeps c's default expression (ClickHouse does too).
                if spec.defaultValue == nil { column.defaultValue = columns[index].defaultValue }
                if spec.comment == nil { column.comment = columns[index].comment }
                if spec.codecs.isEmpty, let codecs = columns[index].codecs {
                    // `MODIFY COLUMN c Type` keeps c's codecs too.
                    column.codecs = codecs
                    column.compression = columns[index].compression
                }
                let keys = Set(definition.orderBy + [definition.partitionColumn, definition.ttl?.column].compactMap { $0 })
                if keys.contains(spec.name), column.type != columns[index].type {
                    throw .badValue(.alterOfColumnIsForbidden, message: "ALTER of key column \(spec.name) from type \(columns[index].type) to type \(column.type) is not safe because it can change the representation of primary key.")
                }
                if columnsReadByViews.contains(spec.name), column.type != columns[index].type {
                    throw .badValue(.alterOfColumnIsForbidden, message: "Column \(spec.name) is read by a materialized view of \(definition.name)")
                }
                columns[index] = column
            }
        }
        do { return try definition.with(columns: columns) } catch { throw .storage(.schema(error)) }
    }

    /// A mutation as a transform of a part's rows (`Store.mutate`): the condition and the new
    /// values bound against the table's columns now, with ClickHouse's errors.
    static func mutation(_ mutation: Mutation, of definition: TableDefinition,
                         binder: Binder) throws(SQLError) -> (Batch) throws(SQLError) -> Batch? {
        let condition: BoundExpression
        var assignments = [(index: Int, value: BoundExpression)]()
        switch mutation {
        case .delete(let expression):
            condition = try binder.bind(expression)
        case .update(let updates, let expression):
            condition = try binder.bind(expression)
            let keys = Set(definition.orderBy + [definition.partitionColumn].compactMap { $0 })
            for update in updates {
                guard let index = definition.columnIndex(update.column) else {
                    throw .badValue(.noSuchColumnInTable, message: "There is no column \(update.column) in table")
                }
                guard !keys.contains(update.column) else {
                    throw .badValue(.cannotUpdateColumn, message: "Cannot UPDATE key column `\(update.column)`")
                }
                assignments.append((index, try binder.bind(update.value).converted(to: definition.columns[index].type)))
            }
        }
        let isDelete = assignments.isEmpty
        return { (rows: Batch) throws(SQLError) -> Batch? in
            let matches = Numeric.truth(try condition.evaluate(rows))
            guard matches.contains(true) else { return nil }
            if isDelete { return rows.filtered(matches.map { !$0 }) }
            var columns = rows.columns
            for (index, value) in assignments {
                let new = try value.evaluate(rows)
                columns[index] = ColumnValues.joined([columns[index], new])
                    .gathering(matches.indices.map { Int32(matches[$0] ? rows.rowCount + $0 : $0) })
            }
            return Batch(zip(rows.names, columns).map { ($0, $1) })
        }
    }

    /// Columns as declared: types and codecs checked, default expressions bound against the
    /// table's columns (`existing`, then these), a column without a type taking its expression's.
    static func columns(_ specs: [ColumnSpec], existing: [ColumnDefinition] = [], database: String) throws(SQLError) -> [ColumnDefinition] {
        var expanded = [ColumnSpec]()
        for spec in specs { expanded += try nestedColumns(spec) }
        let specs = expanded
        var declared = [ColumnDefinition?]()
        for spec in specs { declared.append(try spec.type.map { (type) throws(SQLError) in try column(spec, type: type) }) }
        // Untyped columns take their expression's type, bound over the columns typed so far.
        for (index, spec) in specs.enumerated() where declared[index] == nil {
            let known = existing + declared.compactMap { $0 }
            let type = try ColumnDefaults.bind(spec.defaultValue!.expression, over: known, database: database).type
            declared[index] = try column(spec, type: type.description)
        }
        let all = existing + declared.compactMap { $0 }
        for spec in specs {
            guard let defaultValue = spec.defaultValue else { continue }
            // Bound now so that an expression naming no column fails the CREATE (code 47), not inserts.
            _ = try ColumnDefaults.bind(defaultValue.expression, over: all.filter { $0.name != spec.name }, database: database)
        }
        return declared.compactMap { $0 }
    }

    /// `n Nested(a T, b U)`: the arrays `n.a Array(T)` and `n.b Array(U)`, as ClickHouse stores
    /// a Nested column; any other column as it is.
    private static func nestedColumns(_ spec: ColumnSpec) throws(SQLError) -> [ColumnSpec] {
        guard let type = spec.type, type.hasPrefix("Nested("), type.hasSuffix(")") else { return [spec] }
        var fields = [ColumnSpec](), depth = 0, current = ""
        for character in type.dropFirst(7).dropLast() {
            if character == "(" { depth += 1 } else if character == ")" { depth -= 1 }
            if character == ",", depth == 0 {
                fields.append(try nestedField(current, of: spec.name))
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(try nestedField(current, of: spec.name))
        return fields
    }

    private static func nestedField(_ text: String, of name: String) throws(SQLError) -> ColumnSpec {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let space = trimmed.firstIndex(of: " ") else { throw .badValue(.syntaxError, message: "Syntax error: Nested field \(trimmed) has no type") }
        let field = trimmed[..<space].filter { $0 != "`" }
        return ColumnSpec(name: "\(name).\(field)", type: "Array(\(trimmed[space...].trimmingCharacters(in: .whitespaces)))")
    }

    /// A column as declared: its type and codecs checked.
    private static func column(_ column: ColumnSpec, type declared: String) throws(SQLError) -> ColumnDefinition {
        var typeName = declared
        var simpleAggregate: SimpleAggregate?
        // `SimpleAggregateFunction(f, T)`: a column of T that merges combine with f.
        if declared.hasPrefix("SimpleAggregateFunction("), declared.hasSuffix(")"),
           let comma = declared.firstIndex(of: ",") {
            let name = declared[declared.index(declared.startIndex, offsetBy: 24)..<comma].trimmingCharacters(in: .whitespaces)
            guard let function = SimpleAggregate(rawValue: name) else {
                throw .notImplemented("SimpleAggregateFunction(\(name), …) (\(SimpleAggregate.allCases.map(\.rawValue).joined(separator: ", ")) are)")
            }
            simpleAggregate = function
            typeName = String(declared[declared.index(after: comma)..<declared.index(before: declared.endIndex)]).trimmingCharacters(in: .whitespaces)
        }
        // `LowCardinality(T)`: stored as T, declared as written (ClickHouse's rules on T kept).
        let lowCardinality = Conversion.lowCardinalityInner(typeName)
        if let inner = lowCardinality { typeName = inner }
        // `Enum8('a' = 1, …)`: stored as its names (see `EnumDefinition`).
        let enumeration: EnumDefinition?
        do { enumeration = try EnumDefinition(typeName: typeName) } catch { throw .storage(.schema(error)) }
        if enumeration != nil { typeName = "String" }
        if typeName.contains("Enum8(") || typeName.contains("Enum16(") || typeName.contains("Enum(") {
            throw .notImplemented("an Enum inside another type (\(typeName)): only an Enum column")
        }
        guard let type = ColumnType(sqlName: typeName) else {
            throw .badValue(.unknownType, message: "Unknown data type family: \(typeName)")
        }
        if lowCardinality != nil {
            let plain = type.withoutNullable
            guard plain.isNumeric || plain == .string || plain.isCalendar else {
                throw .badValue(.illegalTypeOfArgument, message: "DataTypeLowCardinality is supported only for numbers, strings, Date or DateTime, but got \(type).")
            }
            guard plain == .string else {
                throw .badValue(.suspiciousTypeForLowCardinality, message: "Creating columns of type LowCardinality(\(type)) is prohibited by default due to expected negative impact on performance. It can be enabled with the `allow_suspicious_low_cardinality_types` setting.")
            }
        }
        guard !type.containsNothing else {
            throw .badValue(.dataTypeCannotBeUsedInTables, message: "Data type \(type) of column '\(column.name)' cannot be used in tables.")
        }
        var definition = ColumnDefinition(column.name, type)
        if !column.codecs.isEmpty {
            do throws(CodecDeclarationError) {
                let codecs = try column.codecs.map { (call) throws(CodecDeclarationError) in try ColumnCodec.named(call.family, arguments: call.arguments, for: type) }
                try ColumnCodec.validate(codecs, for: type)
                definition = ColumnDefinition(column.name, type, codecs: codecs)
            } catch {
                throw .badValue(error.code, message: error.message)
            }
        }
        definition.defaultValue = column.defaultValue.map { ColumnDefault($0.kind, $0.expression.formatted) }
        definition.simpleAggregate = simpleAggregate
        definition.lowCardinality = lowCardinality != nil ? true : nil
        definition.enumeration = enumeration
        definition.comment = column.comment
        if let function = simpleAggregate, [.groupBitAnd, .groupBitOr, .groupBitXor].contains(function),
           !type.isNumeric || type == .float32 || type == .float64 {
            throw .badValue(.illegalTypeOfArgument, message: "Illegal type \(type) of argument for aggregate function \(function.rawValue).")
        }
        if simpleAggregate == .sum {
            // ClickHouse's rule: the function's result type is the column's.
            let sumType = try? AggregateFunction(.sum, type).resultType
            guard let sumType, sumType == type else {
                throw .badValue(.badArguments, message: "Incompatible data types between aggregate function 'sum' which returns \(sumType?.description ?? "nothing") and column storage type \(type).")
            }
        }
        return definition
    }

    static func tableDefinition(_ name: TableName, columns: [ColumnSpec], engine: EngineClause) throws(SQLError) -> TableDefinition {
        var definitions = try Self.columns(columns, database: name.database)
        var storage = try viewStorage(engine)
        // SummingMergeTree((n)) of a Nested column `n` sums its arrays `n.a`, `n.b`, ….
        if case .summingMergeTree(let summed?) = storage.engine {
            storage.engine = .summingMergeTree(columns: summed.flatMap { column -> [String] in
                let nested = definitions.map(\.name).filter { $0.hasPrefix(column + ".") }
                return definitions.contains(where: { $0.name == column }) || nested.isEmpty ? [column] : nested
            })
        }
        for key in storage.orderBy where storage.keyExpressions[key] != nil && !definitions.contains(where: { $0.name == key }) {
            let text = storage.keyExpressions[key]!
            let bound = try ColumnDefaults.bind(try Parser.parseExpression(text), over: definitions, database: name.database)
            var column = ColumnDefinition(key, bound.type)
            column.defaultValue = ColumnDefault(.materialized, text)
            column.holdsKeyExpression = true
            definitions.append(column)
        }
        for key in storage.orderBy where !definitions.contains(where: { $0.name == key }) {
            throw .badValue(.unknownIdentifier, message: "Missing columns: '\(key)' while processing: '\(key)', required columns: '\(key)'")
        }
        // ClickHouse refuses to sum a column of the partition key or of the sorting key.
        if case .summingMergeTree(let summed?) = storage.engine {
            let partitionColumns = Set(storage.partitionColumn.map { [$0] } ?? storage.partitionExpression?.columns ?? [])
            var sortingColumns = Set(storage.orderBy)
            for text in storage.keyExpressions.values { sortingColumns.formUnion(SelectPlanner.identifiers(in: [try Parser.parseExpression(text)])) }
            for (columns, key) in [(partitionColumns, "partition key"), (sortingColumns, "sorting key")] {
                let both = summed.filter(columns.contains)
                guard both.isEmpty else {
                    throw .badValue(.badArguments, message: "Columns: \(both.joined(separator: ", ")) listed both in columns to sum and in \(key). That is not allowed.")
                }
            }
        }
        let allowsNullableKey: Bool = switch engine.settings["allow_nullable_key"] {
        case .integer(let value)?: value != 0
        case .identifier(let parts)?: parts.last?.lowercased() == "true"
        default: false
        }
        if !allowsNullableKey, definitions.contains(where: { storage.orderBy.contains($0.name) && $0.type.containsNullable }) {
            throw .badValue(.illegalColumn, message: "Sorting key contains nullable columns, but merge tree setting `allow_nullable_key` is disabled.")
        }
        if case .collapsingMergeTree(let sign) = storage.engine {
            guard let column = definitions.first(where: { $0.name == sign }) else {
                throw .badValue(.noSuchColumnInTable, message: "Sign column \(sign) does not exist in table declaration.")
            }
            guard column.type == .int8 else {
                throw .badValue(.badTypeOfField, message: "Sign column (\(sign)) for storage CollapsingMergeTree must have type Int8. Provided column of type \(column.type).")
            }
        }
        if case .replacingMergeTree(let version?) = storage.engine {
            guard let column = definitions.first(where: { $0.name == version }) else {
                throw .badValue(.noSuchColumnInTable, message: "Version column \(version) does not exist in table declaration.")
            }
            guard column.type.isNumeric && column.type != .float32 && column.type != .float64 || column.type == .date || column.type == .dateTime else {
                throw .badValue(.badTypeOfField, message: "The column \(version) cannot be used as a version column for storage ReplacingMergeTree because it is of type \(column.type) (must be of an integer type or of type Date/DateTime/DateTime64).")
            }
        }
        var ttl: TTLRule?
        if let expression = engine.ttl {
            guard case .function("plus", nil, let arguments) = expression, arguments.count == 2,
                  case .identifier(let column) = arguments[0], case .interval(.integer(let amount), let seconds, let unit) = arguments[1],
                  seconds % 86_400 == 0, amount <= UInt64(UInt32.max) else {
                throw .notImplemented("TTL must be `<DateTime column> + INTERVAL n DAY` (or WEEK, MONTH, QUARTER, YEAR)")
            }
            if seconds == 0 {
                let calendarUnit = TTLRule.CalendarInterval.Unit(rawValue: unit.prefix(1).uppercased() + unit.dropFirst().lowercased())!
                ttl = TTLRule(column: column.last!, calendar: .init(amount: UInt32(amount), unit: calendarUnit))
            } else {
                ttl = TTLRule(column: column.last!, days: UInt32(amount * seconds / 86_400))
            }
        }
        if let key = storage.partitionExpression {
            _ = try PartitionKeys.bind(try Parser.parseExpression(key.text), columns: definitions, database: name.database)
        }
        do {
            return try TableDefinition(name: name, columns: definitions, partitionColumn: storage.partitionColumn, orderBy: storage.orderBy,
                                       ttl: ttl, indexGranularity: storage.indexGranularity, engine: storage.engine,
                                       allowDimensionsOutsideSortingKey: storage.allowDimensionsOutsideSortingKey,
                                       deduplicationWindow: storage.deduplicationWindow, partitionExpression: storage.partitionExpression,
                                       sampleBy: storage.sampleBy, legacyEngineClause: storage.legacyEngineClause)
        } catch {
            throw .storage(.schema(error))
        }
    }

    /// The deprecated form `MergeTree(date, (keys), granularity)`.
    static func usesDeprecatedSyntax(_ clause: EngineClause) -> Bool {
        clause.engine.hasSuffix("MergeTree") && clause.orderBy.isEmpty && clause.partitionBy == nil && clause.engineArguments.count >= 3
    }

    static func viewStorage(_ clause: EngineClause) throws(SQLError) -> ViewStorage {
        var clause = clause
        // The deprecated form `MergeTree(date, (keys), granularity)` (a sampling expression may
        // stand before the keys; SummingMergeTree's columns after the granularity).
        let legacyEngineClause = usesDeprecatedSyntax(clause) ? clause.argumentsText.map { "\(clause.engine)(\($0))" } : nil
        if usesDeprecatedSyntax(clause) {
            var arguments = clause.engineArguments
            // SummingMergeTree's columns, ReplacingMergeTree's version: after the granularity.
            var extra: ASTExpression?
            if arguments.count >= 4, case .integer = arguments[arguments.count - 2] { extra = arguments.removeLast() }
            guard case .integer(let granularity) = arguments.last!, case .identifier = arguments[0] else {
                throw .notImplemented("this engine clause: \(clause.engine)(\(arguments.map(\.columnName).joined(separator: ", ")))")
            }
            let keys = arguments[arguments.count - 2]
            clause.partitionBy = .function(name: "toYYYYMM", parameters: nil, arguments: [arguments[0]])
            if case .function("tuple", nil, let items) = keys { clause.orderBy = items } else { clause.orderBy = [keys] }
            clause.settings["index_granularity"] = .integer(granularity)
            clause.engineArguments = extra.map { [$0] } ?? []
        }
        let engine: TableEngine
        switch clause.engine {
        case "MergeTree": engine = .mergeTree
        case "AggregatingMergeTree": engine = .aggregatingMergeTree
        case "ReplacingMergeTree":
            guard clause.engineArguments.count <= 1 else {
                throw .notImplemented("ReplacingMergeTree's is_deleted column")
            }
            var version: String?
            if let argument = clause.engineArguments.first {
                guard case .identifier(let parts) = argument else {
                    throw .badValue(.badArguments, message: "Version column name must be an unquoted string")
                }
                version = parts.last
            }
            engine = .replacingMergeTree(version: version)
        case "CollapsingMergeTree":
            guard clause.engineArguments.count == 1, case .identifier(let parts) = clause.engineArguments[0] else {
                throw .badValue(.numberOfArgumentsDoesntMatch, message: "Storage CollapsingMergeTree requires 1 parameter: name of sign column")
            }
            engine = .collapsingMergeTree(sign: parts.last!)
        case "SummingMergeTree":
            var columns: [String]?
            if let argument = clause.engineArguments.first {
                let items: [ASTExpression] = if case .function("tuple", nil, let list) = argument { list } else { [argument] }
                columns = items.compactMap { if case .identifier(let parts) = $0 { parts.last } else { nil } }
            }
            engine = .summingMergeTree(columns: columns)
        case "Null":
            guard clause.partitionBy == nil, clause.orderBy.isEmpty, clause.ttl == nil else {
                throw .badValue(.badArguments, message: "Engine Null doesn't support PARTITION_BY, PRIMARY_KEY, ORDER_BY, SAMPLE_BY, TTL or SETTINGS clauses.")
            }
            engine = .null
        case "Memory", "Log", "TinyLog", "StripeLog", "Set":
            guard clause.partitionBy == nil, clause.orderBy.isEmpty, clause.ttl == nil else {
                throw .badValue(.badArguments, message: "Engine \(clause.engine) doesn't support PARTITION_BY, PRIMARY_KEY, ORDER_BY, SAMPLE_BY, TTL or SETTINGS clauses.")
            }
            engine = .insertionOrder(clause.engine)
        default:
            throw .badValue(.unknownStorage, message: "Unknown table engine \(clause.engine)")
        }
        // `toYYYYMM(column)`: months, computed by storage; any other expression: `PartitionKeys`.
        var partitionColumn: String?
        var partitionExpression: PartitionExpression?
        if let partition = clause.partitionBy, partition != .function(name: "tuple", parameters: nil, arguments: []) {
            if case .function("toYYYYMM", nil, let arguments) = partition, arguments.count == 1, case .identifier(let column) = arguments[0] {
                partitionColumn = column.last!
            } else {
                partitionExpression = PartitionExpression(text: partition.formatted, columns: PartitionKeys.columns(of: partition))
            }
        }
        var orderBy = [String]()
        var keyExpressions = [String: String]()
        for key in clause.orderBy {
            if case .identifier(let parts) = key {
                orderBy.append(parts.last!)
            } else {
                // An expression: a hidden column of its values, named as ClickHouse names it.
                orderBy.append(key.columnName)
                keyExpressions[key.columnName] = key.formatted
            }
        }
        var granularity = 8192
        var allowDimensions = false
        var window: Int?
        for (setting, value) in clause.settings {
            switch (setting, value) {
            case ("index_granularity", .integer(let v)): granularity = Int(v)
            case ("allow_dimensions_outside_sorting_key", .integer(let v)): allowDimensions = v != 0
            case ("non_replicated_deduplication_window", .integer(let v)): window = Int(v)
            case _ where Settings.mergeTreeSettingNames.contains(setting): break
            default: throw .badValue(.unknownSetting, message: "Unknown setting '\(setting)': for storage \(clause.engine).")
            }
        }
        var storage = ViewStorage(engine: engine, partitionColumn: partitionColumn, orderBy: orderBy, indexGranularity: granularity,
                                  allowDimensionsOutsideSortingKey: allowDimensions, deduplicationWindow: window)
        storage.partitionExpression = partitionExpression
        storage.keyExpressions = keyExpressions
        storage.sampleBy = clause.sampleBy?.formatted
        storage.legacyEngineClause = legacyEngineClause
        return storage
    }
}
