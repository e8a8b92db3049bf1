import Foundation

/// A row of `cost_metrics_ts`: the cost of one instance for one hour.
public struct CostMetric: Codable, Sendable, Equatable {
    public var timestamp: Date
    public var customerID: UUID
    public var cloudProvider: String
    public var serviceName: String
    public var instanceID: String
    public var instanceType: String
    public var region: String
    public var costPerHour: Double
    public var utilizationPercent: Float
    public var isSpot: Bool
    public var isReserved: Bool

    public init(timestamp: Date, customerID: UUID, cloudProvider: String, serviceName: String, instanceID: String,
                instanceType: String, region: String, costPerHour: Double, utilizationPercent: Float, isSpot: Bool = false, isReserved: Bool = false) {
        self.timestamp = timestamp
        self.customerID = customerID
        self.cloudProvider = cloudProvider
        self.serviceName = serviceName
        self.instanceID = instanceID
        self.instanceType = instanceType
        self.region = region
        self.costPerHour = costPerHour
        self.utilizationPercent = utilizationPercent
        self.isSpot = isSpot
        self.isReserved = isReserved
    }

    /// ClickHouse column names on the wire.
    enum CodingKeys: String, CodingKey {
        case timestamp, region
        case customerID = "customer_id", cloudProvider = "cloud_provider", serviceName = "service_name"
        case instanceID = "instance_id", instanceType = "instance_type", costPerHour = "cost_per_hour"
        case utilizationPercent = "utilization_percent", isSpot = "is_spot", isReserved = "is_reserved"
    }
}

/// A row of `performance_metrics_ts`: one LLM request.
public struct PerformanceMetric: Codable, Sendable, Equatable {
    public var timestamp: Date
    public var customerID: UUID
    public var serviceID: UUID
    public var serviceType: String
    public var modelName: String
    public var requestID: UUID
    public var latencyMs: Float
    public var throughputTokensPerSec: Float
    public var gpuUtilization: Float
    public var kvCacheUtilization: Float
    public var batchSize: UInt32
    public var promptTokens: UInt32
    public var completionTokens: UInt32
    public var totalTokens: UInt32

    public init(timestamp: Date, customerID: UUID, serviceID: UUID, serviceType: String, modelName: String, requestID: UUID,
                latencyMs: Float, throughputTokensPerSec: Float, gpuUtilization: Float, kvCacheUtilization: Float,
                batchSize: UInt32, promptTokens: UInt32, completionTokens: UInt32, totalTokens: UInt32) {
        self.timestamp = timestamp
        self.customerID = customerID
        self.serviceID = serviceID
        self.serviceType = serviceType
        self.modelName = modelName
        self.requestID = requestID
        self.latencyMs = latencyMs
        self.throughputTokensPerSec = throughputTokensPerSec
        self.gpuUtilization = gpuUtilization
        self.kvCacheUtilization = kvCacheUtilization
        self.batchSize = batchSize
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalTokens = totalTokens
    }

    enum CodingKeys: String, CodingKey {
        case timestamp
        case customerID = "customer_id", serviceID = "service_id", serviceType = "service_type", modelName = "model_name"
        case requestID = "request_id", latencyMs = "latency_ms", throughputTokensPerSec = "throughput_tokens_per_sec"
        case gpuUtilization = "gpu_utilization", kvCacheUtilization = "kv_cache_utilization", batchSize = "batch_size"
        case promptTokens = "prompt_tokens", completionTokens = "completion_tokens", totalTokens = "total_tokens"
    }
}

/// A row of `resource_metrics_ts`: one GPU's utilization for one minute.
public struct ResourceMetric: Codable, Sendable, Equatable {
    public var timestamp: Date
    public var customerID: UUID
    public var instanceID: String
    public var instanceType: String
    public var gpuIndex: UInt8
    public var gpuUtilization: Float
    public var gpuMemoryUsedMB: Float
    public var gpuMemoryTotalMB: Float
    public var gpuTemperature: Float
    public var cpuUtilization: Float
    public var memoryUsedGB: Float
    public var memoryTotalGB: Float
    public var networkRxMbps: Float
    public var networkTxMbps: Float

    public init(timestamp: Date, customerID: UUID, instanceID: String, instanceType: String, gpuIndex: UInt8, gpuUtilization: Float,
                gpuMemoryUsedMB: Float, gpuMemoryTotalMB: Float, gpuTemperature: Float, cpuUtilization: Float, memoryUsedGB: Float,
                memoryTotalGB: Float, networkRxMbps: Float, networkTxMbps: Float) {
        self.timestamp = timestamp
        self.customerID = customerID
        self.instanceID = instanceID
        self.instanceType = instanceType
        self.gpuIndex = gpuIndex
        self.gpuUtilization = gpuUtilization
        self.gpuMemoryUsedMB = gpuMemoryUsedMB
        self.gpuMemoryTotalMB = gpuMemoryTotalMB
        self.gpuTemperature = gpuTemperature
        self.cpuUtilization = cpuUtilization
        self.memoryUsedGB = memoryUsedGB
        self.memoryTotalGB = memoryTotalGB
        self.networkRxMbps = networkRxMbps
        self.networkTxMbps = networkTxMbps
    }

