/// A reversible transform applied to a block's values before compression, so LZ4/ZSTD find
/// structure they cannot see in the raw layout. One byte in the block header names it.
///
/// - `byteShuffle(width)`: the first bytes of all values, then all second bytes, … (as Blosc
///   and Parquet's BYTE_STREAM_SPLIT do). The high bytes of small integers become long runs of
///   zeros; float exponents cluster.
/// - `delta32`: each UInt32 minus the previous one (wrapping), then byte-shuffled: sorted
///   timestamps become small numbers.
/// - `decimal32`/`decimal64`: floats that are short decimals as byte-shuffled integers
///   (``DecimalFloats``).
enum BlockEncoding: UInt8, Sendable, CaseIterable {
    case plain = 0
    case byteShuffle4 = 1
    case byteShuffle8 = 2
    case delta32 = 3
    /// Float32 values that are short decimals, as integers (``DecimalFloats``); a block where
    /// some value is not falls back to `byteShuffle4`.
    case decimal32 = 4
    /// The same for Float64, falling back to `byteShuffle8`.
    case decimal64 = 5

    private var width: Int {
        switch self {
        case .plain: 1
        case .byteShuffle4, .delta32, .decimal32: 4
        case .byteShuffle8, .decimal64: 8
        }
    }

    /// Transforms a block's values.
    ///
    /// - Returns: the encoding used — this one, or the one a decimal encoding falls back to —
    ///   and the transformed bytes.
    func encode(_ raw: [UInt8]) -> (encoding: BlockEncoding, bytes: [UInt8]) {
        guard self != .plain, raw.count % width == 0, raw.count >= 2 * width else { return (self, raw) }
        switch self {
        case .decimal32, .decimal64:
            if let decimals = DecimalFloats.encode(raw, floatWidth: width) { return (self, decimals) }
            return (self == .decimal32 ? .byteShuffle4 : .byteShuffle8, Self.shuffle(raw, width: width))
        case .delta32:
            var values = raw
            Self.delta(&values)
            return (self, Self.shuffle(values, width: width))
        default:
            return (self, Self.shuffle(raw, width: width))
        }
    }

    /// Reverses `encode`; `nil` when the bytes cannot be this encoding's output.
    func decode(_ encoded: [UInt8]) -> [UInt8]? {
        if self == .decimal32 || self == .decimal64 { return DecimalFloats.decode(encoded, floatWidth: width) }
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
