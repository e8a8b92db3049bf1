/// A session's query settings: which names exist (with ClickHouse 26.9's type and the server
/// default of each), the values a client changed, and the few EdgeHouse applies. Known settings
/// that change nothing here are accepted, as ClickHouse accepts settings that do not apply to a
/// query; unknown ones are code 115. `system.settings` lists them.
public struct Settings: Hashable, Sendable {
    /// One setting ClickHouse defines.
    public struct Definition: Hashable, Sendable {
        public let name: String
        /// ClickHouse's name for the setting's type (`UInt64`, `Bool`, `Seconds`, an enum's name…).
        public let type: String
        public let defaultValue: String

        /// Below native protocol revision 54429 a Query packet carries a setting as a varint for
        /// integer-like types and as a string for the rest: the reader must know which.
        public var isSentAsNumber: Bool { Self.numericTypes.contains(type) }

        private static let numericTypes: Set<String> = [
            "UInt64", "Int64", "Bool", "Seconds", "Milliseconds", "MaxThreads", "NonZeroUInt64", "UInt64Auto",
        ]
    }

    /// Values the client set, as text (what `system.settings` shows as changed).
    public private(set) var values: [String: String] = [:]

    /// Whether no setting is set here.
    public var isEmpty: Bool { values.isEmpty }

    public init() {}

    /// Sets a known setting after checking its value as ClickHouse does for its type.
    public mutating func set(_ name: String, _ value: String) throws(SQLError) {
        guard let definition = Self.definitions[name] else {
            throw .unknownSetting(name)
        }
        try Self.check(value, of: definition)
        values[name] = value
    }

    /// Applies `other`'s changes over these (a query's settings over its session's).
    public func merging(_ other: Settings) -> Settings {
        var merged = self
        merged.values.merge(other.values) { _, new in new }
        return merged
    }

    public subscript(name: String) -> String? { values[name] }

    /// The value in effect: the client's, or the default. The settings EdgeHouse applies are
    /// among `serverDefaults`, so reading them does not parse the whole table.
    public func value(of name: String) -> String? {
        values[name] ?? Self.serverDefaultValues[name] ?? Self.definitions[name]?.defaultValue
    }

    /// A `Bool` setting's value (`1` or `true`, in any case, is on).
    public func isOn(_ name: String) -> Bool {
        value(of: name).map { $0 == "1" || $0.lowercased() == "true" } ?? false
    }

    /// `insert_deduplication_token`, when set and not empty.
    public var deduplicationToken: String? { value(of: "insert_deduplication_token").flatMap { $0.isEmpty ? nil : $0 } }

    /// `optimize_on_insert`: whether an insert collapses the rows of equal keys of each block.
    public var optimizeOnInsert: Bool { Self.isTrue(value(of: "optimize_on_insert") ?? "1") }

    /// Rows per result block (ClickHouse's `max_block_size`).
    public var maxBlockSize: Int { max(1, Int(value(of: "max_block_size") ?? "") ?? 65_409) }

    /// Whether a response may be compressed as its `Accept-Encoding` asks (`enable_http_compression`).
    public var httpCompression: Bool { Self.isTrue(value(of: "enable_http_compression") ?? "0") }

    /// A known setting's definition.
    public static func definition(_ name: String) -> Definition? { definitions[name] }

    /// Every known setting, by name.
    public static var all: [Definition] { definitions.values.sorted { $0.name < $1.name } }

    static func isTrue(_ text: String) -> Bool { ["1", "true"].contains(text.lowercased()) }

    private static func check(_ value: String, of definition: Definition) throws(SQLError) {
        switch definition.type {
        case "Bool":
            guard ["0", "1", "true", "false"].contains(value.lowercased()) else {
                throw .badValue(.cannotParseBool, message: "Cannot parse bool from string '\(value)'.")
            }
        case "Seconds", "Milliseconds":
            guard Double(value) != nil else {
                throw .badValue(.cannotParseNumber, message: "Cannot read floating point value here: \(value).")
            }
        case "MaxThreads" where value.lowercased().hasPrefix("auto"):
            break
        case "UInt64", "Int64", "NonZeroUInt64", "MaxThreads":
            guard Int64(value) != nil || UInt64(value) != nil else {
                throw .badValue(.cannotParseInputAssertionFailed, message: "Cannot parse input: expected 'eof' before: '\(value)'.")
            }
            if definition.type == "NonZeroUInt64", UInt64(value) == 0 {
                throw .badValue(.badArguments, message: "A setting's value has to be greater than 0.")
            }
        default:
            break
        }
    }

