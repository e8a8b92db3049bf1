import Foundation

/// One row of `queryCostHourly`: an hour's cost for one provider and service.
public struct CostHourly: Sendable, Equatable {
    public var hour: Date
    public var cloudProvider: String
    public var serviceName: String
    public var totalCost: Double
    /// Mean utilization of the hour's samples (`sum(utilization_sum) / sum(sample_count)`).
    public var avgUtilization: Double
    public var sampleCount: UInt64
}

/// `queryPerformanceP95`: latency and throughput over a window. An empty window is answered as
/// ClickHouse answers it: every average and quantile `nan`, `totalRequests` 0 (`isEmpty`).
public struct PerformanceSummary: Sendable, Equatable {
    public var avgLatencyMs: Double
    public var p95LatencyMs: Double
    public var p99LatencyMs: Double
    public var avgThroughput: Double
    public var totalRequests: UInt64

    public var isEmpty: Bool { totalRequests == 0 }

    public static func == (a: Self, b: Self) -> Bool {
        a.totalRequests == b.totalRequests && sameValue(a.avgLatencyMs, b.avgLatencyMs) && sameValue(a.p95LatencyMs, b.p95LatencyMs)
            && sameValue(a.p99LatencyMs, b.p99LatencyMs) && sameValue(a.avgThroughput, b.avgThroughput)
    }
}

/// `queryResourceUtilization`: GPU and CPU utilization over a window. An empty window: the
/// averages `nan`, the maximum 0 (ClickHouse's `maxMerge` of nothing), `sampleCount` 0.
public struct ResourceUtilization: Sendable, Equatable {
    public var avgGPUUtilization: Double
    public var maxGPUUtilization: Double
    public var avgGPUMemoryMB: Double
    public var avgCPUUtilization: Double
    public var sampleCount: UInt64

    public var isEmpty: Bool { sampleCount == 0 }

    public static func == (a: Self, b: Self) -> Bool {
        a.sampleCount == b.sampleCount && sameValue(a.avgGPUUtilization, b.avgGPUUtilization) && sameValue(a.maxGPUUtilization, b.maxGPUUtilization)
            && sameValue(a.avgGPUMemoryMB, b.avgGPUMemoryMB) && sameValue(a.avgCPUUtilization, b.avgCPUUtilization)
    }
}

/// One row of `queryQualityTrends`: an hour's quality scores.
public struct QualityTrend: Sendable, Equatable {
    public var hour: Date
    public var avgQuality: Double
    public var avgRelevance: Double
    public var avgCoherence: Double
    public var avgFactuality: Double
    public var hallucinations: UInt64
    public var totalRequests: UInt64
}

/// Equality that treats two NaNs as the same answer.
func sameValue(_ a: Double, _ b: Double) -> Bool { a == b || (a.isNaN && b.isNaN) }

/// Typed values from a TabSeparated result, the format both transports return.
struct TSVResult {
    let rows: [[Substring]]

    init(_ text: String) {
        rows = text.split(separator: "\n", omittingEmptySubsequences: true).map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
    }

    func double(_ row: Int, _ column: Int) throws(MetricsError) -> Double {
        let text = try field(row, column)
        switch text {
        case "nan", "-nan": return .nan
        case "inf": return .infinity
        case "-inf": return -.infinity
        default:
            guard let value = Double(text) else { throw .invalidResponse("not a number: \(text)") }
            return value
        }
    }

    func unsigned(_ row: Int, _ column: Int) throws(MetricsError) -> UInt64 {
        let text = try field(row, column)
        guard let value = UInt64(text) else { throw .invalidResponse("not an unsigned integer: \(text)") }
        return value
    }

    func date(_ row: Int, _ column: Int) throws(MetricsError) -> Date {
        let text = try field(row, column)
        guard let seconds = UTCTime.parse(text) else { throw .invalidResponse("not a DateTime: \(text)") }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    func string(_ row: Int, _ column: Int) throws(MetricsError) -> String {
        var text = String(try field(row, column))
        // TSV escapes; the values here (providers, services) rarely contain any.
        if text.contains("\\") {
            text = text.replacingOccurrences(of: "\\t", with: "\t").replacingOccurrences(of: "\\n", with: "\n")
                .replacingOccurrences(of: "\\'", with: "'").replacingOccurrences(of: "\\\\", with: "\\")
        }
        return text
    }

    private func field(_ row: Int, _ column: Int) throws(MetricsError) -> Substring {
        guard row < rows.count, column < rows[row].count else { throw .invalidResponse("missing field \(column) of row \(row)") }
        return rows[row][column]
    }
}
