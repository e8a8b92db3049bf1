/// The data of an `INSERT … FORMAT f` statement that has none inline — the CLI's standard input —
/// delivered in chunks, so that an ingest of any size never holds its whole input: TabSeparated
/// is parsed chunk by chunk and written block by block; the other formats read it all.
public struct InsertInput {
    private let nextChunk: () -> [UInt8]?

    /// Data from `next`, called until it returns `nil`.
    public init(chunks next: @escaping () -> [UInt8]?) { nextChunk = next }

    /// Data given at once.
    public init(_ bytes: [UInt8]) {
        var delivered = false
        nextChunk = {
            defer { delivered = true }
            return delivered ? nil : bytes
        }
    }

    /// Everything that is left, as one buffer.
    func readAll() -> [UInt8] {
        var all = [UInt8]()
        while let chunk = nextChunk() { all += chunk }
        return all
    }

    /// Chunks that end at a line end (only the last may not), each at least `minimumBytes` unless
    /// it is the last: the unit the streaming readers parse, two at a time.
    func lineChunks(minimumBytes: Int) -> LineChunks { LineChunks(input: self, minimumBytes: minimumBytes) }

    struct LineChunks: IteratorProtocol {
        let input: InsertInput
        let minimumBytes: Int
        private var carry = [UInt8]()
        private var finished = false

        init(input: InsertInput, minimumBytes: Int) {
            self.input = input
            self.minimumBytes = minimumBytes
        }

        mutating func next() -> [UInt8]? {
            while !finished {
                guard let chunk = input.nextChunk() else {
                    finished = true
                    break
                }
                carry += chunk
                if carry.count >= minimumBytes, let newline = carry.lastIndex(of: 0x0A) {
                    let lines = Array(carry[...newline])
                    carry.removeSubrange(...newline)
                    return lines
                }
            }
            guard !carry.isEmpty else { return nil }
            defer { carry = [] }
            return carry
        }
    }
}
