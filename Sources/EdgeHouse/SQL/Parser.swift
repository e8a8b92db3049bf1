/// A recursive-descent parser for the ClickHouse SQL EdgeHouse runs. Lexes on demand, so the
/// data after `INSERT … FORMAT x` is never read as SQL.
struct Parser {
    private let lexer: Lexer
    private var position = 0
    /// How deep the expression tree being parsed is, in about ClickHouse's units (a parenthesis
    /// 5; a function's arguments, `NOT`, unary minus and each further term of a `+`/`*` chain 2;
    /// each further `AND`/`OR` term 1): past `maxDepth`, error 306. Parsing, binding and
    /// evaluating recurse over the tree; unbounded, a deep one would overflow a thread's stack.
    private var depth = 0
    private static let maxDepth = 1000
    private var current: Token

    /// Set by `parseHead`: an INSERT stops where its data starts, which is recorded here.
    private var stopsAtInsertData = false
    /// Set by `script`: an INSERT's data on its format's line ends with the line.
    private var inScript = false
    private(set) var insertDataOffset: Int?
    /// Subqueries in expressions parsed so far (they are named `_subquery_N`).
    private var subqueryCount = 0
    /// `expr AS name` met inside an expression of the SELECT being read: ClickHouse makes the
    /// alias visible to the whole query, as a WITH alias is (the SELECT gets them so).
    private var innerAliases: [SelectColumn] = []

    init(_ text: String) throws(SQLError) {
        try self.init(lexer: Lexer(text))
    }

    private init(lexer: Lexer) throws(SQLError) {
        self.lexer = lexer
        var start = 0
        current = try lexer.token(at: &start)
        position = start
    }

    /// Parses every `;`-separated statement of the text.
    static func parse(_ text: String) throws(SQLError) -> [Statement] {
        var parser = try Parser(text)
        var statements = [Statement]()
        while true {
            while try parser.accept(symbol: ";") {}
            if parser.current.kind == .end { return statements }
            statements.append(try parser.statement())
            if parser.current.kind != .end && !parser.check(symbol: ";") {
                throw parser.unexpected("end of query or ;")
            }
        }
    }

    /// Splits a script into statements, each parsed on its own (a statement that does not parse
    /// is an error in its place, and the script goes on after its `;`), with the errors its
    /// test hint says it must fail with: a `-- { serverError N }` comment (codes or names,
    /// separated by `,` or `|`) inside the statement or after its `;` on the same line, as
    /// ClickHouse's own tests mark them.
    static func script(_ text: String) throws(SQLError) -> [(statement: Result<Statement, SQLError>, expectedErrors: [String])] {
        var parser = try Parser(text)
        parser.inScript = true
        var items = [(statement: Result<Statement, SQLError>, expectedErrors: [String])]()
        let source = parser.lexer.source
        while true {
            while try parser.accept(symbol: ";") {}
            if parser.current.kind == .end { return items }
            let start = parser.current.offset
            var result: Result<Statement, SQLError>
            do throws(SQLError) {
                let statement = try parser.statement()
                guard parser.current.kind == .end || parser.check(symbol: ";") else { throw parser.unexpected("end of query or ;") }
                result = .success(statement)
            } catch {
                result = .failure(error)
                // Resume after the next `;`: the bytes up to it are skipped, not tokenized.
                var offset = max(parser.current.offset, start)
                while offset < source.count && source[offset] != UInt8(ascii: ";") { offset += 1 }
                parser.position = min(offset, source.count)
                do throws(SQLError) { try parser.advance() } catch { return items + [(result, [])] }
            }
            var lineEnd = min(parser.current.kind == .end ? source.count : parser.current.offset + 1, source.count)
            while lineEnd < source.count && source[lineEnd] != 0x0A { lineEnd += 1 }
            items.append((result, Self.testHint(source[start..<lineEnd])))
        }
    }

    /// The error codes or names of a `-- { serverError … }`, `-- { clientError … }` or
    /// `-- { error … }` comment.
    /// (Most statements have no comment at all: only text after a `--` is looked at.)
    private static func testHint(_ bytes: ArraySlice<UInt8>) -> [String] {
        guard let dashes = bytes.indices.dropLast().first(where: { bytes[$0] == UInt8(ascii: "-") && bytes[$0 + 1] == UInt8(ascii: "-") }) else {
            return []
        }
        let text = String(decoding: bytes[dashes...], as: UTF8.self)
        let open = ["serverError", "clientError", "error"].lazy.compactMap { word in text.range(of: "{ \(word) ") ?? text.range(of: "{\(word) ") }.first
        guard let open, let close = text[open.upperBound...].firstIndex(of: "}") else { return [] }
        return text[open.upperBound..<close].split(whereSeparator: { $0 == "," || $0 == "|" || $0 == " " }).map(String.init)
    }

    /// Parses a text that must hold exactly one statement (a server's query): a trailing `;`
    /// is allowed, a second statement is code 62 as ClickHouse's server answers it, and so is
    /// a text of blanks and comments only.
    static func parseSingle(_ text: String) throws(SQLError) -> Statement {
        var parser = try Parser(text)
        guard parser.current.kind != .end else { throw .emptyQuery }
        let statement = try parser.statement()
        guard parser.current.kind == .end || parser.check(symbol: ";") else { throw parser.unexpected("end of query or ;") }
        let semicolon = parser.current.offset
        while try parser.accept(symbol: ";") {}
        guard parser.current.kind == .end else {
            let rest = String(decoding: parser.lexer.source[semicolon...].prefix(60), as: UTF8.self)
            throw .multiStatement(position: semicolon, near: rest)
        }
        return statement
    }

    /// Parses one expression that must be all of `text` (a column's stored default).
    static func parseExpression(_ text: String) throws(SQLError) -> ASTExpression {
        var parser = try Parser(text)
        let expression = try parser.expression()
        guard parser.current.kind == .end else { throw parser.unexpected("end of expression") }
        return expression
    }

    /// Parses the statement at the start of `bytes` — an HTTP request body, which may hold an
    /// INSERT's data after the statement. For an INSERT without rows in its text, returns the
    /// offset where its data starts (the statement has no inline data then); any other
    /// statement must be all of `bytes` (see `parseSingle`).
    static func parseHead(_ bytes: [UInt8]) throws(SQLError) -> (Statement, dataOffset: Int?) {
        var parser = try Parser(lexer: Lexer(bytes: bytes))
        parser.stopsAtInsertData = true
        guard parser.current.kind != .end else { throw .emptyQuery }
        if parser.check("INSERT") {
            let statement = try parser.statement()
            return (statement, parser.insertDataOffset)
        }
        return (try parseSingle(String(decoding: bytes, as: UTF8.self)), nil)
    }

    // MARK: - Tokens

    private mutating func advance() throws(SQLError) {
        current = try lexer.token(at: &position)
    }

    private func check(symbol: String) -> Bool { current.kind == .symbol(symbol) }

    /// Whether the token after the current one is `keyword`.
    private func nextIs(_ keyword: String) -> Bool {
        var next = position
        guard case .word(let w)? = try? lexer.token(at: &next).kind else { return false }
        return Self.sameWord(w, keyword)
    }

    /// Whether `[LEFT] ARRAY JOIN` follows.
    private var arrayJoinFollows: Bool { check("ARRAY") || (check("LEFT") && nextIs("ARRAY")) }

    /// Whether the current token is `keyword` (an ASCII word, matched case-insensitively: a
    /// byte comparison, as statements are checked against many keywords).
    private func check(_ keyword: String) -> Bool {
        guard case .word(let w) = current.kind else { return false }
        return Self.sameWord(w, keyword)
    }

    /// Whether two words are the same but for the case of ASCII letters.
    private static func sameWord(_ word: String, _ keyword: String) -> Bool {
        guard word.utf8.count == keyword.utf8.count else { return false }
        return zip(word.utf8, keyword.utf8).allSatisfy { a, b in a == b || (a ^ 0x20 == b && (a | 0x20) >= 0x61 && (a | 0x20) <= 0x7A) }
    }

    private mutating func accept(symbol: String) throws(SQLError) -> Bool {
        guard check(symbol: symbol) else { return false }
        try advance()
        return true
    }

