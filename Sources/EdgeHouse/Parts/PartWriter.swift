import Dispatch

/// Writes one part into a directory, streaming: rows arrive sorted in batches of any size, are
/// cut into granules of `indexGranularity` rows — or fewer, once a granule's values reach
/// ``maxGranuleBytes`` (ClickHouse's adaptive granularity) — and each column's granules are packed into
/// compressed blocks of at least 64 KiB (ClickHouse's `min_compress_block_size`).
///
/// A part starts *compact*: the compressed blocks stay in memory and `finish()` writes them as
/// one file, `all-columns.bin`. Once they pass ``maxCompactBytes`` the part turns *wide*: every
/// column gets its own file, its blocks so far are written there and later blocks go to disk as
/// they fill. Memory stays at ``maxCompactBytes`` plus one block per column, marks and index.
/// A writer told its part will be large starts wide, and buffers no more than a block per column.
///
/// `finish()` writes the small files, syncs everything and returns the part's metadata; the
/// caller then renames the directory into place (see `Store.writePart`).
final class PartWriter {
    static let minBlockBytes = 64 * 1024
    /// A granule ends once its uncompressed values reach this size, whatever its row count.
    /// ClickHouse's `index_granularity_bytes` is 10 MiB; 1 MiB keeps a dashboard's read of an
    /// hourly view (a few `quantile` states of 32 KiB each) to a megabyte or two, while rows of
    /// the raw tables (about 100 bytes) still make full 8192-row granules.
    static let maxGranuleBytes = 1 << 20
    /// Compressed bytes up to which a part stays compact. ClickHouse's `min_bytes_for_wide_part`
    /// is 10 MiB before compression; 8 MiB after it keeps an insert of 100k rows of any table of
    /// the schema (about 3.5 MiB) in one data file.
    static let maxCompactBytes = 8 << 20
    /// Granules compressed between two checks of the compact limit: bounds the memory a large
    /// batch can buffer before the part turns wide.
    private static let granulesPerRound = 16

    private let fileSystem: any FileSystem
    private let directory: String
    private let name: PartName
    private let columns: [ColumnDefinition]
    private let keyIndices: [Int]
    private let granularity: Int
    private let columnWriters: [ColumnFileWriter]
    private let compactLimit: Int
    private var layout = PartLayout.compact
    private var pending: Batch
    private var rows = 0
    private var indexRows: [ColumnValues]
    private var lastKey: [ColumnValues]?
    private var dateTimeRanges: [String: ClosedRange<UInt32>] = [:]
    private var granuleRows: [Int] = []

    /// Uncompressed bytes from which an insert's part is wide from the start: rows that pass
    /// ``maxCompactBytes`` even compressed 2.5:1 (a raw table's rows compress about 3:1, a view's
    /// states about 2:1), so buffering their blocks first would only add them to an ingest's peak
    /// memory. (ClickHouse's `min_bytes_for_wide_part` is 10 MiB; below this, an insert of 100k
    /// rows stays one data file, one `fdatasync`: measured, the typed insert of such batches was
    /// a quarter slower as wide parts.)
    static let surelyWideBytes = maxCompactBytes * 5 / 2

    /// - Parameters:
    ///   - compactLimit: compressed bytes up to which the part stays compact.
    ///   - layout: `.wide` when the caller knows the part is large: every column goes to its
    ///     own file from the first block.
    init(fileSystem: any FileSystem, directory: String, name: PartName, definition: TableDefinition,
         compactLimit: Int = PartWriter.maxCompactBytes, layout: PartLayout = .compact) throws(IOError) {
        self.fileSystem = fileSystem
        self.compactLimit = compactLimit
        self.directory = directory
        self.name = name
        columns = definition.columns
        keyIndices = definition.keyIndices
        granularity = definition.indexGranularity
        try fileSystem.createDirectory(directory)
        columnWriters = definition.columns.map { column in
            ColumnFileWriter(compression: definition.compression(of: column), type: column.type)
        }
        pending = Batch.empty(definition.columns)
        indexRows = keyIndices.map { ColumnValues.empty(definition.columns[$0].type) }
        if layout == .wide { try turnWide() }
    }

