import EdgeHouse
import EdgeHouseServer
import Foundation
@testable import OptiInfraMetrics
@testable import OptiInfraMetricsCore
@testable import OptiInfraMetricsHTTP
import Testing
import OptiInfraWorkload

/// One contract, three backends: the same inserts and queries through the embedded store,
/// through a real ClickHouse server (Debian's 18.16, which `.ci/run` starts and names in
/// `EDGEHOUSE_CLICKHOUSE_PORT`) and through `edgehouse server` must give equal answers.
@Suite(.serialized) struct ContractTests {
    static let now = Date(timeIntervalSince1970: TimeInterval(DateTime.parse("2026-11-25 12:00:00")!))
    static let customer = UUID(uuidString: "123E4567-E89B-12D3-A456-426614174000")!
    static let otherCustomer = UUID(uuidString: "00000000-0000-0000-0000-000000000001")!
    static let services = [UUID(uuidString: "456E7890-E89B-12D3-A456-426614174000")!, UUID(uuidString: "A0000000-0000-0000-0000-000000000002")!]

    static var schema: String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("schema/init.sql")
        return try! String(contentsOf: url, encoding: .utf8)
    }

    /// Seeded rows in three inserts over the 30 hours before `now`; values are multiples of 1/4,
    /// so sums are exact whatever order a backend adds them in.
    struct Dataset {
        var performance: [[PerformanceMetric]] = []
        var resources: [[ResourceMetric]] = []
        var quality: [[QualityMetric]] = []
        var costs: [[CostMetric]] = []

        init() {
            var random = SplitMix64(seed: 5)
            func quarter(_ range: Double) -> Float { Float((random.unit() * range * 4).rounded() / 4) }
            func time() -> Date { ContractTests.now.addingTimeInterval(-Double(random.next() % (30 * 3600)) - 1) }
            for batch in 0..<3 {
                performance.append((0..<400).map { i in
                    let service = ContractTests.services[Int(random.next() % 2)]
                    return PerformanceMetric(timestamp: time(), customerID: i % 7 == 0 ? ContractTests.otherCustomer : ContractTests.customer,
                                             serviceID: service, serviceType: service == ContractTests.services[0] ? "vllm" : "tgi",
                                             modelName: "llama-2-70b", requestID: UUID(), latencyMs: 50 + quarter(800),
                                             throughputTokensPerSec: quarter(120), gpuUtilization: quarter(100), kvCacheUtilization: quarter(1),
                                             batchSize: UInt32(1 + random.next() % 32), promptTokens: 100, completionTokens: 50, totalTokens: 150)
                })
                resources.append((0..<120).map { _ in
                    ResourceMetric(timestamp: time(), customerID: ContractTests.customer, instanceID: random.next() % 2 == 0 ? "i-1" : "i-2",
                                   instanceType: "p4d.24xlarge", gpuIndex: UInt8(random.next() % 8), gpuUtilization: quarter(100),
                                   gpuMemoryUsedMB: quarter(80_000), gpuMemoryTotalMB: 81_920, gpuTemperature: quarter(90),
                                   cpuUtilization: quarter(100), memoryUsedGB: quarter(500), memoryTotalGB: 1024,
                                   networkRxMbps: quarter(900), networkTxMbps: quarter(900))
                })
                quality.append((0..<150).map { _ in
                    QualityMetric(timestamp: time(), customerID: ContractTests.customer, serviceID: ContractTests.services[Int(random.next() % 2)],
                                  requestID: UUID(), modelName: "llama-2-70b", relevanceScore: quarter(1), coherenceScore: quarter(1),
                                  factualityScore: quarter(1), hallucinationDetected: random.next() % 10 == 0, toxicityScore: quarter(1),
                                  overallQualityScore: quarter(1), promptHash: "h\(batch)", latencyMs: UInt32(random.next() % 900))
                })
                costs.append((0..<12).map { i in
                    CostMetric(timestamp: time(), customerID: ContractTests.customer, cloudProvider: i % 3 == 0 ? "gcp" : "aws",
                               serviceName: i % 3 == 0 ? "compute-engine" : (i % 2 == 0 ? "ec2" : "s3"), instanceID: "i-\(i)",
                               instanceType: "m5.xlarge", region: "us-east-1", costPerHour: Double(quarter(40)), utilizationPercent: quarter(100),
                               isSpot: i % 4 == 0, isReserved: i % 5 == 0)
                })
            }
        }
    }

    /// Everything the contract compares.
    struct Answers: Equatable {
        var ping = false
        var inserted = [Int]()
        var costs = [CostHourly]()
        var awsCosts = [CostHourly]()
        var performance = [PerformanceSummary]()
        var resources = [ResourceUtilization]()
        var quality = [[QualityTrend]]()
    }

    static func run(_ client: MetricsClient, _ data: Dataset) async throws -> Answers {
        var answers = Answers()
        answers.ping = await client.ping()
        for batch in 0..<3 {
            answers.inserted.append(try await client.insertPerformanceMetrics(data.performance[batch]))
            answers.inserted.append(try await client.insertResourceMetrics(data.resources[batch]))
            answers.inserted.append(try await client.insertQualityMetrics(data.quality[batch]))
            answers.inserted.append(try await client.insertCostMetrics(data.costs[batch]))
        }
        answers.inserted.append(try await client.insertCostMetrics([]))
        answers.costs = try await client.queryCostHourly(customerID: customer, start: now.addingTimeInterval(-24 * 3600), end: now)
        answers.awsCosts = try await client.queryCostHourly(customerID: customer, start: now.addingTimeInterval(-48 * 3600), end: now, cloudProvider: "aws")
        for service in services + [UUID()] {
            for hours in [1, 24, 48] { answers.performance.append(try await client.queryPerformanceP95(customerID: customer, serviceID: service, hours: hours)) }
        }
        for instance in ["i-1", "i-2", "nope"] {
            answers.resources.append(try await client.queryResourceUtilization(customerID: customer, instanceID: instance, hours: 24))
        }
        for service in services { answers.quality.append(try await client.queryQualityTrends(customerID: customer, serviceID: service, hours: 48)) }
        return answers
    }

    static func embeddedAnswers() async throws -> Answers {
        var options = StoreOptions()
        options.backgroundMaintenance = false
        let client = MetricsClient(transport: EmbeddedTransport(store: Store.inMemory(options: options)), clock: { now })
        try await client.applySchema(schema)
        return try await run(client, Dataset())
    }

    @Test func theEmbeddedBackendAnswersTheContract() async throws {
        let data = Dataset()
        let answers = try await Self.embeddedAnswers()
        #expect(answers.ping)
        #expect(answers.inserted == [400, 120, 150, 12, 400, 120, 150, 12, 400, 120, 150, 12, 0])
        // Counts are exact, from the raw rows.
        let start48 = Self.now.addingTimeInterval(-48 * 3600)
        for (index, service) in Self.services.enumerated() {
            let rows = data.performance.joined().filter { $0.customerID == Self.customer && $0.serviceID == service }
            func hourOf(_ date: Date) -> Date { Date(timeIntervalSince1970: TimeInterval(DateTime.startOfHour(UInt32(date.timeIntervalSince1970)))) }
            let inWindow = rows.filter { hourOf($0.timestamp) >= start48 && hourOf($0.timestamp) < Self.now }
            let summary = answers.performance[index * 3 + 2]
            #expect(summary.totalRequests == UInt64(inWindow.count))
            let latencies = inWindow.map { Double($0.latencyMs) }
            #expect(abs(summary.avgLatencyMs - latencies.reduce(0, +) / Double(latencies.count)) < 1e-9)
            let sorted = latencies.sorted()
            let index95 = 0.95 * Double(sorted.count - 1)
            let expected95 = sorted[Int(index95)] * (Double(Int(index95) + 1) - index95) + sorted[Int(index95) + 1] * (index95 - Double(Int(index95)))
            #expect(summary.p95LatencyMs == expected95)
        }
        // An unknown service: ClickHouse's answer to an empty window.
        #expect(answers.performance[6].isEmpty && answers.performance[6].avgLatencyMs.isNaN && answers.performance[6].p95LatencyMs.isNaN)
        #expect(answers.resources[2] == ResourceUtilization(avgGPUUtilization: .nan, maxGPUUtilization: 0, avgGPUMemoryMB: .nan, avgCPUUtilization: .nan, sampleCount: 0))
        let costRows = data.costs.joined().filter { Date(timeIntervalSince1970: TimeInterval(DateTime.startOfHour(UInt32($0.timestamp.timeIntervalSince1970)))) >= Self.now.addingTimeInterval(-24 * 3600) }
        #expect(answers.costs.reduce(0) { $0 + $1.sampleCount } == UInt64(costRows.count))
        #expect(answers.costs.map(\.hour) == answers.costs.map(\.hour).sorted())
        #expect(answers.awsCosts.allSatisfy { $0.cloudProvider == "aws" } && !answers.awsCosts.isEmpty)
        #expect(answers.quality.allSatisfy { !$0.isEmpty })
        #expect(answers.quality.joined().reduce(0) { $0 + $1.totalRequests } == UInt64(data.quality.joined().count))
    }

    /// Row-at-a-time inserts through the insert log are invisible until the buffer is flushed,
    /// then answer as batch inserts of the same rows do.
    @Test func bufferedInsertsAnswerTheSameOnceFlushed() async throws {
        var options = StoreOptions()
        options.backgroundMaintenance = false
        let store = Store.inMemory(options: options)
        let client = MetricsClient(transport: EmbeddedTransport(store: store, buffered: true), clock: { Self.now })
        try await client.applySchema(Self.schema)
        let data = Dataset()
        for row in data.performance.joined() { #expect(try await client.insertPerformanceMetrics([row]) == 1) }
        let service = Self.services[0]
        #expect(try await client.queryPerformanceP95(customerID: Self.customer, serviceID: service, hours: 48).isEmpty)
        try store.flushInsertBuffer()
        let buffered = try await client.queryPerformanceP95(customerID: Self.customer, serviceID: service, hours: 48)
        let direct = try await Self.embeddedAnswers().performance[2]
        #expect(buffered.totalRequests == direct.totalRequests && buffered.totalRequests > 0)
        #expect(buffered.p95LatencyMs == direct.p95LatencyMs)
        #expect(abs(buffered.avgLatencyMs - direct.avgLatencyMs) < 1e-9 * direct.avgLatencyMs)
    }

    /// The ClickHouse server `.ci/run` starts; without one this test is skipped, and says why.
    static let serverPort = ProcessInfo.processInfo.environment["EDGEHOUSE_CLICKHOUSE_PORT"].flatMap(Int.init)

    @Test(.enabled(if: serverPort != nil, "no ClickHouse server: set EDGEHOUSE_CLICKHOUSE_PORT (scripts/test starts Debian's clickhouse-server 18.16)"))
    func aClickHouseServerGivesTheSameAnswers() async throws {
        let database = "contract_\(UInt32.random(in: 0..<UInt32.max))"
        try await Self.expectEmbeddedAnswers(from: HTTPTransport(host: "127.0.0.1", port: Self.serverPort!, database: database,
                                                                 settings: ["max_threads": "1"]), database: database)
    }

    /// The third backend: `edgehouse server` (in process, on a free port) through the same HTTP client.
    @Test func edgehouseServerGivesTheSameAnswers() async throws {
        var options = StoreOptions()
        options.backgroundMaintenance = false
        var configuration = ServerConfiguration()
        configuration.tcpPort = nil
        configuration.httpPort = 0
        let server = try await EdgeHouseServer.start(store: Store.inMemory(options: options), configuration: configuration)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.serve() }
            defer { server.shutdown() }
            let transport = HTTPTransport(host: "127.0.0.1", port: server.httpPort!, database: "contract", settings: ["max_threads": "1"])
            try await Self.expectEmbeddedAnswers(from: transport, database: "contract")
        }
    }

    /// Runs the contract through `transport` in a new `database` (dropped afterwards) and expects
    /// the embedded store's answers, errors included.
    static func expectEmbeddedAnswers(from transport: HTTPTransport, database: String) async throws {
        let client = MetricsClient(transport: transport, clock: { Self.now })
        try await client.applySchema(Self.schema.replacingOccurrences(of: "optiinfra", with: database))
        let server = try await Self.run(client, Dataset())
        // Errors come back with ClickHouse's code from either backend.
        let serverError = await #expect(throws: MetricsError.self) { _ = try await transport.execute("SELECT * FROM nope_table") }
        _ = try? await transport.execute("DROP DATABASE \(database)")
        let embedded = try await Self.embeddedAnswers()
        #expect(server.ping && server.inserted == embedded.inserted)
        #expect(server.costs == embedded.costs)
        #expect(server.awsCosts == embedded.awsCosts)
        #expect(server.performance == embedded.performance)
        #expect(server.resources == embedded.resources)
        #expect(server.quality == embedded.quality)
        let embeddedError = await #expect(throws: MetricsError.self) {
            _ = try await EmbeddedTransport(store: Store.inMemory()).execute("SELECT * FROM nope_table")
        }
        #expect(serverError?.code == 60 && embeddedError?.code == 60)
    }

    @Test func httpErrorBodiesOfBothVersionsParse() {
        #expect(HTTPTransport.serverError("Code: 60, e.displayText() = DB::Exception: Table x.y doesn't exist., e.what() = DB::Exception\n", status: 404)
                == .server(code: 60, message: "Table x.y doesn't exist."))
        #expect(HTTPTransport.serverError("Code: 60. DB::Exception: Table x.y does not exist. (UNKNOWN_TABLE) (version 26.9.2.1)\n", status: 404)
                == .server(code: 60, message: "Table x.y does not exist. (UNKNOWN_TABLE) (version 26.9.2.1)"))
    }

    @Test func literalsAreEscapedAsClickHouseDriverEscapesThem() {
        #expect(MetricsSQL.literal("it's a \\ test") == "'it\\'s a \\\\ test'")
        #expect(MetricsSQL.literal(Self.now) == "'2026-11-25 12:00:00'")
        #expect(MetricsSQL.literal(Self.customer) == "'123e4567-e89b-12d3-a456-426614174000'")
        #expect(MetricsSQL.statements("CREATE DATABASE a; -- c;\nSELECT ';';\n") == ["CREATE DATABASE a", "SELECT ';'"])
    }
}
