/// Everything the storage engine can fail with. Each case maps to a ClickHouse code and a
/// message in ClickHouse's wording where ClickHouse has one.
public enum StorageError: Error, Equatable, Sendable, CustomStringConvertible {
    case io(IOError)
    /// A file of a part could not be decoded; names the part directory and file.
    case corruptPart(part: String, file: String, reason: String)
    /// A file of a part, or a compressed block in it, failed its checksum.
    case checksumMismatch(part: String, file: String, reason: String)
    case corruptManifest(path: String, reason: String)
    case unknownTable(TableName)
    /// An insert into `source` feeds a materialized view whose `TO` table is gone (dropped or renamed).
    case missingViewTarget(TableName, source: TableName)
    case tableAlreadyExists(TableName)
    case noSuchColumn(String, table: TableName)
    case typeMismatch(column: String, expected: ColumnType, actual: ColumnType)
    case tooManyParts(table: TableName, partition: PartitionID, count: Int)
    case schema(SchemaError)
    case storeLocked(path: String)
    /// A commit tried to remove parts that another commit already replaced; the work is discarded.
    case conflict(table: TableName)
    /// A merge given up because the store is closing (its part is removed, nothing committed).
    case mergeCancelled
    /// Thrown by a scan's reader that needs no more rows (a LIMIT reached, a failed or
    /// cancelled query): the scan stops. Never reaches a user.
    case scanStopped
    case unknownDatabase(String)
    case databaseAlreadyExists(String)
    /// A materialized view's query does not fit its source or target.
    case invalidView(TableName, reason: String)
    /// A column's default expression failed over an inserted block.
    case invalidDefault(column: String, table: TableName, reason: String)
    /// A `PARTITION BY` expression failed over an inserted block.
    case invalidPartitionKey(table: TableName, reason: String)
    /// An insert of `bytes` would take the store over its ``DiskBound`` (and nothing may be evicted).
    case diskBoundReached(bytes: Int)
    /// An INSERT of a name an `Enum` column does not have (`number`: a number it has no name for).
    case unknownEnumElement(String, number: Bool)
    /// `DETACH PART 'name'` of a part that is not active.
    case noActivePart(String)
    /// `ATTACH PART 'name'` of a part that is not in `detached/`.
    case noDetachedPart(String)

    public var code: ClickHouseErrorCode {
        switch self {
        case .io(let error): error.errno == IOError.noSpace ? .notEnoughSpace : .cannotWriteToFileDescriptor
        case .corruptPart: .corruptedData
        case .checksumMismatch: .checksumDoesntMatch
        case .corruptManifest: .corruptedData
        case .unknownTable, .missingViewTarget: .unknownTable
        case .tableAlreadyExists: .tableAlreadyExists
        case .noSuchColumn: .noSuchColumnInTable
        case .typeMismatch: .typeMismatch
        case .tooManyParts: .tooManyParts
        case .schema(let error): error.code
        case .storeLocked: .cannotLockFile
        case .conflict: .logicalError
        case .mergeCancelled, .scanStopped: .aborted
        case .invalidView, .invalidDefault, .invalidPartitionKey: .badArguments
        case .diskBoundReached: .notEnoughSpace
        case .noActivePart: .noSuchDataPart
        case .noDetachedPart: .badDataPartName
        case .unknownEnumElement: .unknownElementOfEnum
        case .unknownDatabase: .unknownDatabase
        case .databaseAlreadyExists: .databaseAlreadyExists
        }
    }

    /// The message without the code, in ClickHouse's words where it has them.
    public var message: String {
        switch self {
        case .io(let error): "I/O error: \(error)"
        case .corruptPart(let part, let file, let reason), .checksumMismatch(let part, let file, let reason): "Part \(part) is broken: \(file): \(reason)"
        case .corruptManifest(let path, let reason): "Store manifest \(path) is broken: \(reason)"
        case .unknownTable(let name): "Table \(name) does not exist."
        // ClickHouse's words, which call the source table the view.
        case .missingViewTarget(let target, let source): "Target table '\(target)' of view '\(source)' doesn't exists."
        case .tableAlreadyExists(let name): "Table \(name) already exists."
        case .noSuchColumn(let column, let table): "No such column \(column) in table \(table)"
        case .typeMismatch(let column, let expected, let actual):
            "Type mismatch for column \(column). Expected: \(expected). Got: \(actual)"
        case .tooManyParts(_, let partition, let count):
            "Too many parts (\(count)) in partition \(partition). Merges are processing significantly slower than inserts"
        case .schema(let error): error.message
        case .storeLocked(let path): "Store \(path) is locked by another process"
        case .conflict(let table): "Parts of \(table) changed during the operation"
        case .mergeCancelled: "Cancelled merging parts"
        case .scanStopped: "Query was cancelled"
        case .invalidView(let view, let reason): "Materialized view \(view): \(reason)"
        case .invalidDefault(let column, let table, let reason): "Default of column \(column) of \(table): \(reason)"
        case .invalidPartitionKey(let table, let reason): "Partition key of \(table): \(reason)"
        case .diskBoundReached(let bytes): "Cannot reserve \(ReadableSize.text(Double(bytes))), not enough space"
        case .unknownDatabase(let name): "Database \(name) does not exist."
        case .databaseAlreadyExists(let name): "Database \(name) already exists."
        case .noActivePart(let name): "No part \(name) in committed state."
        case .noDetachedPart(let name): "Detached part \"\(name)\" not found."
        case .unknownEnumElement(let text, let number): number ? "Unexpected value \(text) in enum" : "Unknown element '\(text)' for enum"
        }
    }

    /// `Code: 60. DB::Exception: Table e.t does not exist. (UNKNOWN_TABLE)`
    public var description: String { "Code: \(code.rawValue). DB::Exception: \(message) (\(code))" }
}

/// Runs a file-system operation, turning its error into a ``StorageError``.
///
/// The closure is untyped because closures do not infer typed throws; only `IOError` and
/// `StorageError` can reach here.
func io<T>(_ body: () throws -> T) throws(StorageError) -> T {
    do { return try body() } catch let error as IOError { throw .io(error) } catch let error as StorageError {
        throw error
    } catch {
        preconditionFailure("unexpected error \(error)")
    }
}
