/// Bulk copies of variable-length values.
enum RawCopy {
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
