/// Scanning bytes for delimiters, for the text-format readers' hot loops.
enum ByteScan {
    /// The index of the first tab or newline at or after `start` (or `data.count`), and whether
    /// a backslash occurs before it (the field then needs unescaping; an escaped tab or newline
    /// is skipped over).
    static func field(in data: [UInt8], from start: Int) -> (end: Int, escaped: Bool) {
        // Reason for the pointer: this loop visits every byte of the input; bounds checks on
        // each access are a third of the reader's time.
        data.withUnsafeBufferPointer { bytes in
            var i = start
            var escaped = false
            let count = bytes.count
            while i < count {
                let c = bytes[i]
                if c == 0x09 || c == 0x0A { break }
                if c == 0x5C {  // backslash: the next byte is part of the field
                    escaped = true
                    i += 1
                }
                i += 1
            }
            return (min(i, count), escaped)
        }
    }
}
