import ArgumentParser
#if os(Linux)
import CMalloc
#endif
import EdgeHouse
import Foundation
import OptiInfraTools

@main
struct EdgeHouseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edgehouse",
        abstract: "An embedded, ClickHouse-compatible time-series store for OptiInfra metrics.",
        discussion: """
        Without a subcommand, runs SQL like clickhouse-local (see `edgehouse sql --help`):

          edgehouse --path data < schema/init.sql
          edgehouse --path data --query "INSERT INTO optiinfra.performance_metrics_ts FORMAT TSV" < rows.tsv
          edgehouse --path data --query "SELECT count() FROM optiinfra.performance_metrics_ts"
        """,
        subcommands: [SQL.self, Server.self, Forward.self, Demo.self, Bench.self, Generate.self, QuantileAccuracy.self],
        defaultSubcommand: SQL.self)

    /// `--param_<name>=<value>` arguments (query parameters `{name:Type}`), which ArgumentParser
    /// cannot declare: taken out before it parses the rest.
    nonisolated(unsafe) static var queryParameters: [String: String] = [:]

    static func main() async {
        tuneAllocator()
        var arguments = Array(CommandLine.arguments.dropFirst())
        arguments.removeAll { argument in
            guard argument.hasPrefix("--param_"), let equals = argument.firstIndex(of: "=") else { return false }
            queryParameters[String(argument[argument.index(argument.startIndex, offsetBy: 8)..<equals])] = String(argument[argument.index(after: equals)...])
            return true
        }
        do {
            if let run = SQLRun(commonArguments: arguments) {
                try run.run()
                return
            }
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

/// glibc's defaults hand every block over 128 KiB back to the kernel when it is freed, so each
/// block of an ingest — its chunks, parsed columns, sorted copies — would be served fresh pages
/// the kernel must fault in and zero. Blocks up to 4 MiB (an ingest's chunks and granules) are
/// kept for reuse instead, and free memory at the heap's top up to 16 MiB; larger blocks (a
/// view's finished rows, a piece's columns) are mapped on their own and go back when freed, so
/// resident memory follows what is in use. Measured on a 10M-row shuffled TSV ingest: peak
/// 186–193 MiB and no slower, against 204–210 MiB when blocks up to 32 MiB and 256 MiB of free
/// memory were kept (and 0.93–1.01 s against 1.13–1.16 s for 1M rows: fewer pages to fault
/// in than the large kept blocks cost). A server, running for days, returns memory an INSERT
/// freed the same way. Memory that an embedding application's allocator keeps is its own
/// choice: the library does not set this.
///
/// One arena: glibc gives each thread that allocates its own, and each keeps what that thread
/// freed — a multi-block ingest's RSS grew by ~45 MB a block as the parsing and writing threads'
/// arenas each held a block's worth (5M shuffled rows: 579 MB; one arena: 372 MB, no slower).
private func tuneAllocator() {
    #if os(Linux)
    mallopt(M_MMAP_THRESHOLD, 4 << 20)
    mallopt(M_TRIM_THRESHOLD, 16 << 20)
    mallopt(M_ARENA_MAX, 1)
    #endif
}

/// SQL statements against a store, as clickhouse-local runs them.
struct SQL: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Run SQL statements (the default when no subcommand is given).",
        discussion: """
        Runs the statements of --query, of --queries-file, or of standard input, separated by ';'.
        An INSERT … FORMAT <fmt> given with --query reads its data from standard input. Without
        --path the store lives in memory. Query parameters {name:Type} take their values from
        --param_<name>=<value>. Errors print ClickHouse's code and message on standard error, and
        the exit status is non-zero.
        """)

    @Option(help: "Store directory (created if missing). Without it, an in-memory store.") var path: String?
    @Option(help: "SQL to run (several statements separated by ';').") var query: String?
    @Option(help: "A file of SQL statements to run.") var queriesFile: String?
    @Option(help: "Cut insert blocks at about this many bytes of column data as well as 1,048,449 rows (ClickHouse's max_insert_block_size_bytes; 0, the default: rows alone). Bounds an ingest's memory; more, smaller parts.")
    var maxInsertBlockBytes = 0
    @Option(help: "A streamed INSERT … FORMAT TSV into a plain MergeTree table writes its rows as parts in pieces of about this many bytes of column data, while its views aggregate whole insert blocks (0: whole blocks, ClickHouse's parts).")
    var streamedPartBytes = StoreOptions.default.streamedPartBytes
    @OptionGroup var diskBound: DiskBoundArguments
    @Option(help: "Output format of SELECT results: TSV, TSVWithNames, CSV, CSVWithNames, JSONEachRow, PrettyCompact (default: PrettyCompact on a terminal, TSV otherwise).")
    var format: String?

    func run() throws {
        try SQLRun(path: path, query: query, queriesFile: queriesFile, maxInsertBlockBytes: maxInsertBlockBytes,
                   streamedPartBytes: streamedPartBytes, diskBound: diskBound.bound(), format: format).run()
    }
}

