/// An open part whose small files passed their checksums: metadata, marks and primary index in
/// memory; column blocks read, verified and decompressed on demand.
final class PartReader: Sendable {
    let directory: String
    let meta: PartMeta
    private let fileSystem: any FileSystem
    private let marks: [[Mark]]
    /// Per column: the file holding its blocks and where its last block ends in that file.
    private let extents: [(file: PartFile, end: Int)]
    private let checksums: [String: PartChecksums.Entry]
    /// The sorting key at the first row of each granule and at the last row.
    let index: [ColumnValues]
    /// Each column's position in `meta.columns`, by name.
    private let positions: [String: Int]
    /// This reader's number in the ``BlockCache``.
    private let cacheNumber = BlockCache.readerNumber()

    private init(directory: String, meta: PartMeta, fileSystem: any FileSystem, marks: [[Mark]],
                 extents: [(file: PartFile, end: Int)], checksums: [String: PartChecksums.Entry], index: [ColumnValues]) {
        self.directory = directory
        self.meta = meta
        self.fileSystem = fileSystem
        self.marks = marks
        self.extents = extents
        self.checksums = checksums
        self.index = index
        positions = Dictionary(meta.columns.enumerated().map { ($1.name, $0) }) { first, _ in first }
    }

    /// Opens a part: reads `checksums.txt`, verifies the small files against it and the column
    /// files' sizes, and loads marks and index.
    static func open(fileSystem: any FileSystem, directory: String) throws(StorageError) -> PartReader {
        func corrupt(_ file: PartFile, _ reason: String) -> StorageError {
            .corruptPart(part: directory, file: file.description, reason: reason)
        }
        func load(_ file: PartFile) throws(StorageError) -> [UInt8] {
            do { return try fileSystem.readFile(joinPath(directory, file.description)) } catch {
                throw error.errno == IOError.notFound ? corrupt(file, "file is missing") : .io(error)
            }
        }
        guard let checksums = PartChecksums.decode(try load(.checksums)) else {
            throw .checksumMismatch(part: directory, file: PartFile.checksums.description, reason: "checksum of checksums.txt does not match")
        }
        func verified(_ file: PartFile) throws(StorageError) -> [UInt8] {
            let bytes = try load(file)
            guard let entry = checksums.files[file.description] else { throw corrupt(file, "not listed in checksums.txt") }
            let crc = CRC32C.checksum(bytes)
            guard entry.size == bytes.count, entry.crc == crc else {
                throw .checksumMismatch(part: directory, file: file.description, reason: "checksum does not match: expected \(String(entry.crc, radix: 16)) (\(entry.size) bytes), got \(String(crc, radix: 16)) (\(bytes.count) bytes)")
            }
            return bytes
        }
        let meta: PartMeta
        do { meta = try PartMetaCoding.decode(try verified(.meta)) } catch let error as StorageError { throw error } catch {
            throw corrupt(.meta, "cannot decode: \(error)")
        }
        var keyTypes = [ColumnType]()
        for key in meta.sortingKey {
            guard let column = meta.columns.first(where: { $0.name == key }) else { throw corrupt(.meta, "sorting key column \(key) is not a column") }
            keyTypes.append(column.type)
        }
        let marks: [[Mark]]
        do { marks = try MarksFile.decode(try verified(.marks), columns: meta.columns.count, granules: meta.granuleCount) }
        catch let error as StorageError { throw error } catch { throw corrupt(.marks, "\(error)") }
        let index: [ColumnValues]
        do {
            index = try PrimaryIndex.decode(try verified(.primaryIndex), types: keyTypes,
                                            entries: meta.rows == 0 ? 0 : meta.granuleCount + 1)
        } catch let error as StorageError { throw error } catch { throw corrupt(.primaryIndex, "\(error)") }
        func checkedSize(_ file: PartFile) throws(StorageError) -> Int {
            guard let entry = checksums.files[file.description] else { throw corrupt(file, "not listed in checksums.txt") }
            let size: Int
            do { size = try fileSystem.openForReading(joinPath(directory, file.description)).size } catch {
                throw error.errno == IOError.notFound ? corrupt(file, "file is missing") : .io(error)
            }
            guard size == entry.size else { throw corrupt(file, "size \(size) does not match checksums.txt (\(entry.size))") }
            return size
        }
        var extents = [(file: PartFile, end: Int)]()
        switch meta.layout ?? .wide {
        case .wide:
            for column in meta.columns {
                let file = PartFile.data(column: column.name)
                extents.append((file, try checkedSize(file)))
            }
        case .compact:
            // A column's blocks end where the next column's first block starts.
            let size = try checkedSize(.compactData)
            let starts = try marks.map { (columnMarks: [Mark]) throws(StorageError) -> Int in
                let start = columnMarks.first?.blockOffset ?? UInt64(size)
                guard start <= UInt64(size) else { throw corrupt(.marks, "a column starts past the end of \(PartFile.compactData)") }
                return Int(start)
            }
            for c in starts.indices {
                let end = c + 1 < starts.count ? starts[c + 1] : size
                guard starts[c] <= end, end <= size else { throw corrupt(.marks, "columns of \(PartFile.compactData) out of order") }
                extents.append((.compactData, end))
            }
        }
        // Reads turn offsets into Ints and slice by them: every mark must point inside its
        // column's bytes, in order (a checksum vouches for the bytes, not for the writer).
        for (c, columnMarks) in marks.enumerated() {
            var previous = columnMarks.first?.blockOffset ?? 0
            for mark in columnMarks {
                guard mark.blockOffset >= previous, mark.blockOffset <= UInt64(extents[c].end), mark.offsetInBlock <= UInt64(Int32.max) else {
                    throw corrupt(.marks, "a mark of column \(meta.columns[c].name) points outside its data")
                }
                previous = mark.blockOffset
            }
        }
        return PartReader(directory: directory, meta: meta, fileSystem: fileSystem, marks: marks,
                          extents: extents, checksums: checksums.files, index: index)
    }

