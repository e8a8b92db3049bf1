import Foundation

/// The SQL of the client's queries, with values as literals escaped as clickhouse-driver
/// escapes them (`'…'` with `\\` and `\'`, DateTimes as `'YYYY-MM-DD hh:mm:ss'` UTC).
enum MetricsSQL {
    static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    static func literal(_ date: Date) -> String {
        literal(UTCTime.format(UInt32(clamping: Int64(date.timeIntervalSince1970.rounded(.down)))))
    }

    static func literal(_ uuid: UUID) -> String { literal(uuid.uuidString.lowercased()) }

    static func window(_ start: Date, _ end: Date) -> String {
        "hour >= \(literal(start)) AND hour < \(literal(end))"
    }

    /// Re-aggregated per hour (a view holds one row per group per insert until merged); no
    /// aliases that shadow the view's columns (ClickHouse would read them inside `sum`, code 184).
    static func costHourly(customerID: UUID, start: Date, end: Date, cloudProvider: String?) -> String {
        """
        SELECT hour, cloud_provider, service_name, sum(total_cost), sum(utilization_sum) / sum(sample_count), sum(sample_count) \
        FROM cost_metrics_hourly_mv WHERE customer_id = \(literal(customerID)) AND \(window(start, end))\
        \(cloudProvider.map { " AND cloud_provider = \(literal($0))" } ?? "") \
        GROUP BY hour, cloud_provider, service_name ORDER BY hour, cloud_provider, service_name
        """
    }

    static func performance(customerID: UUID, serviceID: UUID, start: Date, end: Date) -> String {
        """
        SELECT avgMerge(avg_latency), quantileMerge(0.95)(p95_latency), quantileMerge(0.99)(p99_latency), \
        avgMerge(avg_throughput), countMerge(request_count) FROM performance_metrics_hourly_mv \
        WHERE customer_id = \(literal(customerID)) AND service_id = \(literal(serviceID)) AND \(window(start, end))
        """
    }

    static func resource(customerID: UUID, instanceID: String, start: Date, end: Date) -> String {
        """
        SELECT avgMerge(avg_gpu_util), maxMerge(max_gpu_util), avgMerge(avg_gpu_memory), avgMerge(avg_cpu_util), \
        countMerge(sample_count) FROM resource_metrics_hourly_mv \
        WHERE customer_id = \(literal(customerID)) AND instance_id = \(literal(instanceID)) AND \(window(start, end))
        """
    }

    static func quality(customerID: UUID, serviceID: UUID, start: Date, end: Date) -> String {
        """
        SELECT hour, avgMerge(avg_quality), avgMerge(avg_relevance), avgMerge(avg_coherence), avgMerge(avg_factuality), \
        sumMerge(hallucination_count), countMerge(request_count) FROM quality_metrics_hourly_mv \
        WHERE customer_id = \(literal(customerID)) AND service_id = \(literal(serviceID)) AND \(window(start, end)) \
        GROUP BY hour ORDER BY hour
        """
    }

    /// Statements of a script: split at `;` outside quotes, comments removed.
    static func statements(_ script: String) -> [String] {
        var statements = [String]()
        var current = ""
        var quote: Character?
        var lines = script.components(separatedBy: "\n").map { line -> String in
            guard let comment = line.range(of: "--"), !line[..<comment.lowerBound].contains("'") else { return line }
            return String(line[..<comment.lowerBound])
        }.joined(separator: "\n")
        lines.append("\n")
        for character in lines {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "`" {
                quote = character
            } else if character == ";" {
                let statement = current.trimmingCharacters(in: .whitespacesAndNewlines)
                if !statement.isEmpty { statements.append(statement) }
                current = ""
                continue
            }
            current.append(character)
        }
        let last = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !last.isEmpty { statements.append(last) }
        return statements
    }
}
