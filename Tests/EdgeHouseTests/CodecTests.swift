@testable import EdgeHouse
import EdgeHouseTestSupport
import Foundation
import Testing
import OptiInfraWorkload

@Suite struct CodecTests {
    @Test func crc32cMatchesTheStandardCheckValue() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8]()) == 0)
        // Chaining equals one pass over the concatenation.
        let a = Array("hello, ".utf8), b = Array("world".utf8)
        #expect(CRC32C.checksum(b, seed: CRC32C.checksum(a)) == CRC32C.checksum(a + b))
        // Combining two checksums equals one pass over the concatenation, for any lengths.
        var random = SplitMix64(seed: 9)
        for (lengthA, lengthB) in [(0, 0), (7, 0), (0, 5), (7, 5), (1, 8), (100, 65_539), (70_001, 1), (3, 1_000_000)] {
            let a = (0..<lengthA).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let b = (0..<lengthB).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            #expect(CRC32C.combine(CRC32C.checksum(a), CRC32C.checksum(b), lengthB: b.count) == CRC32C.checksum(a + b))
        }
    }

    static let compressions: [BlockCompression] = [.none, .lz4, .zstd(level: 1), .zstd(level: 9)]

    @Test(arguments: compressions)
    func blocksRoundTrip(_ compression: BlockCompression) throws {
        var random = SplitMix64(seed: 7)
        let inputs: [[UInt8]] = [
            [], [42], Array(repeating: 7, count: 100_000),
            (0..<70_000).map { _ in UInt8(truncatingIfNeeded: random.next()) },
            (0..<50_000).map { UInt8(truncatingIfNeeded: $0 % 13) },
        ]
        for input in inputs {
            let block = CompressedBlock.encode(input, compression: compression)
            #expect(try CompressedBlock.blockSize(header: block[...]) == block.count)
            #expect(try CompressedBlock.decode(block[...]) == input)
        }
    }

    @Test func compressibleDataIsCompressedAndRandomDataIsStoredRaw() {
        var random = SplitMix64(seed: 1)
        let zeros = [UInt8](repeating: 0, count: 65_536)
        let noise = (0..<65_536).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        #expect(CompressedBlock.encode(zeros, compression: .lz4).count < 1_000)
        #expect(CompressedBlock.encode(zeros, compression: .zstd(level: 1)).count < 1_000)
        let raw = CompressedBlock.encode(noise, compression: .lz4)
        #expect(raw.count == noise.count + CompressedBlock.headerSize)
        #expect(raw[0] == BlockCompression.none.tag)
    }

    @Test func everyFlippedBitOfABlockIsDetected() {
        let input = (0..<4_000).map { UInt8(truncatingIfNeeded: $0 % 97) }
        let block = CompressedBlock.encode(input, compression: .lz4)
        for offset in stride(from: 0, to: block.count, by: 7) {
            var damaged = block
            damaged[offset] ^= 0x04
            #expect(throws: CodecError.self) { _ = try CompressedBlock.decode(damaged[...]) }
        }
    }

    static func randomColumn(_ type: ColumnType, count: Int, _ random: inout SplitMix64) -> ColumnValues {
        switch type {
        case .uint8: .uint8((0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        case .uint16: .uint16((0..<count).map { _ in UInt16(truncatingIfNeeded: random.next()) })
        case .int8: .int8((0..<count).map { _ in Int8(truncatingIfNeeded: random.next()) })
        case .int16: .int16((0..<count).map { _ in Int16(truncatingIfNeeded: random.next()) })
        case .int32: .int32((0..<count).map { _ in Int32(truncatingIfNeeded: random.next()) })
        case .uint32: .uint32((0..<count).map { _ in UInt32(truncatingIfNeeded: random.next()) })
        case .uint64: .uint64((0..<count).map { _ in random.next() })
        case .int64: .int64((0..<count).map { _ in Int64(bitPattern: random.next()) })
        case .float32: .float32((0..<count).map { _ in Float(random.normal() * 1000) })
        case .float64: .float64((0..<count).map { _ in random.normal() * 1e6 })
        case .dateTime: .dateTime((0..<count).map { _ in UInt32(truncatingIfNeeded: random.next()) })
        case .date: .date((0..<count).map { _ in UInt16(truncatingIfNeeded: random.next()) })
        case .uuid: .uuid((0..<count).map { _ in random.uuid() })
        case .string: .string(StringColumn((0..<count).map { i in String(repeating: "é\t\u{0}x", count: Int(random.next() % 5)) + "\(i)" }))
        case .array(let element):
            // Rows of 0–3 elements, drawn as a column of the element type.
            {
                var ends = [UInt32](), total = 0
                for _ in 0..<count { total += Int(random.next() % 4); ends.append(UInt32(total)) }
                return .arrays(ArrayColumn(elements: randomColumn(element, count: total, &random), ends: ends))
            }()
        case .nullable(let inner):
            .nullable(NullableColumn(values: randomColumn(inner, count: count, &random), nulls: (0..<count).map { _ in random.next() % 3 == 0 }))
        case .nothing: .nothing(count: count)
        case .tuple(let types): .tuples(TupleColumn(types.map { randomColumn($0, count: count, &random) }, count: count))
        case .aggregateState(let function):
            .aggregateStates(function, StringColumn((0..<count).map { _ in String(random.next() % 1000) }))
        }
    }

    /// A filtered read decodes only the kept rows, and gets what decoding all and filtering gets.
    @Test(arguments: ColumnType.all + [.array(.float64), .array(.string), .array(.array(.uint16)), .nullable(.string), .nullable(.int32), .array(.nullable(.float64)), .tuple([.string, .array(.uint8)]), .aggregateState(try! AggregateFunction(.avg, .float32))])
    func decodingKeptRowsEqualsFilteringAllRows(_ type: ColumnType) throws {
        var random = SplitMix64(seed: 7)
        let values = Self.randomColumn(type, count: 300, &random)
        let bytes = ColumnSerialization.encode(values)
        let keep = (0..<300).map { _ in random.next() % 3 == 0 }
        #expect(try ColumnSerialization.decode(type, count: 300, from: bytes[...], keeping: keep[...]) == values.filtered(keep))
        #expect(throws: CodecError.self) { try ColumnSerialization.decode(type, count: 300, from: bytes.dropLast(), keeping: keep[...]) }
    }

    @Test(arguments: ColumnType.all + [.array(.float64), .array(.string), .array(.array(.uint16)), .nullable(.string), .nullable(.int32), .array(.nullable(.float64)), .tuple([.string, .array(.uint8)]), .aggregateState(try! AggregateFunction(.avg, .float32))])
    func columnSerializationRoundTrips(_ type: ColumnType) throws {
        var random = SplitMix64(seed: 99)
        for count in [0, 1, 2, 1000] {
            let values = Self.randomColumn(type, count: count, &random)
            let bytes = ColumnSerialization.encode(values)
            #expect(try ColumnSerialization.decode(type, count: count, from: bytes[...]) == values)
        }
    }

    /// Strings are written as ClickHouse writes them — a LEB128 length, then the bytes — for
    /// every length class the writer treats apart (empty, under 4, word moves up to 32, a copy
    /// beyond; lengths of one and of several varint bytes), and a range of rows is written as
    /// the same rows on their own.
    @Test func stringsSerializeAsLengthPrefixedBytes() throws {
        var random = SplitMix64(seed: 5)
        let lengths = Array(0...40) + [127, 128, 129, 300, 16_383, 16_384, 70_000]
        let values = lengths.shuffled(using: &random).map { length in
            String(decoding: (0..<length).map { _ in UInt8(ascii: "a") + UInt8(random.next() % 26) }, as: UTF8.self)
        }
        var expected = [UInt8]()
        for value in values {
            var length = value.utf8.count
            while length >= 0x80 {
                expected.append(UInt8(length & 0x7F) | 0x80)
                length >>= 7
            }
            expected.append(UInt8(length))
            expected += value.utf8
        }
        let column = StringColumn(values)
        #expect(ColumnSerialization.encode(.string(column)) == expected)
        var middle = [UInt8]()
        ColumnSerialization.append(.string(column), rows: 10..<45, to: &middle)
        #expect(middle == ColumnSerialization.encode(.string(StringColumn(values[10..<45]))))
        #expect(try ColumnSerialization.decode(.string, count: values.count, from: expected[...]) == .string(column))
    }

    @Test func truncatedColumnBytesAreAnErrorNotACrash() {
        let bytes = ColumnSerialization.encode(.string(StringColumn(["abc", "defgh"])))
        for cut in 0..<bytes.count {
            #expect(throws: CodecError.self) { _ = try ColumnSerialization.decode(.string, count: 2, from: bytes.prefix(cut)) }
        }
        #expect(throws: CodecError.self) { _ = try ColumnSerialization.decode(.uint32, count: 2, from: [1, 2, 3][...]) }
    }
}

@Suite struct BlockEncodingTests {
    @Test(arguments: BlockEncoding.allCases)
    func encodingsRoundTripThroughCompressedBlocks(_ encoding: BlockEncoding) throws {
        var random = SplitMix64(seed: 21)
        let sizes = [0, 1, 4, 7, 8, 16, 4096, 65_536 + 8]
        for size in sizes {
            let raw = (0..<size).map { _ in UInt8(truncatingIfNeeded: random.next() % 7) }
            for compression in [BlockCompression.lz4, .zstd(level: 1), .none] {
                let block = CompressedBlock.encode(raw, compression: compression, encoding: encoding)
                #expect(try CompressedBlock.decode(block[...]) == raw, "\(encoding) \(compression) \(size) bytes")
            }
        }
    }

    @Test func sortedTimestampsAndSmallIntegersShrink() {
        let timestamps = ColumnSerialization.encode(.dateTime((0..<16_384).map { 1_795_000_000 + UInt32($0 / 3) }))
        let small = ColumnSerialization.encode(.uint32((0..<16_384).map { UInt32($0 % 64) }))
        #expect(CompressedBlock.encode(timestamps, compression: .lz4, encoding: .delta32).count * 4
                < CompressedBlock.encode(timestamps, compression: .lz4).count)
        #expect(CompressedBlock.encode(small, compression: .lz4, encoding: .byteShuffle4).count
                < CompressedBlock.encode(small, compression: .lz4).count)
    }

    /// Floats that are short decimals come back bit for bit through the decimal encoding;
    /// anything else — full-precision values, -0.0, NaN, ±∞, subnormals — keeps its bits
    /// through the fallback. Either way the block round-trips.
    @Test func decimalFloatsRoundTripBitForBit() throws {
        var random = SplitMix64(seed: 33)
        func decimals(_ count: Int, digits: Int, scale: Double) -> [Double] {
            (0..<count).map { _ in (Double(random.next() % 1_000_000) * scale).rounded() / pow(10, Double(digits)) }
        }
        let specials: [Double] = [-0.0, .nan, .infinity, -.infinity, .leastNonzeroMagnitude, 1e300, -123.456]
        var cases: [(values: [Double], decimal: Bool)] = []
        for digits in 0...4 { cases.append((decimals(5000, digits: digits, scale: 0.37), true)) }
        cases.append(((0..<5000).map { _ in (Double(random.next() % 1_000_000) - 500_000) / 1_000_000 }, true))  // negative too
        cases.append(((0..<5000).map { _ in Double(bitPattern: random.next() >> 2) }, false))  // full precision
        for special in specials { cases.append((decimals(300, digits: 2, scale: 1) + [special], special == -123.456)) }
        for (values, decimal) in cases {
            for type in [ColumnType.float32, .float64] {
                let column: ColumnValues = type == .float32 ? .float32(values.map { Float($0) }) : .float64(values)
                let raw = ColumnSerialization.encode(column)
                let width = type == .float32 ? 4 : 8
                let encoded = DecimalFloats.encode(raw, floatWidth: width)
                if decimal { #expect(encoded != nil, "\(type) \(values.prefix(3)) … \(values.last!)") }
                if let encoded { #expect(DecimalFloats.decode(encoded, floatWidth: width) == raw) }
                for compression in [BlockCompression.lz4, .zstd(level: 1), .none] {
                    let block = CompressedBlock.encode(raw, compression: compression, encoding: type == .float32 ? .decimal32 : .decimal64)
                    #expect(try CompressedBlock.decode(block[...]) == raw)
                }
            }
        }
        // A single non-decimal value sends the whole block to the fallback.
        #expect(DecimalFloats.encode(ColumnSerialization.encode(.float64([1.5, 2.25, -0.0])), floatWidth: 8) == nil)
        #expect(DecimalFloats.encode(ColumnSerialization.encode(.float32([1.5, 2.25, .nan])), floatWidth: 4) == nil)
    }

    /// The point of the decimal encoding: four-decimal scores take less than two thirds of the
    /// room of their shuffled IEEE bits under the same compression (uniform scores: 13.3 bits of
    /// entropy each; real ones are skewed and gain more).
    @Test func decimalScoresShrinkWellBelowTheirShuffledBits() {
        var random = SplitMix64(seed: 7)
        let scores = ColumnSerialization.encode(.float32((0..<16_384).map { _ in Float(Double(random.next() % 10_001) / 10_000) }))
        let decimal = CompressedBlock.encode(scores, compression: .zstd(level: 1), encoding: .decimal32)
        let shuffled = CompressedBlock.encode(scores, compression: .zstd(level: 1), encoding: .byteShuffle4)
        #expect(decimal[1] == BlockEncoding.decimal32.rawValue)
        #expect(decimal.count * 3 < shuffled.count * 2, "\(decimal.count) vs \(shuffled.count)")
    }

    @Test func anUnknownEncodingByteIsCorruptionNotACrash() {
        var block = CompressedBlock.encode(Array(repeating: 1, count: 64), compression: .none)
        block[1] = 9
        // Re-seal the CRC so that only the encoding is wrong.
        let crc = CRC32C.checksum(block[16...], seed: CRC32C.checksum(block[0..<12]))
        withUnsafeBytes(of: crc.littleEndian) { for (i, b) in $0.enumerated() { block[12 + i] = b } }
        #expect(throws: CodecError.corruptPayload("unknown encoding 9")) { _ = try CompressedBlock.decode(block[...]) }
    }
}

/// RowBinary, the forwarder's wire format: written by interleaving columns, read by splitting
/// them again (`Codec/RowBinaryLayout`).
@Suite struct RowBinaryTests {
    private func sample(_ count: Int, seed: UInt64) -> Batch {
        var random = SplitMix64(seed: seed)
        let strings = (0..<count).map { _ in String(repeating: "é", count: Int.random(in: 0...200, using: &random)) }
        return Batch([
            ("u8", .uint8((0..<count).map { _ in UInt8.random(in: 0...255, using: &random) })),
            ("i64", .int64((0..<count).map { _ in Int64.random(in: .min ... .max, using: &random) })),
            ("f64", .float64((0..<count).map { _ in Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &random)) })),
            ("at", .dateTime((0..<count).map { _ in UInt32.random(in: 0...UInt32.max, using: &random) })),
            ("id", .uuid((0..<count).map { _ in UUIDValue(high: random.next(), low: random.next()) })),
            ("name", .string(StringColumn(strings))),
        ])
    }

    private func columns(of batch: Batch) -> [ColumnDefinition] {
        zip(batch.names, batch.columns).map { ColumnDefinition($0, $1.type) }
    }

    @Test func everyPlainTypeRoundTripsBitForBit() throws {
        for count in [0, 1, 7, 1000] {
            let batch = sample(count, seed: UInt64(count))
            let bytes = BinaryFormats.rowBinary(batch, namesAndTypes: false)
            let read = try RowBinaryRows.read(bytes, columns: columns(of: batch))
            // Bit for bit: NaN payloads compare unequal as Doubles, so compare the bytes again.
            #expect(read.rowCount == count)
            #expect(BinaryFormats.rowBinary(read, namesAndTypes: false) == bytes)
            #expect(read.rowTexts == batch.rowTexts)
        }
    }

    @Test func arraysRoundTripThroughTheirCounts() throws {
        let batch = Batch([("a", .arrays(ArrayColumn([[], [1.5], [2, 3, 4]]))), ("s", .string(StringColumn(["x", "", "yz"])))])
        let bytes = BinaryFormats.rowBinary(batch, namesAndTypes: false)
        #expect(try RowBinaryRows.read(bytes, columns: columns(of: batch)) == batch)
    }

    @Test func inputCutInsideARowNamesThatRow() throws {
        let batch = sample(5, seed: 9)
        let bytes = BinaryFormats.rowBinary(batch, namesAndTypes: false)
        let rowEnds = (1...5).map { BinaryFormats.rowBinary(batch.slice(0..<$0), namesAndTypes: false).count }
        for cut in 1..<bytes.count {
            do {
                let read = try RowBinaryRows.read(Array(bytes[..<cut]), columns: columns(of: batch))
                #expect(rowEnds.contains(cut), "a cut at byte \(cut), inside a row, was read as \(read.rowCount) rows")
            } catch {
                let row = rowEnds.firstIndex { $0 > cut }! + 1
                #expect(error == .badValue(.cannotReadAllData, message: "Cannot read all data in RowBinary format: (at row \(row))"))
            }
        }
    }

    /// A stream's pieces end anywhere: what a piece cuts short is read with the next one.
    @Test func rowsCutBetweenPiecesAreReadWithTheNextPiece() throws {
        let plain = sample(6, seed: 4)
        let batch = Batch(Array(zip(plain.names, plain.columns)) + [("a", .arrays(ArrayColumn([[], [1.5], [2, 3, 4], [], [5], [6, 7]])))])
        let bytes = BinaryFormats.rowBinary(batch, namesAndTypes: false)
        let rowEnds = (0...6).map { BinaryFormats.rowBinary(batch.slice(0..<$0), namesAndTypes: false).count }
        for cut in 0...bytes.count {
            let (first, consumed) = try RowBinaryRows.read(Array(bytes[..<cut]), columns: columns(of: batch), endsInput: false, rowsBefore: 0)
            #expect(consumed == rowEnds.last { $0 <= cut }!, "the whole rows before byte \(cut)")
            #expect(first == batch.slice(0..<first.rowCount))
            let (rest, _) = try RowBinaryRows.read(Array(bytes[consumed...]), columns: columns(of: batch), endsInput: true, rowsBefore: first.rowCount)
            #expect(rest == batch.slice(first.rowCount..<6))
        }
    }
}
