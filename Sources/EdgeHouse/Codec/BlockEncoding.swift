/// A reversible transform applied to a block's values before compression, so LZ4/ZSTD find
/// structure they cannot see in the raw layout. One byte in the block header names it.
///
/// - `byteShuffle(width)`: the first bytes of all values, then all second bytes, … (as Blosc
///   and Parquet's BYTE_STREAM_SPLIT do). The high bytes of small integers become long runs of
///   zeros; float exponents cluster.
/// - `delta32`: each UInt32 minus the previous one (wrapping), then byte-shuffled: sorted
///   timestamps become small numbers.
enum BlockEncoding: UInt8, Sendable, CaseIterable {
    case plain = 0
    case byteShuffle4 = 1
    case byteShuffle8 = 2
    case delta32 = 3

    /// The encoding chosen for a column type.
    static func `for`(_ type: ColumnType) -> BlockEncoding {
        switch type {
        case .uint32, .float32: .byteShuffle4
        case .uint64, .int64, .float64: .byteShuffle8
        case .dateTime: .delta32
        default: .plain
        }
    }

    private var width: Int {
        switch self {
        case .plain: 1
        case .byteShuffle4, .delta32: 4
        case .byteShuffle8: 8
        }
    }

    func encode(_ raw: [UInt8]) -> [UInt8] {
        guard self != .plain, raw.count % width == 0, raw.count >= 2 * width else { return raw }
        var values = raw
        if self == .delta32 { Self.delta(&values) }
        return Self.shuffle(values, width: width)
    }

    /// Reverses `encode`; `nil` when the bytes cannot be this encoding's output.
    func decode(_ encoded: [UInt8]) -> [UInt8]? {
        guard self != .plain, encoded.count >= 2 * width else { return encoded }
        guard encoded.count % width == 0 else { return nil }
        var values = Self.unshuffle(encoded, width: width)
        if self == .delta32 { Self.undelta(&values) }
        return values
    }

    // Reason for the pointers: these loops touch every byte of every block written or read.

    private static func shuffle(_ input: [UInt8], width: Int) -> [UInt8] {
        let count = input.count / width
        return [UInt8](unsafeUninitializedCapacity: input.count) { out, initialized in
            input.withUnsafeBufferPointer { src in
                for i in 0..<count {
                    for b in 0..<width { out[b * count + i] = src[i * width + b] }
                }
            }
            initialized = input.count
        }
    }

    private static func unshuffle(_ input: [UInt8], width: Int) -> [UInt8] {
        let count = input.count / width
        return [UInt8](unsafeUninitializedCapacity: input.count) { out, initialized in
            input.withUnsafeBufferPointer { src in
                for b in 0..<width {
                    for i in 0..<count { out[i * width + b] = src[b * count + i] }
                }
            }
            initialized = input.count
        }
    }

    private static func delta(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { raw in
            let values = raw.bindMemory(to: UInt32.self)
            var previous: UInt32 = 0
            for i in values.indices {
                let value = UInt32(littleEndian: values[i])
                values[i] = (value &- previous).littleEndian
                previous = value
            }
        }
    }

    private static func undelta(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { raw in
            let values = raw.bindMemory(to: UInt32.self)
            var previous: UInt32 = 0
            for i in values.indices {
                previous = previous &+ UInt32(littleEndian: values[i])
                values[i] = previous.littleEndian
            }
        }
    }
}
