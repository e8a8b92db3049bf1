/// Rows held as consecutive batches with the same columns — the parsed chunks of a streamed
/// insert — read as one block without first copying them into one: an insert sorts the block by
/// gathering its rows into key order anyway, and gathering from the chunks saves a copy of the
/// whole block (and the memory for it).
struct ChunkedBatch {
    let chunks: [Batch]
    /// `starts[i]` is the block row of chunk `i`'s first row; the last entry is the row count.
    private let starts: [Int]

    init(_ chunks: [Batch]) {
        precondition(!chunks.isEmpty, "a block of no chunks")
        precondition(chunks.allSatisfy { $0.names == chunks[0].names }, "chunks with other columns")
        self.chunks = chunks
        var starts = [0]
        for chunk in chunks { starts.append(starts.last! + chunk.rowCount) }
        self.starts = starts
    }

    init(_ batch: Batch) { self.init([batch]) }

    var rowCount: Int { starts.last! }
    var names: [String] { chunks[0].names }

    /// Column `index` of the whole block, as one column (copied, unless there is one chunk).
    func column(_ index: Int) -> ColumnValues {
        chunks.count == 1 ? chunks[0].columns[index] : .joined(chunks.map { $0.columns[index] })
    }

    /// The whole block as one batch (copied, unless there is one chunk).
    func joined() -> Batch { chunks.count == 1 ? chunks[0] : Batch(joining: chunks) }

    /// How block rows `a` and `b` compare by `keys`, each chunk's key columns.
    func compare(_ keys: [[ColumnValues]], _ a: Int, _ b: Int) -> Int {
        let (chunkA, rowA) = location(of: a), (chunkB, rowB) = location(of: b)
        return KeyOrder.compare(keys[chunkA], rowA, keys[chunkB], rowB)
    }

    /// The chunk that holds block row `row`, and the row within it.
    private func location(of row: Int) -> (chunk: Int, row: Int) {
        if chunks.count == 1 { return (0, row) }
        var low = 0, high = chunks.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= row { low = middle } else { high = middle - 1 }
        }
        return (low, row - starts[low])
    }

    /// The rows at block row numbers `indices`, in that order; the columns gathered on every core.
    func gathering(_ indices: ArraySlice<Int32>) -> Batch {
        if chunks.count == 1 { return chunks[0].gatheringConcurrently(Array(indices)) }
        let plan = ChunkGatherPlan(indices, starts: starts)
        return Batch(names: names, columns: concurrentMap(Array(names.indices)) { column in
            ColumnValues.gathering(from: chunks.map { $0.columns[column] }, plan)
        })
    }
}

extension ColumnValues {
    /// The values a plan picks from columns of one type (the chunks of a block).
    static func gathering(from parts: [ColumnValues], _ plan: ChunkGatherPlan) -> ColumnValues {
        func values<Element>(_ extract: (ColumnValues) -> [Element]?) -> [[Element]] {
            parts.map { part in
                guard let values = extract(part) else { preconditionFailure("gathering \(part.type) with \(parts[0].type)") }
                return values
            }
        }
        func strings() -> StringColumn {
            let columns = parts.map { part in
                switch part {
                case .string(let v), .aggregateStates(_, let v): return v
                default: preconditionFailure("gathering \(part.type) with \(parts[0].type)")
                }
            }
            return StringColumn(gathering: columns, plan)
        }
        func gather<Element: BitwiseCopyable>(_ extract: (ColumnValues) -> [Element]?) -> [Element] {
            RawCopy.gather(from: values(extract), plan)
        }
        switch parts[0] {
        case .uint8: return .uint8(gather { if case .uint8(let v) = $0 { v } else { nil } })
        case .uint16: return .uint16(gather { if case .uint16(let v) = $0 { v } else { nil } })
        case .int8: return .int8(gather { if case .int8(let v) = $0 { v } else { nil } })
        case .int16: return .int16(gather { if case .int16(let v) = $0 { v } else { nil } })
        case .int32: return .int32(gather { if case .int32(let v) = $0 { v } else { nil } })
        case .uint32: return .uint32(gather { if case .uint32(let v) = $0 { v } else { nil } })
        case .uint64: return .uint64(gather { if case .uint64(let v) = $0 { v } else { nil } })
        case .int64: return .int64(gather { if case .int64(let v) = $0 { v } else { nil } })
        case .float32: return .float32(gather { if case .float32(let v) = $0 { v } else { nil } })
        case .float64: return .float64(gather { if case .float64(let v) = $0 { v } else { nil } })
        case .dateTime: return .dateTime(gather { if case .dateTime(let v) = $0 { v } else { nil } })
        case .date: return .date(gather { if case .date(let v) = $0 { v } else { nil } })
        case .uuid: return .uuid(gather { if case .uuid(let v) = $0 { v } else { nil } })
        case .string: return .string(strings())
        case .aggregateStates(let function, _): return .aggregateStates(function, strings())
        case .arrays, .nullable, .nothing, .tuples:
            // Not types of the raw tables' columns: joined, then gathered.
            var offsets = [Int](), total = 0
            for part in parts { offsets.append(total); total += part.count }
            var indices = [Int32](repeating: 0, count: plan.count)
            for chunk in offsets.indices {
                for (position, row) in zip(plan.positions[chunk], plan.rows[chunk]) { indices[Int(position)] = Int32(offsets[chunk] + Int(row)) }
            }
            return ColumnValues.joined(parts).gathering(indices)
        }
    }
}

extension StringColumn {
    /// The values a plan picks from several string columns.
    init(gathering parts: [StringColumn], _ plan: ChunkGatherPlan) {
        var lengths = [UInt32](repeating: 0, count: plan.count)
        for (chunk, part) in parts.enumerated() {
            for (position, row) in zip(plan.positions[chunk], plan.rows[chunk]) {
                let i = Int(row)
                lengths[Int(position)] = part.ends[i] - (i == 0 ? 0 : part.ends[i - 1])
            }
        }
        var ends = [UInt32](), starts = [Int]()
        ends.reserveCapacity(plan.count)
        starts.reserveCapacity(plan.count)
        var total = 0
        for length in lengths {
            starts.append(total)
            total += Int(length)
            ends.append(UInt32(total))
        }
        let bytes = RawCopy.gather(from: parts.map { ($0.bytes, $0.ends) }, plan, starts: starts, total: total)
        self.init(bytes: bytes, ends: ends)
    }
}
