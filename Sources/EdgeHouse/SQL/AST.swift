/// The syntax tree of ClickHouse SQL as parsed, before names are resolved (`Binder`).
indirect enum ASTExpression: Hashable, Sendable {
    case integer(UInt64)
    /// A negative integer literal (`-5`).
    case negativeInteger(Int64)
    case float(Double)
    case string(String)
    case null
    /// `name`, `table.name` or `db.table.name` (only the last part names the column).
    case identifier([String])
    /// `f(args)`, or a parametric aggregate `quantile(0.95)(x)` (`parameters` non-nil).
    case function(name: String, parameters: [ASTExpression]?, arguments: [ASTExpression])
    /// `INTERVAL n UNIT`, in seconds.
    case interval(ASTExpression, seconds: UInt64, unit: String)
    /// `{name:Type}`.
    case parameter(name: String, type: String)
    /// `[a, b, …]`: an array literal (in INSERT … VALUES rows).
    case array([ASTExpression])
    case star
    /// `(SELECT …)`: a scalar subquery, or the set of `x IN (SELECT …)`; `ordinal` numbers the
    /// subqueries of a statement from 1, as ClickHouse names their columns (`_subquery_1`).
    case subquery(SelectQuery, ordinal: Int)
    /// `f(args) OVER (PARTITION BY … ORDER BY … frame)`: a window function (`Plan/Window.swift`).
    case window(WindowCall)

    /// Whether a subquery appears in the expression (at most `depth`-deep nesting is looked into;
    /// deeper counts as one).
    func containsSubquery(depth: Int) -> Bool {
        guard depth < 256 else { return true }
        switch self {
        case .subquery: return true
        case .function(_, let parameters, let arguments): return ((parameters ?? []) + arguments).contains { $0.containsSubquery(depth: depth + 1) }
        case .interval(let inner, _, _): return inner.containsSubquery(depth: depth + 1)
        case .array(let items): return items.contains { $0.containsSubquery(depth: depth + 1) }
        default: return false
        }
    }

    /// An identifier, a literal, or a call of such (not an operator, which ClickHouse prints as
    /// one): what prints the same as `columnName` and in ClickHouse's formatting of a query.
    var isCall: Bool {
        switch self {
        case .integer, .negativeInteger, .float, .string, .identifier: true
        case .function(let name, let parameters, let arguments):
            name.first?.isLetter == true && !Self.operatorFunctions.contains(name)
                && ((parameters ?? []) + arguments).allSatisfy(\.isCall)
        default: false
        }
    }

    /// Functions the parser makes of operators (`a + b` is `plus(a, b)`).
    private static let operatorFunctions: Set<String> = [
        "plus", "minus", "multiply", "divide", "modulo", "negate", "equals", "notEquals", "less", "greater",
        "lessOrEquals", "greaterOrEquals", "and", "or", "not", "in", "notIn", "like", "notLike", "ilike", "notILike",
        "tuple", "arrayElement", "tupleElement", "lambda", "if", "isNull", "isNotNull", "concat",
    ]

    /// A literal, or a function of literals only.
    var isLiteral: Bool {
        switch self {
        case .integer, .negativeInteger, .float, .string, .null: true
        case .array(let items): items.allSatisfy(\.isLiteral)
        case .function(_, nil, let arguments): arguments.allSatisfy(\.isLiteral)
        default: false
        }
    }

    /// The column name ClickHouse gives an unaliased select item: operators as functions
    /// (`plus(1, 1)`), literals as written (`'abc'`), aggregates with their parameters.
    var columnName: String {
        switch self {
        case .integer(let v): return String(v)
        case .negativeInteger(let v): return String(v)
        case .float(let v):
            // ClickHouse marks an integral float literal with a point: `1e3` is named `1000.`.
            let text = FloatText.format(v)
            return text.allSatisfy { $0.isNumber || $0 == "-" } ? text + "." : text
        case .null: return "NULL"
        case .string(let s): return "'\(s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'"))'"
        case .identifier(let parts): return parts.joined(separator: ".")
        // A lambda's parameters print as a call of `tuple`, unlike a tuple literal.
        case .function("lambda", nil, let arguments) where arguments.count == 2:
            guard case .function("tuple", nil, let parameters) = arguments[0] else { fallthrough }
            return "lambda(tuple(" + parameters.map(\.columnName).joined(separator: ", ") + "), \(arguments[1].columnName))"
        // A tuple prints as its literal, `(a, b)`.
        case .function("tuple", nil, let arguments): return "(" + arguments.map(\.columnName).joined(separator: ", ") + ")"
        case .function(let name, let parameters, let arguments):
            let params = parameters.map { "(" + $0.map(\.columnName).joined(separator: ", ") + ")" } ?? ""
            return "\(name)\(params)(\(arguments.map(\.columnName).joined(separator: ", ")))"
        case .interval(let e, _, let unit): return "toInterval\(unit.prefix(1).uppercased() + unit.dropFirst().lowercased())(\(e.columnName))"
        case .parameter(let name, let type): return "{\(name):\(type)}"
        case .array(let items): return "[" + items.map(\.columnName).joined(separator: ", ") + "]"
        case .star: return "*"
        case .subquery(_, let ordinal): return "_subquery_\(ordinal)"
        case .window(let call): return call.columnName
        }
    }
}

