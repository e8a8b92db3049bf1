/// DEFLATE (RFC 1951) compression with the fixed Huffman codes: LZ77 matches found through a
/// hash of the next three bytes (a few candidates each, within the piece being compressed),
/// then literals and length/distance pairs in the codes every inflater knows. Smaller than
/// zlib's dynamic codes on text by a few percent, and no C library: the body of a `gzip` or
/// `deflate` HTTP response.
///
/// Each piece ends with a sync flush (an empty stored block), so that a reader can decode
/// everything sent so far — a response's rows as they are made.
struct DeflateEncoder {
    private var bits: UInt64 = 0
    private var bitCount = 0

    /// Compresses `bytes` into one fixed-Huffman block, then flushes to a byte boundary.
    mutating func appendFlushed(_ bytes: [UInt8], to output: inout [UInt8]) {
        if !bytes.isEmpty {
            write(0b010, count: 3, to: &output)  // BFINAL 0, BTYPE 01 (fixed codes)
            compress(bytes, to: &output)
            writeLiteralOrLength(256, to: &output)  // end of block
        }
        write(0, count: 3, to: &output)  // BFINAL 0, BTYPE 00 (stored): the sync flush
        if bitCount > 0 { write(0, count: 8 - bitCount, to: &output) }
        output += [0, 0, 0xFF, 0xFF]
    }

    /// The last block, empty and final.
    mutating func finish(to output: inout [UInt8]) {
        write(0b011, count: 3, to: &output)  // BFINAL 1, BTYPE 01
        writeLiteralOrLength(256, to: &output)
        if bitCount > 0 { write(0, count: 8 - bitCount, to: &output) }
    }

    private static let windowSize = 32_768
    private static let hashBits = 15
    /// How many earlier positions with the same hash are tried per position.
    private static let candidates = 8
    private static let minimumMatch = 3, maximumMatch = 258

    private mutating func compress(_ bytes: [UInt8], to output: inout [UInt8]) {
        var head = [Int32](repeating: -1, count: 1 << Self.hashBits)
        var previous = [Int32](repeating: -1, count: Self.windowSize)
        func hash(_ i: Int) -> Int {
            let word = UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16
            return Int((word &* 2_654_435_761) >> UInt32(32 - Self.hashBits))
        }
        func insert(_ i: Int) {
            guard i + Self.minimumMatch <= bytes.count else { return }
            let h = hash(i)
            previous[i % Self.windowSize] = head[h]
            head[h] = Int32(i)
        }
        var i = 0
        while i < bytes.count {
            var bestLength = 0, bestDistance = 0
            if i + Self.minimumMatch <= bytes.count {
                var candidate = Int(head[hash(i)])
                var tries = Self.candidates
                let limit = min(Self.maximumMatch, bytes.count - i)
                while candidate >= 0, i - candidate <= Self.windowSize, tries > 0 {
                    var length = 0
                    while length < limit && bytes[candidate + length] == bytes[i + length] { length += 1 }
                    if length > bestLength {
                        (bestLength, bestDistance) = (length, i - candidate)
                        if length == limit { break }
                    }
                    let next = Int(previous[candidate % Self.windowSize])
                    guard next < candidate else { break }  // a slot reused by a later position
                    candidate = next
                    tries -= 1
                }
            }
            if bestLength >= Self.minimumMatch {
                writeMatch(length: bestLength, distance: bestDistance, to: &output)
                for j in i..<(i + bestLength) { insert(j) }
                i += bestLength
            } else {
                writeLiteralOrLength(Int(bytes[i]), to: &output)
                insert(i)
                i += 1
            }
        }
    }

    // RFC 1951 §3.2.5: the base of each length code 257…285 and of each distance code 0…29,
    // and their extra bits.
    private static let lengthBases: [Int] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    private static let lengthExtra: [Int] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    private static let distanceBases: [Int] = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
                                               2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    private static let distanceExtra: [Int] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    private mutating func writeMatch(length: Int, distance: Int, to output: inout [UInt8]) {
        let lengthCode = Self.code(of: length, in: Self.lengthBases)
        writeLiteralOrLength(257 + lengthCode, to: &output)
        write(UInt64(length - Self.lengthBases[lengthCode]), count: Self.lengthExtra[lengthCode], to: &output)
        let distanceCode = Self.code(of: distance, in: Self.distanceBases)
        writeHuffman(UInt64(distanceCode), length: 5, to: &output)
        write(UInt64(distance - Self.distanceBases[distanceCode]), count: Self.distanceExtra[distanceCode], to: &output)
    }

    /// The last code whose base is at most `value`.
    private static func code(of value: Int, in bases: [Int]) -> Int {
        var low = 0, high = bases.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if bases[middle] <= value { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// A literal byte, the end of a block (256) or a length code (257…285) in the fixed code.
    private mutating func writeLiteralOrLength(_ symbol: Int, to output: inout [UInt8]) {
        switch symbol {
        case 0...143: writeHuffman(UInt64(0x30 + symbol), length: 8, to: &output)
        case 144...255: writeHuffman(UInt64(0x190 + symbol - 144), length: 9, to: &output)
        case 256...279: writeHuffman(UInt64(symbol - 256), length: 7, to: &output)
        default: writeHuffman(UInt64(0xC0 + symbol - 280), length: 8, to: &output)
        }
    }

    /// Huffman codes go most significant bit first into a stream that is filled from each
    /// byte's least significant bit.
    private mutating func writeHuffman(_ code: UInt64, length: Int, to output: inout [UInt8]) {
        var reversed: UInt64 = 0
        for bit in 0..<length { reversed |= (code >> UInt64(bit) & 1) << UInt64(length - 1 - bit) }
        write(reversed, count: length, to: &output)
    }

    private mutating func write(_ value: UInt64, count: Int, to output: inout [UInt8]) {
        bits |= value << UInt64(bitCount)
        bitCount += count
        while bitCount >= 8 {
            output.append(UInt8(truncatingIfNeeded: bits))
            bits >>= 8
            bitCount -= 8
        }
    }
}
