/// A gzip (RFC 1952) or zlib (RFC 1950, HTTP's `deflate`) body decoded piece by piece: the
/// framing's header, the DEFLATE stream (``Inflater``) and the trailer's checksum and size,
/// checked. gzip members may follow one another (as `cat a.gz b.gz` makes them): they are one body.
struct DeflateFraming {
    enum Format { case gzip, zlib }

    private enum Phase {
        case header
        case body(Inflater)
        case trailer
        /// A zlib stream's trailer is checked: nothing may follow.
        case ended
    }

    private let format: Format
    private var phase = Phase.header
    /// Bytes of a header or trailer not yet complete.
    private var framing = [UInt8]()
    private var crc: UInt32 = 0
    private var adler = Adler32()
    private var size: UInt32 = 0

    init(_ format: Format) { self.format = format }

    private static let longestHeader = 1 << 20

    mutating func feed(_ bytes: [UInt8]) {
        if case .ended = phase, !bytes.isEmpty { return framing += bytes }  // an error at the next read
        if case .body(var inflater) = phase {
            inflater.feed(bytes)
            phase = .body(inflater)
        } else {
            framing += bytes
        }
    }

    /// Up to about `limit` decoded bytes; `nil` when nothing more can be decoded from what was fed.
    mutating func nextOutput(limit: Int) throws(CodecError) -> [UInt8]? {
        var output = [UInt8]()
        while output.isEmpty {
            switch phase {
            case .header:
                guard !framing.isEmpty, let headerLength = try headerLength() else {
                    // A header is tens of bytes (a file name, a comment, an extra field of at
                    // most 64 KiB): one that never ends is not read into memory whole.
                    if framing.count > Self.longestHeader { throw .corruptPayload("gzip: a member header longer than \(Self.longestHeader) bytes") }
                    return nil
                }
                var inflater = Inflater()
                inflater.feed(Array(framing[headerLength...]))
                framing = []
                (crc, adler, size) = (0, Adler32(), 0)
                phase = .body(inflater)
            case .body(var inflater):
                phase = .header  // out of the enum while it changes: no copy of its buffers
                try inflater.decode(into: &output, limit: limit)
                switch format {
                case .gzip: crc = CRC32.checksum(output, seed: crc)
                case .zlib: adler.update(output)
                }
                size &+= UInt32(truncatingIfNeeded: output.count)
                if inflater.isFinished {
                    framing = inflater.takeRemainingInput()
                    phase = .trailer
                } else {
                    phase = .body(inflater)
                    if output.isEmpty { return nil }
                }
            case .trailer:
                guard try checkTrailer() else { return output.isEmpty ? nil : output }
                phase = format == .zlib ? .ended : .header
                if framing.isEmpty { return output.isEmpty ? nil : output }
            case .ended:
                guard framing.isEmpty else { throw .corruptPayload("zlib: bytes after the end of the stream") }
                return output.isEmpty ? nil : output
            }
        }
        return output
    }

    /// Checks the body ended at the end of a member.
    func finish() throws(CodecError) {
        switch phase {
        case .header where framing.isEmpty, .ended where framing.isEmpty: return
        default: throw .corruptPayload("The compressed body ends inside a \(format == .gzip ? "gzip member" : "zlib stream")")
        }
    }

    /// The header's length once all of it is in `framing`; `nil` before.
    private func headerLength() throws(CodecError) -> Int? {
        switch format {
        case .zlib:
            guard framing.count >= 2 else { return nil }
            let (method, flags) = (framing[0], framing[1])
            guard method & 0x0F == 8, method >> 4 <= 7, (UInt16(method) << 8 | UInt16(flags)) % 31 == 0 else {
                throw .corruptPayload("zlib: not a zlib stream header")
            }
            guard flags & 0x20 == 0 else { throw .corruptPayload("zlib: a stream that needs a preset dictionary") }
            return 2
        case .gzip:
            guard framing.count >= 10 else { return nil }
            guard framing[0] == 0x1F, framing[1] == 0x8B, framing[2] == 8 else { throw .corruptPayload("gzip: not a gzip member header") }
            let flags = framing[3]
            guard flags & 0xE0 == 0 else { throw .corruptPayload("gzip: reserved header flags set") }
            var length = 10
            if flags & 0x04 != 0 {  // FEXTRA
                guard framing.count >= length + 2 else { return nil }
                length += 2 + (Int(framing[length]) | Int(framing[length + 1]) << 8)
            }
            for flag: UInt8 in [0x08, 0x10] where flags & flag != 0 {  // FNAME, FCOMMENT: zero-terminated
                guard length <= framing.count, let end = framing[length...].firstIndex(of: 0) else { return nil }
                length = end + 1
            }
            if flags & 0x02 != 0 { length += 2 }  // FHCRC
            return framing.count >= length ? length : nil
        }
    }

    /// Whether the trailer is all in (and then removed from `framing`); throws if it disagrees
    /// with what was decoded.
    private mutating func checkTrailer() throws(CodecError) -> Bool {
        switch format {
        case .gzip:
            guard framing.count >= 8 else { return false }
            let stored = (0..<4).reduce(UInt32(0)) { $0 | UInt32(framing[$1]) << (8 * UInt32($1)) }
            let storedSize = (4..<8).reduce(UInt32(0)) { $0 | UInt32(framing[$1]) << (8 * UInt32($1 - 4)) }
            guard stored == crc else { throw .checksumMismatch(expected: stored, actual: crc) }
            guard storedSize == size else { throw .sizeMismatch(expected: Int(storedSize), actual: Int(size)) }
            framing.removeFirst(8)
        case .zlib:
            guard framing.count >= 4 else { return false }
            let stored = (0..<4).reduce(UInt32(0)) { $0 << 8 | UInt32(framing[$1]) }
            guard stored == adler.value else { throw .checksumMismatch(expected: stored, actual: adler.value) }
            framing.removeFirst(4)
        }
        return true
    }
}