    private mutating func accept(_ keyword: String) throws(SQLError) -> Bool {
        guard check(keyword) else { return false }
        try advance()
        return true
    }

    private mutating func expect(symbol: String) throws(SQLError) {
        guard check(symbol: symbol) else { throw unexpected("'\(symbol)'") }
        try advance()
    }

    private mutating func expect(_ keyword: String) throws(SQLError) {
        guard try accept(keyword) else { throw unexpected(keyword) }
    }

    func unexpected(_ expected: String) -> SQLError {
        let rest = String(decoding: lexer.source[current.offset...].prefix(60), as: UTF8.self)
        return .syntax(position: current.offset, near: current.kind == .end ? "end of query" : rest, expected: expected)
    }

    private mutating func identifier() throws(SQLError) -> String {
        switch current.kind {
        case .word(let w), .quotedIdentifier(let w):
            try advance()
            return w
        default:
            throw unexpected("identifier")
        }
    }

    private mutating func qualifiedName() throws(SQLError) -> QualifiedName {
        let first = try identifier()
        if try accept(symbol: ".") { return QualifiedName(database: first, name: try identifier()) }
        return QualifiedName(database: nil, name: first)
    }

    private mutating func ifNotExists() throws(SQLError) -> Bool {
        guard try accept("IF") else { return false }
        try expect("NOT")
        try expect("EXISTS")
        return true
    }

    private mutating func ifExists() throws(SQLError) -> Bool {
        guard try accept("IF") else { return false }
        try expect("EXISTS")
        return true
    }

    // MARK: - Statements

    private mutating func statement() throws(SQLError) -> Statement {
        if check("SELECT") || check("WITH") {
            let query = try selectQuery()
            return .select(query, format: try outputFormat())
        }
        if try accept("INSERT") { return try insert() }
        if try accept("CREATE") { return try create() }
        if try accept("DROP") {
            if try accept("DATABASE") {
                let exists = try ifExists()
                return .dropDatabase(try identifier(), ifExists: exists)
            }
            if try accept("TEMPORARY") { try expect("TABLE") } else if !(try accept("TABLE")) { try expect("VIEW") }
            let exists = try ifExists()
            return .dropTable(try qualifiedName(), ifExists: exists)
        }
        if try accept("SYSTEM") {
            if try accept("FLUSH") {
                try expect("LOGS")
                return .systemFlushLogs
            }
            let stop = try accept("STOP")
            if !stop { try expect("START") }
            try expect("MERGES")
            return .systemMerges(current.kind == .end || check(symbol: ";") ? nil : try qualifiedName(), stop: stop)
        }
        if try accept("RENAME") {
            _ = try accept("TABLE")
            let exists = try ifExists()
            var sources = [QualifiedName](), targets = [QualifiedName]()
            repeat {
                sources.append(try qualifiedName())
                try expect("TO")
                targets.append(try qualifiedName())
            } while try accept(symbol: ",")
            return .renameTable(sources, to: targets, ifExists: exists)
        }
        if try accept("EXCHANGE") {
            try expect("TABLES")
            let first = try qualifiedName()
            try expect("AND")
            return .exchangeTables(first, try qualifiedName())
        }
        if try accept("DETACH") {
            if !(try accept("TABLE")) { try expect("VIEW") }
            let exists = try ifExists()
            let name = try qualifiedName()
            if check("PERMANENTLY") { throw .notImplemented("DETACH TABLE … PERMANENTLY (a detached table is attached again when the store opens)") }
            _ = try accept("SYNC")
            return .detachTable(name, ifExists: exists)
        }
        if try accept("ATTACH") {
            if !(try accept("TABLE")) { try expect("VIEW") }
            var notExists = false
            if try accept("IF") {
                try expect("NOT")
                try expect("EXISTS")
                notExists = true
            }
            return .attachTable(try qualifiedName(), ifNotExists: notExists)
        }
        if try accept("USE") { return .use(try identifier()) }
        if try accept("DELETE") {
            // The lightweight DELETE: here the same as ALTER TABLE … DELETE.
            try expect("FROM")
            let name = try qualifiedName()
            try expect("WHERE")
            let condition = try expression()
            try querySettings()
            return .mutate(name, .delete(where: condition))
        }
        if try accept("TRUNCATE") {
            _ = try accept("TABLE")
            let exists = try ifExists()
            return .truncate(try qualifiedName(), ifExists: exists)
        }
        if try accept("CHECK") {
            try expect("TABLE")
            let table = try qualifiedName()
            try querySettings()
            return try withFormat(.checkTable(table))
        }
        if try accept("ALTER") {
            try expect("TABLE")
            let name = try qualifiedName()
            for command in [PartitionCommand.drop, .detach, .attach] where check(command.rawValue) {
                var probe = self
                try probe.advance()
                guard probe.check("PARTITION") || probe.check("PART") else { continue }
                self = probe
                return .partitionCommand(name, command, try partitionSpec())
            }
            if try accept("DELETE") {
                try expect("WHERE")
                let condition = try expression()
                try querySettings()
                return .mutate(name, .delete(where: condition))
            }
            if try accept("UPDATE") {
                var assignments = [ColumnAssignment]()
                repeat {
                    let column = try identifier()
                    try expect(symbol: "=")
                    assignments.append(ColumnAssignment(column: column, value: try expression()))
                } while try accept(symbol: ",")
                try expect("WHERE")
                let condition = try expression()
                try querySettings()
                return .mutate(name, .update(assignments, where: condition))
            }
            var alterations = [ColumnAlteration]()
            repeat { alterations.append(try columnAlteration()) } while try accept(symbol: ",")
            try querySettings()
            return .alterColumns(name, alterations)
        }
        if try accept("SHOW") { return try withFormat(try show()) }
        if check("DESCRIBE") || check("DESC") {
            try advance()
            _ = try accept("TABLE")
            return try withFormat(.describe(try qualifiedName()))
        }
        if try accept("EXISTS") {
            _ = try accept("TEMPORARY")
            let isDatabase = try accept("DATABASE")
            if !isDatabase, !(try accept("TABLE")), !(try accept("VIEW")) { _ = try accept("DICTIONARY") }
            let name = isDatabase ? QualifiedName(database: nil, name: try identifier()) : try qualifiedName()
            return try withFormat(.exists(name, database: isDatabase))
        }
        if try accept("SET") { return .set(try settingAssignments()) }
        if try accept("OPTIMIZE") {
            try expect("TABLE")
            let name = try qualifiedName()
            var partition: ASTExpression?
            if try accept("PARTITION") { partition = try expression() }
            let final = try accept("FINAL")
            var deduplicate: OptimizeDeduplication?
            if try accept("DEDUPLICATE") {
                deduplicate = .allColumns
                if try accept("BY") {
                    if try accept(symbol: "*") {
                        if try accept("EXCEPT") {
                            let parenthesized = try accept(symbol: "(")
                            var names = [try identifier()]
                            while parenthesized, try accept(symbol: ",") { names.append(try identifier()) }
                            if parenthesized { try expect(symbol: ")") }
                            deduplicate = .allColumnsExcept(names)
                        }
                    } else {
                        var names = [try identifier()]
                        while try accept(symbol: ",") { names.append(try identifier()) }
                        deduplicate = .columns(names)
                    }
                }
            }
            return .optimize(name, partition: partition, final: final, deduplicate: deduplicate)
        }
        throw unexpected("one of SELECT, INSERT, CREATE, DROP, USE, SET, SHOW, DESCRIBE, EXISTS, OPTIMIZE, ALTER, CHECK")
    }