    /// Appends rows in the table's column order, sorted by the key and not before earlier rows.
    func append(_ batch: Batch) throws(IOError) {
        guard batch.rowCount > 0 else { return }
        precondition(batch.columns.map(\.type) == columns.map(\.type), "batch does not match the part's columns")
        for (index, column) in columns.enumerated() where column.type == .dateTime {
            guard let values = batch.columns[index].dateTimes, let low = values.min(), let high = values.max() else { continue }
            let merged = dateTimeRanges[column.name].map { min($0.lowerBound, low)...max($0.upperBound, high) } ?? low...high
            dateTimeRanges[column.name] = merged
        }
        rows += batch.rowCount
        var start = 0
        if pending.rowCount > 0 {
            // The rows of an unfinished granule and the head of `batch` (a granule is at most
            // `granularity` rows) make the next granule: only that head is copied, not the batch.
            var head = pending
            head.append(contentsOf: batch.slice(0..<min(batch.rowCount, granularity)))
            let (sizes, _) = Self.granules(of: head, from: 0, granularity: granularity)
            guard let first = sizes.first else {
                pending = head  // all of `batch` is still short of a granule
                return
            }
            try writeGranules(head, from: 0, sizes: [first])
            start = first - pending.rowCount
        }
        let (sizes, complete) = Self.granules(of: batch, from: start, granularity: granularity)
        for round in stride(from: 0, to: sizes.count, by: Self.granulesPerRound) {
            let roundSizes = Array(sizes[round..<min(round + Self.granulesPerRound, sizes.count)])
            try writeGranules(batch, from: start, sizes: roundSizes)
            start += roundSizes.reduce(0, +)
        }
        pending = complete == batch.rowCount ? Batch.empty(columns) : batch.slice(complete..<batch.rowCount)
    }

    /// Cuts the rows from `first` on into complete granules: `granularity` rows each, or fewer
    /// once their values reach ``maxGranuleBytes``. Rows from `complete` on do not fill a
    /// granule yet.
    static func granules(of batch: Batch, from first: Int, granularity: Int) -> (sizes: [Int], complete: Int) {
        func bytes(_ rows: Range<Int>) -> Int { batch.columns.reduce(0) { $0 + $1.byteCount(rows: rows) } }
        var sizes = [Int]()
        var start = first
        while start < batch.rowCount {
            let end = min(start + granularity, batch.rowCount)
            if bytes(start..<end) < maxGranuleBytes {
                guard end - start == granularity else { break }  // fills neither by rows nor by size yet
                sizes.append(granularity)
                start = end
                continue
            }
            // Full by size first: the granule ends at the first row that brings it to the limit
            // (sizes grow with the end row, so a binary search finds it).
            var low = start + 1, high = end
            while low < high {
                let middle = (low + high) / 2
                if bytes(start..<middle) >= maxGranuleBytes { high = middle } else { low = middle + 1 }
            }
            sizes.append(low - start)
            start = low
        }
        return (sizes, start)
    }

    /// Writes whole granules, the rows of `batch` from `first` on: the index entries, then
    /// every column (in parallel).
    private func writeGranules(_ batch: Batch, from first: Int, sizes: [Int]) throws(IOError) {
        let keys = keyIndices.map { batch.columns[$0] }
        var firsts = [Int32]()
        var end = first
        for size in sizes {
            firsts.append(Int32(end))
            end += size
        }
        for k in keys.indices { indexRows[k].append(contentsOf: keys[k].gathering(firsts)) }
        lastKey = keys.map { $0.slice(end - 1..<end) }
        granuleRows += sizes
        let writers = columnWriters
        try Self.forEachColumnInParallel(writers.count) { (c: Int) throws(IOError) in
            try writers[c].appendGranules(batch.columns[c], rows: first..<end, sizes: sizes)
        }
        if layout == .compact && writers.reduce(0, { $0 + $1.bufferedBytes }) > compactLimit {
            try turnWide()
        }
    }

