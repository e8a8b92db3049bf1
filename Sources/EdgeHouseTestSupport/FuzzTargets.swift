import Dispatch
import EdgeHouse
import EdgeHouseServer

/// The fuzz targets: one input (any bytes) in, a verdict out. Shared by the libFuzzer driver
/// (`edgehouse-fuzz`, which traps on a violation) and the Swift tests (which replay the committed
/// corpus and mutate it).
///
/// Every target states what must hold for *any* input: an answer or a ClickHouse-shaped error,
/// never a crash, and — for inserts — nothing stored unless everything is; for part files, a
/// changed byte never read back as data.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// The bytes as SQL statements.
    case sql
    /// The bytes as the data of `INSERT … FORMAT <format>` into a table with every scalar type.
    case tsv, csv, jsonEachRow, values
    /// The bytes as a mutation of a valid part's files: which file, where, what to XOR in (or
    /// where to cut the file).
    case part
    /// The same mutation with `checksums.txt` then rewritten to match it: the decoders behind
    /// the checksums (meta, marks, primary index, column blocks) see hostile bytes that pass
    /// the CRC. Any answer or a ClickHouse-shaped error, never a crash.
    case partResigned
    /// The bytes as a native-protocol client's packets, a Native block, an HTTP request
    /// (`edgehouse server`'s decoders; see `WireFuzzing`).
    case nativePackets, nativeBlock, httpRequest
    /// The bytes after the first as a gzip (first byte even) or zlib (odd) request body, fed in
    /// pieces: decoded, or refused with a `CodecError`; never more output per call than asked
    /// for; what decodes, encoded again, decodes to itself.
    case inflate
    /// The bytes as a document of the JSON functions: every function answers, and a valid
    /// document's `JSONExtractRaw` is itself valid, written again the same from its second
    /// writing on (the first may change: `-0.0` is written `-0`, which reads as the integer 0,
    /// as in ClickHouse).
    case json

    public enum Outcome: Equatable, Sendable {
        case accepted
        /// A clean refusal, with ClickHouse's error code.
        case rejected(code: Int32)
        /// The input broke a promise; the string says which.
        case violation(String)
    }

    /// Runs one input. The server's decoders are async: here they are waited for on a
    /// semaphore, which is only safe off Swift's cooperative thread pool (libFuzzer's thread,
    /// the replayer's main thread); async callers use ``run(_:)-async``.
    public func run(_ input: [UInt8]) -> Outcome {
        switch self {
        case .nativePackets, .nativeBlock, .httpRequest: Self.waitFor { await self.run(input) }
        default: runEngineTarget(input)
        }
    }

    private func runEngineTarget(_ input: [UInt8]) -> Outcome {
        switch self {
        case .sql: Self.runSQL(String(decoding: input, as: UTF8.self))
        case .tsv: Self.runInsert(format: "TSV", input)
        case .csv: Self.runInsert(format: "CSV", input)
        case .jsonEachRow: Self.runInsert(format: "JSONEachRow", input)
        case .values: Self.runInsert(format: "Values", input)
        case .part: Self.runPart(input, resigned: false)
        case .partResigned: Self.runPart(input, resigned: true)
        case .inflate: Self.runInflate(input)
        case .json: Self.runJSON(input)
        case .nativePackets, .nativeBlock, .httpRequest: preconditionFailure("a server target runs async")
        }
    }

    /// Runs one input from async code (the Swift tests).
    public func run(_ input: [UInt8]) async -> Outcome {
        do {
            switch self {
            case .nativePackets: try await WireFuzzing.nativePackets(input)
            case .nativeBlock: try await WireFuzzing.nativeBlock(input)
            case .httpRequest: try WireFuzzing.httpRequest(input)
            default: return runEngineTarget(input)
            }
            return .accepted
        } catch {
            return WireFuzzing.refusalCode(error).map { .rejected(code: $0) } ?? .violation("\(error)")
        }
    }

    private static func runJSON(_ input: [UInt8]) -> Outcome {
        let (_, session) = freshSession()
        let hex = input.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
        let sql = """
            WITH unhex('\(hex)') AS d, JSONExtractRaw(d) AS raw, JSONExtractRaw(raw) AS again
            SELECT again = JSONExtractRaw(again) AND (raw = '') = (again = ''), JSONHas(d) = (raw != ''),
                   length(JSONExtractKeys(d)) <= JSONLength(d), JSONExtractString(d, 1), JSONExtractInt(d, -1),
                   JSONExtractUInt(d, 1, 1), JSONExtractFloat(d, 'a'), JSONExtractBool(d, 2), JSONHas(d)
            """
        do {
            let result = try session.execute(sql)
            guard let rows = result.last?.rows, case .uint8(let fixed) = rows.columns[0], case .uint8(let has) = rows.columns[1],
                  case .uint8(let keys) = rows.columns[2] else { return .violation("no answer") }
            guard fixed == [1] else { return .violation("JSONExtractRaw is not a fixed point") }
            guard has == [1], keys == [1] else { return .violation("JSONHas or JSONExtractKeys disagrees with JSONExtractRaw or JSONLength") }
            // Not JSON: every function answered its default (ClickHouse raises nothing either).
            guard case .uint8([1]) = rows.columns[8] else { return .rejected(code: ClickHouseErrorCode.incorrectData.rawValue) }
            return .accepted
        } catch {
            return .violation("the JSON functions failed: \(error)")
        }
    }

    private static func runInflate(_ input: [UInt8]) -> Outcome {
        guard let first = input.first else { return .rejected(code: ClickHouseErrorCode.zlibInflateFailed.rawValue) }
        let encoding: ContentEncoding = first % 2 == 0 ? .gzip : .deflate
        let body = Array(input.dropFirst())
        let pieceSize = Int(first / 2) % 61 + 1
        let limit = 1 << 12
        func decode(_ body: [UInt8]) throws(CodecError) -> [UInt8]? {
            guard let decoder = ContentDecoder(encoding) else { return nil }
            var output = [UInt8]()
            for start in stride(from: 0, to: body.count, by: pieceSize) {
                decoder.feed(Array(body[start..<min(body.count, start + pieceSize)]))
                while let piece = try decoder.nextOutput(limit: limit) {
                    guard piece.count <= limit else { return nil }
                    output += piece
                    // A bomb: enough to know the pace holds.
                    if output.count > 1 << 24 { return output }
                }
            }
            try decoder.finish()
            return output
        }
        do {
            guard let decoded = try decode(body) else { return .violation("more output than asked for in one call") }
            guard decoded.count <= 1 << 24 else { return .accepted }
            guard try decode(encoding.encode(decoded)) == decoded else { return .violation("decoded bytes do not survive encoding again") }
            return .accepted
        } catch {
            return .rejected(code: ClickHouseErrorCode.zlibInflateFailed.rawValue)
        }
    }

    private static func waitFor(_ body: @escaping @Sendable () async -> Outcome) -> Outcome {
        let outcome = Locked<Outcome?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let result = await body()
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return outcome.withLock { $0! }
    }

    static let table = TableName("fuzz", "all_types")
    static let schema = """
        CREATE TABLE fuzz.all_types (t DateTime, id UUID, s String, f32 Float32, f64 Float64, u8 UInt8,
            u32 UInt32, u64 UInt64, i64 Int64) ENGINE = MergeTree PARTITION BY toYYYYMM(t) ORDER BY (id, t)
        """

    static func freshSession() -> (Store, SQLSession) {
        var options = StoreOptions()
        options.backgroundMaintenance = false
        let store = Store.inMemory(options: options)
        let session = SQLSession(store: store)
        // The schema is fixed and valid.
        _ = try! session.execute("CREATE DATABASE fuzz; " + schema)
        return (store, session)
    }

    static func rowCount(_ store: Store) -> Int {
        let snapshot = store.snapshot()
        return store.tables.reduce(0) { $0 + ((try? snapshot.rowCount(of: $1.name)) ?? 0) }
    }

    static func isClickHouseShaped(_ error: SQLError) -> Bool {
        error.code > 0 && error.description.hasPrefix("Code: \(error.code). DB::Exception: ")
    }

    /// Statements before a failing one may have run, so "nothing stored" is the insert targets'
    /// check (and the SQL mutation test's, statement by statement), not this one's.
    static func runSQL(_ text: String) -> Outcome {
        let (_, session) = freshSession()
        do {
            _ = try session.execute(text)
            return .accepted
        } catch {
            return isClickHouseShaped(error) ? .rejected(code: error.code) : .violation("not a ClickHouse-shaped error: \(error)")
        }
    }

    static func runInsert(format: String, _ data: [UInt8]) -> Outcome {
        let (store, session) = freshSession()
        do {
            _ = try session.execute("INSERT INTO fuzz.all_types FORMAT \(format)", input: InsertInput(data))
            return .accepted
        } catch {
            if rowCount(store) != 0 { return .violation("a failed INSERT stored \(rowCount(store)) rows") }
            return isClickHouseShaped(error) ? .rejected(code: error.code) : .violation("not a ClickHouse-shaped error: \(error)")
        }
    }

    /// A store holding one small valid part (the October rows of a crash-workload insert, a
    /// few granules); returns its file system, the part's files and its row count.
    static func storeWithOnePart() -> (MemoryFileSystem, [String], Int) {
        let memory = MemoryFileSystem()
        var options = StoreOptions()
        options.backgroundMaintenance = false
        // An in-memory file system cannot fail these calls.
        let store = try! Store(fileSystem: memory, root: "/s", options: options)
        try! store.createTable(CrashWorkload.definition())
        var rows = CrashWorkload.batch(2)
        rows = rows.filtered(rows.columns[0].dateTimes!.map { DateTime.yyyymm($0) == 202610 })
        try! store.insert(rows, into: CrashWorkload.table)
        let part = try! store.snapshot().parts(of: CrashWorkload.table)[0].name.description
        let directory = "/s/data/crash/events/" + part
        let files = try! memory.listDirectory(directory).sorted().map { directory + "/" + $0 }
        return (memory, files, rows.rowCount)
    }

    static func runPart(_ input: [UInt8], resigned: Bool) -> Outcome {
        guard input.count >= 5 else { return .accepted }
        let (memory, files, rowCount) = storeWithOnePart()
        let path = files[Int(input[0] & 0x7f) % files.count]
        let original = try! memory.readFile(path)
        let offset = Int(UInt32(input[1]) | UInt32(input[2]) << 8 | UInt32(input[3]) << 16) % max(1, original.count)
        var mutated = original
        if input[0] & 0x80 != 0 {
            mutated.removeSubrange(offset...)  // a file cut short
        } else {
            for (i, byte) in input[4...].enumerated() where offset + i < mutated.count { mutated[offset + i] ^= byte }
        }
        try! memory.writeFile(path, mutated, sync: true)
        let checksumsPath = path.prefix(upTo: path.lastIndex(of: "/")!) + "/checksums.txt"
        if resigned, path != checksumsPath, var checksums = PartChecksums.decode(try! memory.readFile(String(checksumsPath))) {
            checksums.files[String(path.split(separator: "/").last!)] = .init(size: mutated.count, crc: CRC32C.checksum(mutated))
            try! memory.writeFile(String(checksumsPath), checksums.encode(), sync: true)
        }
        var options = StoreOptions()
        options.backgroundMaintenance = false
        let caught: Bool
        do {
            let store = try Store(fileSystem: memory, root: "/s", options: options)
            let snapshot = store.snapshot()
            let read = try snapshot.read(CrashWorkload.table, columns: CrashWorkload.definition().columns.map(\.name))
            let check = try store.checkTable(CrashWorkload.table)
            caught = !store.brokenParts.isEmpty || check.contains { $0.error != nil }
            if !caught && read.rowCount != rowCount && !resigned {
                return .violation("a mutated part read back \(read.rowCount) rows without an error")
            }
        } catch {
            return error.code.rawValue > 0 ? .rejected(code: error.code.rawValue) : .violation("\(error)")
        }
        if mutated != original && !caught && !resigned { return .violation("\(path) changed at byte \(offset) and nothing noticed") }
        return caught ? .rejected(code: 40) : .accepted
    }
}