    private mutating func create() throws(SQLError) -> Statement {
        if try accept("DATABASE") {
            let exists = try ifNotExists()
            return .createDatabase(try identifier(), ifNotExists: exists)
        }
        let temporary = try accept("TEMPORARY")
        if temporary { try expect("TABLE") }
        let isTable = temporary ? true : try accept("TABLE")
        if isTable {
            let table = try createTable(temporary: temporary)
            return temporary ? .temporary(table) : table
        }
        if try accept("VIEW") {
            let exists = try ifNotExists()
            let name = try qualifiedName()
            try expect("AS")
            let start = current.offset
            let query = try selectQuery()
            return .createView(name, query: query, selectText: text(since: start), ifNotExists: exists)
        }
        try expect("MATERIALIZED")
        try expect("VIEW")
        let exists = try ifNotExists()
        let name = try qualifiedName()
        var target: QualifiedName?
        if try accept("TO") { target = try qualifiedName() }
        var columns: [ColumnSpec]?
        if try accept(symbol: "(") {
            var specs = [ColumnSpec]()
            repeat { specs.append(try columnSpec()) } while try accept(symbol: ",")
            try expect(symbol: ")")
            columns = specs
        }
        var engine: EngineClause?
        if check("ENGINE") { engine = try engineClause() }
        let populate = try accept("POPULATE")
        try expect("AS")
        let start = current.offset
        let select = try selectStatement()
        return .createMaterializedView(name, to: target, columns: columns, engine: engine, populate: populate, select: select,
                                       selectText: text(since: start), ifNotExists: exists)
    }

    /// What follows `CREATE [TEMPORARY] TABLE`: a temporary table's engine may be left out
    /// (`Memory`, as ClickHouse's default for them).
    private mutating func createTable(temporary: Bool) throws(SQLError) -> Statement {
        let exists = try ifNotExists()
        let name = try qualifiedName()
        // `CREATE TABLE t AS other [ENGINE = …]`: other's columns (and engine, if none given).
        if try accept("AS") {
            // `CREATE [TEMPORARY] TABLE t AS SELECT …`: ClickHouse's default engine, MergeTree
            // without a key (a temporary table's, Memory).
            if check("SELECT") || check("WITH") {
                return .createTableAsSelect(name, columns: nil, engine: .plain(temporary ? "Memory" : "MergeTree"), query: try selectQuery(),
                                            ifNotExists: exists)
            }
            let start = current.offset
            let other = try qualifiedName()
            // `CREATE TABLE t AS numbers(10)`: a table that reads the table function, here
            // a view of `SELECT * FROM` it.
            if check(symbol: "(") {
                var depth = 0
                repeat {
                    if check(symbol: "(") { depth += 1 } else if check(symbol: ")") { depth -= 1 }
                    try advance()
                } while depth > 0 && current.kind != .end
                let selectText = "SELECT * FROM " + text(since: start)
                guard case .select(let query, nil) = try Parser.parseSingle(selectText) else { throw unexpected("a table function") }
                return .createView(name, query: query, selectText: selectText, ifNotExists: exists)
            }
            return .createTableLike(name, other: other, engine: check("ENGINE") ? try engineClause() : nil, ifNotExists: exists)
        }
        var columns: [ColumnSpec]?
        if try accept(symbol: "(") {
            var specs = [ColumnSpec]()
            repeat {
                if try !skippedIndexOrProjection() { specs.append(try columnSpec()) }
            } while try accept(symbol: ",")
            try expect(symbol: ")")
            columns = specs
        }
        let engine = temporary && !check("ENGINE") ? .plain("Memory") : try engineClause()
        // `… AS SELECT …`: a table of the query's columns (unless listed), holding its rows.
        if try accept("AS") {
            let query = try selectQuery()
            return .createTableAsSelect(name, columns: columns, engine: engine, query: query, ifNotExists: exists)
        }
        guard let columns else { throw unexpected("'(' and the table's columns") }
        return .createTable(name, columns: columns, engine: engine, ifNotExists: exists)
    }

    /// `PARTITION expr`, `PARTITION ID 'id'`, `PARTITION ALL` or `PART 'name'`.
    private mutating func partitionSpec() throws(SQLError) -> PartitionSpec {
        if try accept("PART") { return .part(try stringLiteral()) }
        try expect("PARTITION")
        if try accept("ALL") { return .all }
        if check("ID"), case .string? = try { () throws(SQLError) -> ASTExpression? in var probe = self; try probe.advance(); return try? probe.primary() }() {
            try advance()
            return .id(try stringLiteral())
        }
        return .value(try expression())
    }

    /// A quoted string: a part's or partition's name.
    private mutating func stringLiteral() throws(SQLError) -> String {
        guard case .string(let text) = try primary() else { throw unexpected("a string literal") }
        return text
    }

    /// `ADD COLUMN [IF NOT EXISTS] name Type [FIRST | AFTER column]` or `DROP COLUMN [IF EXISTS] name`.
    private mutating func columnAlteration() throws(SQLError) -> ColumnAlteration {
        if try accept("ADD") {
            try expect("COLUMN")
            let ifNotExists = try ifNotExists()
            let spec = try columnSpec()
            var position = ColumnAlteration.Position.last
            if try accept("FIRST") { position = .first } else if try accept("AFTER") { position = .after(try columnName()) }
            return .add(spec, ifNotExists: ifNotExists, position: position)
        }
        if try accept("DROP") {
            try expect("COLUMN")
            let ifExists = try ifExists()
            return .drop(try columnName(), ifExists: ifExists)
        }
        if try accept("MODIFY") {
            try expect("COLUMN")
            let ifExists = try ifExists()
            return .modify(try columnSpec(commentAlone: true), ifExists: ifExists)
        }
        if try accept("COMMENT") {
            try expect("COLUMN")
            let ifExists = try ifExists()
            let name = try columnName()
            return .comment(name, text: try stringLiteral("the comment's string"), ifExists: ifExists)
        }
        if check("RENAME") || check("CLEAR") {
            throw .notImplemented("ALTER TABLE … \(current.text): only ADD, DROP and MODIFY COLUMN, DROP PARTITION, DELETE and UPDATE")
        }
        throw unexpected("ADD COLUMN, DROP COLUMN or DROP PARTITION")
    }

    /// `name [Type] [DEFAULT | MATERIALIZED | ALIAS expr] [CODEC(…)]`: the type may be left out
    /// when an expression gives it. `EPHEMERAL` columns are refused plainly.
    /// - Parameter commentAlone: whether a comment may stand without a type or an expression
    ///   (`MODIFY COLUMN c COMMENT 'text'`).
    private mutating func columnSpec(commentAlone: Bool = false) throws(SQLError) -> ColumnSpec {
        let name = try columnName()
        let kinds: [ColumnDefault.Kind] = [.default, .materialized, .alias]
        var type: String?
        if !kinds.contains(where: { check($0.rawValue) }) && !check("CODEC") && !check("EPHEMERAL") && !(commentAlone && check("COMMENT")) {
            type = try typeName()
        }
        if check("EPHEMERAL") { throw .notImplemented("EPHEMERAL columns") }
        var defaultValue: (ColumnDefault.Kind, ASTExpression)?
        for kind in kinds where try accept(kind.rawValue) {
            defaultValue = (kind, try expression())
            break
        }
        // ClickHouse prints COMMENT before CODEC, and takes either order.
        var comment: String?
        if try accept("COMMENT") { comment = try stringLiteral("the comment's string") }
        let codecs = try codecClause()
        if comment == nil, try accept("COMMENT") { comment = try stringLiteral("the comment's string") }
        if type == nil && defaultValue == nil && !(commentAlone && comment != nil) { throw unexpected("the column's type") }
        return ColumnSpec(name: name, type: type, defaultValue: defaultValue.map { ColumnSpec.Default(kind: $0.0, expression: $0.1) },
                          codecs: codecs, comment: comment)
    }

    /// A column's name: an identifier, or a Nested column's array (`n.x`, its parts joined by dots).
    private mutating func columnName() throws(SQLError) -> String {
        var name = try identifier()
        while try accept(symbol: ".") { name += "." + (try identifier()) }
        return name
    }

    private mutating func stringLiteral(_ expected: String) throws(SQLError) -> String {
        guard case .string(let text) = current.kind else { throw unexpected(expected) }
        try advance()
        return text
    }

    /// `INDEX name expr TYPE kind[(…)] [GRANULARITY n]` or `PROJECTION name (SELECT …)` in a
    /// column list, read and dropped: data-skipping indexes and projections make reads faster
    /// in ClickHouse and change no answer. (A column may be named `index`: it is one only when
    /// `TYPE` follows the name and expression.)
    private mutating func skippedIndexOrProjection() throws(SQLError) -> Bool {
        guard check("INDEX") || check("PROJECTION") else { return false }
        let isProjection = check("PROJECTION")
        let (savedPosition, savedCurrent) = (position, current)
        var depth = 0
        var sawType = false
        var tokens = 0
        while current.kind != .end {
            if depth == 0 && (check(symbol: ",") || check(symbol: ")")) { break }
            if check(symbol: "(") { depth += 1 }
            if check(symbol: ")") { depth -= 1 }
            if depth == 0 && check("TYPE") { sawType = true }
            tokens += 1
            try advance()
        }
        guard isProjection ? tokens >= 3 : sawType else {
            (position, current) = (savedPosition, savedCurrent)
            return false
        }
        return true
    }