    /// Gives every column its own file, holding the blocks buffered so far.
    private func turnWide() throws(IOError) {
        layout = .wide
        for (column, writer) in zip(columns, columnWriters) {
            try writer.spill(to: try fileSystem.openForWriting(joinPath(directory, PartFile.data(column: column.name).description), truncate: true))
        }
    }

    /// Flushes the last granule and every file, writes the index, marks, meta and checksums,
    /// and syncs the directory.
    func finish() throws(IOError) -> PartMeta {
        if pending.rowCount > 0 {
            let tail = pending
            pending = Batch.empty(columns)
            try writeGranules(tail, from: 0, sizes: [tail.rowCount])
        }
        let writers = columnWriters
        try Self.forEachColumnInParallel(writers.count) { (c: Int) throws(IOError) in try writers[c].finish() }

        let meta = PartMeta(formatVersion: PartMeta.currentFormatVersion, name: name, rows: rows,
                            indexGranularity: granularity, columns: columns,
                            sortingKey: keyIndices.map { columns[$0].name }, dateTimeRanges: dateTimeRanges,
                            granuleRows: Self.isFixed(granuleRows, granularity: granularity) ? nil : granuleRows,
                            layout: layout == .compact ? .compact : nil)
        var checksums = PartChecksums()
        var marks = writers.map(\.marks)
        // Every file is written and handed to the disk first, then all are synced: one journal
        // commit covers them, where writing and syncing each in turn took one commit a file
        // (40k rows into three partitions: 16.7 → 9.5 ms in fdatasync).
        var unsynced: [any WritableFile] = []
        func write(_ file: PartFile, _ bytes: [UInt8]) throws(IOError) {
            let handle = try fileSystem.openForWriting(joinPath(directory, file.description), truncate: true)
            try handle.write(bytes)
            handle.startWriteback()
            unsynced.append(handle)
        }
        switch layout {
        case .wide:
            for (column, writer) in zip(columns, writers) {
                checksums.files[PartFile.data(column: column.name).description] = writer.checksum
            }
        case .compact:
            let (entry, file) = try writeCompactData(rebasing: &marks)
            checksums.files[PartFile.compactData.description] = entry
            unsynced.append(file)
        }
        var index = indexRows
        if let lastKey { for k in index.indices { index[k].append(contentsOf: lastKey[k]) } }
        let smallFiles: [(PartFile, [UInt8])] = [
            (.primaryIndex, PrimaryIndex.encode(index)),
            (.marks, MarksFile.encode(marks)),
            // Encoding a value of plain Codable fields cannot fail.
            (.meta, try! PartMetaCoding.encode(meta)),
        ]
        for (file, bytes) in smallFiles {
            try write(file, bytes)
            checksums.files[file.description] = .init(size: bytes.count, crc: CRC32C.checksum(bytes))
        }
        try write(.checksums, checksums.encode())
        for file in unsynced { try file.sync() }
        try fileSystem.syncDirectory(directory)
        return meta
    }

    /// Writes every column's buffered blocks, in column order, as `all-columns.bin`, and makes
    /// the marks point into it; the file is handed to the disk, not yet synced.
    private func writeCompactData(rebasing marks: inout [[Mark]]) throws(IOError) -> (PartChecksums.Entry, any WritableFile) {
        let file = try fileSystem.openForWriting(joinPath(directory, PartFile.compactData.description), truncate: true)
        var size = 0
        var crc: UInt32 = 0
        for (c, writer) in columnWriters.enumerated() {
            for m in marks[c].indices { marks[c][m].blockOffset += UInt64(size) }
            try file.write(writer.takeBuffered())
            crc = CRC32C.combine(crc, writer.checksum.crc, lengthB: writer.checksum.size)
            size += writer.checksum.size
        }
        file.startWriteback()
        return (.init(size: size, crc: crc), file)
    }

    /// Whether the granules are all `granularity` rows but the last (no need to list them).
    private static func isFixed(_ sizes: [Int], granularity: Int) -> Bool {
        sizes.dropLast().allSatisfy { $0 == granularity } && (sizes.last ?? 0) <= granularity
    }

