#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
import EdgeHouse
import OptiInfraSchema

/// A seeded fleet of edge agents producing all four OptiInfra streams, hour by hour: LLM
/// requests (`performance_metrics_ts`), a quality score for a sample of them, GPU/CPU
/// utilization per minute per GPU, and cost per instance per hour.
public struct OptiInfraFleet: Sendable {
    struct Instance: Sendable {
        var customer: UUIDValue
        var id: String
        var type: String
        var provider: String
        var region: String
        var costPerHour: Double
        var gpus: Int
        var utilization: Double
    }

    private var requests: PerformanceWorkload
    private var instances: [Instance]
    private var random: SplitMix64
    private let requestsPerSecond: Int

    public init(seed: UInt64, customers: Int = 4, requestsPerSecond: Int = 12, start: UInt32) {
        requests = PerformanceWorkload(seed: seed, customers: customers, servicesPerCustomer: 3, start: start, rowsPerSecond: requestsPerSecond)
        random = SplitMix64(seed: seed ^ 0x5EED)
        self.requestsPerSecond = requestsPerSecond
        let types = [("p4d.24xlarge", "aws", "us-east-1", 32.77, 8), ("a2-highgpu-4g", "gcp", "us-central1", 14.69, 4),
                     ("Standard_NC24ads_A100_v4", "azure", "eastus", 3.67, 1)]
        let customerIDs = Array(Set(requests.services.map(\.customer))).sorted()
        instances = customerIDs.enumerated().flatMap { index, customer in
            (0..<2).map { n in
                let type = types[(index + n) % types.count]
                return Instance(customer: customer, id: "i-\(String(index * 10 + n, radix: 16))\(String(customer.low % 0xFFFF, radix: 16))",
                                type: type.0, provider: type.1, region: type.2, costPerHour: type.3, gpus: type.4, utilization: 60)
            }
        }
    }

    /// Every (customer, service) pair that sends requests.
    public var services: [(customer: UUIDValue, service: UUIDValue)] { requests.services.map { ($0.customer, $0.id) } }

    /// Every (customer, instance) pair that reports resources and costs.
    public var instanceIDs: [(customer: UUIDValue, instance: String)] { instances.map { ($0.customer, $0.id) } }

    /// The four batches of the hour that starts at `hour`.
    public mutating func hour(_ hour: UInt32) -> [(TableName, Batch)] {
        let performance = requests.nextBatch(rows: requestsPerSecond * 3600)
        return [
            (OptiInfraSchema.performanceMetrics, performance),
            (OptiInfraSchema.qualityMetrics, quality(for: performance)),
            (OptiInfraSchema.resourceMetrics, resources(hour)),
            (OptiInfraSchema.costMetrics, costs(hour)),
        ]
    }

    /// A quality score for one request in ten.
    private mutating func quality(for requests: Batch) -> Batch {
        guard case .dateTime(let times) = requests.column(named: "timestamp")!, case .uuid(let customers) = requests.column(named: "customer_id")!,
              case .uuid(let services) = requests.column(named: "service_id")!, case .uuid(let ids) = requests.column(named: "request_id")!,
              case .string(let models) = requests.column(named: "model_name")!, case .float32(let latency) = requests.column(named: "latency_ms")! else {
            preconditionFailure("performance batch without its columns")
        }
        let sample = stride(from: 0, to: times.count, by: 10).map { $0 }
        var scores: [[Float]] = Array(repeating: [], count: 5)
        var hallucinated = [UInt8](), hashes = StringColumn()
        for _ in sample {
            for k in 0..<5 { scores[k].append(Float(min(1, max(0, 0.8 + 0.1 * random.normal())))) }
            hallucinated.append(random.unit() < 0.04 ? 1 : 0)
            hashes.append(String(random.next() % 512, radix: 16))
        }
        return Batch([
            ("timestamp", .dateTime(sample.map { times[$0] })), ("customer_id", .uuid(sample.map { customers[$0] })),
            ("service_id", .uuid(sample.map { services[$0] })), ("request_id", .uuid(sample.map { ids[$0] })),
            ("model_name", .string(models.gathering(sample.map { Int32($0) }))),
            ("relevance_score", .float32(scores[0])), ("coherence_score", .float32(scores[1])),
            ("factuality_score", .float32(scores[2])), ("hallucination_detected", .uint8(hallucinated)),
            ("toxicity_score", .float32(scores[3].map { 1 - $0 })), ("overall_quality_score", .float32(scores[4])),
            ("prompt_hash", .string(hashes)), ("latency_ms", .uint32(sample.map { UInt32(latency[$0]) })),
        ])
    }

    /// One sample per minute per GPU.
    private mutating func resources(_ hour: UInt32) -> Batch {
        var times = [UInt32](), customers = [UUIDValue](), ids = StringColumn(), types = StringColumn(), gpuIndex = [UInt8]()
        var floats: [[Float]] = Array(repeating: [], count: 9)
        for minute in 0..<60 {
            for i in instances.indices {
                instances[i].utilization = min(100, max(0, instances[i].utilization + 3 * random.normal()))
                for gpu in 0..<instances[i].gpus {
                    times.append(hour + UInt32(minute * 60))
                    customers.append(instances[i].customer)
                    ids.append(instances[i].id)
                    types.append(instances[i].type)
                    gpuIndex.append(UInt8(gpu))
                    let utilization = min(100, max(0, instances[i].utilization + 5 * random.normal()))
                    let values = [utilization, 80_000 * utilization / 100, 81_920, 40 + utilization / 3, 30 + 20 * random.unit(),
                                  200 + 100 * random.unit(), 1024, 100 * random.unit(), 100 * random.unit()]
                    for (k, v) in values.enumerated() { floats[k].append(Float(v)) }
                }
            }
        }
        let names = ["gpu_utilization", "gpu_memory_used_mb", "gpu_memory_total_mb", "gpu_temperature", "cpu_utilization",
                     "memory_used_gb", "memory_total_gb", "network_rx_mbps", "network_tx_mbps"]
        return Batch([("timestamp", .dateTime(times)), ("customer_id", .uuid(customers)), ("instance_id", .string(ids)),
                      ("instance_type", .string(types)), ("gpu_index", .uint8(gpuIndex))]
                     + zip(names, floats).map { ($0, .float32($1)) })
    }

    /// One cost row per instance.
    private mutating func costs(_ hour: UInt32) -> Batch {
        Batch([
            ("timestamp", .dateTime(instances.map { _ in hour })), ("customer_id", .uuid(instances.map(\.customer))),
            ("cloud_provider", .string(StringColumn(instances.map(\.provider)))),
            ("service_name", .string(StringColumn(instances.map { $0.provider == "aws" ? "ec2" : $0.provider == "gcp" ? "compute-engine" : "vm" }))),
            ("instance_id", .string(StringColumn(instances.map(\.id)))), ("instance_type", .string(StringColumn(instances.map(\.type)))),
            ("region", .string(StringColumn(instances.map(\.region)))), ("cost_per_hour", .float64(instances.map(\.costPerHour))),
            ("utilization_percent", .float32(instances.map { Float($0.utilization) })),
            ("is_spot", .uint8(instances.map { $0.provider == "gcp" ? 1 : 0 })), ("is_reserved", .uint8(instances.map { $0.provider == "aws" ? 1 : 0 })),
        ])
    }
}
