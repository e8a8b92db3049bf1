import EdgeHouse
import Foundation
import OptiInfraSchema

extension MetricsClient {
    // MARK: - Configuration

    /// A client configured from the environment, as the seed's client is:
    /// - `EDGEHOUSE_BACKEND`: `embedded` (default) or `clickhouse`;
    /// - embedded: `EDGEHOUSE_PATH` (default `edgehouse-data`), the store's directory;
    /// - clickhouse: `CLICKHOUSE_HOST` (localhost), `CLICKHOUSE_PORT` (8123, HTTP),
    ///   `CLICKHOUSE_DB` (optiinfra), `CLICKHOUSE_USER` (default), `CLICKHOUSE_PASSWORD` (empty).
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> MetricsClient {
        let database = environment["CLICKHOUSE_DB"] ?? MetricsClient.defaultDatabase
        switch environment["EDGEHOUSE_BACKEND"] ?? "embedded" {
        case "clickhouse":
            return MetricsClient(transport: HTTPTransport(
                host: environment["CLICKHOUSE_HOST"] ?? "localhost", port: Int(environment["CLICKHOUSE_PORT"] ?? "") ?? 8123,
                database: database, user: environment["CLICKHOUSE_USER"] ?? "default", password: environment["CLICKHOUSE_PASSWORD"] ?? ""))
        case "embedded":
            let store = try Store.open(path: environment["EDGEHOUSE_PATH"] ?? "edgehouse-data")
            try OptiInfraSchema.install(in: store)
            return MetricsClient(transport: EmbeddedTransport(store: store, database: database))
        case let other:
            throw MetricsError.transport("unknown EDGEHOUSE_BACKEND \(other) (embedded or clickhouse)")
        }
    }

    private static let sharedClient = Locked<MetricsClient?>(nil)

    /// The process-wide client from the environment, created on first use (the seed's
    /// `get_clickhouse_client()`).
    public static func shared() throws -> MetricsClient {
        try sharedClient.withLock { client in
            if let client { return client }
            let created = try fromEnvironment()
            client = created
            return created
        }
    }
}
