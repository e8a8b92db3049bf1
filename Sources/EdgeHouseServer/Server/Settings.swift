/// The settings a client may send with a query (native Query packet, HTTP URL parameters):
/// which names exist, how the native protocol encodes each below revision 54429 (typed values),
/// and the few EdgeHouse applies. Known settings that change nothing here are accepted, as
/// ClickHouse accepts settings that do not apply to a query; unknown ones are code 115.
struct Settings: Sendable {
    /// How a setting's value is written in a Query packet at revision 54412.
    enum Kind: Sendable {
        /// Integers, booleans, seconds, milliseconds, `max_threads`: a varint.
        case number
        /// Strings, enums, characters and floats: a String.
        case text
    }

    /// Values the client set, as text (what `system.settings` shows and HTTP parameters are).
    private(set) var values: [String: String] = [:]

    /// Sets a known setting; code 115 for an unknown name.
    mutating func set(_ name: String, _ value: String) throws(ServerException) {
        guard Self.known[name] != nil else { throw .unknownSetting(name) }
        values[name] = value
    }

    subscript(name: String) -> String? { values[name] }

    /// An integer setting's value, or `fallback` when unset or not a number.
    func integer(_ name: String, default fallback: Int) -> Int { values[name].flatMap { Int($0) } ?? fallback }

    /// A boolean setting (`1`/`0`, `true`/`false`).
    func flag(_ name: String) -> Bool { ["1", "true"].contains(values[name]?.lowercased() ?? "") }

    /// Rows per result block (ClickHouse's `max_block_size` default).
    var maxBlockSize: Int { max(1, integer("max_block_size", default: 65_409)) }

    /// Every setting EdgeHouse knows, with its encoding and default (the `system.settings` rows).
    static let known: [String: (kind: Kind, default: String)] = {
        var all = [String: (Kind, String)]()
        for (name, value) in [
            ("max_block_size", "65409"), ("max_insert_block_size", "1048449"), ("min_insert_block_size_rows", "1048449"),
            ("min_insert_block_size_bytes", "268402944"), ("max_threads", "2"), ("max_query_size", "262144"),
            ("max_execution_time", "0"), ("max_memory_usage", "0"), ("max_result_rows", "0"), ("max_result_bytes", "0"),
            ("readonly", "0"), ("use_uncompressed_cache", "0"), ("connect_timeout", "10"), ("receive_timeout", "300"),
            ("send_timeout", "300"), ("queue_max_wait_ms", "0"), ("poll_interval", "10"), ("max_rows_to_read", "0"),
            ("max_bytes_to_read", "0"), ("extremes", "0"), ("optimize_on_insert", "1"), ("async_insert", "0"),
            ("wait_for_async_insert", "1"), ("insert_deduplicate", "1"), ("wait_end_of_query", "0"),
            ("send_progress_in_http_headers", "0"), ("http_headers_progress_interval_ms", "100"),
            ("enable_http_compression", "1"), ("http_zlib_compression_level", "3"), ("output_format_json_quote_64bit_integers", "0"),
            ("input_format_skip_unknown_fields", "1"), ("input_format_null_as_default", "1"), ("insert_quorum", "0"),
            ("max_partitions_per_insert_block", "100"), ("log_queries", "1"), ("allow_experimental_analyzer", "1"),
            ("enable_optimize_predicate_expression", "1"), ("join_use_nulls", "0"), ("use_client_time_zone", "0"),
            ("insert_distributed_sync", "0"), ("distributed_aggregation_memory_efficient", "1"), ("max_concurrent_queries_for_user", "0"),
            ("max_bytes_before_external_group_by", "0"), ("max_bytes_before_external_sort", "0"), ("output_format_pretty_max_rows", "10000"),
            ("output_format_write_statistics", "1"), ("http_wait_end_of_query", "0"), ("cancel_http_readonly_queries_on_client_close", "0"),
            ("allow_suspicious_low_cardinality_types", "0"), ("flatten_nested", "1"), ("mutations_sync", "0"),
            ("non_replicated_deduplication_window", "0"), ("compile_expressions", "0"),
        ] { all[name] = (.number, value) }
        for (name, value) in [
            ("load_balancing", "random"), ("totals_mode", "after_having_exclusive"), ("totals_auto_threshold", "0.5"),
            ("distributed_product_mode", "deny"), ("date_time_input_format", "basic"), ("date_time_output_format", "simple"),
            ("send_logs_level", "fatal"), ("format_csv_delimiter", ","), ("network_compression_method", "LZ4"),
            ("insert_deduplication_token", ""), ("session_timezone", ""), ("default_format", "TabSeparated"),
            ("max_ratio_of_bytes_to_read", "0"), ("format_template_resultset", ""),
            ("output_format_json_named_tuples_as_objects", "1"), ("query_id", ""), ("log_comment", ""),
        ] { all[name] = (.text, value) }
        return all
    }()
}
