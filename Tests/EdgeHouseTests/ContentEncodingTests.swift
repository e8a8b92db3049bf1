@testable import EdgeHouse
import EdgeHouseTestSupport
import Foundation
import Testing
import OptiInfraWorkload

/// HTTP content encodings: frames written and read back in any piece sizes, the checksums of the
/// gzip and zlib trailers, and bodies that are cut short or expand enormously. Real decoders
/// (Python's gzip, zlib, zstandard, lz4) read the responses in Tests/Server/test_clients.py.
@Suite struct ContentEncodingTests {
    private static func decode(_ encoded: [UInt8], as encoding: ContentEncoding, pieceSize: Int, limit: Int = 1 << 18) throws -> [UInt8] {
        let decoder = try #require(ContentDecoder(encoding))
        var output = [UInt8]()
        for start in stride(from: 0, to: encoded.count, by: pieceSize) {
            decoder.feed(Array(encoded[start..<min(encoded.count, start + pieceSize)]))
            while let piece = try decoder.nextOutput(limit: limit) {
                #expect(piece.count <= limit)
                output += piece
            }
        }
        try decoder.finish()
        return output
    }

    @Test(arguments: ContentEncoding.allCases)
    func framesRoundTripInAnyPieces(_ encoding: ContentEncoding) throws {
        var random = SplitMix64(seed: 21)
        let texts: [[UInt8]] = [
            [], Array("SELECT 1".utf8),
            (0..<300_000).map { _ in UInt8(truncatingIfNeeded: random.next() % 7) },  // compressible
            (0..<70_000).map { _ in UInt8(truncatingIfNeeded: random.next()) },  // not
        ]
        for text in texts {
            let encoded = encoding.encode(text)
            for pieceSize in [1, 7, 4_096, max(1, encoded.count)] where text.count < 100_000 || pieceSize > 1 {
                #expect(try Self.decode(encoded, as: encoding, pieceSize: pieceSize) == text)
            }
        }
        // Two frames (gzip members) one after the other are one body (a client may flush a
        // frame per block). A zlib stream is one stream: see `zlibStreamsAreOneStream`.
        guard encoding != .deflate else { return }
        let two = encoding.encode(Array("INSERT INTO t ".utf8)) + encoding.encode(Array("FORMAT TSV\n".utf8))
        #expect(try Self.decode(two, as: encoding, pieceSize: 5) == Array("INSERT INTO t FORMAT TSV\n".utf8))
    }

    @Test(arguments: ContentEncoding.allCases)
    func aBodyCutShortOrCorruptIsAnError(_ encoding: ContentEncoding) throws {
        let encoded = encoding.encode([UInt8](repeating: 65, count: 100_000))
        #expect(throws: CodecError.self) { _ = try Self.decode(Array(encoded.dropLast(3)), as: encoding, pieceSize: 1_000) }
        var corrupt = encoded
        corrupt[0] ^= 0xFF  // the frame's magic number
        #expect(throws: CodecError.self) { _ = try Self.decode(corrupt, as: encoding, pieceSize: 1_000) }
    }

