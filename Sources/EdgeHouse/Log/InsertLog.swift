import Foundation
import Logging

/// The write-ahead log of buffered inserts, and the rows it holds that are not yet in parts.
///
/// Appends go to the current segment (`wal/<16 hex digits>.log`) with one `write` each, under a
/// lock, so the log's order is the buffer's order. A flush *seals* the log — the current segment
/// is synced and closed, the pending rows taken — and once the rows are committed as parts (the
/// same manifest records the highest sealed segment), the sealed segments are deleted. Opening
/// a store replays the segments above that mark, so each record reaches the parts exactly once.
final class InsertLog: Sendable {
    /// Where a record ends: later records compare greater.
    struct Position: Comparable, Sendable {
        var segment: UInt64
        var offset: Int

        static func < (a: Position, b: Position) -> Bool { (a.segment, a.offset) < (b.segment, b.offset) }
    }

    /// Rows appended and not yet flushed, per table, in append order.
    struct Pending: Sendable {
        /// One append: where its record ends, its rows, its record's bytes.
        private struct Entry: Sendable {
            var end: Position?
            var rows: Batch
            var bytes: Int
        }

        /// The batches as appended: joined once, by the flush (``tables``), not on every append.
        private var entries: [TableName: [Entry]] = [:]
        /// Bytes of the log records holding these rows: the measure of buffered memory.
        private(set) var bytes = 0
        private(set) var rowCount = 0
        /// When the oldest rows were appended, on the store's monotonic clock.
        var oldestAppend: Duration?

        var isEmpty: Bool { entries.isEmpty }

        /// Each table's rows as one batch.
        var tables: [TableName: Batch] {
            entries.mapValues { parts in
                var rows = parts[0].rows
                for part in parts.dropFirst() { rows.append(contentsOf: part.rows) }
                return rows
            }
        }

        /// - Parameters:
        ///   - end: where the rows' record ends (`nil` for rows replayed at open).
        ///   - time: when, on the store's monotonic clock.
        mutating func append(_ rows: Batch, to table: TableName, bytes count: Int, end: Position? = nil, at time: Duration) {
            entries[table, default: []].append(Entry(end: end, rows: rows, bytes: count))
            rowCount += rows.rowCount
            bytes += count
            oldestAppend = oldestAppend ?? time
        }

        /// Removes the rows whose record ends at `end`, if they are here.
        mutating func withdraw(_ end: Position) {
            for (table, list) in entries {
                guard let index = list.firstIndex(where: { $0.end == end }) else { continue }
                rowCount -= list[index].rows.rowCount
                bytes -= list[index].bytes
                var remaining = list
                remaining.remove(at: index)
                entries[table] = remaining.isEmpty ? nil : remaining
                if entries.isEmpty { oldestAppend = nil }
                return
            }
        }

        /// `earlier`'s rows, then these.
        mutating func prepend(_ earlier: Pending) {
            for (table, rows) in earlier.entries { entries[table] = rows + (entries[table] ?? []) }
            bytes += earlier.bytes
            rowCount += earlier.rowCount
            oldestAppend = [earlier.oldestAppend, oldestAppend].compactMap { $0 }.min()
        }
    }

    private final class Segment: Sendable {
        let sequence: UInt64
        let file: any WritableFile

        init(sequence: UInt64, file: any WritableFile) {
            self.sequence = sequence
            self.file = file
        }
    }

    private struct State {
        /// Open for appends; `nil` until the first append after opening or sealing.
        var segment: Segment?
        /// The highest segment number that exists or existed.
        var lastSequence: UInt64
        var written: Position
        var synced: Position
        /// Schema records already in the current segment, by table.
        var schemas: [TableName: (id: UInt32, columns: [ColumnDefinition])] = [:]
        var nextSchemaID: UInt32 = 0
        /// A failed write may have left half a record: the next append starts a new segment.
        var segmentIsTorn = false
        /// A sync of this segment failed. Linux may then have dropped its unsynced pages and
        /// report the next sync as a success, so nothing more is acknowledged through the log —
        /// appends are refused — until a flush has put the pending rows into parts (which the
        /// flush's commit makes durable by its own syncs) and recorded the segment as flushed.
        var poisonedSegment: UInt64?
        var pending = Pending()
        /// Rows a flush has taken and not yet committed or given back.
        var sealedRowCount = 0
        /// The bytes of the record being appended; kept for its capacity.
        var scratch: [UInt8] = []
    }

    private let fileSystem: any FileSystem
    private let directory: String
    private let logger: Logger
    private let state: Locked<State>
    /// Held while syncing: an append that waits for durability queues here, and finds its
    /// record already synced by the sync in front of it (group commit).
    private let syncLock = NSLock()