/// A window function's call: `name(arguments) OVER (PARTITION BY … ORDER BY … frame)`.
struct WindowCall: Hashable, Sendable {
    var name: String
    var arguments: [ASTExpression]
    var partitionBy: [ASTExpression]
    var orderBy: [OrderItem]
    /// `nil`: the default frame (`RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW` with an
    /// ORDER BY, the whole partition without).
    var frame: WindowFrame?
    /// `OVER w`: the window of the query's `WINDOW` clause it names (its clauses are then empty
    /// here, and filled in by the planner).
    var windowName: String?

    /// Every expression the call reads.
    var expressions: [ASTExpression] { arguments + partitionBy + orderBy.map(\.expression) }

    /// As ClickHouse names the column: `sum(v) OVER (PARTITION BY k ORDER BY t ASC)`.
    var columnName: String {
        if let windowName { return "\(name)(\(arguments.map(\.columnName).joined(separator: ", "))) OVER \(windowName)" }
        var clauses = [String]()
        if !partitionBy.isEmpty { clauses.append("PARTITION BY " + partitionBy.map(\.columnName).joined(separator: ", ")) }
        if !orderBy.isEmpty {
            clauses.append("ORDER BY " + orderBy.map { item in
                item.expression.columnName + (item.descending ? " DESC" : " ASC") + (item.nullsFirst ? " NULLS FIRST" : "")
            }.joined(separator: ", "))
        }
        if let frame { clauses.append(frame.description) }
        return "\(name)(\(arguments.map(\.columnName).joined(separator: ", "))) OVER (\(clauses.joined(separator: " ")))"
    }
}

/// `ROWS|RANGE BETWEEN start AND end`.
struct WindowFrame: Hashable, Sendable, CustomStringConvertible {
    enum Bound: Hashable, Sendable, CustomStringConvertible {
        case unboundedPreceding, preceding(UInt64), currentRow, following(UInt64), unboundedFollowing

        var description: String {
            switch self {
            case .unboundedPreceding: "UNBOUNDED PRECEDING"
            case .preceding(let n): "\(n) PRECEDING"
            case .currentRow: "CURRENT ROW"
            case .following(let n): "\(n) FOLLOWING"
            case .unboundedFollowing: "UNBOUNDED FOLLOWING"
            }
        }
    }

    /// `ROWS` counts rows; `RANGE` takes a row's peers (equal ORDER BY values) with it.
    var rows: Bool
    var start: Bound
    var end: Bound

    var description: String { "\(rows ? "ROWS" : "RANGE") BETWEEN \(start) AND \(end)" }
}