    /// An optional `CODEC(family[(n, …)], …)` after a column's type.
    private mutating func codecClause() throws(SQLError) -> [CodecCall] {
        guard try accept("CODEC") else { return [] }
        try expect(symbol: "(")
        var codecs = [CodecCall]()
        repeat {
            let family = try identifier()
            var arguments = [Int]()
            if try accept(symbol: "(") {
                repeat {
                    let negative = try accept(symbol: "-")
                    guard case .integer(let value) = current.kind, let magnitude = Int(exactly: value) else { throw unexpected("codec parameter") }
                    try advance()
                    arguments.append(negative ? -magnitude : magnitude)
                } while try accept(symbol: ",")
                try expect(symbol: ")")
            }
            codecs.append(CodecCall(family: family, arguments: arguments))
        } while try accept(symbol: ",")
        try expect(symbol: ")")
        return codecs
    }

    /// A type name, as its source text (`AggregateFunction(quantile(0.95), Float32)`).
    private mutating func typeName() throws(SQLError) -> String {
        let start = current.offset
        _ = try identifier()
        // SQL's names of several words: `BIGINT UNSIGNED`, `DOUBLE PRECISION`, `CHAR VARYING`,
        // `NATIONAL CHARACTER LARGE OBJECT`.
        while Self.typeNameWords.contains(where: { check($0) }) { try advance() }
        if check(symbol: "(") {
            var depth = 0
            repeat {
                if check(symbol: "(") { depth += 1 }
                if check(symbol: ")") { depth -= 1 }
                if current.kind == .end { throw unexpected("')'") }
                try advance()
            } while depth > 0
        }
        return Self.collapsingBlanks(text(since: start))
    }

    /// A type as written over several lines (`Nested(\n  k UInt16,\n  v UInt64)`) on one:
    /// each run of blanks outside quotes one space, none after `(` or before `)` and `,`.
    private static func collapsingBlanks(_ text: String) -> String {
        var result = "", quote: Character?, pendingBlank = false
        for character in text {
            if let open = quote {
                result.append(character)
                if character == open { quote = nil }
                continue
            }
            if character.isWhitespace { pendingBlank = true; continue }
            if pendingBlank, !result.isEmpty, result.last != "(", character != ")", character != "," { result.append(" ") }
            pendingBlank = false
            if character == "'" || character == "`" || character == "\"" { quote = character }
            result.append(character)
        }
        return result
    }

    /// Words that continue a type's name.
    private static let typeNameWords = ["UNSIGNED", "SIGNED", "PRECISION", "VARYING", "CHAR", "CHARACTER", "LARGE", "OBJECT"]

    /// The source text from `start` to the current token, trailing blanks dropped.
    private func text(since start: Int) -> String {
        let end = current.kind == .end ? lexer.source.count : current.offset
        var text = String(decoding: lexer.source[start..<end], as: UTF8.self)
        while text.last?.isWhitespace == true { text.removeLast() }
        return text
    }

    private mutating func engineClause() throws(SQLError) -> EngineClause {
        try expect("ENGINE")
        _ = try accept(symbol: "=")
        let engine = try identifier()
        var arguments = [ASTExpression]()
        var argumentsText: String?
        if try accept(symbol: "(") {
            let start = current.offset
            if !check(symbol: ")") { arguments = try expressionList() }
            argumentsText = Self.collapsingBlanks(text(since: start)).replacingOccurrences(of: ",", with: ", ").replacingOccurrences(of: ",  ", with: ", ")
            try expect(symbol: ")")
        }
        var clause = EngineClause(engine: engine, engineArguments: arguments, partitionBy: nil, orderBy: [], ttl: nil, settings: [:])
        clause.argumentsText = argumentsText
        while true {
            if try accept("PARTITION") {
                try expect("BY")
                clause.partitionBy = try expression()
            } else if try accept("ORDER") {
                try expect("BY")
                let key = try expression()
                if case .function(name: "tuple", parameters: nil, let items) = key { clause.orderBy = items } else { clause.orderBy = [key] }
            } else if try accept("PRIMARY") {
                try expect("KEY")
                _ = try expression()
            } else if try accept("SAMPLE") {
                // Sampling (`SELECT … SAMPLE 0.1`) is not supported; the clause changes nothing else.
                try expect("BY")
                clause.sampleBy = try expression()
            } else if try accept("TTL") {
                clause.ttl = try expression()
            } else if try accept("SETTINGS") {
                repeat {
                    let name = try identifier()
                    try expect(symbol: "=")
                    clause.settings[name] = try expression()
                } while try accept(symbol: ",")
            } else {
                return clause
            }
        }
    }

    private mutating func insert() throws(SQLError) -> Statement {
        try expect("INTO")
        _ = try accept("TABLE")
        let name = try qualifiedName()
        var columns: [String]?
        if try accept(symbol: "(") {
            var names = [String]()
            repeat { names.append(try identifier()) } while try accept(symbol: ",")
            try expect(symbol: ")")
            columns = names
        }
        let settings = try querySettings()
        if check("SELECT") || check("WITH") {
            // The trailing SETTINGS are the INSERT's (its SELECT reads with the session's).
            var query = try selectQuery()
            let trailing = query.settings
            query.settings = Settings()
            return .insertSelect(name, columns: columns, settings: settings.merging(trailing), query: query)
        }
        if check("VALUES") {
            // The rows run to the end of the statement: the Values reader parses them.
            let start = current.offset + 6
            if stopsAtInsertData {
                insertDataOffset = start
                return .insert(name, columns: columns, settings: settings, format: .values, inlineData: nil)
            }
            var depth = 0
            try advance()
            while current.kind != .end && !(depth == 0 && check(symbol: ";")) {
                if check(symbol: "(") { depth += 1 }
                if check(symbol: ")") { depth -= 1 }
                try advance()
            }
            let end = current.offset
            let rows = String(decoding: lexer.source[min(start, end)..<end], as: UTF8.self)
            return .insert(name, columns: columns, settings: settings, format: .values, inlineData: rows.allSatisfy(\.isWhitespace) ? nil : rows)
        }
        try expect("FORMAT")
        let formatOffset = current.offset
        // The format name is the last token read: what follows it is data (binary, for
        // Native or RowBinary), never SQL to tokenize.
        guard case .word(let formatName) = current.kind else { throw unexpected("identifier") }
        guard let format = FormatName(name: formatName) else { throw .unknownFormat(formatName) }
        // Data after the format name (up to the end of the text) is inline input; otherwise the
        // caller supplies it (stdin).
        var dataStart = formatOffset + formatName.utf8.count
        while dataStart < lexer.source.count, lexer.source[dataStart] == 0x20 || lexer.source[dataStart] == 0x09 { dataStart += 1 }
        if inScript, dataStart < lexer.source.count, lexer.source[dataStart] != 0x0A, lexer.source[dataStart] != 0x0D {
            // In a script, data on the format's own line ends with that line and the script goes
            // on after it, as clickhouse-client reads a file of queries.
            var lineEnd = dataStart
            while lineEnd < lexer.source.count, lexer.source[lineEnd] != 0x0A { lineEnd += 1 }
            var line = String(decoding: lexer.source[dataStart..<lineEnd], as: UTF8.self)
            while line.last?.isWhitespace == true { line.removeLast() }
            if line.hasSuffix(";") { line.removeLast() }
            // The statement ends with the line, as if a `;` stood there.
            position = lineEnd
            current = Token(kind: .symbol(";"), offset: lineEnd)
            return .insert(name, columns: columns, settings: settings, format: format, inlineData: line)
        }
        if dataStart < lexer.source.count, lexer.source[dataStart] == 0x0A || lexer.source[dataStart] == 0x0D {
            dataStart += lexer.source[dataStart] == 0x0D && dataStart + 1 < lexer.source.count && lexer.source[dataStart + 1] == 0x0A ? 2 : 1
        }
        if stopsAtInsertData {
            insertDataOffset = dataStart
            return .insert(name, columns: columns, settings: settings, format: format, inlineData: nil)
        }
        let rest = String(decoding: lexer.source[dataStart...], as: UTF8.self)
        position = lexer.source.count
        current = Token(kind: .end, offset: lexer.source.count)
        return .insert(name, columns: columns, settings: settings, format: format, inlineData: rest.allSatisfy(\.isWhitespace) ? nil : rest)
    }