    /// Compressed bytes of each column (`system.columns.data_compressed_bytes`).
    var columnBytes: [Int] {
        marks.indices.map { c in extents[c].end - Int(marks[c].first?.blockOffset ?? UInt64(extents[c].end)) }
    }

    /// `count` granules from `first` (fewer at `limit`, by default the end of the part), and then
    /// every further granule before `limit` whose values lie, in every column, in the compressed
    /// block the previous one's end in: reading them too decompresses nothing more. A table of
    /// `index_granularity = 1` is read a block, not a row, at a time.
    func granules(from first: Int, count: Int, before limit: Int? = nil) -> Range<Int> {
        let total = min(limit ?? meta.granuleCount, meta.granuleCount)
        var end = min(first + count, total)
        while end < total, end > first, marks.allSatisfy({ $0[end].blockOffset == $0[end - 1].blockOffset }) { end += 1 }
        return first..<end
    }

    /// Whether the part was written with `column` (its name and type).
    func holds(_ column: ColumnDefinition) -> Bool {
        positions[column.name].map { meta.columns[$0].type == column.type } ?? false
    }

    /// For an array `n.x` of a Nested column that this part lacks: the position of another
    /// array `n.y` it has.
    private func nestedSibling(of column: ColumnDefinition) -> Int? {
        guard case .array = column.type, let dot = column.name.firstIndex(of: ".") else { return nil }
        let prefix = column.name[...dot]
        return meta.columns.firstIndex { $0.name.hasPrefix(prefix) && $0.type.isArray }
    }

    /// Reads the values of the columns at `columnIndices` (into `meta.columns`) for a range of
    /// granules — only the rows where `keeping` is true, when given (one flag per row of the
    /// granules). Every block read is checked against its CRC. With a `cache`, blocks come from and
    /// go to it (small reads of queries; merges and long scans pass none).
    func read(columns columnIndices: [Int], granules: Range<Int>, keeping: [Bool]? = nil, cache: BlockCache? = nil) throws(StorageError) -> [ColumnValues] {
        var result = [ColumnValues]()
        for c in columnIndices { result.append(try readColumn(c, granules: granules, keeping: keeping, cache: cache)) }
        return result
    }

    /// Reads columns of the table's definition by name: a column the part was written without
    /// (added by `ALTER TABLE … ADD COLUMN` since, or dropped and added again with another type)
    /// reads as its type's defaults, as ClickHouse reads it.
    func read(_ columns: [ColumnDefinition], granules: Range<Int>, keeping: [Bool]? = nil, cache: BlockCache? = nil) throws(StorageError) -> [ColumnValues] {
        var result = [ColumnValues]()
        for column in columns {
            if let index = positions[column.name], meta.columns[index].type == column.type {
                result.append(try readColumn(index, granules: granules, keeping: keeping, cache: cache))
            } else if let sibling = nestedSibling(of: column),
                      let shaped = ColumnValues.defaults(column.type, shapedLike: try readColumn(sibling, granules: granules, keeping: keeping, cache: cache)) {
                result.append(shaped)
            } else {
                let rows = keeping.map { $0.lazy.filter { $0 }.count } ?? granules.reduce(0) { $0 + meta.rows(inGranule: $1) }
                result.append(.defaults(column.type, count: rows))
            }
        }
        return result
    }

