import Foundation

/// The records of the write-ahead log (byte layout in `docs/format/log.md`).
///
/// A segment is an 8-byte header followed by records, each framed as
/// `UInt32 payload length, UInt32 CRC-32C of the payload, payload`. A payload starts with a kind
/// byte. A *schema* record (kind 1) names a table and its columns once per segment, under a
/// number; a *rows* record (kind 2) refers to that number and carries the rows in the column
/// serialization of part files. Every segment is self-contained: it can be replayed without
/// the segments before it.
enum LogRecord: Equatable {
    case schema(id: UInt32, LogSchema)
    case rows(schemaID: UInt32, Batch)

    static let segmentHeader = Array("EHLOG01\n".utf8)
    static let frameSize = 8

    enum Kind: UInt8 {
        case schema = 1
        case rows = 2
    }

    /// The framed bytes of the record.
    func encoded() -> [UInt8] {
        var out = ByteWriter()
        append(to: &out)
        return out.bytes
    }

    /// Appends the framed record to `out`: built in place, as this runs once per buffered insert.
    func append(to out: inout ByteWriter) {
        let start = out.bytes.count
        out.append(UInt64(0))  // length and checksum, filled in below
        switch self {
        case .schema(let id, let schema):
            out.append(Kind.schema.rawValue)
            out.append(id)
            // A schema record is written once per table per segment; JSON keeps it readable.
            out.append(contentsOf: try! JSONEncoder().encode(schema))
        case .rows(let schemaID, let batch):
            out.append(Kind.rows.rawValue)
            out.append(schemaID)
            out.append(UInt32(batch.rowCount))
            for column in batch.columns {
                let lengthAt = out.bytes.count
                out.append(UInt32(0))
                ColumnSerialization.append(column, to: &out.bytes)
                out.overwrite(UInt32(out.bytes.count - lengthAt - 4), at: lengthAt)
            }
        }
        let payload = start + Self.frameSize
        out.overwrite(UInt32(out.bytes.count - payload), at: start)
        out.overwrite(CRC32C.checksum(out.bytes[payload...]), at: start + 4)
    }

    /// Reads the records of one segment, stopping at the first record that is incomplete or
    /// fails its checksum: the tail an interrupted write left behind.
    ///
    /// - Returns: the intact records, and the number of bytes after them that were discarded.
    static func decodeSegment(_ bytes: [UInt8]) -> (records: [LogRecord], discardedBytes: Int) {
        guard bytes.starts(with: segmentHeader) else { return ([], bytes.count) }
        var reader = ByteReader(bytes[segmentHeader.count...])
        var records = [LogRecord]()
        var schemas = [UInt32: LogSchema]()
        while !reader.isAtEnd {
            let start = reader.position
            do throws(CodecError) {
                let length = Int(try reader.read(UInt32.self))
                let checksum = try reader.read(UInt32.self)
                let payload = try reader.read(count: length)
                let actual = CRC32C.checksum(payload)
                guard actual == checksum else { throw .checksumMismatch(expected: checksum, actual: actual) }
                let record = try decodePayload(payload, schemas: schemas)
                if case .schema(let id, let schema) = record { schemas[id] = schema }
                records.append(record)
            } catch {
                return (records, bytes.count - start)
            }
        }
        return (records, 0)
    }

    private static func decodePayload(_ payload: ArraySlice<UInt8>, schemas: [UInt32: LogSchema]) throws(CodecError) -> LogRecord {
        var reader = ByteReader(payload)
        switch Kind(rawValue: try reader.read(UInt8.self)) {
        case .schema:
            let id = try reader.read(UInt32.self)
            guard let schema = try? JSONDecoder().decode(LogSchema.self, from: Data(try reader.read(count: reader.remaining))) else {
                throw .corruptPayload("log schema record is not valid JSON")
            }
            return .schema(id: id, schema)
        case .rows:
            let schemaID = try reader.read(UInt32.self)
            guard let schema = schemas[schemaID] else { throw .corruptPayload("rows of unknown schema \(schemaID)") }
            let rowCount = Int(try reader.read(UInt32.self))
            var columns = [(String, ColumnValues)]()
            for column in schema.columns {
                let length = Int(try reader.read(UInt32.self))
                columns.append((column.name, try ColumnSerialization.decode(column.type, count: rowCount, from: try reader.read(count: length))))
            }
            guard reader.isAtEnd else { throw .sizeMismatch(expected: reader.position, actual: payload.endIndex) }
            return .rows(schemaID: schemaID, Batch(columns))
        case nil:
            throw .corruptPayload("unknown log record kind")
        }
    }
}

/// The table and columns that the rows records of a segment refer to.
struct LogSchema: Codable, Equatable {
    var table: TableName
    var columns: [ColumnDefinition]
}
