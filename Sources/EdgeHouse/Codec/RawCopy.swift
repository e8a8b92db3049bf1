/// Bulk copies of values.
enum RawCopy {
    /// `values[indices[0]], values[indices[1]], …`: how a sort permutation is applied to a
    /// fixed-width column.
    static func gather<T: BitwiseCopyable>(_ values: [T], indices: [Int32]) -> [T] {
        // Reason for the pointers: this runs for every column of every insert; the bounds
        // checks of `indices.map { values[$0] }` cost as much as the copy. The indices are
        // checked once, in a separate pass that vectorizes (`gathering` is public API: a bad
        // index must stop the process, never read outside the array).
        precondition(indices.allSatisfy { UInt(bitPattern: Int($0)) < UInt(values.count) }, "gather index out of range")
        return [T](unsafeUninitializedCapacity: indices.count) { buffer, initialized in
            values.withUnsafeBufferPointer { source in
                indices.withUnsafeBufferPointer { order in
                    for (position, index) in order.enumerated() {
                        (buffer.baseAddress! + position).initialize(to: source[Int(index)])
                    }
                }
            }
            initialized = indices.count
        }
    }

    /// The bytes of values `indices` of a string column (`bytes` and end offsets `ends`), back to
    /// back; `total` is their summed length.
    static func gather(_ bytes: [UInt8], ends: [UInt32], indices: some Collection<Int32>, total: Int) -> [UInt8] {
        // Reason for the pointers: one memcpy per value into a preallocated buffer; appending
        // slices one by one costs several times more on the insert path (the sort applies the
        // permutation to every string column).
        [UInt8](unsafeUninitializedCapacity: total) { buffer, initialized in
            bytes.withUnsafeBufferPointer { source in
                var offset = 0
                for index in indices {
                    let i = Int(index)
                    let start = i == 0 ? 0 : Int(ends[i - 1])
                    let length = Int(ends[i]) - start
                    if length > 0 {
                        buffer.baseAddress!.advanced(by: offset).update(from: source.baseAddress!.advanced(by: start), count: length)
                    }
                    offset += length
                }
            }
            initialized = total
        }
    }

    /// `gather` across several arrays (the chunks of a block): the values the plan picks from
    /// each source, at the output positions it names for them.
    static func gather<T: BitwiseCopyable>(from sources: [[T]], _ plan: ChunkGatherPlan) -> [T] {
        // Reason for the pointers: as `gather`; each chunk's rows are checked once, up front.
        precondition(sources.count == plan.rows.count, "a gather plan for other chunks")
        for (source, rows) in zip(sources, plan.rows) {
            precondition(rows.allSatisfy { UInt(bitPattern: Int($0)) < UInt(source.count) }, "gather index out of range")
        }
        return [T](unsafeUninitializedCapacity: plan.count) { buffer, initialized in
            for (chunk, source) in sources.enumerated() {
                source.withUnsafeBufferPointer { values in
                    plan.positions[chunk].withUnsafeBufferPointer { positions in
                        plan.rows[chunk].withUnsafeBufferPointer { rows in
                            for k in 0..<positions.count {
                                (buffer.baseAddress! + Int(positions[k])).initialize(to: values[Int(rows[k])])
                            }
                        }
                    }
                }
            }
            initialized = plan.count  // the plan's positions are 0..<count, each once
        }
    }