    /// Runs `body` for each column index on up to two threads: compression is the hot loop of
    /// an insert and the columns are independent.
    private static func forEachColumnInParallel(_ count: Int, _ body: @escaping (Int) throws(IOError) -> Void) throws(IOError) {
        let firstError = ErrorSlot()
        // Reason for @unchecked: each column index is handled by exactly one iteration, so the
        // column writers reached through `body` are never shared between threads.
        let task = UncheckedSendable(body)
        DispatchQueue.concurrentPerform(iterations: count) { c in
            do throws(IOError) { try task.value(c) } catch { firstError.set(error) }
        }
        if let error = firstError.error { throw error }
    }
}

/// One column's compressed blocks being written: kept in memory while the part is compact,
/// then appended to the column's own `.bin` file.
final class ColumnFileWriter {
    private let compression: BlockCompression
    private let type: ColumnType
    /// `nil` while the part is compact.
    private var file: (any WritableFile)?
    /// Compressed blocks not yet in a file (a compact part's whole column).
    private var buffered: [UInt8] = []
    private var block: [UInt8] = []
    private(set) var marks: [Mark] = []
    /// Bytes of compressed blocks so far: where the next block starts.
    private var bytesWritten = 0
    /// CRC-32C of all compressed blocks so far, combined from the blocks' own.
    private var crc: UInt32 = 0

    init(compression: BlockCompression, type: ColumnType) {
        self.compression = compression
        self.type = type
    }

    /// Size and CRC-32C of the column's blocks: its `.bin` file, or its stretch of `all-columns.bin`.
    var checksum: PartChecksums.Entry { .init(size: bytesWritten, crc: crc) }
    var bufferedBytes: Int { buffered.count }

    func appendGranules(_ values: ColumnValues, rows: Range<Int>, sizes: [Int]) throws(IOError) {
        var start = rows.lowerBound
        for size in sizes {
            let end = start + size
            marks.append(Mark(blockOffset: UInt64(bytesWritten), offsetInBlock: UInt32(block.count)))
            ColumnSerialization.append(values, rows: start..<end, to: &block)
            if block.count >= PartWriter.minBlockBytes { try flushBlock() }
            start = end
        }
    }

    /// Moves the buffered blocks into `file`; later blocks go there directly.
    func spill(to file: any WritableFile) throws(IOError) {
        self.file = file
        try file.write(takeBuffered())
    }

    /// The buffered blocks, handed over once (compact parts).
    func takeBuffered() -> [UInt8] {
        defer { buffered = [] }
        return buffered
    }

    func finish() throws(IOError) {
        try flushBlock()
        try file?.sync()
    }

    private func flushBlock() throws(IOError) {
        guard !block.isEmpty else { return }
        let before = buffered.count
        let blockCRC = CompressedBlock.encode(block, compression: compression, encoding: blockEncoding(for: type), appendingTo: &buffered)
        let size = buffered.count - before
        crc = CRC32C.combine(crc, blockCRC, lengthB: size)
        bytesWritten += size
        block.removeAll(keepingCapacity: true)
        if let file {
            try file.write(buffered)
            buffered.removeAll(keepingCapacity: true)
        }
    }
}

/// Where a granule starts: the offset of its compressed block in the column file, and its
/// offset inside the decompressed block. ClickHouse's mark.
struct Mark: Equatable, Sendable {
    var blockOffset: UInt64
    var offsetInBlock: UInt32
}

/// Holds the first error thrown by parallel work.
final class ErrorSlot: Sendable {
    private let stored = Locked<IOError?>(nil)

    func set(_ error: IOError) { stored.withLock { if $0 == nil { $0 = error } } }
    var error: IOError? { stored.withLock { $0 } }
}

/// The block encoding a column type is written with (the codec layer knows bytes, not types).
private func blockEncoding(for type: ColumnType) -> BlockEncoding {
    switch type {
    case .uint32, .int32: .byteShuffle4
    case .uint64, .int64: .byteShuffle8
    case .float32: .decimal32
    case .float64: .decimal64
    case .dateTime: .delta32
    default: .plain
    }
}