struct SelectColumn: Hashable, Sendable {
    var expression: ASTExpression
    var alias: String?
    var name: String { alias ?? expression.columnName }
}

struct OrderItem: Hashable, Sendable {
    var expression: ASTExpression
    var descending: Bool
    /// `NULLS FIRST`: NULL and NaN before the other values (by default they come last, in
    /// either direction, as in ClickHouse).
    var nullsFirst = false
}

struct SelectStatement: Hashable, Sendable {
    /// `WITH expr AS name`: names usable in every clause, as a select-list alias is.
    var withAliases: [SelectColumn] = []
    /// `WITH name AS (SELECT …)`: subqueries the FROM clause may name as tables.
    var commonTables: [String: SelectQuery] = [:]
    var distinct = false
    var items: [SelectColumn]
    var from: TableExpression?
    /// `[LEFT] ARRAY JOIN …`.
    var arrayJoin: ArrayJoinClause?
    var whereClause: ASTExpression?
    var groupBy: [ASTExpression] = []
    /// `WITH TOTALS`: a row of the aggregates over every row, after the result.
    var withTotals = false
    /// `GROUP BY ROLLUP(…)` / `CUBE(…)` (or `… WITH ROLLUP` / `WITH CUBE`).
    var grouping: GroupingSets?
    var having: ASTExpression?
    /// `WINDOW w AS (…), …`: windows that calls name (`OVER w`), each held as a call without a
    /// function (its `partitionBy`, `orderBy` and `frame`).
    var windows: [String: WindowCall] = [:]
    var orderBy: [OrderItem] = []
    var limit: Int?
    var offset = 0
    /// `LIMIT n [OFFSET m] BY keys`: at most `n` rows (after the first `m`) per distinct keys.
    var limitBy: LimitBy?

    /// The table the statement reads, when it reads one (what a materialized view watches).
    var sourceTable: QualifiedName? {
        switch from {
        case .table(let name, _)?, .aliased(.table(let name, _), _)?: name
        default: nil
        }
    }
}

/// The sets of keys a ROLLUP or CUBE groups by besides all of them.
enum GroupingSets: Hashable, Sendable {
    /// Every prefix of the keys.
    case rollup
    /// Every subset of the keys.
    case cube
}

/// `LIMIT count [OFFSET offset] BY keys`.
struct LimitBy: Hashable, Sendable {
    var count: Int
    var offset: Int
    var keys: [ASTExpression]
}

/// `SELECT … UNION ALL SELECT …`: the branches' rows one after another (without repeated rows
/// for `UNION DISTINCT`). Most queries have one branch.
struct SelectQuery: Hashable, Sendable {
    var branches: [SelectStatement]
    var distinct = false
    /// `SETTINGS …` after the query: over the session's, for this query only.
    var settings = Settings()

    /// Whether the query reads no table — only constants and in-memory system tables (not the
    /// endless `system.numbers`, and no subqueries, which might read tables).
    var answersFromMemory: Bool {
        branches.allSatisfy { branch in
            let source: Bool = switch branch.from {
            case nil: true
            case .table(let name, _)?: name.database == "system" && name.name != "numbers"
            default: false
            }
            let expressions = branch.items.map(\.expression) + branch.withAliases.map(\.expression) + [branch.whereClause, branch.having].compactMap { $0 }
            return source && branch.commonTables.isEmpty && !expressions.contains { $0.containsSubquery(depth: 0) }
        }
    }
}

/// `[LEFT] ARRAY JOIN a [AS x], b [AS y]`: each row repeated once per element of its arrays
/// (which must be equally long), the elements as columns: `x`, or `a` itself without an alias.
/// `LEFT` keeps a row whose arrays are empty, with default elements.
struct ArrayJoinClause: Hashable, Sendable {
    var columns: [SelectColumn]
    var left: Bool
}

