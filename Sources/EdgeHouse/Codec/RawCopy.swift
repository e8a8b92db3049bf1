/// Bulk copies of values.
enum RawCopy {
    /// `values[indices[0]], values[indices[1]], …`: how a sort permutation is applied to a
    /// fixed-width column.
    static func gather<T: BitwiseCopyable>(_ values: [T], indices: [Int32]) -> [T] {
        // Reason for the pointers: this runs for every column of every insert; the bounds
        // checks of `indices.map { values[$0] }` cost as much as the copy. The indices are
        // checked once, in a separate pass that vectorizes (`gathering` is public API: a bad
        // index must stop the process, never read outside the array).
        precondition(indices.allSatisfy { UInt(bitPattern: Int($0)) < UInt(values.count) }, "gather index out of range")
        return [T](unsafeUninitializedCapacity: indices.count) { buffer, initialized in
            values.withUnsafeBufferPointer { source in
                indices.withUnsafeBufferPointer { order in
                    for (position, index) in order.enumerated() {
                        (buffer.baseAddress! + position).initialize(to: source[Int(index)])
                    }
                }
            }
            initialized = indices.count
        }
    }

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
