@testable import EdgeHouse
import EdgeHouseTestSupport
import Testing
import OptiInfraWorkload

@Suite struct PartTests {
    /// A table with one column of every type, keyed by (k, t).
    /// Types built of others, whose granules serialize in pieces (a null map then values, a
    /// tuple's elements in turn) or row by row (arrays).
    static let composites: [ColumnType] = [.nullable(.int32), .nullable(.string), .array(.nullable(.uint8)),
                                           .tuple([.uint16, .nullable(.string)])]

    static func everyTypeTable(granularity: Int, compression: BlockCompression = .lz4) throws -> TableDefinition {
        try TableDefinition(
            name: TableName("test", "every_type"),
            columns: [ColumnDefinition("k", .uint32), ColumnDefinition("t", .dateTime)]
                + ColumnType.all.map { ColumnDefinition("c_\($0)", $0) }
                + composites.indices.map { ColumnDefinition("composite_\($0)", composites[$0]) },
            partitionColumn: nil, orderBy: ["k", "t"], indexGranularity: granularity, compression: compression)
    }

    static func everyTypeRows(_ count: Int, seed: UInt64) -> Batch {
        var random = SplitMix64(seed: seed)
        return Batch([("k", .uint32((0..<count).map { UInt32($0) })), ("t", .dateTime((0..<count).map { 1_795_000_000 + UInt32($0) }))]
            + ColumnType.all.map { ("c_\($0)", CodecTests.randomColumn($0, count: count, &random)) }
            + composites.indices.map { ("composite_\($0)", CodecTests.randomColumn(composites[$0], count: count, &random)) })
    }

    @Test(arguments: [(1, 1), (3, 10), (8192, 0), (8192, 1), (100, 20_000), (8192, 20_000)])
    func partsRoundTripEveryColumnType(granularity: Int, rows: Int) throws {
        // Compact parts, and wide ones (a limit of 0 turns the part wide at its first granules).
        for (compression, compactLimit) in [(BlockCompression.lz4, PartWriter.maxCompactBytes), (.zstd(level: 3), PartWriter.maxCompactBytes),
                                            (.none, PartWriter.maxCompactBytes), (.lz4, 0)] {
            let fs = MemoryFileSystem()
            let definition = try Self.everyTypeTable(granularity: granularity, compression: compression)
            let batch = Self.everyTypeRows(rows, seed: UInt64(rows))
            let name = PartName("all_1_1_0")!
            let writer = try PartWriter(fileSystem: fs, directory: "/p", name: name, definition: definition, compactLimit: compactLimit)
            // Feed in uneven pieces: granules must come out the same.
            var start = 0
            for size in [7, 1, 5000, 3] + Array(repeating: 10_000, count: 3) where start < rows {
                try writer.append(batch.slice(start..<min(rows, start + size)))
                start = min(rows, start + size)
            }
            if start < rows { try writer.append(batch.slice(start..<rows)) }
            let meta = try writer.finish()
            #expect(meta.rows == rows)
            let reader = try PartReader.open(fileSystem: fs, directory: "/p")
            #expect(reader.meta == meta)
            let all = Array(definition.columns.indices)
            #expect(try reader.read(columns: all, granules: 0..<meta.granuleCount) == (rows == 0 ? Batch.empty(definition.columns).columns : batch.columns))
            try reader.verifyAllFiles()
            // Any sub-range of granules reads exactly its rows.
            if meta.granuleCount > 2 {
                let middle = 1..<meta.granuleCount - 1
                let first = meta.rows(inGranule: 0)  // granules may end early by size (adaptive granularity)
                let expected = batch.slice(first..<first + middle.reduce(0) { $0 + meta.rows(inGranule: $1) })
                #expect(try reader.read(columns: all, granules: middle) == expected.columns)
            }
        }
    }