    private func readColumn(_ c: Int, granules: Range<Int>, keeping: [Bool]?, cache: BlockCache?) throws(StorageError) -> ColumnValues {
        let column = meta.columns[c]
        guard !granules.isEmpty else { return .empty(column.type) }
        let (file, columnEnd) = extents[c]
        let columnMarks = marks[c]
        func blockEnd(after granule: Int) -> Int {
            var g = granule + 1
            while g < columnMarks.count && columnMarks[g].blockOffset == columnMarks[granule].blockOffset { g += 1 }
            return g < columnMarks.count ? Int(columnMarks[g].blockOffset) : columnEnd
        }
        let start = Int(columnMarks[granules.lowerBound].blockOffset)
        let end = blockEnd(after: granules.upperBound - 1)
        var fetched: [UInt8]?  // the blocks' bytes, read at the first cache miss
        func rawBlock(at blockOffset: UInt64) throws(StorageError) -> [UInt8] {
            let key = BlockCache.Key(reader: cacheNumber, column: c, blockOffset: blockOffset)
            if let hit = cache?.block(key) { return hit }
            if fetched == nil {
                do {
                    fetched = try fileSystem.openForReading(joinPath(directory, file.description)).read(offset: start, count: end - start)
                } catch {
                    throw .io(error)
                }
            }
            let bytes = fetched!
            let relative = Int(blockOffset) - start
            do throws(CodecError) {
                let size = try CompressedBlock.blockSize(header: bytes[relative...])
                guard relative + size <= bytes.count else { throw .truncated(needed: size, available: bytes.count - relative) }
                let raw = try CompressedBlock.decode(bytes[relative..<relative + size])
                cache?.insert(raw, for: key)
                return raw
            } catch {
                throw broken(file.description, error)
            }
        }
        var values = ColumnValues.empty(column.type)
        var g = granules.lowerBound
        var row = 0  // rows of the range decoded so far: where this block's flags start in `keeping`
        while g < granules.upperBound {
            let blockOffset = columnMarks[g].blockOffset
            let raw = try rawBlock(at: blockOffset)
            do throws(CodecError) {
                var last = g
                var rows = 0
                while last < granules.upperBound && columnMarks[last].blockOffset == blockOffset {
                    rows += meta.rows(inGranule: last)
                    last += 1
                }
                func offset(ofGranule granule: Int) -> Int {
                    granule < columnMarks.count && columnMarks[granule].blockOffset == blockOffset ? Int(columnMarks[granule].offsetInBlock) : raw.count
                }
                // Granules g..<last of this block, decoded as one run of rows where the type's
                // serialization allows (a row's bytes follow the previous row's), else one by one:
                // a Nullable granule is its null map then its values, a Tuple's its elements in turn.
                let runs = ColumnSerialization.concatenatesRows(column.type) ? [(g, last, rows)] : (g..<last).map { ($0, $0 + 1, meta.rows(inGranule: $0)) }
                for (first, end, count) in runs {
                    let from = offset(ofGranule: first), to = offset(ofGranule: end)
                    guard from <= to, to <= raw.count else { throw .corruptPayload("mark points outside its block") }
                    let decoded = if let keeping {
                        try ColumnSerialization.decode(column.type, count: count, from: raw[from..<to], keeping: keeping[row..<row + count])
                    } else {
                        try ColumnSerialization.decode(column.type, count: count, from: raw[from..<to])
                    }
                    // The first block's values are taken as they are: a small read (one block) copies nothing.
                    if values.count == 0 { values = decoded } else { values.append(contentsOf: decoded) }
                    row += count
                }
                g = last
            } catch {
                throw broken(file.description, error)
            }
        }
        return values
    }

    /// Bytes of the part's files, as `checksums.txt` lists them.
    var bytesOnDisk: Int { checksums.values.reduce(0) { $0 + $1.size } }

    /// Reads every file in full and checks it against `checksums.txt` (`CHECK TABLE`).
    func verifyAllFiles() throws(StorageError) {
        for (name, entry) in checksums.sorted(by: { $0.key < $1.key }) {
            let bytes: [UInt8]
            do { bytes = try fileSystem.readFile(joinPath(directory, name)) } catch { throw .io(error) }
            let crc = CRC32C.checksum(bytes)
            guard crc == entry.crc, bytes.count == entry.size else {
                throw .checksumMismatch(part: directory, file: name, reason: "checksum does not match: expected \(String(entry.crc, radix: 16)), got \(String(crc, radix: 16))")
            }
        }
    }

    /// A block of `file` that failed to decode: its checksum, or its contents.
    private func broken(_ file: String, _ error: CodecError) -> StorageError {
        if case .checksumMismatch(let expected, let actual) = error {
            return .checksumMismatch(part: directory, file: file,
                                     reason: "checksum does not match in a compressed block: expected \(String(expected, radix: 16)), got \(String(actual, radix: 16))")
        }
        return .corruptPart(part: directory, file: file, reason: "cannot decode block: \(error)")
    }
}