/// Where a SELECT reads its rows.
indirect enum TableExpression: Hashable, Sendable {
    /// A table or view, merged as its engine collapses rows for `FINAL`.
    case table(QualifiedName, final: Bool)
    /// `FROM (SELECT …)`.
    case subquery(SelectQuery)
    /// A table function: `numbers(n)`, `numbers(start, n)`.
    case function(name: String, arguments: [ASTExpression])
    /// `… AS alias`: columns may be qualified by the alias (`alias.column`).
    case aliased(TableExpression, String)
    /// `left [ANY|ALL] [INNER|LEFT|CROSS] JOIN right ON … | USING …`, and `left, right`.
    case join(JoinClause)
}

/// One JOIN of two table expressions.
struct JoinClause: Hashable, Sendable {
    enum Kind: Hashable, Sendable { case inner, left, right, full, cross }
    enum Constraint: Hashable, Sendable {
        case on(ASTExpression)
        case using([String])
        case none
    }

    var left: TableExpression
    var right: TableExpression
    var kind: Kind
    /// `ANY`: one matching right row per left row (the first); `ALL` (the default): every one.
    var any: Bool
    var constraint: Constraint
}

/// `[db.]name` as written.
struct QualifiedName: Hashable, Sendable {
    var database: String?
    var name: String
}

struct ColumnSpec: Hashable, Sendable {
    /// `DEFAULT expr` (or `MATERIALIZED`, `ALIAS`).
    struct Default: Hashable, Sendable {
        var kind: ColumnDefault.Kind
        var expression: ASTExpression
    }

    var name: String
    /// `nil` when left out: the default expression's type.
    var type: String?
    var defaultValue: Default?
    /// `CODEC(ZSTD(3))`: each codec's family and integer arguments, as written.
    var codecs: [CodecCall] = []
    /// `COMMENT 'text'`.
    var comment: String?
}

/// A mutation: rows deleted, or columns of rows set.
enum Mutation: Hashable, Sendable {
    case delete(where: ASTExpression)
    case update([ColumnAssignment], where: ASTExpression)
}

/// `column = value` of `ALTER TABLE … UPDATE`.
struct ColumnAssignment: Hashable, Sendable {
    var column: String
    var value: ASTExpression
}

/// One column change of `ALTER TABLE`.
enum ColumnAlteration: Hashable, Sendable {
    enum Position: Hashable, Sendable {
        case first, last
        case after(String)
    }

    case add(ColumnSpec, ifNotExists: Bool, position: Position)
    case drop(String, ifExists: Bool)
    /// `MODIFY COLUMN name Type`: the column's values converted as CAST converts them.
    case modify(ColumnSpec, ifExists: Bool)
    /// `COMMENT COLUMN name 'text'`.
    case comment(String, text: String, ifExists: Bool)
}

/// One codec of a `CODEC(…)` clause as written: `ZSTD(3)` is family `ZSTD`, arguments `[3]`.
struct CodecCall: Hashable, Sendable {
    var family: String
    var arguments: [Int]
}

/// The storage clauses of `CREATE TABLE` and of a view's inner table.
struct EngineClause: Hashable, Sendable {
    var engine: String
    var engineArguments: [ASTExpression]
    var partitionBy: ASTExpression?
    var orderBy: [ASTExpression]
    var ttl: ASTExpression?
    var settings: [String: ASTExpression]
    /// `SAMPLE BY expr`: kept to be shown (sampling itself is not supported).
    var sampleBy: ASTExpression? = nil
    /// The engine's arguments as written (blanks normalized): what `SHOW CREATE` prints of a
    /// table declared in the deprecated form.
    var argumentsText: String? = nil

    /// `ENGINE = name` alone: an engine ClickHouse picks when none is named.
    static func plain(_ engine: String) -> EngineClause {
        EngineClause(engine: engine, engineArguments: [], partitionBy: nil, orderBy: [], ttl: nil, settings: [:])
    }
}