    private init(fileSystem: any FileSystem, directory: String, lastSequence: UInt64, logger: Logger) {
        self.fileSystem = fileSystem
        self.directory = directory
        self.logger = logger
        let start = Position(segment: lastSequence, offset: .max)
        state = Locked(State(lastSequence: lastSequence, written: start, synced: start))
    }

    /// Opens the log in `directory`: deletes segments already flushed (`flushedThrough` is the
    /// manifest's mark) and reads the rest.
    ///
    /// - Returns: the log, and the rows of the unflushed segments in log order. The caller puts
    ///   them back into the pending buffer (``restore(_:)``) once it has checked them against
    ///   the tables.
    static func open(fileSystem: any FileSystem, directory: String, flushedThrough: UInt64,
                     logger: Logger) throws(StorageError) -> (log: InsertLog, replayed: [(TableName, Batch)]) {
        var replayed = [(TableName, Batch)]()
        var lastSequence = flushedThrough
        try io {
            guard fileSystem.isDirectory(directory) else { return }
            for (sequence, name) in try segmentFiles(fileSystem, directory) {
                let path = joinPath(directory, name)
                lastSequence = max(lastSequence, sequence)
                if sequence <= flushedThrough {
                    try fileSystem.removeTree(path)
                    continue
                }
                let (records, discarded) = LogRecord.decodeSegment(try fileSystem.readFile(path))
                if discarded > 0 { logger.warning("insert log \(path): ignoring \(discarded) bytes after the last intact record (an interrupted write)") }
                var tables = [UInt32: TableName]()
                for record in records {
                    switch record {
                    case .schema(let id, let schema): tables[id] = schema.table
                    case .rows(let id, let rows):
                        // decodeSegment ends a segment at rows whose schema record is not before them.
                        if let table = tables[id] { replayed.append((table, rows)) }
                    }
                }
            }
        }
        return (InsertLog(fileSystem: fileSystem, directory: directory, lastSequence: lastSequence, logger: logger), replayed)
    }

    private static func segmentFiles(_ fileSystem: any FileSystem, _ directory: String) throws -> [(UInt64, String)] {
        try fileSystem.listDirectory(directory).compactMap { name in
            guard name.hasSuffix(".log"), let sequence = UInt64(name.dropLast(4), radix: 16) else { return nil }
            return (sequence, name)
        }.sorted { $0.0 < $1.0 }
    }

    private func segmentPath(_ sequence: UInt64) -> String {
        let hex = String(sequence, radix: 16)
        return joinPath(directory, String(repeating: "0", count: max(0, 16 - hex.count)) + hex + ".log")
    }

    var pendingBytes: Int { state.withLock { $0.pending.bytes } }
    /// Rows not yet in parts: buffered, or taken by a flush that has not committed them yet.
    var pendingRowCount: Int { state.withLock { $0.pending.rowCount + $0.sealedRowCount } }
    var oldestPendingAppend: Duration? { state.withLock { $0.pending.oldestAppend } }

    /// Writes `rows` (already in the table's column order) to the log and adds them to the
    /// pending buffer. When this returns the record is in the operating system's hands (it
    /// survives the process being killed); ``sync(through:)`` makes it survive a power loss.
    ///
    /// - Parameter time: the store's monotonic clock now (the flush by age measures from it).
    /// - Returns: where the record ends, and the bytes now pending.
    func append(_ rows: Batch, to table: TableName, columns: [ColumnDefinition], at time: Duration) throws(StorageError) -> (end: Position, pendingBytes: Int) {
        try state.withLock { (state: inout State) throws(StorageError) -> (end: Position, pendingBytes: Int) in
            if let poisoned = state.poisonedSegment { throw .io(poisonedError(poisoned)) }
            if state.segmentIsTorn { try close(&state) }
            let segment: Segment
            if let current = state.segment { segment = current } else { segment = try startSegment(&state) }
            // Built in a buffer kept between appends: one allocation less per insert.
            var bytes = ByteWriter(bytes: state.scratch)
            state.scratch = []
            defer {
                bytes.bytes.removeAll(keepingCapacity: true)
                state.scratch = bytes.bytes
            }
            let id: UInt32
            if let known = state.schemas[table], known.columns == columns {
                id = known.id
            } else {
                id = state.nextSchemaID
                LogRecord.schema(id: id, LogSchema(table: table, columns: columns)).append(to: &bytes)
            }
            LogRecord.rows(schemaID: id, rows).append(to: &bytes)
            do throws(IOError) {
                try segment.file.write(bytes.bytes)
            } catch {
                state.segmentIsTorn = true
                throw .io(error)
            }
            if id == state.nextSchemaID {
                state.schemas[table] = (id, columns)
                state.nextSchemaID += 1
            }
            state.written.offset += bytes.bytes.count
            state.pending.append(rows, to: table, bytes: bytes.bytes.count, end: state.written, at: time)
            return (state.written, state.pending.bytes)
        }
    }

