/// How one column's value lies in a `RowBinary` row.
enum RowBinaryValue: Equatable, Sendable {
    /// Numbers, times, UUIDs: `width` bytes, the same as in a Native column.
    case fixed(width: Int)
    /// A LEB128 length and that many bytes: split into the bytes and their ends, as a
    /// ``StringColumn`` keeps them.
    case string
    /// A LEB128 element count, then the elements of `elementWidth` bytes each. A Native column
    /// keeps the counts apart (as running ends), so they are split off.
    case array(elementWidth: Int)
}

/// `RowBinary` rows cut into per-column bytes, and per-column bytes interleaved into rows.
///
/// Only bytes move: each column's bytes are its Native encoding (``NativeColumnLayout``), which
/// for every value but an array's count is what RowBinary writes. The forwarder sends every
/// row this way and the hub receives it, so these two loops run once per value on both ends.
enum RowBinaryLayout {
    /// The columns of some RowBinary rows.
    struct Columns: Equatable {
        /// Each column's Native bytes (for strings and arrays, the values' bytes only).
        var bytes: [[UInt8]]
        /// For each string column, the end of each row's bytes; empty otherwise.
        var stringEnds: [[UInt32]]
        /// For each array column, the running element count after each row; empty otherwise.
        var arrayEnds: [[UInt64]]
        var rows: Int
        /// Bytes of `data` the rows took: all of it, unless the rest is the start of a row.
        var consumed: Int
    }

    /// The rows ended inside row `row` (1-based).
    struct CutRow: Error, Equatable {
        let row: Int
    }

    /// A column's Native bytes and where each row's value lies in them.
    struct ColumnPieces {
        var bytes: [UInt8]
        /// `width` bytes per row; or, when nil, the value of row `r` is `starts[r]..<starts[r + 1]`.
        var width: Int?
        var starts: [Int]
    }

    /// Splits `data`, rows of `values`, into columns. If `data` ends inside a row, that is an
    /// error where the input ends (`endsInput`); else the rows before it are returned, and the
    /// rest of `data` (not `consumed`) waits for the bytes that follow.
    static func split(_ data: [UInt8], values: [RowBinaryValue], endsInput: Bool = true) throws(CutRow) -> Columns {
        // Reason for the pointers: appending a slice of an array per value retains and releases
        // its buffer each time, which cost more than the rest of an INSERT's parse. (No local
        // functions here: capturing the mutable state would add an exclusivity check per access.)
        try data.withUnsafeBufferPointer { (input: UnsafeBufferPointer<UInt8>) throws(CutRow) -> Columns in
            var bytes = [[UInt8]](repeating: [], count: values.count)
            var stringEnds = [[UInt32]](repeating: [], count: values.count)
            var arrayEnds = [[UInt64]](repeating: [], count: values.count)
            var position = 0
            var rows = 0
            var rowStart = 0
            var cut = false
            rowLoop: while position < input.count {
                rows += 1
                rowStart = position
                for index in values.indices {
                    switch values[index] {
                    case .fixed(let width):
                        guard width <= input.count - position else { cut = true; break rowLoop }
                        let start = position
                        position += width
                        bytes[index].append(contentsOf: UnsafeBufferPointer(rebasing: input[start..<position]))
                    case .string:
                        guard let length = varUInt(input, &position), length <= UInt64(input.count - position) else { cut = true; break rowLoop }
                        let bytesStart = position
                        position += Int(length)
                        bytes[index].append(contentsOf: UnsafeBufferPointer(rebasing: input[bytesStart..<position]))
                        stringEnds[index].append(UInt32(bytes[index].count))
                    case .array(let elementWidth):
                        guard let count = varUInt(input, &position), count <= UInt64(input.count - position) / UInt64(elementWidth) else {
                            cut = true
                            break rowLoop
                        }
                        let elementsStart = position
                        position += Int(count) * elementWidth
                        arrayEnds[index].append((arrayEnds[index].last ?? 0) + count)
                        bytes[index].append(contentsOf: UnsafeBufferPointer(rebasing: input[elementsStart..<position]))
                    }
                }
            }
            guard cut else { return Columns(bytes: bytes, stringEnds: stringEnds, arrayEnds: arrayEnds, rows: rows, consumed: position) }
            if endsInput { throw CutRow(row: rows) }
            // The bytes stop inside row `rows`: the columns before the cut took its values; the
            // row waits for the rest of its bytes.
            rows -= 1
            for index in values.indices {
                switch values[index] {
                case .fixed(let width): bytes[index].removeLast(bytes[index].count - rows * width)
                case .string:
                    if stringEnds[index].count > rows { stringEnds[index].removeLast() }
                    bytes[index].removeLast(bytes[index].count - Int(stringEnds[index].last ?? 0))
                case .array(let elementWidth):
                    if arrayEnds[index].count > rows { arrayEnds[index].removeLast() }
                    bytes[index].removeLast(bytes[index].count - Int(arrayEnds[index].last ?? 0) * elementWidth)
                }
            }
            return Columns(bytes: bytes, stringEnds: stringEnds, arrayEnds: arrayEnds, rows: rows, consumed: rowStart)
        }
    }

    /// A LEB128 number at `position`, which moves past it; nil if the bytes end first.
    private static func varUInt(_ input: UnsafeBufferPointer<UInt8>, _ position: inout Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while position < input.count {
            let byte = input[position]
            position += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 || shift >= 63 { return value }
            shift += 7
        }
        return nil
    }

    /// The RowBinary bytes of `rows` rows whose columns are `columns`.
    static func interleave(_ columns: [ColumnPieces], rows: Int) -> [UInt8] {
        for column in columns {
            if let width = column.width {
                precondition(column.bytes.count == width * rows, "a fixed-width column of another length")
            } else {
                precondition(column.starts.count == rows + 1 && column.starts.first == 0 && column.starts.last == column.bytes.count
                             && zip(column.starts, column.starts.dropFirst()).allSatisfy { $0 <= $1 }, "string pieces that do not tile the column")
            }
        }
        // Every column's bytes in one array, and every string column's starts in another, so
        // that the loop reaches them through two pointers.
        var arena = [UInt8]()
        arena.reserveCapacity(columns.reduce(0) { $0 + $1.bytes.count })
        var starts = [Int]()
        var bases = [Int](), startBases = [Int]()
        for column in columns {
            bases.append(arena.count)
            startBases.append(starts.count)
            arena += column.bytes
            starts += column.starts
        }
        let widths = columns.map { $0.width ?? 0 }
        let total = arena.count
        // Reason for the pointers: one small copy per value; appending array slices instead
        // retains and releases per value and took as long as reading the rows from disk.
        return [UInt8](unsafeUninitializedCapacity: total) { buffer, initialized in
            arena.withUnsafeBufferPointer { source in
                var offset = 0
                for row in 0..<rows {
                    for column in 0..<widths.count {
                        let from: Int, length: Int
                        if widths[column] > 0 {
                            (from, length) = (bases[column] + row * widths[column], widths[column])
                        } else {
                            let start = startBases[column] + row
                            (from, length) = (bases[column] + starts[start], starts[start + 1] - starts[start])
                        }
                        buffer.baseAddress!.advanced(by: offset).update(from: source.baseAddress!.advanced(by: from), count: length)
                        offset += length
                    }
                }
            }
            initialized = total
        }
    }
}
