import EdgeHouse
import Foundation
import OptiInfraMetricsCore
import OptiInfraSchema

/// The in-process transport: SQL runs in the embedded engine; inserts go straight into the
/// store as columns (no text round trip).
public struct EmbeddedTransport: MetricsTransport {
    public let store: Store
    public let database: String
    /// Inserts go through the store's insert log (``Store/insertBuffered(_:into:)``), as
    /// ClickHouse's `async_insert = 1` does: for agents that insert a few rows at a time. They
    /// reach queries when the buffer is flushed.
    public let buffered: Bool

    public init(store: Store, database: String = OptiInfraSchema.database, buffered: Bool = false) {
        self.store = store
        self.database = database
        self.buffered = buffered
    }

    public func execute(_ sql: String) async throws(MetricsError) -> String {
        do {
            // Before the schema creates the database, statements run in `default`.
            let session = (try? SQLSession(store: store, database: database)) ?? SQLSession(store: store)
            var output = [UInt8]()
            for result in try session.execute(sql) {
                if let rows = result.rows { output += try SQLSession.render(rows, format: result.format ?? "TSV") }
            }
            return String(decoding: output, as: UTF8.self)
        } catch {
            throw .server(code: error.code, message: error.message)
        }
    }

    public func insert(_ rows: MetricColumns, into table: String) async throws(MetricsError) -> Int {
        try await insert(Batch(rows), into: table)
    }

    /// Inserts a batch of the table's columns as they are (the demo's generated rows).
    public func insert(_ rows: Batch, into table: String) async throws(MetricsError) -> Int {
        do {
            let name = TableName(database, table)
            if buffered { try store.insertBuffered(rows, into: name) } else { try store.insert(rows, into: name) }
            return rows.rowCount
        } catch {
            throw .server(code: error.code.rawValue, message: error.message)
        }
    }
}

extension Batch {
    /// The engine's columns of the client's rows.
    init(_ rows: MetricColumns) {
        self.init(rows.columns.map { column in
            let values: ColumnValues = switch column.values {
            case .dateTime(let v): .dateTime(v)
            case .uuid(let v): .uuid(v.map(UUIDValue.init))
            case .string(let v): .string(StringColumn(v))
            case .float64(let v): .float64(v)
            case .float32(let v): .float32(v)
            case .uint32(let v): .uint32(v)
            case .uint8(let v): .uint8(v)
            }
            return (column.name, values)
        })
    }
}
