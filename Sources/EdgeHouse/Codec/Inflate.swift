/// DEFLATE (RFC 1951) decompression in safe Swift — stored, fixed and dynamic Huffman blocks —
/// fed its input in pieces of any size and handing out its output a bounded amount at a time:
/// a gzip or zlib request body is decoded as it arrives, and a small body that expands
/// enormously is decoded at the pace of its reader.
///
/// Resumable at every symbol: when the input runs out inside a symbol (or inside a block's
/// header), the reader goes back to where the symbol began and waits for more.
struct Inflater {
    private enum Phase {
        case blockHeader
        case stored(remaining: Int)
        case codes(literals: HuffmanTable, distances: HuffmanTable)
        case finished
    }

    private var phase = Phase.blockHeader
    private var isLastBlock = false
    private var reader = BitReader()
    /// The last 32 KiB of output: what a match copies from.
    private var window = [UInt8](repeating: 0, count: Self.windowSize)
    private var written = 0
    /// The rest of a match that did not fit under the last call's limit.
    private var pendingCopy: (length: Int, distance: Int)?
    private static let windowSize = 1 << 15

    /// Whether the final block has ended and all of it is handed out.
    var isFinished: Bool { if case .finished = phase { pendingCopy == nil } else { false } }

    /// Adds the next piece of the compressed stream.
    mutating func feed(_ bytes: [UInt8]) { reader.append(bytes) }

    /// Decodes into `output` until it holds `limit` bytes, the input runs out, or the stream ends.
    mutating func decode(into output: inout [UInt8], limit: Int) throws(CodecError) {
        while output.count < limit {
            if let (length, distance) = pendingCopy {
                pendingCopy = nil
                copy(length: length, distance: distance, to: &output, limit: limit)
                continue
            }
            switch phase {
            case .finished:
                return
            case .blockHeader:
                let start = reader
                guard let next = try readBlockHeader() else {
                    reader = start
                    return
                }
                phase = next
            case .stored(let remaining):
                let copied = reader.readAlignedBytes(max: min(remaining, limit - output.count))
                guard !copied.isEmpty else { return }
                for byte in copied { emit(byte, to: &output) }
                phase = remaining == copied.count ? endOfBlock : .stored(remaining: remaining - copied.count)
            case .codes(let literals, let distances):
                let start = reader
                guard let ended = try decodeSymbol(literals, distances, into: &output, limit: limit) else {
                    reader = start
                    return
                }
                if ended { phase = endOfBlock }
            }
        }
    }

    /// The bytes after the end of the stream (a gzip trailer, the next member): what was fed
    /// and not read, from the byte after the final block.
    mutating func takeRemainingInput() -> [UInt8] {
        precondition(isFinished, "the stream has not ended")
        return reader.takeRemainingBytes()
    }

    private var endOfBlock: Phase { isLastBlock ? .finished : .blockHeader }

    private mutating func emit(_ byte: UInt8, to output: inout [UInt8]) {
        window[written & (Self.windowSize - 1)] = byte
        written += 1
        output.append(byte)
    }

    /// The phase the block's header starts; `nil` when the input ends inside the header.
    private mutating func readBlockHeader() throws(CodecError) -> Phase? {
        guard let header = reader.read(3) else { return nil }
        isLastBlock = header & 1 == 1
        switch header >> 1 {
        case 0:
            reader.alignToByte()
            guard let length = reader.read(16), let complement = reader.read(16) else { return nil }
            guard length == ~complement & 0xFFFF else { throw .corruptPayload("DEFLATE: a stored block's length does not match its complement") }
            return length == 0 ? endOfBlock : .stored(remaining: Int(length))
        case 1:
            return .codes(literals: HuffmanTable.fixedLiterals, distances: HuffmanTable.fixedDistances)
        case 2:
            return try readDynamicTables()
        default:
            throw .corruptPayload("DEFLATE: invalid block type 3")
        }
    }