    enum CodingKeys: String, CodingKey {
        case timestamp
        case customerID = "customer_id", instanceID = "instance_id", instanceType = "instance_type", gpuIndex = "gpu_index"
        case gpuUtilization = "gpu_utilization", gpuMemoryUsedMB = "gpu_memory_used_mb", gpuMemoryTotalMB = "gpu_memory_total_mb"
        case gpuTemperature = "gpu_temperature", cpuUtilization = "cpu_utilization", memoryUsedGB = "memory_used_gb"
        case memoryTotalGB = "memory_total_gb", networkRxMbps = "network_rx_mbps", networkTxMbps = "network_tx_mbps"
    }
}

/// A row of `quality_metrics_ts`: the quality scores of one request.
public struct QualityMetric: Codable, Sendable, Equatable {
    public var timestamp: Date
    public var customerID: UUID
    public var serviceID: UUID
    public var requestID: UUID
    public var modelName: String
    public var relevanceScore: Float
    public var coherenceScore: Float
    public var factualityScore: Float
    public var hallucinationDetected: Bool
    public var toxicityScore: Float
    public var overallQualityScore: Float
    public var promptHash: String
    public var latencyMs: UInt32

    public init(timestamp: Date, customerID: UUID, serviceID: UUID, requestID: UUID, modelName: String, relevanceScore: Float,
                coherenceScore: Float, factualityScore: Float, hallucinationDetected: Bool, toxicityScore: Float,
                overallQualityScore: Float, promptHash: String, latencyMs: UInt32) {
        self.timestamp = timestamp
        self.customerID = customerID
        self.serviceID = serviceID
        self.requestID = requestID
        self.modelName = modelName
        self.relevanceScore = relevanceScore
        self.coherenceScore = coherenceScore
        self.factualityScore = factualityScore
        self.hallucinationDetected = hallucinationDetected
        self.toxicityScore = toxicityScore
        self.overallQualityScore = overallQualityScore
        self.promptHash = promptHash
        self.latencyMs = latencyMs
    }

    enum CodingKeys: String, CodingKey {
        case timestamp
        case customerID = "customer_id", serviceID = "service_id", requestID = "request_id", modelName = "model_name"
        case relevanceScore = "relevance_score", coherenceScore = "coherence_score", factualityScore = "factuality_score"
        case hallucinationDetected = "hallucination_detected", toxicityScore = "toxicity_score"
        case overallQualityScore = "overall_quality_score", promptHash = "prompt_hash", latencyMs = "latency_ms"
    }
}

/// Rows of a table as columns, in the table's column order: what a transport inserts (the
/// embedded store as typed columns, the HTTP interface as TabSeparated text). Timestamps lose
/// their fractions, as clickhouse-driver's do.
public struct MetricColumns: Sendable, Equatable {
    /// One column's values, typed as the table's column is.
    public enum Values: Sendable, Equatable {
        case dateTime([UInt32])
        case uuid([UUID])
        case string([String])
        case float64([Double])
        case float32([Float])
        case uint32([UInt32])
        case uint8([UInt8])
    }

    public struct Column: Sendable, Equatable {
        public let name: String
        public let values: Values
    }

    public let columns: [Column]
    public let rowCount: Int

    init(_ columns: [(String, Values)], rowCount: Int) {
        self.columns = columns.map { Column(name: $0.0, values: $0.1) }
        self.rowCount = rowCount
    }

    /// The rows as ClickHouse's TabSeparated text: shortest round-trip floats, lowercase UUIDs,
    /// `YYYY-MM-DD hh:mm:ss` UTC times, strings escaped.
    public var tabSeparated: String {
        var out = ""
        for row in 0..<rowCount {
            for (index, column) in columns.enumerated() {
                if index > 0 { out += "\t" }
                out += column.values.text(at: row)
            }
            out += "\n"
        }
        return out
    }

    static func seconds(_ dates: [Date]) -> Values {
        .dateTime(dates.map { UInt32(clamping: Int64($0.timeIntervalSince1970.rounded(.down))) })
    }

    static func flags(_ values: [Bool]) -> Values { .uint8(values.map { $0 ? 1 : 0 }) }

