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

    /// Whether `count` bytes of `a` from `aStart` equal those of `b` from `bStart`: eight at a
    /// time (interned strings and group keys compare every probe that hashes alike).
    @inline(__always)
    static func equal(_ a: Span<UInt8>, from aStart: Int, _ b: Span<UInt8>, from bStart: Int, count: Int) -> Bool {
        let (left, right) = (a.bytes, b.bytes)
        var i = 0
        while i + 8 <= count {
            // Reason for the unaligned loads: bounds-checked by the spans; any bits are a UInt64.
            guard left.unsafeLoadUnaligned(fromByteOffset: aStart + i, as: UInt64.self)
                    == right.unsafeLoadUnaligned(fromByteOffset: bStart + i, as: UInt64.self) else { return false }
            i += 8
        }
        while i < count {
            guard a[aStart + i] == b[bStart + i] else { return false }
            i += 1
        }
        return true
    }
}