    /// gzip and zlib bodies as a real compressor writes them (Python's zlib: stored, fixed and
    /// dynamic Huffman blocks, levels 0 to 9, gzip headers with a file name, members back to
    /// back) decode to what was compressed, fed in any piece sizes; a flipped byte of the
    /// compressed data, or a body cut short, is an error (a wrong checksum at the latest), never a crash.
    @Test(arguments: [ContentEncoding.gzip, .deflate])
    func bodiesFromZlibDecodeAndCorruptOnesFail(_ encoding: ContentEncoding) throws {
        let script = """
        import gzip, random, struct, sys, zlib
        rng = random.Random(5)
        rows = ''.join(f'2026-11-20 10:{r % 60:02}:00\\tcustomer-{r % 7}\\t{rng.random() * 1000!r}\\n' for r in range(30000)).encode()
        texts = [b'', b'SELECT 1', rows, bytes(rng.getrandbits(8) for _ in range(70000)), bytes(200000), rows[:5000] * 3]
        out = []
        for text in texts:
            for level in (0, 1, 6, 9):
                if sys.argv[1] == 'gzip':
                    body = gzip.compress(text, compresslevel=level, mtime=0)
                else:
                    c = zlib.compressobj(level, zlib.DEFLATED, 15, 9, zlib.Z_FILTERED if level == 1 else zlib.Z_DEFAULT_STRATEGY)
                    body = c.compress(text) + c.flush()
                out.append((text, body))
        if sys.argv[1] == 'gzip':
            named = zlib.compressobj(6, zlib.DEFLATED, 31)
            header = bytes([0x1f, 0x8b, 8, 0x08 | 0x10, 0, 0, 0, 0, 0, 3]) + b'rows.tsv\\0' + b'a comment\\0'
            raw = zlib.compressobj(6, zlib.DEFLATED, -15)
            member = header + raw.compress(rows) + raw.flush() + struct.pack('<II', zlib.crc32(rows), len(rows))
            out.append((rows, member))
            out.append((b'INSERT ' + rows, gzip.compress(b'INSERT ', mtime=0) + gzip.compress(rows, mtime=0)))
        for text, body in out:
            sys.stdout.buffer.write(struct.pack('<II', len(text), len(body)) + text + body)
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, encoding.rawValue]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let bytes = [UInt8](output.fileHandleForReading.readDataToEndOfFile())
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        var at = 0, cases = 0
        while at + 8 <= bytes.count {
            let textCount = Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
            let bodyCount = Int(bytes[at + 4]) | Int(bytes[at + 5]) << 8 | Int(bytes[at + 6]) << 16 | Int(bytes[at + 7]) << 24
            let text = Array(bytes[(at + 8)..<(at + 8 + textCount)])
            let body = Array(bytes[(at + 8 + textCount)..<(at + 8 + textCount + bodyCount)])
            at += 8 + textCount + bodyCount
            cases += 1
            for pieceSize in [1, 13, 4_096, body.count] where body.count < 20_000 || pieceSize > 1 {
                #expect(try Self.decode(body, as: encoding, pieceSize: max(1, pieceSize), limit: 10_000) == text, "\(text.count) bytes as \(body.count)")
            }
            #expect(throws: CodecError.self, "\(text.count) bytes as \(body.count), cut short") { _ = try Self.decode(Array(body.dropLast()), as: encoding, pieceSize: 4_096) }
            // Past the headers (whose time, level and name fields no reader checks) and before
            // the stream's last byte (whose padding bits none reads).
            let trailer = encoding == .gzip ? 8 : 4
            // (Not for a run of one byte: there a match reaching back further copies the same
            // bytes, and zlib too reads such a flip as the same text.)
            guard body.count > 30 + trailer + 1, Set(text).count > 1 else { continue }
            var random = SplitMix64(seed: UInt64(cases))
            for _ in 0..<6 {
                var corrupt = body
                let position = 30 + Int(random.next() % UInt64(body.count - 30 - trailer - 1))
                let flip = UInt8(truncatingIfNeeded: random.next() % 255 + 1)
                corrupt[position] ^= flip
                #expect(throws: CodecError.self, "\(text.count) bytes as \(body.count): byte \(position) ^ \(flip)") { _ = try Self.decode(corrupt, as: encoding, pieceSize: 4_096) }
            }
        }
        #expect(cases == (encoding == .gzip ? 26 : 24))
    }

    /// A gzip header whose file name never ends is refused once it passes a megabyte, not held
    /// whole while the body keeps coming.
    @Test func aHeaderThatNeverEndsIsRefused() throws {
        let decoder = try #require(ContentDecoder(.gzip))
        decoder.feed([0x1F, 0x8B, 8, 0x08, 0, 0, 0, 0, 0, 3])  // FNAME set
        #expect(try decoder.nextOutput() == nil)
        let name = [UInt8](repeating: 0x61, count: 1 << 16)
        var refused = false
        for _ in 0..<40 where !refused {
            decoder.feed(name)
            do { _ = try decoder.nextOutput() } catch { refused = true }
        }
        #expect(refused)
    }

    /// A zlib stream ends once: bytes after its trailer are an error, as zlib says.
    @Test func zlibStreamsAreOneStream() throws {
        let two = ContentEncoding.deflate.encode(Array("a".utf8)) + ContentEncoding.deflate.encode(Array("b".utf8))
        #expect(throws: CodecError.self) { _ = try Self.decode(two, as: .deflate, pieceSize: 3) }
    }

    @Test(arguments: ContentEncoding.allCases)
    func aBombIsHandedOutAtTheReadersPace(_ encoding: ContentEncoding) throws {
        let encoded = encoding.encode([UInt8](repeating: 0, count: 16 << 20))
        #expect(encoded.count < 1 << 18)
        let decoder = try #require(ContentDecoder(encoding))
        decoder.feed(encoded)
        var total = 0
        while let piece = try decoder.nextOutput(limit: 1 << 16) {
            #expect(piece.count <= 1 << 16)
            total += piece.count
        }
        try decoder.finish()
        #expect(total == 16 << 20)
    }

    @Test func checksumsAreGzipsAndZlibs() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(Adler32.checksum(Array("Wikipedia".utf8)) == 0x11E6_0398)
        #expect(Adler32.checksum([UInt8](repeating: 255, count: 100_000)) == Self.adler32Slowly([UInt8](repeating: 255, count: 100_000)))
    }

    /// The DEFLATE encoder's output read by a real inflater (Python's zlib): every body reads
    /// back whole, each piece's bytes decode to that piece as soon as they arrive (the sync
    /// flush), and text with repetition (rows of a result) shrinks.
    @Test(arguments: [ContentEncoding.gzip, .deflate])
    func zlibReadsTheDeflateBodies(_ encoding: ContentEncoding) throws {
        var random = SplitMix64(seed: 3)
        let rows = (0..<20_000).map { (row: Int) -> String in
            "2026-11-20 10:\(row % 60):00\tcustomer-\(row % 7)\tgpt-4o\t\(Double(row) * 0.37)\n"
        }.joined()
        let bodies: [[[UInt8]]] = [
            [], [[]], [[7]], [Array("a".utf8), Array("bc".utf8)],
            [Array(rows.utf8)],
            [(0..<100_000).map { _ in UInt8(truncatingIfNeeded: random.next()) }],
            [[UInt8](repeating: 0, count: 300_000), Array("tail".utf8)],  // the longest matches, back to back
            [Array(rows.utf8.prefix(40_000)), Array(rows.utf8.dropFirst(40_000))],
        ]
        for pieces in bodies {
            let encoder = ContentEncoder(encoding)
            let encoded = pieces.map(encoder.encode)
            let whole = Array(pieces.joined())
            let decoded = try Self.inflate(encoded + [encoder.finish()], as: encoding)
            #expect(decoded.whole == whole, "\(pieces.map(\.count)) bytes")
            #expect(decoded.pieces == pieces.map { $0 }, "each piece decodes when its bytes arrive")
        }
        let compressed = encoding.encode(Array(rows.utf8))
        #expect(Double(compressed.count) < 0.3 * Double(rows.utf8.count), "\(compressed.count) of \(rows.utf8.count) bytes")
    }

    /// Python's zlib over the encoded pieces: what each piece's bytes decode to, and the whole
    /// body (checked against the gzip or zlib trailer).
    static func inflate(_ pieces: [[UInt8]], as encoding: ContentEncoding) throws -> (pieces: [[UInt8]], whole: [UInt8]) {
        let script = """
        import sys, zlib, struct
        data = sys.stdin.buffer.read()
        d = zlib.decompressobj(31 if sys.argv[1] == 'gzip' else 15)
        out, at = [], 0
        while at < len(data):
            (n,) = struct.unpack('<I', data[at:at + 4]); at += 4
            out.append(d.decompress(data[at:at + n])); at += n
        out[-1] += d.flush()
        assert d.eof and not d.unused_data, 'a stream that does not end where the body does'
        for piece in out: sys.stdout.buffer.write(struct.pack('<I', len(piece)) + piece)
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, encoding.rawValue]
        let input = Pipe(), output = Pipe()
        (process.standardInput, process.standardOutput) = (input, output)
        try process.run()
        var framed = [UInt8]()
        for piece in pieces { framed += Self.littleEndian(UInt32(piece.count)) + piece }
        input.fileHandleForWriting.write(Data(framed))
        try input.fileHandleForWriting.close()
        let bytes = [UInt8](output.fileHandleForReading.readDataToEndOfFile())
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "zlib refused the body")
        var decoded = [[UInt8]](), at = 0
        while at + 4 <= bytes.count {
            let count = Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
            decoded.append(Array(bytes[(at + 4)..<(at + 4 + count)]))
            at += 4 + count
        }
        // The last framed piece is the trailer: what it decodes to belongs to no piece.
        let trailer = decoded.removeLast()
        #expect(trailer.isEmpty)
        return (decoded, Array(decoded.joined()))
    }

    /// A body encoded piece by piece (as a streamed response is) reads back as the whole; the
    /// checksums carried across pieces equal those of the whole.
    @Test(arguments: ContentEncoding.allCases)
    func aBodyEncodedPieceByPieceIsTheWholeBody(_ encoding: ContentEncoding) throws {
        let pieces: [[UInt8]] = [Array("name\tvalue\n".utf8), [], (0..<70_000).map { UInt8(truncatingIfNeeded: $0 % 251) }, Array("end\n".utf8)]
        let encoder = ContentEncoder(encoding)
        var encoded = [UInt8]()
        for piece in pieces { encoded += encoder.encode(piece) }
        encoded += encoder.finish()
        let whole = Array(pieces.joined())
        switch encoding {
        case .lz4, .zstd:
            #expect(try Self.decode(encoded, as: encoding, pieceSize: 1_000) == whole)
        case .gzip:
            #expect(Array(encoded.suffix(8)) == Self.littleEndian(CRC32.checksum(whole)) + Self.littleEndian(UInt32(whole.count)))
            #expect(CRC32.checksum(Array(whole[100...]), seed: CRC32.checksum(Array(whole[..<100]))) == CRC32.checksum(whole))
        case .deflate:
            let adler = Adler32.checksum(whole)
            #expect(Array(encoded.suffix(4)) == [UInt8(adler >> 24), UInt8(truncatingIfNeeded: adler >> 16), UInt8(truncatingIfNeeded: adler >> 8), UInt8(truncatingIfNeeded: adler)])
        }
    }

    private static func littleEndian(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }

    @Test func theResponseEncodingFollowsClickHousesPreference() {
        #expect(ContentEncoding.preferred(accepting: "gzip, deflate") == .gzip)
        #expect(ContentEncoding.preferred(accepting: "lz4,zstd,gzip,deflate") == .zstd)
        #expect(ContentEncoding.preferred(accepting: "deflate, lz4") == .lz4)
        #expect(ContentEncoding.preferred(accepting: "DEFLATE") == .deflate)
        #expect(ContentEncoding.preferred(accepting: "br") == nil)
        #expect(ContentEncoding.preferred(accepting: "identity") == nil)
    }

    private static func adler32Slowly(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return b << 16 | a
    }
}