    init(_ rows: [CostMetric]) {
        self.init([
            ("timestamp", Self.seconds(rows.map(\.timestamp))), ("customer_id", .uuid(rows.map(\.customerID))),
            ("cloud_provider", .string(rows.map(\.cloudProvider))), ("service_name", .string(rows.map(\.serviceName))),
            ("instance_id", .string(rows.map(\.instanceID))), ("instance_type", .string(rows.map(\.instanceType))),
            ("region", .string(rows.map(\.region))), ("cost_per_hour", .float64(rows.map(\.costPerHour))),
            ("utilization_percent", .float32(rows.map(\.utilizationPercent))), ("is_spot", Self.flags(rows.map(\.isSpot))),
            ("is_reserved", Self.flags(rows.map(\.isReserved))),
        ], rowCount: rows.count)
    }

    init(_ rows: [PerformanceMetric]) {
        self.init([
            ("timestamp", Self.seconds(rows.map(\.timestamp))), ("customer_id", .uuid(rows.map(\.customerID))),
            ("service_id", .uuid(rows.map(\.serviceID))), ("service_type", .string(rows.map(\.serviceType))),
            ("model_name", .string(rows.map(\.modelName))), ("request_id", .uuid(rows.map(\.requestID))),
            ("latency_ms", .float32(rows.map(\.latencyMs))), ("throughput_tokens_per_sec", .float32(rows.map(\.throughputTokensPerSec))),
            ("gpu_utilization", .float32(rows.map(\.gpuUtilization))), ("kv_cache_utilization", .float32(rows.map(\.kvCacheUtilization))),
            ("batch_size", .uint32(rows.map(\.batchSize))), ("prompt_tokens", .uint32(rows.map(\.promptTokens))),
            ("completion_tokens", .uint32(rows.map(\.completionTokens))), ("total_tokens", .uint32(rows.map(\.totalTokens))),
        ], rowCount: rows.count)
    }

    init(_ rows: [ResourceMetric]) {
        self.init([
            ("timestamp", Self.seconds(rows.map(\.timestamp))), ("customer_id", .uuid(rows.map(\.customerID))),
            ("instance_id", .string(rows.map(\.instanceID))), ("instance_type", .string(rows.map(\.instanceType))),
            ("gpu_index", .uint8(rows.map(\.gpuIndex))), ("gpu_utilization", .float32(rows.map(\.gpuUtilization))),
            ("gpu_memory_used_mb", .float32(rows.map(\.gpuMemoryUsedMB))), ("gpu_memory_total_mb", .float32(rows.map(\.gpuMemoryTotalMB))),
            ("gpu_temperature", .float32(rows.map(\.gpuTemperature))), ("cpu_utilization", .float32(rows.map(\.cpuUtilization))),
            ("memory_used_gb", .float32(rows.map(\.memoryUsedGB))), ("memory_total_gb", .float32(rows.map(\.memoryTotalGB))),
            ("network_rx_mbps", .float32(rows.map(\.networkRxMbps))), ("network_tx_mbps", .float32(rows.map(\.networkTxMbps))),
        ], rowCount: rows.count)
    }

    init(_ rows: [QualityMetric]) {
        self.init([
            ("timestamp", Self.seconds(rows.map(\.timestamp))), ("customer_id", .uuid(rows.map(\.customerID))),
            ("service_id", .uuid(rows.map(\.serviceID))), ("request_id", .uuid(rows.map(\.requestID))),
            ("model_name", .string(rows.map(\.modelName))), ("relevance_score", .float32(rows.map(\.relevanceScore))),
            ("coherence_score", .float32(rows.map(\.coherenceScore))), ("factuality_score", .float32(rows.map(\.factualityScore))),
            ("hallucination_detected", Self.flags(rows.map(\.hallucinationDetected))), ("toxicity_score", .float32(rows.map(\.toxicityScore))),
            ("overall_quality_score", .float32(rows.map(\.overallQualityScore))), ("prompt_hash", .string(rows.map(\.promptHash))),
            ("latency_ms", .uint32(rows.map(\.latencyMs))),
        ], rowCount: rows.count)
    }
}

extension MetricColumns.Values {
    /// Value `row` as TabSeparated text.
    func text(at row: Int) -> String {
        switch self {
        case .dateTime(let v): UTCTime.format(v[row])
        case .uuid(let v): v[row].uuidString.lowercased()
        case .string(let v): Self.escaped(v[row])
        // Swift's description is the shortest text that reads back as the same value (`inf`,
        // `nan` and exponents as ClickHouse reads them).
        case .float64(let v): v[row].description
        case .float32(let v): v[row].description
        case .uint32(let v): String(v[row])
        case .uint8(let v): String(v[row])
        }
    }

    /// TabSeparated's escapes: backslash, tab, newline, carriage return, NUL, backspace, form feed.
    private static func escaped(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 92 || $0 < 32 }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\0": out += "\\0"
            case "\u{8}": out += "\\b"
            case "\u{C}": out += "\\f"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