    /// Parses `(v, …), (v, …)` rows of a VALUES clause.
    mutating func valuesRows(_ row: ([ASTExpression]) -> Void) throws(SQLError) {
        while current.kind != .end && !check(symbol: ";") {
            try expect(symbol: "(")
            row(check(symbol: ")") ? [] : try expressionList())
            try expect(symbol: ")")
            _ = try accept(symbol: ",")
        }
    }

    // MARK: - SELECT

    /// `SELECT … [UNION ALL|DISTINCT SELECT …]`, from its first keyword (`SELECT` or `WITH`).
    private mutating func selectQuery() throws(SQLError) -> SelectQuery {
        var query = SelectQuery(branches: [try selectStatement()])
        var sawAll = false
        while try accept("UNION") {
            if try accept("DISTINCT") { query.distinct = true } else if try accept("ALL") { sawAll = true } else {
                throw .badValue(.expectedAllOrDistinct, message: "Expected ALL or DISTINCT after UNION. Write `UNION ALL` to keep duplicate rows or `UNION DISTINCT` to remove them, or set `union_default_mode` to choose what a bare UNION means")
            }
            if query.distinct && sawAll { throw .notImplemented("UNION ALL and UNION DISTINCT in one query") }
            query.branches.append(try selectStatement())
        }
        // A subquery's own SETTINGS apply to it (`FROM (SELECT … SETTINGS …)`).
        query.settings = try querySettings()
        return query
    }

    /// One `[WITH …] SELECT …` up to its LIMIT.
    private mutating func selectStatement() throws(SQLError) -> SelectStatement {
        let outerAliases = innerAliases
        innerAliases = []
        defer { innerAliases = outerAliases }
        var select = try selectClauses()
        select.withAliases += innerAliases
        return select
    }

    private mutating func selectClauses() throws(SQLError) -> SelectStatement {
        var select = SelectStatement(items: [])
        if try accept("WITH") {
            repeat { try withItem(into: &select) } while try accept(symbol: ",")
        }
        try expect("SELECT")
        select.distinct = try accept("DISTINCT")
        if !select.distinct { _ = try accept("ALL") }
        repeat {
            let expression = try expression()
            select.items.append(SelectColumn(expression: expression, alias: try alias()))
        } while try accept(symbol: ",")
        if try accept("FROM") { select.from = try tableExpression() }
        // `[LEFT] ARRAY JOIN arrays [AS alias], …`: each row repeated for each element.
        if arrayJoinFollows {
            let left = try accept("LEFT")
            try expect("ARRAY")
            try expect("JOIN")
            var columns = [SelectColumn]()
            repeat {
                let expression = try expression()
                columns.append(SelectColumn(expression: expression, alias: try alias()))
            } while try accept(symbol: ",")
            select.arrayJoin = ArrayJoinClause(columns: columns, left: left)
        }
        // PREWHERE is a WHERE read first; the scan already reads the range columns first.
        if try accept("PREWHERE") { select.whereClause = try expression() }
        if try accept("WHERE") {
            let condition = try expression()
            select.whereClause = select.whereClause.map { .function(name: "and", parameters: nil, arguments: [$0, condition]) } ?? condition
        }
        if try accept("GROUP") {
            try expect("BY")
            select.groupBy = try expressionList()
            if select.groupBy.count == 1, case .function(let name, nil, let keys) = select.groupBy[0], ["ROLLUP", "CUBE"].contains(name.uppercased()) {
                (select.groupBy, select.grouping) = (keys, name.uppercased() == "ROLLUP" ? .rollup : .cube)
            }
        }
        while check("WITH") {
            try advance()
            if try accept("TOTALS") {
                select.withTotals = true
            } else if try accept("ROLLUP") {
                select.grouping = .rollup
            } else if try accept("CUBE") {
                select.grouping = .cube
            } else {
                throw unexpected("TOTALS, ROLLUP or CUBE")
            }
        }
        if try accept("HAVING") { select.having = try expression() }
        if try accept("WINDOW") {
            repeat {
                let name = try identifier()
                try expect("AS")
                select.windows[name] = try windowSpecification(WindowCall(name: "", arguments: [], partitionBy: [], orderBy: []))
            } while try accept(symbol: ",")
        }
        if try accept("ORDER") {
            try expect("BY")
            select.orderBy = try orderItems()
        }
        if try accept("LIMIT") {
            // `LIMIT n`, `LIMIT offset, n`, `LIMIT n OFFSET offset`, each optionally `BY keys`
            // (then another LIMIT may follow).
            var (limit, offset) = (try count(), 0)
            if try accept(symbol: ",") {
                (offset, limit) = (limit, try count())
            } else if try accept("OFFSET") {
                offset = try count()
            }
            if try accept("BY") {
                select.limitBy = LimitBy(count: limit, offset: offset, keys: try expressionList())
                if try accept("LIMIT") {
                    select.limit = try count()
                    if try accept(symbol: ",") {
                        select.offset = select.limit!
                        select.limit = try count()
                    } else if try accept("OFFSET") {
                        select.offset = try count()
                    }
                }
            } else {
                (select.limit, select.offset) = (limit, offset)
            }
        } else if try accept("OFFSET") {
            select.offset = try count()
            if !(try accept("ROWS")) { _ = try accept("ROW") }
        }
        return select
    }

    /// A non-negative integer literal of LIMIT or OFFSET.
    private mutating func count() throws(SQLError) -> Int {
        guard case .integer(let n) = current.kind else { throw unexpected("a number") }
        try advance()
        return Int(clamping: n)
    }

    /// `AS name`, or a bare name that is not the next clause's keyword.
    private mutating func alias() throws(SQLError) -> String? {
        if try accept("AS") { return try identifier() }
        switch current.kind {
        case .word(let w) where !Self.clauseKeywords.contains(where: { keyword in Self.sameWord(w, keyword) }): return try identifier()
        case .quotedIdentifier: return try identifier()
        default: return nil
        }
    }

    /// `name AS (SELECT …)` (a common table) or `expression AS name` of a WITH clause.
    private mutating func withItem(into select: inout SelectStatement) throws(SQLError) {
        if case .word = current.kind {
            var probe = self
            let name = try probe.identifier()
            if try probe.accept("AS"), try probe.accept(symbol: "("), probe.check("SELECT") || probe.check("WITH") {
                self = probe
                select.commonTables[name] = try selectQuery()
                try expect(symbol: ")")
                return
            }
        }
        let expression = try expression()
        try expect("AS")
        select.withAliases.append(SelectColumn(expression: expression, alias: try identifier()))
    }

    /// What follows FROM: table expressions (`[db.]t [FINAL]`, `(SELECT …)`, a table function,
    /// each with an optional alias), joined by JOINs or commas.
    private mutating func tableExpression() throws(SQLError) -> TableExpression {
        var joined = try tableSource()
        while true {
            if try accept(symbol: ",") {
                joined = .join(JoinClause(left: joined, right: try tableSource(), kind: .cross, any: false, constraint: .none))
                continue
            }
            if arrayJoinFollows { return joined }
            guard let (kind, any) = try joinKeywords() else { return joined }
            let right = try tableSource()
            var constraint = JoinClause.Constraint.none
            if kind != .cross {
                if try accept("ON") {
                    constraint = .on(try expression())
                } else {
                    try expect("USING")
                    let parenthesized = try accept(symbol: "(")
                    var names = [try identifier()]
                    while try accept(symbol: ",") { names.append(try identifier()) }
                    if parenthesized { try expect(symbol: ")") }
                    constraint = .using(names)
                }
            }
            joined = .join(JoinClause(left: joined, right: right, kind: kind, any: any, constraint: constraint))
        }
    }

