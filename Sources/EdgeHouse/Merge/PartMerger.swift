/// Merges sorted parts into one sorted stream, k-way, with bounded memory: each input is read a
/// few granules at a time, and output is handed on in chunks.
///
/// Canonical order: inputs are given in block-number order, and among rows with equal keys the
/// rows of the earlier input come first, each input's rows in storage order. That order is
/// what later feeds order-sensitive aggregate states (`quantile`), so it is decided here once.
///
/// It moves runs, not rows: the input with the smallest head yields every row up to the
/// smallest head of the other inputs, found by binary search, in one slice.
struct PartMerger {
    let inputs: [PartReader]
    /// The table's columns now: what the merged part has (parts written before an ALTER read as it).
    let columns: [ColumnDefinition]
    let keyPositions: [Int]
    let granulesPerRead: Int
    /// Rows handed to `emit` at a time (at most; the last chunk may be smaller)…
    let outputRows: Int
    /// …or fewer, once they hold this many bytes: rows of `quantile` states are 32 KiB each, and
    /// 65,536 of them would be two gigabytes.
    static let outputBytes = 4 << 20

    init(inputs: [PartReader], definition: TableDefinition, granulesPerRead: Int, outputRows: Int = 65_536) {
        self.inputs = inputs
        columns = definition.columns
        keyPositions = definition.keyIndices
        self.granulesPerRead = max(1, granulesPerRead)
        self.outputRows = outputRows
    }

    func run(emit: (Batch) throws(StorageError) -> Void) throws(StorageError) {
        let names = columns.map(\.name)
        var cursors = [Cursor]()
        for (order, input) in inputs.enumerated() {
            var cursor = Cursor(reader: input, order: order, names: names, columns: columns, keys: keyPositions, step: granulesPerRead)
            try cursor.load()
            if !cursor.isExhausted { cursors.append(cursor) }
        }
        var output: Batch? = nil
        func flushIfFull(force: Bool) throws(StorageError) {
            guard let batch = output, force || batch.rowCount >= outputRows || batch.byteCount >= Self.outputBytes else { return }
            output = nil
            if batch.rowCount > 0 { try emit(batch) }
        }
        while !cursors.isEmpty {
            var smallest = 0
            for i in 1..<cursors.count where cursors[i].compareHead(with: cursors[smallest]) < 0 { smallest = i }
            var runEnd = cursors[smallest].chunk.rowCount
            if cursors.count > 1 {
                var rival = smallest == 0 ? 1 : 0
                for i in cursors.indices where i != smallest && cursors[i].compareHead(with: cursors[rival]) < 0 { rival = i }
                runEnd = cursors[smallest].rowsNotAfter(cursors[rival])
            }
            let slice = cursors[smallest].take(upTo: runEnd)
            if output == nil { output = slice } else { output!.append(contentsOf: slice) }
            try flushIfFull(force: false)
            if cursors[smallest].position == cursors[smallest].chunk.rowCount {
                try cursors[smallest].load()
                if cursors[smallest].isExhausted { cursors.remove(at: smallest) }
            }
        }
        try flushIfFull(force: true)
    }
}

/// An input part being merged: the current chunk of decoded rows and a position in it.
private struct Cursor {
    let reader: PartReader
    /// Position of the input in canonical (block-number) order: breaks ties between equal keys.
    let order: Int
    let names: [String]
    let columns: [ColumnDefinition]
    let keys: [Int]
    let step: Int
    var nextGranule = 0
    var chunk = Batch(names: [], columns: [])
    var keyColumns: [ColumnValues] = []
    var position = 0

    init(reader: PartReader, order: Int, names: [String], columns: [ColumnDefinition], keys: [Int], step: Int) {
        self.reader = reader
        self.order = order
        self.names = names
        self.columns = columns
        self.keys = keys
        self.step = step
    }

    var isExhausted: Bool { chunk.rowCount == 0 }

    mutating func load() throws(StorageError) {
        let total = reader.meta.granuleCount
        guard nextGranule < total else {
            chunk = Batch(names: [], columns: [])
            return
        }
        let granules = reader.granules(from: nextGranule, count: step)
        nextGranule = granules.upperBound
        chunk = Batch(names: names, columns: try reader.read(columns, granules: granules))
        keyColumns = keys.map { chunk.columns[$0] }
        position = 0
    }

    func compareHead(with other: Cursor) -> Int {
        let c = KeyOrder.compare(keyColumns, position, other.keyColumns, other.position)
        return c != 0 ? c : (order < other.order ? -1 : 1)
    }

    /// The end of the run of this chunk's rows that come before `rival`'s head: rows with a
    /// smaller key, plus rows with an equal key when this input is earlier in canonical order.
    func rowsNotAfter(_ rival: Cursor) -> Int {
        let limit = order < rival.order ? 0 : -1
        var low = position, high = chunk.rowCount
        while low < high {
            let middle = (low + high) / 2
            if KeyOrder.compare(keyColumns, middle, rival.keyColumns, rival.position) <= limit { low = middle + 1 } else { high = middle }
        }
        return max(low, position + 1)
    }

    mutating func take(upTo end: Int) -> Batch {
        defer { position = end }
        return position == 0 && end == chunk.rowCount ? chunk : chunk.slice(position..<end)
    }
}
