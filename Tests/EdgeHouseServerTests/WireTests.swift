import EdgeHouse
import NIOCore
import Testing

@testable import EdgeHouseServer

/// The native protocol's bytes, checked against captures of real ClickHouse exchanges
/// (`../shared/reference/clickhouse-protocols.md` §7 and §12).
@Suite struct WireTests {
    static func bytes(hex: String) -> [UInt8] {
        let digits = Array(hex.filter { !$0.isWhitespace })
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// A source that hands out `bytes` `pieceSize` bytes at a time, as a socket might.
    static func source(_ bytes: [UInt8], pieceSize: Int = 1) -> ByteSource {
        var offset = 0
        return ByteSource { () async throws(WireError) -> ByteBuffer? in
            guard offset < bytes.count else { return nil }
            defer { offset += pieceSize }
            return ByteBuffer(bytes: bytes[offset..<min(bytes.count, offset + pieceSize)])
        }
    }

    @Test("CityHash128 v1.0.2: the test vectors of clickhouse_cityhash, in wire order")
    func cityHash() {
        let vectors: [([UInt8], String)] = [
            ([], "2b9ac064fc9df03d291ee592c340b53c"),
            (Array("a".utf8), "d01ae0afa13971d2f66cc8e4e28e7efd"),
            (Array(0..<16), "45f9c277e6adce17dcfec87506d69e57"),
            (Array(0..<100), "d489710a51d96a83f90e6d0bf9fdd592"),
            (Array(0...255), "9b5a34c07eb07b3293bd37b05cef45fb"),
            (Array(String(repeating: "ClickHouse", count: 20).utf8), "e10a79db836e43d96d12d84e3003017f"),
            (Self.bytes(hex: "82 14000000 0a000000 a0 0100 02ffffffff 000000"), "a783ac6cd55c7a7cb5ac46bddb86e214"),
        ]
        for (input, expected) in vectors {
            let hash = CityHash102.hash128(input[...])
            var wire = [UInt8]()
            for word in [hash.low, hash.high] { for i in 0..<8 { wire.append(UInt8(truncatingIfNeeded: word >> (8 * UInt64(i)))) } }
            #expect(Self.hex(wire) == expected, "\(input.count) bytes")
        }
    }

    @Test("The empty block as a compressed frame: byte for byte what clickhouse-client sends")
    func emptyBlockFrame() {
        var out = ByteBuffer()
        CompressedFrames.encode(BinaryFormats.defaultBlockInfo + [0, 0], method: .lz4, into: &out)
        #expect(Self.hex(out.readableBytesView) == "a783ac6cd55c7a7cb5ac46bddb86e214" + "82" + "14000000" + "0a000000" + "a00100" + "02ffffffff000000")
    }

    @Test("Frames round-trip at every size, split into pieces anywhere; a flipped byte is a checksum error")
    func framesRoundTrip() async throws {
        for size in [1, 100, 70_000, CompressedFrames.frameBytes + 17] {
            let payload = (0..<size).map { UInt8(truncatingIfNeeded: $0 * 7 / 3) }
            for method in [BlockCompression.lz4, .zstd(level: 1), BlockCompression.none] {
                var out = ByteBuffer()
                CompressedFrames.encode(payload, method: method, into: &out)
                let raw = Array(out.readableBytesView)
                let source = Self.source(raw, pieceSize: 4093)
                var decoded = [UInt8]()
                while try await !source.atEndOfStream() {
                    var frame = try await CompressedFrames.readFrame(from: source, limits: WireLimits())
                    decoded += frame.readBytes(length: frame.readableBytes)!
                }
                #expect(decoded == payload, "\(size) bytes, \(method)")
                var corrupt = raw
                corrupt[raw.count - 1] ^= 0x10  // a payload byte of the last frame
                await #expect(throws: WireError.checksumMismatch) {
                    let source = Self.source(corrupt, pieceSize: 1 << 20)
                    while try await !source.atEndOfStream() { _ = try await CompressedFrames.readFrame(from: source, limits: WireLimits()) }
                }
            }
        }
    }