    /// `[GLOBAL] [ANY|ALL] [INNER|LEFT [OUTER]|CROSS] JOIN`, or `nil` when no JOIN follows.
    private mutating func joinKeywords() throws(SQLError) -> (JoinClause.Kind, any: Bool)? {
        let words = ["GLOBAL", "ANY", "ALL", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "OUTER", "SEMI", "ANTI", "ASOF", "JOIN"]
        guard words.contains(where: { check($0) }) else { return nil }
        var seen = Set<String>()
        while case .word(let word) = current.kind, words.contains(word.uppercased()), word.uppercased() != "JOIN" {
            seen.insert(word.uppercased())
            try advance()
        }
        try expect("JOIN")
        for unsupported in ["SEMI", "ANTI", "ASOF"] where seen.contains(unsupported) {
            throw .notImplemented("\(unsupported) JOIN (INNER, LEFT, RIGHT, FULL and CROSS joins are)")
        }
        if seen.contains("ANY") && (seen.contains("RIGHT") || seen.contains("FULL")) {
            throw .notImplemented("ANY RIGHT and ANY FULL JOIN (ALL are)")
        }
        let kind: JoinClause.Kind = seen.contains("CROSS") ? .cross : seen.contains("LEFT") ? .left
            : seen.contains("RIGHT") ? .right : seen.contains("FULL") ? .full : .inner
        return (kind, seen.contains("ANY"))
    }

    /// One table expression of FROM, with its alias.
    private mutating func tableSource() throws(SQLError) -> TableExpression {
        let source: TableExpression
        if try accept(symbol: "(") {
            source = .subquery(try selectQuery())
            try expect(symbol: ")")
        } else {
            let name = try qualifiedName()
            if name.database == nil, try accept(symbol: "(") {
                let arguments = check(symbol: ")") ? [] : try expressionList()
                try expect(symbol: ")")
                source = .function(name: name.name, arguments: arguments)
            } else {
                let alias = try alias()
                let table = TableExpression.table(name, final: try accept("FINAL"))
                return alias.map { .aliased(table, $0) } ?? table
            }
        }
        return try alias().map { .aliased(source, $0) } ?? source
    }

    /// `expr [ASC|DESC], …` of an ORDER BY.
    private mutating func orderItems() throws(SQLError) -> [OrderItem] {
        var items = [OrderItem]()
        repeat {
            let expression = try expression()
            var descending = false
            if check("DESC") || check("DESCENDING") {
                descending = true
                try advance()
            } else if check("ASC") || check("ASCENDING") {
                try advance()
            }
            var nullsFirst = false
            if try accept("NULLS") {
                nullsFirst = try accept("FIRST")
                if !nullsFirst { try expect("LAST") }
            }
            items.append(OrderItem(expression: expression, descending: descending, nullsFirst: nullsFirst))
        } while try accept(symbol: ",")
        return items
    }

    /// `OVER (PARTITION BY … ORDER BY … [ROWS|RANGE frame])` or `OVER w` after `name(arguments)`.
    private mutating func windowCall(_ name: String, _ arguments: [ASTExpression]) throws(SQLError) -> WindowCall {
        let call = WindowCall(name: name, arguments: arguments, partitionBy: [], orderBy: [])
        guard check(symbol: "(") else {
            var named = call
            named.windowName = try identifier()
            return named
        }
        return try windowSpecification(call)
    }

    /// `(PARTITION BY … ORDER BY … [ROWS|RANGE frame])`, into `call`.
    private mutating func windowSpecification(_ call: WindowCall) throws(SQLError) -> WindowCall {
        var call = call
        try expect(symbol: "(")
        if try accept("PARTITION") {
            try expect("BY")
            call.partitionBy = try expressionList()
        }
        if try accept("ORDER") {
            try expect("BY")
            call.orderBy = try orderItems()
        }
        if check("ROWS") || check("RANGE") {
            let rows = check("ROWS")
            try advance()
            if try accept("BETWEEN") {
                let start = try frameBound()
                try expect("AND")
                call.frame = WindowFrame(rows: rows, start: start, end: try frameBound())
            } else {
                call.frame = WindowFrame(rows: rows, start: try frameBound(), end: .currentRow)
            }
        }
        try expect(symbol: ")")
        return call
    }

    /// `UNBOUNDED PRECEDING`, `n PRECEDING`, `CURRENT ROW`, `n FOLLOWING`, `UNBOUNDED FOLLOWING`.
    private mutating func frameBound() throws(SQLError) -> WindowFrame.Bound {
        if try accept("CURRENT") {
            try expect("ROW")
            return .currentRow
        }
        if try accept("UNBOUNDED") {
            if try accept("PRECEDING") { return .unboundedPreceding }
            try expect("FOLLOWING")
            return .unboundedFollowing
        }
        let offset = try count()
        if try accept("PRECEDING") { return .preceding(UInt64(offset)) }
        try expect("FOLLOWING")
        return .following(UInt64(offset))
    }

    /// `SETTINGS name = value, …` of a statement, checked (an unknown name is code 115): an
    /// INSERT's and a SELECT's apply to the statement, over the session's.
    @discardableResult
    private mutating func querySettings() throws(SQLError) -> Settings {
        var settings = Settings()
        guard try accept("SETTINGS") else { return settings }
        for assignment in try settingAssignments() { try settings.set(assignment.name, assignment.value) }
        return settings
    }

    /// `name = value, …` (after `SET` or `SETTINGS`); a value is a literal.
    private mutating func settingAssignments() throws(SQLError) -> [SettingAssignment] {
        var assignments = [SettingAssignment]()
        repeat {
            let name = try identifier()
            try expect(symbol: "=")
            let value: String
            switch try expression() {
            case .integer(let v): value = String(v)
            case .negativeInteger(let v): value = String(v)
            case .float(let v): value = String(v)
            case .string(let v): value = v
            case .identifier(let parts) where parts.count == 1: value = parts[0]  // `SET x = true`
            default: throw unexpected("a literal")
            }
            assignments.append(SettingAssignment(name: name, value: value))
        } while try accept(symbol: ",")
        return assignments
    }

    /// `SHOW CREATE [TABLE] t`, `SHOW TABLES [FROM db]`, `SHOW DATABASES [LIKE 'p']` (after SHOW).
    private mutating func show() throws(SQLError) -> Statement {
        if try accept("CREATE") {
            _ = try accept("TABLE")
            return .showCreateTable(try qualifiedName())
        }
        if try accept("DATABASES") {
            guard try accept("LIKE") else { return .showDatabases(like: nil) }
            guard case .string(let pattern) = current.kind else { throw unexpected("string literal") }
            try advance()
            return .showDatabases(like: pattern)
        }
        try expect("TABLES")
        var database: String?
        if check("FROM") || check("IN") {
            try advance()
            database = try identifier()
        }
        guard try accept("LIKE") else { return .showTables(database: database, like: nil) }
        guard case .string(let pattern) = current.kind else { throw unexpected("string literal") }
        try advance()
        return .showTables(database: database, like: pattern)
    }

    /// A statement that answers rows, with the `FORMAT` clause it may end with.
    private mutating func withFormat(_ statement: Statement) throws(SQLError) -> Statement {
        guard let format = try outputFormat() else { return statement }
        return .formatted(statement, format: format)
    }

    private mutating func outputFormat() throws(SQLError) -> FormatName? {
        guard try accept("FORMAT") else { return nil }
        let name = try identifier()
        guard let known = FormatName(name: name) else { throw .unknownFormat(name) }
        return known
    }

    static let clauseKeywords: Set<String> = ["FROM", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "FORMAT", "SETTINGS", "FINAL",
                                              "UNION", "AS", "PREWHERE", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "ARRAY", "SAMPLE",
                                              "GLOBAL", "ANY", "ALL", "OUTER", "SEMI", "ANTI", "ASOF", "ON", "USING", "WITH", "WINDOW"]

    // MARK: - Expressions (lowest precedence first)

    mutating func expressionList() throws(SQLError) -> [ASTExpression] {
        var list = [try expression()]
        while try accept(symbol: ",") { list.append(try expression()) }
        return list
    }