    /// A dynamic block's code lengths (RFC 1951 §3.2.7), themselves Huffman coded.
    private mutating func readDynamicTables() throws(CodecError) -> Phase? {
        guard let literalCount = reader.read(5), let distanceCount = reader.read(5), let lengthCodeCount = reader.read(4) else { return nil }
        guard literalCount + 257 <= 286, distanceCount + 1 <= 30 else { throw .corruptPayload("DEFLATE: too many codes in a dynamic block") }
        var lengthCodeLengths = [UInt8](repeating: 0, count: 19)
        for order in Self.lengthCodeOrder.prefix(Int(lengthCodeCount) + 4) {
            guard let length = reader.read(3) else { return nil }
            lengthCodeLengths[order] = UInt8(length)
        }
        let lengthCodes = try HuffmanTable(lengths: lengthCodeLengths)
        let total = Int(literalCount) + 257 + Int(distanceCount) + 1
        var lengths = [UInt8]()
        lengths.reserveCapacity(total)
        while lengths.count < total {
            guard let symbol = try reader.decode(lengthCodes) else { return nil }
            switch symbol {
            case 0...15:
                lengths.append(UInt8(symbol))
            case 16:
                guard let previous = lengths.last else { throw .corruptPayload("DEFLATE: a repeat with no length before it") }
                guard let extra = reader.read(2) else { return nil }
                lengths += repeatElement(previous, count: 3 + Int(extra))
            default:
                guard let extra = reader.read(symbol == 17 ? 3 : 7) else { return nil }
                lengths += repeatElement(0, count: (symbol == 17 ? 3 : 11) + Int(extra))
            }
        }
        guard lengths.count == total else { throw .corruptPayload("DEFLATE: code lengths overrun their count") }
        let literalLengths = Array(lengths.prefix(Int(literalCount) + 257))
        guard literalLengths[256] != 0 else { throw .corruptPayload("DEFLATE: a block without an end-of-block code") }
        return .codes(literals: try HuffmanTable(lengths: literalLengths),
                      distances: try HuffmanTable(lengths: Array(lengths.suffix(Int(distanceCount) + 1))))
    }

    private static let lengthCodeOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
    private static let lengthBases: [Int] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    private static let lengthExtraBits: [Int] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    private static let distanceBases: [Int] = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769,
                                               1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    private static let distanceExtraBits: [Int] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    /// One literal, match or end of block. Returns whether the block ended; `nil` when the
    /// input ends inside the symbol (nothing was written).
    private mutating func decodeSymbol(_ literals: HuffmanTable, _ distances: HuffmanTable, into output: inout [UInt8],
                                       limit: Int) throws(CodecError) -> Bool? {
        guard let symbol = try reader.decode(literals) else { return nil }
        if symbol < 256 {
            emit(UInt8(symbol), to: &output)
            return false
        }
        if symbol == 256 { return true }
        let lengthIndex = symbol - 257
        guard lengthIndex < Self.lengthBases.count else { throw .corruptPayload("DEFLATE: invalid length code \(symbol)") }
        guard let lengthExtra = reader.read(Self.lengthExtraBits[lengthIndex]), let distanceSymbol = try reader.decode(distances) else { return nil }
        guard distanceSymbol < Self.distanceBases.count else { throw .corruptPayload("DEFLATE: invalid distance code \(distanceSymbol)") }
        guard let distanceExtra = reader.read(Self.distanceExtraBits[distanceSymbol]) else { return nil }
        let length = Self.lengthBases[lengthIndex] + Int(lengthExtra)
        let distance = Self.distanceBases[distanceSymbol] + Int(distanceExtra)
        guard distance <= min(written, Self.windowSize) else { throw .corruptPayload("DEFLATE: a match reaches back before the start of the stream") }
        copy(length: length, distance: distance, to: &output, limit: limit)
        return false
    }

    /// Copies a match, as much of it as `limit` allows; the rest is pending.
    private mutating func copy(length: Int, distance: Int, to output: inout [UInt8], limit: Int) {
        let now = min(length, max(0, limit - output.count))
        for _ in 0..<now { emit(window[(written - distance) & (Self.windowSize - 1)], to: &output) }
        if now < length { pendingCopy = (length - now, distance) }
    }
}

/// A canonical Huffman code as a lookup table over its longest code's bits (read least
/// significant bit first, as DEFLATE packs them): each entry holds the symbol and its length.
struct HuffmanTable: Sendable {
    fileprivate let entries: [UInt32]
    fileprivate let maxLength: Int