/// What `edgehouse sql` does, with its options as plain values.
struct SQLRun {
    var path: String?
    var query: String?
    var queriesFile: String?
    var maxInsertBlockBytes = 0
    var streamedPartBytes = StoreOptions.default.streamedPartBytes
    var diskBound: DiskBound?
    var format: String?
}

extension SQLRun {
    /// The common invocations — `[sql] [--path P] [--query Q] [--format F]`, each option at
    /// most once — read without ArgumentParser, whose reflection over the commands took 2 of
    /// the 18 ms of a one-row INSERT; `nil` for anything else (help, other options, values
    /// that look like options), which ArgumentParser reads.
    init?(commonArguments arguments: [String]) {
        var rest = arguments[...]
        if rest.first == "sql" { rest = rest.dropFirst() }
        var values: [String: String] = [:]
        while let argument = rest.popFirst() {
            let name: String, value: String
            if let equals = argument.firstIndex(of: "=") {
                (name, value) = (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
            } else {
                guard let next = rest.popFirst() else { return nil }
                (name, value) = (argument, next)
            }
            guard ["--path", "--query", "--format"].contains(name), values[name] == nil, !value.hasPrefix("-") else { return nil }
            values[name] = value
        }
        path = values["--path"]
        query = values["--query"]
        format = values["--format"]
    }

    func run() throws {
        let sql: String
        var input: InsertInput?
        if let query {
            sql = query
            input = Terminal.standardInputWithProgress()
        } else if let queriesFile {
            sql = try String(contentsOfFile: queriesFile, encoding: .utf8)
        } else if isatty(STDIN_FILENO) == 0 {
            sql = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            print(EdgeHouseCommand.helpMessage())
            return
        }
        do {
            var options = StoreOptions()
            options.maxInsertBlockBytes = maxInsertBlockBytes
            options.streamedPartBytes = streamedPartBytes
            options.diskBound = diskBound
            options.backgroundMaintenance = path != nil
            let store = try path.map { try Store.open(path: $0, options: options) } ?? Store.inMemory(options: options)
            defer { store.close() }
            let session = SQLSession(store: store)
            session.parameters = EdgeHouseCommand.queryParameters
            let defaultFormat = format ?? (isatty(STDOUT_FILENO) != 0 ? "PrettyCompact" : "TSV")
            for item in try session.script(sql) {
                // A statement with a test hint must fail with one of the errors it names; it
                // then prints nothing and the script goes on (clickhouse-client's test mode).
                if let failure = failure(of: item, in: session, input: input, defaultFormat: defaultFormat) {
                    guard item.expects(failure) else { throw failure }
                    continue
                }
                if !item.expectedErrors.isEmpty {
                    FileHandle.standardError.write(Data("Expected server error code '\(item.expectedErrors.joined(separator: "|"))' but got no server error.\n".utf8))
                    throw ExitCode(1)
                }
            }
        } catch let error as SQLError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(error.code % 256 == 0 ? 1 : error.code % 256)
        } catch let error as StorageError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(1)
        }
    }

    /// Runs a statement of a script: the error it failed with, if it did.
    private func failure(of item: SQLSession.ScriptStatement, in session: SQLSession, input: InsertInput?, defaultFormat: String) -> SQLError? {
        do {
            let statement = try item.statement.get()
            try run(statement, in: session, input: input, format: statement.format ?? defaultFormat)
            return nil
        } catch {
            return error
        }
    }

    /// Runs one statement and writes its rows as they come: a SELECT's batches are rendered as
    /// the scan reads them (memory stays bounded whatever the result's size, as
    /// clickhouse-local's), but for the Pretty formats, which size their columns over the whole
    /// result (a table for a terminal).
    private func run(_ statement: SQLSession.PreparedStatement, in session: SQLSession, input: InsertInput?, format: String) throws(SQLError) {
        var renderer = try ResultRenderer(format: format)
        let pretty = format.hasPrefix("Pretty")
        var held = [Batch]()
        let output = FileHandle.standardOutput
        let result = try session.run(statement, input: input) { (batch: Batch) throws(SQLError) in
            if pretty { held.append(batch) } else { output.write(Data(renderer.render(batch))) }
        }
        if pretty, !held.isEmpty { output.write(Data(try SQLSession.render(Batch(joining: held), format: format))) }
        if let rows = result.rows { output.write(Data(try SQLSession.render(rows, format: result.format ?? format))) }
        if let totals = result.totals { output.write(Data(renderer.renderTotals(totals))) }
        if !pretty, result.rows == nil { output.write(Data(renderer.finish())) }
    }
}
