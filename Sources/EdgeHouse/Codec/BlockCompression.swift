import CLZ4
import CZstd

/// How the payload of one column block is compressed on disk.
///
/// This is the only file in the project that calls into C. Everything above it hands in byte
/// arrays and gets byte arrays back.
public enum BlockCompression: Hashable, Sendable, Codable {
    /// Stored as is. Chosen automatically when compression would not make a block smaller.
    case none
    /// LZ4 (`LZ4_compress_default`): the default, as in ClickHouse.
    case lz4
    /// Zstandard at the given level (ClickHouse's default level is 1).
    case zstd(level: Int32)

    /// One byte in each block header; see `docs/format/part.md`. The same bytes name the method
    /// of a frame in ClickHouse's native protocol.
    package var tag: UInt8 {
        switch self {
        case .none: 0x02
        case .lz4: 0x82
        case .zstd: 0x90
        }
    }

    /// Compresses `input` and returns the payload to store, or `nil` when the compressed form
    /// would not be smaller (the caller then stores the block with `.none`). With
    /// `evenIfLarger` the payload is returned whatever its size (`nil` only for `.none`): a
    /// native-protocol client may not read uncompressed frames.
    package func compress(_ input: [UInt8], evenIfLarger: Bool = false) -> [UInt8]? {
        guard !input.isEmpty || evenIfLarger else { return nil }
        switch self {
        case .none:
            return nil
        case .lz4:
            let bound = Int(LZ4_compressBound(Int32(input.count)))
            var output = [UInt8](repeating: 0, count: bound)
            // Reason for the pointers: LZ4's C API takes raw buffers.
            let written = input.withUnsafeBufferPointer { src in
                output.withUnsafeMutableBufferPointer { dst in
                    src.withMemoryRebound(to: CChar.self) { s in
                        dst.withMemoryRebound(to: CChar.self) { d in
                            LZ4_compress_default(s.baseAddress, d.baseAddress, Int32(input.count), Int32(bound))
                        }
                    }
                }
            }
            guard written > 0, evenIfLarger || Int(written) < input.count else { return nil }
            output.removeSubrange(Int(written)...)
            return output
        case .zstd(let level):
            let bound = ZSTD_compressBound(input.count)
            var output = [UInt8](repeating: 0, count: bound)
            let written = input.withUnsafeBytes { src in
                output.withUnsafeMutableBytes { dst in
                    ZSTD_compress(dst.baseAddress, bound, src.baseAddress, input.count, level)
                }
            }
            guard ZSTD_isError(written) == 0, evenIfLarger || written < input.count else { return nil }
            output.removeSubrange(written...)
            return output
        }
    }

    /// Decompresses a payload written with the compression named by `tag`.
    package static func decompress(tag: UInt8, payload: ArraySlice<UInt8>, uncompressedSize: Int) throws(CodecError) -> [UInt8] {
        switch tag {
        case BlockCompression.none.tag:
            guard payload.count == uncompressedSize else { throw .sizeMismatch(expected: uncompressedSize, actual: payload.count) }
            return Array(payload)
        case BlockCompression.lz4.tag:
            var output = [UInt8](repeating: 0, count: uncompressedSize)
            let produced = payload.withUnsafeBufferPointer { src in
                output.withUnsafeMutableBufferPointer { dst in
                    src.withMemoryRebound(to: CChar.self) { s in
                        dst.withMemoryRebound(to: CChar.self) { d in
                            LZ4_decompress_safe(s.baseAddress, d.baseAddress, Int32(payload.count), Int32(uncompressedSize))
                        }
                    }
                }
            }
            guard produced == Int32(uncompressedSize) else { throw .corruptPayload("LZ4 decompression failed") }
            return output
        case BlockCompression.zstd(level: 1).tag:
            var output = [UInt8](repeating: 0, count: uncompressedSize)
            let produced = payload.withUnsafeBytes { src in
                output.withUnsafeMutableBytes { dst in
                    ZSTD_decompress(dst.baseAddress, uncompressedSize, src.baseAddress, payload.count)
                }
            }
            guard ZSTD_isError(produced) == 0, produced == uncompressedSize else {
                throw .corruptPayload("ZSTD decompression failed")
            }
            return output
        default:
            throw .unknownCompression(tag)
        }
    }
}

extension BlockCompression: CustomStringConvertible {
    /// The ClickHouse spelling: `LZ4`, `ZSTD(3)`, `NONE`.
    public var description: String {
        switch self {
        case .none: "NONE"
        case .lz4: "LZ4"
        case .zstd(let level): "ZSTD(\(level))"
        }
    }
}

/// A block that cannot be decoded. Always wrapped by the part reader into a `StorageError`
/// that names the part and file.
public enum CodecError: Error, Equatable, Sendable {
    case unknownCompression(UInt8)
    case sizeMismatch(expected: Int, actual: Int)
    case corruptPayload(String)
    case truncated(needed: Int, available: Int)
    case checksumMismatch(expected: UInt32, actual: UInt32)
}