    @Test("A frame claiming more than the limit is refused before its bytes are awaited")
    func frameLimit() async {
        var limits = WireLimits()
        limits.frameBytes = 1000
        let header = [UInt8](repeating: 0, count: 16) + [0x82] + [0x10, 0x27, 0, 0] + [0x10, 0, 0, 0]  // 10,000 bytes
        await #expect(throws: WireError.tooLarge(what: "size_compressed", size: 10_000, limit: 1000)) {
            _ = try await CompressedFrames.readFrame(from: Self.source(header), limits: limits)
        }
    }

    @Test("The server Hello: fields appear at the client's revision thresholds (54058, 54372, 54401)")
    func serverHello() {
        let full = ServerPacket.hello(clientRevision: 54459, timezone: "Etc/UTC", displayName: "vm")
        // As 18.16 sends it but for the version (26.9.2 here, 18.16.1 there).
        #expect(Self.hex(full.readableBytesView) == "000a436c69636b486f757365" + "1a09" + "8ca903" + "074574632f555443" + "02766d" + "02")
        let old = ServerPacket.hello(clientRevision: 54057, timezone: "UTC", displayName: "vm")
        #expect(Self.hex(old.readableBytesView) == "000a436c69636b486f757365" + "1a09" + "8ca903")
        let noPatch = ServerPacket.hello(clientRevision: 54400, timezone: "UTC", displayName: "vm")
        #expect(Self.hex(noPatch.readableBytesView) == "000a436c69636b486f757365" + "1a09" + "8ca903" + "03555443" + "02766d")
    }

    @Test("The seed client's Query packet (captured, §12.1) parses: text, no settings, no compression")
    func driverQueryPacket() async throws {
        let packet = Self.bytes(hex: "010001000009302e302e302e303a300104726f6f7402766d18436c69636b486f75736520707974686f6e2d647269766572140abba90300020002000853454c4543542031")
        let source = Self.source(packet)
        #expect(try await source.readVarUInt() == 1)
        let query = try await QueryPacket.read(from: source, revision: 54412, limits: WireLimits())
        #expect(query.text == "SELECT 1")
        #expect(query.settings.isEmpty)
        #expect(!query.compression)
        #expect(source.isDrained)
    }

    @Test("Typed settings at 54412 (captured, §12.8); an unknown one is code 115")
    func typedSettings() async throws {
        var packet = Self.bytes(hex: "010001000009302e302e302e303a300104726f6f7402766d18436c69636b486f75736520707974686f6e2d647269766572140abba903000200")
        packet.removeLast()  // the empty settings list: settings follow instead
        packet += Self.bytes(hex: "0b6d61785f7468726561647301" + "0e6d61785f626c6f636b5f73697a65e807" + "0e6c6f61645f62616c616e63696e670672616e646f6d"
            + "15746f74616c735f6175746f5f7468726573686f6c6403302e35" + "00" + "02" + "00" + "0853454c4543542031")
        let source = Self.source(Array(packet.dropFirst()))
        let query = try await QueryPacket.read(from: source, revision: 54412, limits: WireLimits())
        #expect(query.settings.map(\.name) == ["max_threads", "max_block_size", "load_balancing", "totals_auto_threshold"])
        #expect(query.settings.map(\.value) == ["1", "1000", "random", "0.5"])
        #expect(query.text == "SELECT 1")

        var unknown = Array(packet.dropFirst())
        let at = unknown.firstIndex(of: 0x0b)!
        unknown[at + 1] = UInt8(ascii: "x")  // "xax_threads"
        await #expect(throws: ServerException(SQLError.unknownSetting("xax_threads"))) {
            _ = try await QueryPacket.read(from: Self.source(unknown), revision: 54412, limits: WireLimits())
        }
    }

    @Test("The seed client's two-row INSERT block (captured, §12.2) decodes to its values, whatever the pieces")
    func driverInsertBlock() async throws {
        let block = Self.bytes(hex: """
            010002ffffffff000b020974696d657374616d70084461746554696d655390126b5b97126b0b637573746f6d65725f69640455554944d3129be867453e\
            1200401714664256a4d3129be867453e1200401714664256a40e636c6f75645f70726f766964657206537472696e6703617773036763700c73657276\
            6963655f6e616d6506537472696e6709696e666572656e636508747261696e696e670b696e7374616e63655f696406537472696e6706692d30616263\
            04766d2d370d696e7374616e63655f7479706506537472696e670967352e786c617267650d61322d686967686770752d316706726567696f6e065374\
            72696e670975732d656173742d310c6575726f70652d77657374340d636f73745f7065725f686f757207466c6f617436347f6abc749318f03f5c8fc2\
            f5285c0d40137574696c697a6174696f6e5f70657263656e7407466c6f6174333200009342000044410769735f73706f740555496e743801000b6973\
            5f72657365727665640555496e74380001
            """)
        for pieceSize in [1, 7, block.count] {
            let batch = try await NativeBlockReader.read(from: Self.source(block, pieceSize: pieceSize), blockInfo: true, limits: WireLimits())
            #expect(batch.rowCount == 2)
            #expect(batch.column(named: "timestamp") == .dateTime([1_796_378_707, 1_796_380_507]))
            let customer = UUIDValue(high: 0x123e_4567_e89b_12d3, low: 0xa456_4266_1417_4000)
            #expect(batch.column(named: "customer_id") == .uuid([customer, customer]))
            #expect(batch.column(named: "region") == .string(StringColumn(["us-east-1", "europe-west4"])))
            #expect(batch.column(named: "cost_per_hour") == .float64([1.0060000000000000, 3.6700000000000000]))
            #expect(batch.column(named: "utilization_percent") == .float32([73.5, 12.25]))
            #expect(batch.column(named: "is_reserved") == .uint8([0, 1]))
        }
    }

    @Test("LowCardinality columns as ClickHouse 26.9 writes them (chdb's FORMAT Native) read as their values")
    func lowCardinalityNative() async throws {
        // SELECT toLowCardinality(toString(number % 2)) AS s,
        //        toLowCardinality(toNullable(if(number = 1, NULL, 'x'))) AS n FROM numbers(3) FORMAT Native
        let block = Self.bytes(hex: """
            02030173164c6f7743617264696e616c69747928537472696e672901000000000000000006000000000000030000000000000000013001310300            000000000000010201016e204c6f7743617264696e616c697479284e756c6c61626c6528537472696e67292901000000000000000006000000            0000000300000000000000000001780300000000000000020002
            """)
        for pieceSize in [1, 5, block.count] {
            let batch = try await NativeBlockReader.read(from: Self.source(block, pieceSize: pieceSize), blockInfo: false, limits: WireLimits())
            #expect(batch.column(named: "s") == .string(StringColumn(["0", "1", "0"])))
            #expect(batch.column(named: "n") == .nullable(NullableColumn(values: .string(StringColumn(["x", "", "x"])), nulls: [false, true, false])))
        }
        // An index past the dictionary is refused, not trusted.
        var bad = block
        bad[bad.count - 1] = 7
        await #expect(throws: WireError.self) {
            _ = try await NativeBlockReader.read(from: Self.source(bad), blockInfo: false, limits: WireLimits())
        }
    }

    @Test("Every column type round-trips through a Native block")
    func nativeRoundTrip() async throws {
        let batch = Batch([
            ("a", .uint8([0, 255])), ("b", .uint32([1, 4_000_000_000])), ("c", .uint64([0, .max])), ("d", .int64([-5, .min])),
            ("e", .float32([0.1, -.infinity])), ("f", .float64([0.1, .greatestFiniteMagnitude])), ("g", .dateTime([0, .max])),
            ("h", .date([0, 20_000])), ("i", .uuid([.zero, UUIDValue(high: 1, low: 2)])), ("j", .string(StringColumn(["", "hé\t\n"]))),
            ("k", .arrays(ArrayColumn([[], [1.5, 2.5, 3]]))),
        ])
        for blockInfo in [true, false] {
            let bytes = BinaryFormats.nativeBlock(batch, rows: 0..<2, blockInfo: blockInfo)
            let decoded = try await NativeBlockReader.read(from: Self.source(bytes, pieceSize: 3), blockInfo: blockInfo, limits: WireLimits())
            #expect(decoded == batch)
        }
    }

    @Test("Sizes from the wire are checked before anything is allocated or awaited")
    func blockLimits() async {
        // 2^40 rows of UInt64: refused at the row count, with no column bytes sent.
        var huge = BinaryFormats.defaultBlockInfo + [1]
        BinaryFormats.appendVarUInt(1 << 40, to: &huge)
        await #expect(throws: WireError.tooLarge(what: "number of rows", size: 1 << 40, limit: WireLimits().blockRows)) {
            _ = try await NativeBlockReader.read(from: Self.source(huge), blockInfo: true, limits: WireLimits())
        }
        // A string claiming 1 GiB.
        var limits = WireLimits()
        limits.stringBytes = 1 << 20
        var long = [UInt8]([1, 1])
        BinaryFormats.appendString("s", to: &long)
        BinaryFormats.appendString("String", to: &long)
        BinaryFormats.appendVarUInt(1 << 30, to: &long)
        await #expect(throws: WireError.tooLarge(what: "string size", size: 1 << 30, limit: 1 << 20)) {
            _ = try await NativeBlockReader.read(from: Self.source(long), blockInfo: false, limits: limits)
        }
        // A block cut short: the connection closed mid-packet.
        let whole = BinaryFormats.nativeBlock(Batch([("x", .uint64([1, 2, 3]))]), rows: 0..<3, blockInfo: false)
        await #expect(throws: WireError.connectionClosed) {
            _ = try await NativeBlockReader.read(from: Self.source(Array(whole.dropLast())), blockInfo: false, limits: WireLimits())
        }
        // Aggregate states cannot be read from a client (their length is the function's).
        var states = [UInt8]([1, 1])
        BinaryFormats.appendString("s", to: &states)
        BinaryFormats.appendString("AggregateFunction(count)", to: &states)
        await #expect(throws: WireError.unsupportedType("AggregateFunction(count)")) {
            _ = try await NativeBlockReader.read(from: Self.source(states + [8]), blockInfo: false, limits: WireLimits())
        }
    }

    @Test("The Exception packet's layout (§6)")
    func exceptionPacket() {
        let packet = ServerPacket.exception(ServerException(.unknownTable, message: "Table optiinfra.nope does not exist."))
        let expected = "02" + "3c000000" + "0d" + Self.hex("DB::Exception".utf8) + "33" + Self.hex("DB::Exception: Table optiinfra.nope does not exist.".utf8) + "00" + "00"
        #expect(Self.hex(packet.readableBytesView) == expected)
    }

    @Test("SHA-256 (FIPS 180-4 vectors) and constant-time password checks")
    func passwords() throws {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(String(repeating: "a", count: 1000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
        let users = Users(user: "secured", password: "s3cret")
        try users.authenticate(user: "secured", password: "s3cret")
        #expect(throws: ServerException.authenticationFailed(user: "secured")) { try users.authenticate(user: "secured", password: "wrong") }
        #expect(throws: ServerException.authenticationFailed(user: "nobody")) { try users.authenticate(user: "nobody", password: "s3cret") }
        #expect(users.allHavePasswords)
        #expect(!Users.openDefault.allHavePasswords)
    }
}
