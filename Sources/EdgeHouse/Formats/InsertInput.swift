/// The data of an `INSERT … FORMAT f` statement that has none inline — the CLI's standard input —
/// read piece by piece, so that an ingest of any size never holds its whole input: TabSeparated
/// and RowBinary are parsed chunk by chunk and written block by block; the other formats read
/// it all.
public struct InsertInput: @unchecked Sendable {
    // @unchecked: the closure is only ever called by one thread at a time (`LineChunks` is used
    // under a lock by the parallel TSV reader).
    private let appendNext: (inout [UInt8], Int) throws(IOError) -> Bool

    /// Data from `append`, which adds at most the given number of bytes to the end of the buffer
    /// and returns false, adding nothing, once there are none left.
    public init(appending append: @escaping (_ buffer: inout [UInt8], _ atMost: Int) throws(IOError) -> Bool) {
        appendNext = append
    }

    /// Data from `next`, called until it returns `nil`.
    public init(chunks next: @escaping () -> [UInt8]?) {
        self.init { (buffer: inout [UInt8], _: Int) in
            guard let chunk = next() else { return false }
            buffer += chunk
            return true
        }
    }

    /// Data given at once.
    public init(_ bytes: [UInt8]) {
        var offset = 0
        self.init { (buffer: inout [UInt8], limit: Int) in
            guard offset < bytes.count else { return false }
            let end = min(bytes.count, offset + limit)
            buffer += bytes[offset..<end]
            offset = end
            return true
        }
    }

    /// A stream read from a file descriptor (the CLI's standard input); `observe` sees the
    /// number of bytes of each read (for a progress display).
    public static func stream(_ fd: Int32, observe: @escaping (Int) -> Void = { _ in }) -> InsertInput {
        InsertInput { (buffer: inout [UInt8], limit: Int) throws(IOError) in
            let count = try StreamReading.read(fd, appendingTo: &buffer, atMost: limit)
            observe(count)
            return count > 0
        }
    }

    /// Appends at most `limit` more bytes to `buffer`; false, adding nothing, at the end.
    func append(to buffer: inout [UInt8], atMost limit: Int) throws(IOError) -> Bool {
        try appendNext(&buffer, limit)
    }

    /// Everything that is left, as one buffer.
    func readAll() throws(IOError) -> [UInt8] {
        var all = [UInt8]()
        while try appendNext(&all, 1 << 22) {}
        return all
    }

    /// Chunks that end at a line end (only the last may not), each at least `minimumBytes` unless
    /// it is the last — the first at least `firstBytes`: the unit the streaming readers parse.
    func lineChunks(minimumBytes: Int, firstBytes: Int? = nil) -> LineChunks {
        LineChunks(input: self, minimumBytes: minimumBytes, firstBytes: firstBytes ?? minimumBytes)
    }

    /// Line-aligned chunks read straight into the arrays they are returned in: only the partial
    /// line at the end of a read is copied, to start the next chunk. A caller that hands back
    /// the arrays it is done with (`recycle`) gets them filled again, so a long ingest reads
    /// into memory that is already mapped.
    struct LineChunks {
        let input: InsertInput
        let minimumBytes: Int
        /// The first chunk's least size, read in reads of that size, not `readBytes`; `nil` once read.
        private var firstBytes: Int?
        private var carry = [UInt8]()
        private var finished = false
        private var spare: [[UInt8]] = []

        init(input: InsertInput, minimumBytes: Int, firstBytes: Int) {
            self.input = input
            self.minimumBytes = minimumBytes
            self.firstBytes = firstBytes
        }

        /// Takes back a chunk's array for a later chunk (leaving `buffer` empty); once the input
        /// has ended there is none, and the array is freed before the last block is written.
        mutating func recycle(_ buffer: inout [UInt8]) {
            if !finished && spare.count < 4 { spare.append(buffer) }
            buffer = []
        }

        mutating func next() throws(IOError) -> [UInt8]? {
            guard !finished else { return nil }
            let minimumBytes = firstBytes ?? self.minimumBytes
            let readBytes = firstBytes ?? Self.readBytes
            firstBytes = nil
            var chunk = spare.popLast() ?? []
            chunk.removeAll(keepingCapacity: true)
            chunk.reserveCapacity(minimumBytes + Self.readBytes)
            chunk += carry
            carry.removeAll(keepingCapacity: true)
            // No line end to cut at before this index: the chunk keeps at least `minimumBytes`.
            var searched = max(chunk.count, minimumBytes - 1)
            while true {
                if chunk.count >= minimumBytes, let newline = chunk[searched...].lastIndex(of: 0x0A) {
                    carry += chunk[(newline + 1)...]
                    chunk.removeLast(chunk.count - newline - 1)
                    return chunk
                }
                if chunk.count >= minimumBytes { searched = chunk.count }
                guard try input.appendNext(&chunk, max(readBytes, minimumBytes - chunk.count)) else {
                    finished = true
                    spare = []
                    return chunk.isEmpty ? nil : chunk
                }
            }
        }

        /// Bytes asked of the input at a time.
        static let readBytes = 1 << 20
    }
}