    @Test func columnFilesAreCutIntoBlocksOfAtLeast64KiB() throws {
        let fs = MemoryFileSystem()
        let definition = try Self.everyTypeTable(granularity: 1024, compression: .none)
        let writer = try PartWriter(fileSystem: fs, directory: "/p", name: PartName("all_1_1_0")!, definition: definition, compactLimit: 0)
        try writer.append(Self.everyTypeRows(100_000, seed: 1))
        #expect(try writer.finish().layout == nil)  // wide
        // 100 000 UInt64 values = 800 000 bytes, stored raw: blocks of 64 KiB + at most one granule (8 KiB).
        let file = try fs.readFile("/p/c_UInt64.bin")
        var offset = 0, blocks = 0
        while offset < file.count {
            let size = try CompressedBlock.blockSize(header: file[offset...])
            if offset + size < file.count { #expect(size - 16 >= 64 * 1024 && size - 16 <= 64 * 1024 + 8 * 1024) }
            offset += size
            blocks += 1
        }
        #expect(blocks == 13)  // 800 000 / 65 536: twelve full blocks and the tail
    }

    /// A part stays one data file while its compressed blocks fit the compact limit, and turns
    /// into one file per column past it — or from its first block, when the writer is told the
    /// part is large — with the same rows, marks and checksums every way.
    @Test func smallPartsAreCompactAndLargeOnesWide() throws {
        let definition = try Self.everyTypeTable(granularity: 1024)
        let batch = Self.everyTypeRows(50_000, seed: 5)
        var dataBytes = [Int]()
        for (compactLimit, layout) in [(PartWriter.maxCompactBytes, PartLayout.compact), (200_000, .compact), (PartWriter.maxCompactBytes, .wide)] {
            let fs = MemoryFileSystem()
            let writer = try PartWriter(fileSystem: fs, directory: "/p", name: PartName("all_1_1_0")!, definition: definition,
                                        compactLimit: compactLimit, layout: layout)
            for start in stride(from: 0, to: batch.rowCount, by: 3000) { try writer.append(batch.slice(start..<min(start + 3000, batch.rowCount))) }
            let meta = try writer.finish()
            let files = Set(try fs.listDirectory("/p"))
            let columnFiles = definition.columns.map { PartFile.data(column: $0.name).description }
            if compactLimit == PartWriter.maxCompactBytes && layout == .compact {
                #expect(meta.layout == .compact)
                #expect(files == ["all-columns.bin", "checksums.txt", "marks.mrk", "meta.json", "primary.idx"])
            } else {
                #expect(meta.layout == nil)
                #expect(files == Set(columnFiles + ["checksums.txt", "marks.mrk", "meta.json", "primary.idx"]))
            }
            let reader = try PartReader.open(fileSystem: fs, directory: "/p")
            #expect(try reader.read(columns: Array(definition.columns.indices), granules: 0..<meta.granuleCount) == batch.columns)
            #expect(try reader.read(columns: [3], granules: 7..<9) == [batch.columns[3].slice(7 * 1024..<9 * 1024)])
            try reader.verifyAllFiles()
            dataBytes.append(reader.columnBytes.reduce(0, +))
            let onDisk = try files.filter { $0.hasSuffix(".bin") }.reduce(0) { $0 + (try fs.readFile("/p/" + $1).count) }
            #expect(dataBytes.last == onDisk)
        }
        #expect(Set(dataBytes).count == 1)  // the same blocks, in one file or in many
    }

    /// Rows of large values (aggregate states are 32 KiB each) make granules shorter than
    /// `index_granularity`, cut at about 1 MiB, so a key lookup reads a megabyte, not the part.
    @Test func largeRowsMakeShorterGranulesThatReadBackExactly() throws {
        let fs = MemoryFileSystem()
        let definition = try TableDefinition(name: TableName("t", "states"), columns: [.init("k", .uint32), .init("state", .string)],
                                             partitionColumn: nil, orderBy: ["k"])
        var random = SplitMix64(seed: 3)
        let rows = 500
        let batch = Batch([("k", .uint32((0..<UInt32(rows)).map { $0 })),
                           ("state", .string(StringColumn((0..<rows).map { i in String(repeating: "x", count: 20_000 + Int(random.next() % 20_000)) + "\(i)" })))])
        let writer = try PartWriter(fileSystem: fs, directory: "/p", name: PartName("all_1_1_0")!, definition: definition)
        for start in stride(from: 0, to: rows, by: 37) { try writer.append(batch.slice(start..<min(rows, start + 37))) }
        let meta = try writer.finish()
        let sizes = try #require(meta.granuleRows)
        #expect(sizes.reduce(0, +) == rows && sizes.count == meta.granuleCount && sizes.count > 10)
        // The same granules as the rows written in one piece, and in pieces of other sizes.
        for piece in [rows, 1, 2, 300] {
            let other = try PartWriter(fileSystem: fs, directory: "/q\(piece)", name: PartName("all_1_1_0")!, definition: definition)
            for start in stride(from: 0, to: rows, by: piece) { try other.append(batch.slice(start..<min(rows, start + piece))) }
            #expect(try other.finish().granuleRows == sizes, "pieces of \(piece) rows")
        }
        var start = 0
        for (index, size) in sizes.enumerated() {
            let bytes = (start..<start + size).reduce(0) { $0 + 4 + batch.columns[1].byteCount(at: $1) }
            // Full granules reach 1 MiB with their last row and not before; the last may be short.
            if index < sizes.count - 1 { #expect(bytes >= PartWriter.maxGranuleBytes && bytes - 4 - batch.columns[1].byteCount(at: start + size - 1) < PartWriter.maxGranuleBytes) }
            start += size
        }
        let reader = try PartReader.open(fileSystem: fs, directory: "/p")
        #expect(try reader.read(columns: [0, 1], granules: 0..<meta.granuleCount) == batch.columns)
        let first = sizes[0], second = sizes[1]
        let cache = BlockCache(capacity: 64 << 20)
        #expect(try reader.read(columns: [0, 1], granules: 1..<2, cache: cache) == batch.slice(first..<first + second).columns)
        #expect(try reader.read(columns: [0, 1], granules: 1..<2, cache: cache) == batch.slice(first..<first + second).columns, "again, from the block cache")
        // Small rows keep fixed granules and list none.
        let small = try PartWriter(fileSystem: fs, directory: "/q", name: PartName("all_1_1_0")!, definition: definition)
        try small.append(Batch([("k", .uint32(Array(0..<20_000))), ("state", .string(StringColumn(Array(repeating: "s", count: 20_000))))]))
        #expect(try small.finish().granuleRows == nil)
    }
}