    /// Every setting ClickHouse 26.9 has (`ClickHouseSettings.swift`), with a server's defaults
    /// where chdb's differ (`serverDefaults`). Parsed as bytes: splitting the 2,000-line `String`
    /// by `Character` took 6 ms, when every INSERT of the CLI (20 ms in all) read a default here.
    private static let definitions: [String: Definition] = {
        var definitions = [String: Definition](minimumCapacity: 2_400)
        for line in clickHouseTable.utf8.split(separator: UInt8(ascii: "\n")) {
            let fields = line.split(separator: UInt8(ascii: "\t"), maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            let name = String(decoding: fields[0], as: UTF8.self)
            definitions[name] = Definition(name: name, type: String(decoding: fields[1], as: UTF8.self),
                                           defaultValue: unescaped(fields[2]))
        }
        for definition in serverDefaults { definitions[definition.name] = definition }
        return definitions
    }()

    /// The names of ClickHouse 26.9's MergeTree table settings: a table's `SETTINGS` may name
    /// any of them (the few EdgeHouse applies are read by DDL; the others change nothing here).
    static let mergeTreeSettingNames: Set<String> = Set(mergeTreeTable.utf8.split(separator: UInt8(ascii: "\n")).compactMap { line in
        line.split(separator: UInt8(ascii: "\t"), maxSplits: 1).first.map { String(decoding: $0, as: UTF8.self) }
    })

    /// A TSV field's text: `\\t` a tab, `\\n` a newline, `\\\\` a backslash, `\\xNN` a byte.
    private static func unescaped(_ field: Substring.UTF8View.SubSequence) -> String {
        guard field.contains(UInt8(ascii: "\\")) else { return String(decoding: field, as: UTF8.self) }
        var bytes = [UInt8]()
        var input = Array(field)[...]
        while let byte = input.popFirst() {
            guard byte == UInt8(ascii: "\\"), let escape = input.popFirst() else {
                bytes.append(byte)
                continue
            }
            if escape == UInt8(ascii: "x"), input.count >= 2, let value = UInt8(String(decoding: input.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                input = input.dropFirst(2)
            } else {
                bytes.append(Lexer.unescape(escape))
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let serverDefaultValues: [String: String] = Dictionary(
        uniqueKeysWithValues: serverDefaults.map { ($0.name, $0.defaultValue) })

    /// The settings the seed's client, `clickhouse-client`, clickhouse-connect and common tools
    /// send, with a ClickHouse server's defaults (chdb changes a few of its own, e.g. `async_insert`).
    private static let serverDefaults: [Definition] = {
        let table: [(String, String, String)] = [
            ("allow_experimental_analyzer", "Bool", "1"), ("allow_suspicious_low_cardinality_types", "Bool", "0"),
            ("async_insert", "Bool", "0"), ("cancel_http_readonly_queries_on_client_close", "Bool", "0"),
            ("compile_expressions", "Bool", "0"), ("connect_timeout", "Seconds", "10"),
            ("date_time_input_format", "DateTimeInputFormat", "basic"),
            ("deduplicate_blocks_in_dependent_materialized_views", "Bool", "1"), ("date_time_output_format", "DateTimeOutputFormat", "simple"),
            ("default_format", "String", ""), ("distributed_aggregation_memory_efficient", "Bool", "1"),
            ("distributed_product_mode", "DistributedProductMode", "deny"), ("enable_http_compression", "Bool", "1"),
            ("enable_optimize_predicate_expression", "Bool", "1"), ("extremes", "Bool", "0"), ("flatten_nested", "Bool", "1"),
            ("format_csv_delimiter", "Char", ","), ("format_template_resultset", "String", ""),
            ("http_headers_progress_interval_ms", "UInt64", "100"), ("http_wait_end_of_query", "Bool", "0"),
            ("http_zlib_compression_level", "Int64", "3"), ("input_format_null_as_default", "Bool", "1"),
            ("input_format_skip_unknown_fields", "Bool", "1"), ("insert_deduplicate", "Bool", "1"),
            ("insert_deduplication_token", "String", ""), ("insert_distributed_sync", "Bool", "0"),
            ("insert_quorum", "UInt64Auto", "0"), ("join_use_nulls", "Bool", "0"), ("load_balancing", "LoadBalancing", "random"),
            ("log_comment", "String", ""), ("log_queries", "Bool", "1"), ("max_block_size", "NonZeroUInt64", "65409"),
            ("max_bytes_before_external_group_by", "UInt64", "0"), ("max_bytes_before_external_sort", "UInt64", "0"),
            ("max_bytes_to_read", "UInt64", "0"), ("max_concurrent_queries_for_user", "UInt64", "0"),
            ("max_execution_time", "Seconds", "0"), ("max_insert_block_size", "NonZeroUInt64", "1048449"),
            ("max_memory_usage", "UInt64", "0"), ("max_partitions_per_insert_block", "UInt64", "100"),
            ("max_query_size", "UInt64", "262144"), ("max_result_bytes", "UInt64", "0"), ("max_result_rows", "UInt64", "0"),
            ("max_rows_to_read", "UInt64", "0"), ("max_threads", "MaxThreads", "2"),
            ("min_insert_block_size_bytes", "UInt64", "268402944"), ("min_insert_block_size_rows", "UInt64", "1048449"),
            ("mutations_sync", "UInt64", "0"), ("network_compression_method", "String", "LZ4"), ("optimize_on_insert", "Bool", "1"),
            ("output_format_json_named_tuples_as_objects", "Bool", "1"), ("output_format_json_quote_64bit_integers", "Bool", "0"),
            ("output_format_pretty_max_rows", "UInt64", "1000"), ("output_format_write_statistics", "Bool", "1"),
            ("poll_interval", "UInt64", "10"), ("queue_max_wait_ms", "Milliseconds", "0"), ("readonly", "UInt64", "0"),
            ("receive_timeout", "Seconds", "300"), ("send_logs_level", "LogsLevel", "fatal"),
            ("send_progress_in_http_headers", "Bool", "0"), ("send_timeout", "Seconds", "300"), ("session_timezone", "Timezone", ""),
            ("totals_auto_threshold", "Float", "0.5"), ("totals_mode", "TotalsMode", "after_having_exclusive"),
            ("use_client_time_zone", "Bool", "0"), ("use_uncompressed_cache", "Bool", "0"), ("wait_for_async_insert", "Bool", "1"),
        ]
        return table.map { Definition(name: $0.0, type: $0.1, defaultValue: $0.2) }
    }()
}

extension SQLError {
    /// Code 115, ClickHouse 26.9's wording.
    public static func unknownSetting(_ name: String) -> SQLError {
        .badValue(.unknownSetting, message: "Setting \(name) is neither a builtin setting nor started with the prefix 'custom_' registered for user-defined settings.")
    }
}