enum Statement: Hashable, Sendable {
    case createDatabase(String, ifNotExists: Bool)
    case use(String)
    case createTable(QualifiedName, columns: [ColumnSpec], engine: EngineClause, ifNotExists: Bool)
    /// `CREATE TABLE t AS other [ENGINE = …]`.
    case createTableLike(QualifiedName, other: QualifiedName, engine: EngineClause?, ifNotExists: Bool)
    /// `CREATE TABLE t [(cols)] ENGINE = … AS SELECT …`.
    case createTableAsSelect(QualifiedName, columns: [ColumnSpec]?, engine: EngineClause, query: SelectQuery, ifNotExists: Bool)
    /// `select` parsed, and `selectText` as written (what a view other than a GROUP BY of
    /// columns keeps and runs); `columns`, the view's declared columns (`CREATE MATERIALIZED
    /// VIEW v (a T, …) ENGINE = …`): its inner table's, when it has one.
    case createMaterializedView(QualifiedName, to: QualifiedName?, columns: [ColumnSpec]?, engine: EngineClause?, populate: Bool,
                                select: SelectStatement, selectText: String, ifNotExists: Bool)
    case dropTable(QualifiedName, ifExists: Bool)
    /// `CREATE VIEW [IF NOT EXISTS] name AS SELECT …`: the query, parsed and as written.
    case createView(QualifiedName, query: SelectQuery, selectText: String, ifNotExists: Bool)
    /// `TRUNCATE TABLE [IF EXISTS] t`: every row removed, the table kept.
    case truncate(QualifiedName, ifExists: Bool)
    /// `DETACH TABLE [IF EXISTS] t` / `ATTACH TABLE [IF NOT EXISTS] t` (a detached table back).
    case detachTable(QualifiedName, ifExists: Bool)
    /// `SYSTEM STOP MERGES [t]` (`stop`) / `SYSTEM START MERGES [t]`: every table without a name.
    case systemMerges(QualifiedName?, stop: Bool)
    /// `SYSTEM FLUSH LOGS`: nothing to do (no system log tables here).
    case systemFlushLogs
    /// `RENAME [TABLE] [IF EXISTS] a TO b [, c TO d …]`: each pair in turn, all in one commit.
    case renameTable([QualifiedName], to: [QualifiedName], ifExists: Bool)
    /// `EXCHANGE TABLES a AND b`.
    case exchangeTables(QualifiedName, QualifiedName)
    case attachTable(QualifiedName, ifNotExists: Bool)
    case dropDatabase(String, ifExists: Bool)
    case showTables(database: String?, like: String?)
    case describe(QualifiedName)
    /// `INSERT INTO t [(cols)] [SETTINGS …] VALUES …` (`rows`) or `… FORMAT f` (data follows
    /// the statement).
    case insert(QualifiedName, columns: [String]?, settings: Settings, format: FormatName, inlineData: String?)
    case select(SelectQuery, format: FormatName?)
    /// `INSERT INTO t [(cols)] [SETTINGS …] SELECT … [SETTINGS …]`: the query's columns, by
    /// position, converted to the table's.
    case insertSelect(QualifiedName, columns: [String]?, settings: Settings, query: SelectQuery)
    case optimize(QualifiedName, partition: ASTExpression?, final: Bool, deduplicate: OptimizeDeduplication?)
    /// `ALTER TABLE t DROP | DETACH | ATTACH PARTITION p` (or `PART 'name'`, `PARTITION ID 'id'`, `PARTITION ALL`).
    case partitionCommand(QualifiedName, PartitionCommand, PartitionSpec)
    /// `ALTER TABLE t ADD COLUMN …, DROP COLUMN …`.
    case alterColumns(QualifiedName, [ColumnAlteration])
    /// `ALTER TABLE t DELETE WHERE …`, `ALTER TABLE t UPDATE c = … WHERE …`, `DELETE FROM t WHERE …`.
    case mutate(QualifiedName, Mutation)
    case showCreateTable(QualifiedName)
    case checkTable(QualifiedName)
    case showDatabases(like: String?)
    /// `EXISTS [TABLE|VIEW|DATABASE] name`: a `result` column of 1 or 0.
    case exists(QualifiedName, database: Bool)
    /// `SET name = value, …`: the session's settings.
    case set([SettingAssignment])
    /// A statement other than SELECT that answers rows, with a `FORMAT` clause.
    indirect case formatted(Statement, format: FormatName)
    /// `CREATE TEMPORARY TABLE …` (a `Memory` table unless an engine is named): the session's,
    /// dropped when it ends.
    indirect case temporary(Statement)
}

