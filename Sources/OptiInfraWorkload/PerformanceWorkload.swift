#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
import EdgeHouse

/// Realistic, seeded `performance_metrics_ts` rows: a fleet of customers and LLM services,
/// requests arriving in time order, lognormal latencies, utilization that drifts as a random
/// walk. Builds columns directly (no per-row objects), so generating stays cheap next to the
/// insert being measured.
public struct PerformanceWorkload: Sendable {
    public struct Service: Sendable {
        public var customer: UUIDValue
        public var id: UUIDValue
        public var type: String
        public var model: String
        var gpuUtilization: Double
        var medianLatency: Double
    }

    public private(set) var services: [Service]
    private var random: SplitMix64
    /// The timestamp of the next row.
    public private(set) var clock: UInt32
    private let rowsPerSecond: Int
    private var rowInSecond = 0

    /// - Parameters:
    ///   - start: timestamp of the first row (DateTime seconds).
    ///   - rowsPerSecond: requests per second across the fleet; sets how fast time advances.
    public init(seed: UInt64, customers: Int = 4, servicesPerCustomer: Int = 3, start: UInt32, rowsPerSecond: Int = 1000) {
        var random = SplitMix64(seed: seed)
        let types = ["vllm", "tgi", "sglang"]
        let models = ["gpt-4", "llama-2-70b", "mistral-7b", "mixtral-8x7b"]
        var services = [Service]()
        for _ in 0..<customers {
            let customer = random.uuid()
            for _ in 0..<servicesPerCustomer {
                services.append(Service(customer: customer, id: random.uuid(),
                                        type: types[Int(random.next() % UInt64(types.count))],
                                        model: models[Int(random.next() % UInt64(models.count))],
                                        gpuUtilization: 40 + random.unit() * 40,
                                        medianLatency: 120 + random.unit() * 400))
            }
        }
        self.services = services
        self.random = random
        clock = start
        self.rowsPerSecond = max(1, rowsPerSecond)
    }

    /// The next `rows` requests, in arrival order, as a batch with all 14 columns.
    public mutating func nextBatch(rows: Int) -> Batch {
        var timestamps = [UInt32](), customers = [UUIDValue](), serviceIDs = [UUIDValue](), requests = [UUIDValue]()
        var types = StringColumn(), models = StringColumn()
        var latency = [Float](), throughput = [Float](), gpu = [Float](), kvCache = [Float]()
        var batchSize = [UInt32](), prompt = [UInt32](), completion = [UInt32](), total = [UInt32]()
        do {
            timestamps.reserveCapacity(rows); customers.reserveCapacity(rows); serviceIDs.reserveCapacity(rows)
            requests.reserveCapacity(rows); latency.reserveCapacity(rows); throughput.reserveCapacity(rows)
            gpu.reserveCapacity(rows); kvCache.reserveCapacity(rows); batchSize.reserveCapacity(rows)
            prompt.reserveCapacity(rows); completion.reserveCapacity(rows); total.reserveCapacity(rows)
        }
        for _ in 0..<rows {
            let s = Int(random.next() % UInt64(services.count))
            services[s].gpuUtilization = min(100, max(0, services[s].gpuUtilization + random.normal() * 0.5))
            let service = services[s]
            timestamps.append(clock)
            rowInSecond += 1
            if rowInSecond == rowsPerSecond {
                rowInSecond = 0
                clock &+= 1
            }
            customers.append(service.customer)
            serviceIDs.append(service.id)
            types.append(service.type)
            models.append(service.model)
            requests.append(random.uuid())
            latency.append(Float(service.medianLatency * exp(0.45 * random.normal())))
            throughput.append(Float(max(1, 80 + 20 * random.normal())))
            gpu.append(Float(service.gpuUtilization))
            kvCache.append(Float(random.unit()))
            batchSize.append(UInt32(1 + random.next() % 64))
            let promptTokens = UInt32(min(8000, exp(5.5 + 0.8 * random.normal())))
            let completionTokens = UInt32(min(4000, exp(4.8 + 0.7 * random.normal())))
            prompt.append(promptTokens)
            completion.append(completionTokens)
            total.append(promptTokens + completionTokens)
        }
        return Batch([
            ("timestamp", .dateTime(timestamps)), ("customer_id", .uuid(customers)), ("service_id", .uuid(serviceIDs)),
            ("service_type", .string(types)), ("model_name", .string(models)), ("request_id", .uuid(requests)),
            ("latency_ms", .float32(latency)), ("throughput_tokens_per_sec", .float32(throughput)),
            ("gpu_utilization", .float32(gpu)), ("kv_cache_utilization", .float32(kvCache)),
            ("batch_size", .uint32(batchSize)), ("prompt_tokens", .uint32(prompt)),
            ("completion_tokens", .uint32(completion)), ("total_tokens", .uint32(total)),
        ])
    }
}
