/// Values to and from their raw little-endian bytes: fixed-width columns (one memcpy per block)
/// and aggregate states (ClickHouse writes them as raw memory too).
enum RawValues {
    // Reason for the pointers: fixed-width columns are copied to and from disk as raw memory
    // (one memcpy per block instead of a loop per value).
    static func append<T: BitwiseCopyable>(_ values: some Collection<T>, to out: inout [UInt8]) {
        let copied: Void? = values.withContiguousStorageIfAvailable { out.append(contentsOf: UnsafeRawBufferPointer($0)) }
        precondition(copied != nil, "column values are arrays, always contiguous")
    }

    static func load<T: BitwiseCopyable>(_ bytes: ArraySlice<UInt8>, count: Int) -> [T] {
        [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source)
            }
            initialized = count
        }
    }
}

extension ByteReader {
    mutating func readVarUInt() throws(CodecError) -> UInt64 {
        var position = self.position
        let value = try VarUInt.read(bytes, at: &position)
        _ = try read(count: position - self.position)
        return value
    }

    mutating func readValue<T: BitwiseCopyable>(_: T.Type) throws(CodecError) -> T {
        let bytes = try read(count: MemoryLayout<T>.size)
        // Reason for the pointer: reinterpreting little-endian bytes as the value type.
        return bytes.withUnsafeBytes { $0.loadUnaligned(as: T.self) }
    }
}

/// The `index`-th raw little-endian value of `bytes`, read in place (the caller checked the size).
func loadRawValue<T: BitwiseCopyable>(_: T.Type, at index: Int, in bytes: ArraySlice<UInt8>) -> T {
    precondition((index + 1) * MemoryLayout<T>.size <= bytes.count, "raw value outside its bytes")
    // Reason for the pointer: reinterpreting little-endian bytes as the value type.
    return bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: index * MemoryLayout<T>.size, as: T.self) }
}

func appendValue<T: BitwiseCopyable>(_ value: T, to out: inout [UInt8]) {
    withUnsafeBytes(of: value) { out.append(contentsOf: $0) }
}

/// Appends values as raw little-endian memory, in one copy.
func appendValues<T: BitwiseCopyable>(_ values: [T], to out: inout [UInt8]) {
    // Reason for the pointer: one memcpy for a whole reservoir instead of one append per value.
    values.withUnsafeBytes { out.append(contentsOf: $0) }
}

extension ByteReader {
    /// Reads `count` raw little-endian values in one copy.
    mutating func readValues<T: BitwiseCopyable>(_: T.Type, count: Int) throws(CodecError) -> [T] {
        let bytes = try read(count: count * MemoryLayout<T>.size)
        // Reason for the pointers: one memcpy into the new array.
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { UnsafeMutableRawBufferPointer(buffer).copyMemory(from: $0) }
            initialized = count
        }
    }
}