    /// The items of a call, of parentheses or of an array literal, each of which may be given an
    /// alias (`intDiv(number, 3 AS d)`): the item stands as the alias's name, which the whole
    /// query may use (so ClickHouse names the column `intDiv(number, d)`).
    private mutating func itemList() throws(SQLError) -> [ASTExpression] {
        var list = [ASTExpression]()
        repeat {
            let item = try expression()
            guard try accept("AS") else {
                list.append(item)
                continue
            }
            let name = try identifier()
            innerAliases.append(SelectColumn(expression: item, alias: name))
            list.append(.identifier([name]))
        } while try accept(symbol: ",")
        return list
    }

    mutating func expression() throws(SQLError) -> ASTExpression {
        let condition = try orExpression()
        if check(symbol: "->") { return try lambda(parameters: condition) }
        guard try accept(symbol: "?") else { return condition }
        // `c ? a : b` is `if(c, a, b)`, right-associative as ClickHouse parses it.
        try enter(2)
        defer { depth -= 2 }
        let then = try expression()
        try expect(symbol: ":")
        return .function(name: "if", parameters: nil, arguments: [condition, then, try expression()])
    }

    /// `x -> body` or `(x, y) -> body`, after its parameters: ClickHouse's own form of a lambda,
    /// `lambda(tuple(x, y), body)` (also how it names the column).
    private mutating func lambda(parameters: ASTExpression) throws(SQLError) -> ASTExpression {
        let names: [ASTExpression] = if case .function("tuple", nil, let items) = parameters { items } else { [parameters] }
        guard names.allSatisfy({ if case .identifier(let parts) = $0 { parts.count == 1 } else { false } }) else {
            throw unexpected("lambda parameters (identifiers)")
        }
        try advance()
        try enter(2)
        defer { depth -= 2 }
        let body = try expression()
        return .function(name: "lambda", parameters: nil, arguments: [.function(name: "tuple", parameters: nil, arguments: names), body])
    }

    private mutating func orExpression() throws(SQLError) -> ASTExpression {
        var left = try andExpression()
        let entered = depth
        defer { depth = entered }
        while try accept("OR") {
            try enter(1)  // each term a level deeper in the (left-deep) tree
            left = .function(name: "or", parameters: nil, arguments: [left, try andExpression()])
        }
        return left
    }

    private mutating func andExpression() throws(SQLError) -> ASTExpression {
        var left = try notExpression()
        let entered = depth
        defer { depth = entered }
        while try accept("AND") {
            try enter(1)
            left = .function(name: "and", parameters: nil, arguments: [left, try notExpression()])
        }
        return left
    }

    private mutating func notExpression() throws(SQLError) -> ASTExpression {
        if try accept("NOT") {
            try enter(2)
            defer { depth -= 2 }
            return .function(name: "not", parameters: nil, arguments: [try notExpression()])
        }
        return try comparison()
    }

    /// Goes `cost` deeper into nested expressions; the caller comes back up with `defer`.
    private mutating func enter(_ cost: Int) throws(SQLError) {
        depth += cost
        guard depth <= Self.maxDepth else {
            throw .badValue(.tooDeepRecursion, message: "Maximum parse depth (\(Self.maxDepth)) exceeded. Consider rising max_parser_depth parameter.")
        }
    }

    private static let comparisonOperators = ["=": "equals", "==": "equals", "!=": "notEquals", "<>": "notEquals", "<": "less",
                                              ">": "greater", "<=": "lessOrEquals", ">=": "greaterOrEquals"]

    private mutating func comparison() throws(SQLError) -> ASTExpression {
        // The left side recurses in this small frame; what may follow it has its own.
        try comparison(of: try additive())
    }

    /// `left = right`, `left IS NULL`, `left [NOT] LIKE|IN|BETWEEN …`, or `left` alone.
    private mutating func comparison(of left: ASTExpression) throws(SQLError) -> ASTExpression {
        if case .symbol(let s) = current.kind, let name = Self.comparisonOperators[s] {
            try advance()
            return .function(name: name, parameters: nil, arguments: [left, try additive()])
        }
        // `x IS [NOT] NULL`.
        if try accept("IS") {
            let negated = try accept("NOT")
            try expect("NULL")
            return .function(name: negated ? "isNotNull" : "isNull", parameters: nil, arguments: [left])
        }
        let negated = try accept("NOT")
        if try accept("LIKE") {
            return .function(name: negated ? "notLike" : "like", parameters: nil, arguments: [left, try additive()])
        }
        if try accept("IN") {
            // `x IN table`: the table's rows, as `x IN (SELECT * FROM table)`.
            if !check(symbol: "(") && { if case .word = current.kind { true } else if case .quotedIdentifier = current.kind { true } else { false } }() {
                let table = try qualifiedName()
                var select = SelectStatement(items: [SelectColumn(expression: .star, alias: nil)])
                select.from = .table(table, final: false)
                subqueryCount += 1
                let set = ASTExpression.subquery(SelectQuery(branches: [select]), ordinal: subqueryCount)
                return .function(name: negated ? "notIn" : "in", parameters: nil, arguments: [left, set])
            }
            // `x IN 4`: one value.
            if !check(symbol: "(") {
                return .function(name: negated ? "notIn" : "in", parameters: nil, arguments: [left, .function(name: "tuple", parameters: nil, arguments: [try additive()])])
            }
            try expect(symbol: "(")
            try enter(2)
            defer { depth -= 2 }
            if check("SELECT") || check("WITH") {
                let set = try subquery()
                try expect(symbol: ")")
                return .function(name: negated ? "notIn" : "in", parameters: nil, arguments: [left, set])
            }
            let list = try expressionList()
            try expect(symbol: ")")
            return .function(name: negated ? "notIn" : "in", parameters: nil, arguments: [left, .function(name: "tuple", parameters: nil, arguments: list)])
        }
        if try accept("BETWEEN") {
            let low = try additive()
            try expect("AND")
            let high = try additive()
            let between = ASTExpression.function(name: "and", parameters: nil, arguments: [
                .function(name: "greaterOrEquals", parameters: nil, arguments: [left, low]),
                .function(name: "lessOrEquals", parameters: nil, arguments: [left, high])])
            return negated ? .function(name: "not", parameters: nil, arguments: [between]) : between
        }
        if negated { throw unexpected("IN or BETWEEN") }
        return left
    }

    private mutating func additive() throws(SQLError) -> ASTExpression {
        try additive(from: try multiplicative())
    }

    /// `first + b - c || d …`.
    private mutating func additive(from first: ASTExpression) throws(SQLError) -> ASTExpression {
        var left = first
        let entered = depth
        defer { depth = entered }
        while true {
            // Each term makes the left-deep tree a level deeper: 2 units, as a parenthesis-free
            // chain of ClickHouse's (498 terms pass its max_ast_depth of 1000).
            if check(symbol: "+") || check(symbol: "-") || check(symbol: "||") { try enter(2) }
            if try accept(symbol: "+") { left = .function(name: "plus", parameters: nil, arguments: [left, try multiplicative()]) }
            else if try accept(symbol: "-") { left = .function(name: "minus", parameters: nil, arguments: [left, try multiplicative()]) }
            else if try accept(symbol: "||") { left = .function(name: "concat", parameters: nil, arguments: [left, try multiplicative()]) }
            else { return left }
        }
    }

    private mutating func multiplicative() throws(SQLError) -> ASTExpression {
        try multiplicative(from: try unary())
    }

    /// `first * b / c % d …`.
    private mutating func multiplicative(from first: ASTExpression) throws(SQLError) -> ASTExpression {
        var left = first
        let entered = depth
        defer { depth = entered }
        while true {
            if check(symbol: "*") || check(symbol: "/") || check(symbol: "%") { try enter(2) }
            if try accept(symbol: "*") { left = .function(name: "multiply", parameters: nil, arguments: [left, try unary()]) }
            else if try accept(symbol: "/") { left = .function(name: "divide", parameters: nil, arguments: [left, try unary()]) }
            else if try accept(symbol: "%") { left = .function(name: "modulo", parameters: nil, arguments: [left, try unary()]) }
            else { return left }
        }
    }

    private mutating func unary() throws(SQLError) -> ASTExpression {
        if check(symbol: "-") { return try negation() }
        return try postfix(try primary())
    }