    /// The bytes of the strings a plan picks from several string columns (`bytes` and `ends`
    /// of each), placed at `starts` (each output value's first byte); `total` bytes in all.
    static func gather(from sources: [(bytes: [UInt8], ends: [UInt32])], _ plan: ChunkGatherPlan,
                       starts: [Int], total: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: total) { buffer, initialized in
            for (chunk, source) in sources.enumerated() {
                source.bytes.withUnsafeBufferPointer { bytes in
                    for (position, row) in zip(plan.positions[chunk], plan.rows[chunk]) {
                        let i = Int(row)
                        let start = i == 0 ? 0 : Int(source.ends[i - 1]), end = Int(source.ends[i])
                        let target = starts[Int(position)]
                        precondition(start <= end && end <= bytes.count && target + end - start <= total, "string gather out of range")
                        copy(from: bytes, start..<end, to: buffer, at: target)
                    }
                }
            }
            initialized = total  // the plan's positions cover every output value, each once
        }
    }

    /// ClickHouse's `String` serialization of `rows` of a string column (`bytes` and end offsets
    /// `ends`): each value's length as a varint, then its bytes.
    static func serializedStrings(_ bytes: [UInt8], ends: [UInt32], rows: Range<Int>) -> [UInt8] {
        // Reason for the pointers: per value, a slice of the column (a retain and release) and
        // an append to an array (a uniqueness check, a memcpy call) cost more than its bytes;
        // this writes lengths and bytes into a buffer sized once, short values by word moves.
        precondition(rows.upperBound <= ends.count && Int(ends.last ?? 0) <= bytes.count, "string rows out of range")
        let first = rows.lowerBound == 0 ? 0 : Int(ends[rows.lowerBound - 1])
        let last = rows.isEmpty ? first : Int(ends[rows.upperBound - 1])
        // A length below 2^32 takes at most five varint bytes.
        return [UInt8](unsafeUninitializedCapacity: last - first + 5 * rows.count) { buffer, initialized in
            bytes.withUnsafeBufferPointer { source in
                var offset = 0, start = first
                for row in rows {
                    let end = Int(ends[row])
                    precondition(start <= end && end <= bytes.count, "string ends out of order")
                    var length = end - start
                    while length >= 0x80 {
                        buffer[offset] = UInt8(truncatingIfNeeded: length) | 0x80
                        length >>= 7
                        offset += 1
                    }
                    buffer[offset] = UInt8(length)
                    offset += 1
                    copy(from: source, start..<end, to: buffer, at: offset)
                    offset += end - start
                    start = end
                }
                initialized = offset
            }
        }
    }

    /// Copies `range` of `source` to `target` at `offset`, exactly (values are placed out of
    /// order, so no byte past the value may be written). Short values — the common case of
    /// names and labels — as two overlapping word moves: a memcpy call per value costs more
    /// than the copy.
    @inline(__always)
    private static func copy(from source: UnsafeBufferPointer<UInt8>, _ range: Range<Int>,
                             to target: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        let from = UnsafeRawPointer(source.baseAddress!) + range.lowerBound
        let to = UnsafeMutableRawPointer(target.baseAddress!) + offset
        let count = range.count
        func move<Word>(_: Word.Type) {
            // The first and the last `Word` of the value: they overlap when it is shorter than two.
            to.storeBytes(of: from.loadUnaligned(as: Word.self), as: Word.self)
            let tail = count - MemoryLayout<Word>.size
            to.storeBytes(of: from.loadUnaligned(fromByteOffset: tail, as: Word.self), toByteOffset: tail, as: Word.self)
        }
        switch count {
        case 0: break
        case 1..<4: for k in 0..<count { to.storeBytes(of: from.load(fromByteOffset: k, as: UInt8.self), toByteOffset: k, as: UInt8.self) }
        case 4..<8: move(UInt32.self)
        case 8...16: move(UInt64.self)
        case 17...32: move(SIMD16<UInt8>.self)
        default: to.copyMemory(from: from, byteCount: count)
        }
    }

    /// Sorts row numbers by rows of `width` machine words each (lexicographically), ties by row
    /// number: the stable sort permutation of the insert path.
    static func sortRows(_ permutation: inout [Int32], words: [UInt64], width: Int) {
        // Reason for the pointer: the comparator runs n·log n times; bounds checks on each word
        // read cost more than the comparison itself.
        words.withUnsafeBufferPointer { w in
            permutation.sort { a, b in
                let ra = Int(a) * width, rb = Int(b) * width
                for k in 0..<width where w[ra + k] != w[rb + k] { return w[ra + k] < w[rb + k] }
                return a < b
            }
        }
    }
}

/// Where the rows of a gather across chunks come from: for each chunk, the output positions it
/// fills and its own row numbers for them. Every position `0..<count` is named exactly once.
struct ChunkGatherPlan {
    private(set) var positions: [[Int32]]
    private(set) var rows: [[Int32]]
    let count: Int

    /// The plan for block row numbers `indices`, the chunks starting at block rows `starts`
    /// (the last entry is the block's row count).
    init(_ indices: ArraySlice<Int32>, starts: [Int]) {
        let chunkCount = starts.count - 1
        positions = Array(repeating: [], count: chunkCount)
        rows = Array(repeating: [], count: chunkCount)
        count = indices.count
        for (position, index) in indices.enumerated() {
            let row = Int(index)
            precondition(row >= 0 && row < starts[chunkCount], "gather index out of range")
            var low = 0, high = chunkCount - 1  // the chunk holding `row`: binary search on `starts`
            while low < high {
                let middle = (low + high + 1) / 2
                if starts[middle] <= row { low = middle } else { high = middle - 1 }
            }
            positions[low].append(Int32(position))
            rows[low].append(Int32(row - starts[low]))
        }
    }
}