    /// Returns once everything up to `position` is on stable storage. Concurrent callers share
    /// one `fdatasync`: whoever syncs covers every record written before it started. Throws if
    /// a sync failed since `position` was written, however later syncs fare (see
    /// ``State/poisonedSegment``).
    func sync(through position: Position) throws(StorageError) {
        syncLock.lock()
        defer { syncLock.unlock() }
        let (segment, written, synced, poisoned) = state.withLock { ($0.segment, $0.written, $0.synced, $0.poisonedSegment) }
        guard synced < position else { return }
        if let poisoned { throw .io(poisonedError(poisoned)) }
        guard let segment, segment.sequence == written.segment else { return }
        do throws(IOError) {
            try segment.file.sync()
        } catch {
            state.withLock { $0.poisonedSegment = segment.sequence }
            throw .io(error)
        }
        state.withLock { $0.synced = max($0.synced, written) }
    }

    /// Whether a sync failed and the pending rows wait for a flush to parts before the log
    /// takes more.
    var isPoisoned: Bool { state.withLock { $0.poisonedSegment != nil } }

    /// Takes back rows that were appended but not acknowledged (their sync failed): they are
    /// never flushed. Their record stays in the segment until the next flush marks it flushed.
    func withdraw(_ end: Position) {
        state.withLock { $0.pending.withdraw(end) }
    }

    private func poisonedError(_ segment: UInt64) -> IOError {
        IOError(errno: IOError.ioFailure, .sync, segmentPath(segment) + " (a sync of the insert log failed: buffered inserts wait for the buffer's flush to parts)")
    }

    /// Syncs everything written so far (the group-commit tick).
    func syncAll() throws(StorageError) {
        try sync(through: state.withLock { $0.written })
    }

    /// Closes the current segment and takes the pending rows for a flush.
    ///
    /// - Returns: `nil` when nothing is pending and no sync failed; otherwise the highest
    ///   segment number holding the rows (the flush's commit records it) and the rows.
    func seal() throws(StorageError) -> (through: UInt64, rows: Pending)? {
        try state.withLock { (state: inout State) throws(StorageError) -> (through: UInt64, rows: Pending)? in
            guard !state.pending.isEmpty || state.poisonedSegment != nil else { return nil }
            try close(&state)
            defer { state.pending = Pending() }
            state.sealedRowCount = state.pending.rowCount
            return (state.lastSequence, state.pending)
        }
    }

    /// Puts rows a flush could not commit back in front of the pending buffer.
    func restore(_ rows: Pending) {
        state.withLock { state in
            state.pending.prepend(rows)
            state.sealedRowCount = 0
        }
    }

    /// Deletes segments whose rows are committed as parts. A failure only delays the deletion:
    /// the next open deletes every segment at or below the manifest's mark.
    func removeSegments(through sequence: UInt64) {
        state.withLock { state in
            state.sealedRowCount = 0
            if let poisoned = state.poisonedSegment, poisoned <= sequence { state.poisonedSegment = nil }
        }
        do {
            for (number, name) in try Self.segmentFiles(fileSystem, directory) where number <= sequence {
                try fileSystem.removeTree(joinPath(directory, name))
            }
        } catch {
            logger.warning("cannot remove flushed insert log segments: \(error)")
        }
    }

    private func startSegment(_ state: inout State) throws(StorageError) -> Segment {
        let sequence = state.lastSequence + 1
        let path = segmentPath(sequence)
        let segment = try io {
            try fileSystem.makeDurableDirectory(directory)
            let file = try fileSystem.openForWriting(path, truncate: true)
            try file.write(LogRecord.segmentHeader)
            try file.sync()
            // The new file's name must survive a power loss along with its synced records.
            try fileSystem.syncDirectory(directory)
            return Segment(sequence: sequence, file: file)
        }
        state.lastSequence = sequence
        state.segment = segment
        state.schemas = [:]
        state.nextSchemaID = 0
        state.written = Position(segment: sequence, offset: LogRecord.segmentHeader.count)
        state.synced = state.written
        return segment
    }

    /// Syncs and closes the current segment; the next append starts a new one. A poisoned
    /// segment is closed without a sync, whose success would mean nothing: its rows are made
    /// durable by the flush to parts.
    private func close(_ state: inout State) throws(StorageError) {
        guard let segment = state.segment else { return }
        if state.poisonedSegment == nil {
            do throws(IOError) {
                try segment.file.sync()
            } catch {
                state.poisonedSegment = segment.sequence
                throw .io(error)
            }
            state.synced = state.written
        }
        state.segment = nil
        state.segmentIsTorn = false
    }
}