    /// `-x`.
    private mutating func negation() throws(SQLError) -> ASTExpression {
        if try accept(symbol: "-") {
            try enter(2)
            defer { depth -= 2 }
            let operand = try unary()
            switch operand {
            case .integer(let v) where v <= UInt64(Int64.max) + 1: return .negativeInteger(v == UInt64(Int64.max) + 1 ? Int64.min : -Int64(v))
            case .float(let v): return .float(-v)
            // Past Int64, a negative literal is a Float64, as ClickHouse reads it.
            case .integer(let v): return .float(-Double(v))
            default: return .function(name: "negate", parameters: nil, arguments: [operand])
            }
        }
        throw unexpected("-")
    }

    /// `a[i]`, `t.2` and `x::T` after an operand.
    private mutating func postfix(_ primary: ASTExpression) throws(SQLError) -> ASTExpression {
        var operand = primary
        // `a[i]` is `arrayElement(a, i)`; `t.2` (lexed as a number `.2`) is `tupleElement(t, 2)`.
        while true {
            if try accept(symbol: "[") {
                let index = try expression()
                try expect(symbol: "]")
                operand = .function(name: "arrayElement", parameters: nil, arguments: [operand, index])
            } else if case .float = current.kind, lexer.source[current.offset] == UInt8(ascii: "."),
                      let index = UInt64(String(decoding: lexer.source[(current.offset + 1)...].prefix(while: { $0 >= 48 && $0 <= 57 }), as: UTF8.self)) {
                try advance()
                operand = .function(name: "tupleElement", parameters: nil, arguments: [operand, .integer(index)])
            } else {
                break
            }
        }
        while try accept(symbol: "::") {
            // `x::T` is `CAST(x, 'T')`; a literal is cast from its text, as ClickHouse names it.
            let literal: ASTExpression = switch operand {
            case .integer(let v): .string(String(v))
            case .negativeInteger(let v): .string(String(v))
            default: operand
            }
            operand = .function(name: "CAST", parameters: nil, arguments: [literal, .string(try typeName())])
        }
        return operand
    }

    /// `SELECT …` inside parentheses (the `(` read), numbered in order of appearance.
    private mutating func subquery() throws(SQLError) -> ASTExpression {
        subqueryCount += 1
        let ordinal = subqueryCount
        return .subquery(try selectQuery(), ordinal: ordinal)
    }

    // Each kind of primary expression is parsed by its own function: the recursion of nested
    // calls and parentheses then holds only the frames of the kinds it passes through (in a
    // debug build a function's frame holds every local of every branch, and the nesting that
    // max_parser_depth admits must fit a thread's stack).
    private mutating func primary() throws(SQLError) -> ASTExpression {
        switch current.kind {
        case .integer(let v):
            try advance()
            return .integer(v)
        case .float(let v):
            try advance()
            return .float(v)
        case .string(let s):
            try advance()
            return .string(s)
        case .symbol("("):
            return try parenthesized()
        case .symbol("["):
            return try arrayLiteral()
        case .symbol("*"):
            try advance()
            return .star
        case .symbol("{"):
            return try queryParameter()
        case .word(let word) where word.uppercased() == "NULL":
            try advance()
            return .null
        case .word(let word) where ["NAN", "INF"].contains(word.uppercased()):
            try advance()
            return .float(word.uppercased() == "NAN" ? .nan : .infinity)
        case .word(let word) where word.uppercased() == "INTERVAL":
            return try interval()
        case .word, .quotedIdentifier:
            return try identifierOrCall()
        default:
            throw unexpected("expression")
        }
    }

    /// `(expr)`, a tuple `(a, b, …)` or a scalar subquery `(SELECT …)`.
    private mutating func parenthesized() throws(SQLError) -> ASTExpression {
        try advance()
        try enter(5)
        defer { depth -= 5 }
        if check("SELECT") || check("WITH") {
            let scalar = try subquery()
            try expect(symbol: ")")
            return scalar
        }
        let list = try itemList()
        try expect(symbol: ")")
        return list.count == 1 ? list[0] : .function(name: "tuple", parameters: nil, arguments: list)
    }

    /// `[a, b, …]`.
    private mutating func arrayLiteral() throws(SQLError) -> ASTExpression {
        try advance()
        try enter(5)
        defer { depth -= 5 }
        let items = check(symbol: "]") ? [] : try itemList()
        try expect(symbol: "]")
        return .array(items)
    }

    /// `{name:Type}`.
    private mutating func queryParameter() throws(SQLError) -> ASTExpression {
        try advance()
        let name = try identifier()
        try expect(symbol: ":")
        let type = try typeName()
        try expect(symbol: "}")
        return .parameter(name: name, type: type)
    }

    /// `INTERVAL n UNIT`.
    private mutating func interval() throws(SQLError) -> ASTExpression {
        try advance()
        let amount = try additive()
        let unit = try identifier().uppercased()
        guard let seconds = Self.intervalSeconds[unit] else {
            throw .notImplemented("INTERVAL \(unit) is not supported (SECOND, MINUTE, HOUR, DAY, WEEK, MONTH, QUARTER, YEAR are)")
        }
        return .interval(amount, seconds: seconds, unit: unit)
    }

    /// A name (`c`, `t.c`, `t.*`) or a call `f(…)`.
    private mutating func identifierOrCall() throws(SQLError) -> ASTExpression {
        let isQuoted: Bool = if case .quotedIdentifier = current.kind { true } else { false }
        var parts = [try identifier()]
        if !isQuoted, check(symbol: "(") { return try call(parts[0]) }
        while try accept(symbol: ".") {
            // `t.*`: every column of the table (or alias) t.
            if try accept(symbol: "*") {
                parts.append("*")
                break
            }
            parts.append(try identifier())
        }
        return .identifier(parts)
    }

    /// `name(arguments)`, `name(parameters)(arguments)`, `CAST(x AS T)`, `f(…) OVER (…)`.
    private mutating func call(_ written: String) throws(SQLError) -> ASTExpression {
        var name = written
        try advance()
        try enter(2)
        defer { depth -= 2 }
        if name.uppercased() == "CAST" { return try cast() }
        // `f(DISTINCT x)` is `fDistinct(x)`, as ClickHouse names it.
        if try accept("DISTINCT") { name += "Distinct" }
        let arguments = check(symbol: ")") ? [] : try itemList()
        try expect(symbol: ")")
        return try call(name, arguments)
    }

    /// What may follow `name(arguments)`: its arguments after parameters, `OVER (…)`.
    private mutating func call(_ name: String, _ written: [ASTExpression]) throws(SQLError) -> ASTExpression {
        var arguments = written
        // `count(*)` is `count()` (and so named), as in ClickHouse; so is `countState(*)`.
        if arguments == [.star], ["count", "countstate"].contains(name.lowercased()) { arguments = [] }
        var parameters: [ASTExpression]?
        if check(symbol: "(") {
            try advance()
            parameters = arguments
            arguments = check(symbol: ")") ? [] : try expressionList()
            try expect(symbol: ")")
        }
        // `toIntervalHour(n)` is `INTERVAL n HOUR` (ClickHouse prints intervals so).
        if parameters == nil, arguments.count == 1, name.hasPrefix("toInterval"),
           let seconds = Self.intervalSeconds[name.dropFirst("toInterval".count).uppercased()] {
            return .interval(arguments[0], seconds: seconds, unit: name.dropFirst("toInterval".count).uppercased())
        }
        if parameters == nil, try accept("OVER") {
            return .window(try windowCall(name, arguments))
        }
        return .function(name: name, parameters: parameters, arguments: arguments)
    }

    /// `CAST(x AS T)` is `CAST(x, 'T')` (after `CAST(`).
    private mutating func cast() throws(SQLError) -> ASTExpression {
        let value = try expression()
        let type: ASTExpression = try accept("AS") ? .string(try typeName()) : try { () throws(SQLError) -> ASTExpression in
            try expect(symbol: ",")
            return try expression()
        }()
        try expect(symbol: ")")
        return .function(name: "CAST", parameters: nil, arguments: [value, type])
    }

    /// The interval units and their lengths; the calendar units have none (0: moved by
    /// `addMonths` and kin).
    private static let intervalSeconds: [String: UInt64] = [
        "SECOND": 1, "MINUTE": 60, "HOUR": 3600, "DAY": 86_400, "WEEK": 604_800, "MONTH": 0, "QUARTER": 0, "YEAR": 0,
    ]
}