/// `name = value` of `SET` or a `SETTINGS` clause, the value as ClickHouse reads it as text.
struct SettingAssignment: Hashable, Sendable {
    var name: String
    var value: String
}

extension ASTExpression {
    /// The expression as ClickHouse prints it in `SHOW CREATE TABLE` and `DESCRIBE`: operators
    /// infix with spaces, an operator inside another in parentheses (`(x * 2) + 1`), chains of
    /// `AND` / `OR` flat, function arguments bare.
    var formatted: String {
        guard case .function(let name, nil, let arguments) = self else {
            if case .array(let items) = self { return "[" + items.map(\.formatted).joined(separator: ", ") + "]" }
            return columnName
        }
        if name == "and" || name == "or" {
            return chain(name).map(\.operand).joined(separator: " \(name.uppercased()) ")
        }
        if let symbol = Self.infix[name], arguments.count == 2 {
            return arguments[0].operand + " \(symbol) " + arguments[1].operand
        }
        if name == "lambda", arguments.count == 2, case .function("tuple", nil, let parameters) = arguments[0] {
            let names = parameters.map(\.formatted).joined(separator: ", ")
            return (parameters.count == 1 ? names : "(\(names))") + " -> " + arguments[1].operand
        }
        if name == "tuple", arguments.count >= 2 { return "(" + arguments.map(\.formatted).joined(separator: ", ") + ")" }
        if name == "not", arguments.count == 1 { return "NOT " + arguments[0].operand }
        if name == "negate", arguments.count == 1 { return "-" + arguments[0].operand }
        return "\(name)(" + arguments.map(\.formatted).joined(separator: ", ") + ")"
    }

    private static let infix = [
        "equals": "=", "notEquals": "!=", "less": "<", "greater": ">", "lessOrEquals": "<=", "greaterOrEquals": ">=",
        "like": "LIKE", "notLike": "NOT LIKE", "plus": "+", "minus": "-", "multiply": "*", "divide": "/", "modulo": "%",
    ]

    private var isOperator: Bool {
        guard case .function(let name, nil, let arguments) = self else { return false }
        return Self.infix[name] != nil && arguments.count == 2 || ["and", "or", "not", "negate"].contains(name)
    }

    /// The expression as an operator's operand: parenthesized when it is an operator itself.
    private var operand: String { isOperator ? "(" + formatted + ")" : formatted }

    /// `a AND b AND c` parsed as `and(and(a, b), c)`: its operands, left to right.
    private func chain(_ name: String) -> [ASTExpression] {
        guard case .function(name, nil, let arguments) = self else { return [self] }
        return arguments.flatMap { $0.chain(name) }
    }
}

/// `OPTIMIZE … DEDUPLICATE [BY …]`: which columns make rows duplicates of each other.
public enum OptimizeDeduplication: Hashable, Sendable {
    /// `DEDUPLICATE` or `BY *`: every column.
    case allColumns
    /// `BY a, b`.
    case columns([String])
    /// `BY * EXCEPT (a, b)`.
    case allColumnsExcept([String])
}

/// What `ALTER TABLE … PARTITION` does with the parts it names.
enum PartitionCommand: String, Hashable, Sendable {
    case drop = "DROP", detach = "DETACH", attach = "ATTACH"
}

/// The parts an `ALTER TABLE … PARTITION` statement names.
enum PartitionSpec: Hashable, Sendable {
    /// `PARTITION expr`: a value of the partition expression (`202611`, `tuple()`).
    case value(ASTExpression)
    /// `PARTITION ID 'id'`.
    case id(String)
    /// `PARTITION ALL`.
    case all
    /// `PART 'name'`.
    case part(String)
}