    /// The code of RFC 1951 §3.2.2 for these code lengths (0: the symbol is unused). An
    /// over-subscribed set is refused; an incomplete one decodes what it has.
    init(lengths: [UInt8]) throws(CodecError) {
        let maxLength = Int(lengths.max() ?? 0)
        var counts = [Int](repeating: 0, count: 16)
        for length in lengths where length > 0 { counts[Int(length)] += 1 }
        var nextCode = [Int](repeating: 0, count: 16)
        var code = 0, available = 1
        for length in 1..<16 {
            code = (code + counts[length - 1]) << 1
            nextCode[length] = code
            available = available * 2 - counts[length]
            guard available >= 0 else { throw .corruptPayload("DEFLATE: an over-subscribed Huffman code") }
        }
        var entries = [UInt32](repeating: 0, count: 1 << maxLength)
        for (symbol, length) in lengths.enumerated() where length > 0 {
            let length = Int(length)
            let code = nextCode[length]
            nextCode[length] += 1
            var reversed = 0
            for bit in 0..<length where code >> bit & 1 == 1 { reversed |= 1 << (length - 1 - bit) }
            for index in stride(from: reversed, to: entries.count, by: 1 << length) {
                entries[index] = UInt32(symbol) << 4 | UInt32(length)
            }
        }
        self.entries = entries
        self.maxLength = maxLength
    }

    static let fixedLiterals = try! HuffmanTable(lengths: [UInt8](repeating: 8, count: 144) + [UInt8](repeating: 9, count: 112)
        + [UInt8](repeating: 7, count: 24) + [UInt8](repeating: 8, count: 8))
    static let fixedDistances = try! HuffmanTable(lengths: [UInt8](repeating: 5, count: 30))
}

/// The compressed stream's bits, least significant first, over the bytes fed so far. A copy
/// is a saved position: assigning it back rewinds.
private struct BitReader {
    private var bytes = [UInt8]()
    private var offset = 0
    private var bits: UInt64 = 0
    private var bitCount = 0

    mutating func append(_ more: [UInt8]) {
        if offset > 0 {
            bytes.removeFirst(offset)
            offset = 0
        }
        bytes += more
    }

    private mutating func fill(_ count: Int) -> Bool {
        while bitCount < count {
            guard offset < bytes.count else { return false }
            bits |= UInt64(bytes[offset]) << UInt64(bitCount)
            offset += 1
            bitCount += 8
        }
        return true
    }

    /// The next `count` bits (at most 32); `nil` if the input ends first.
    mutating func read(_ count: Int) -> UInt32? {
        guard count > 0 else { return 0 }
        guard fill(count) else { return nil }
        let value = UInt32(truncatingIfNeeded: bits & (1 << UInt64(count) - 1))
        bits >>= UInt64(count)
        bitCount -= count
        return value
    }

    /// The next symbol of `table`; `nil` if the input ends inside it.
    mutating func decode(_ table: HuffmanTable) throws(CodecError) -> Int? {
        _ = fill(table.maxLength)  // near the end of the input, fewer bits may still hold a short code
        let entry = table.entries[Int(bits & (1 << UInt64(table.maxLength) - 1))]
        let length = Int(entry & 0xF)
        guard length <= bitCount else { return nil }
        guard length > 0 else { throw .corruptPayload("DEFLATE: a bit sequence that is no code") }
        bits >>= UInt64(length)
        bitCount -= length
        return Int(entry >> 4)
    }

    mutating func alignToByte() {
        bits >>= UInt64(bitCount % 8)
        bitCount -= bitCount % 8
    }

    /// Up to `max` whole bytes (the reader is at a byte boundary): those already in the bit
    /// buffer, then the input's.
    mutating func readAlignedBytes(max: Int) -> [UInt8] {
        var result = [UInt8]()
        while bitCount >= 8 && result.count < max {
            result.append(UInt8(truncatingIfNeeded: bits))
            bits >>= 8
            bitCount -= 8
        }
        let direct = min(max - result.count, bytes.count - offset)
        if direct > 0 {
            result += bytes[offset..<offset + direct]
            offset += direct
        }
        return result
    }

    /// Every byte not yet read, from the next byte boundary (the rest of a partly read byte is
    /// dropped, as a stream's end pads it).
    mutating func takeRemainingBytes() -> [UInt8] {
        alignToByte()
        let remaining = readAlignedBytes(max: Int.max)
        bytes = []
        offset = 0
        return remaining
    }
}
