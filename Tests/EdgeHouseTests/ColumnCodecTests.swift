@testable import EdgeHouse
import Testing

/// A `CODEC(…)` clause decides how the column is stored: its general-purpose codec is the
/// column's block compression — `NONE` stores the encoded bytes as they are — and a clause with
/// only specialized codecs keeps the type's default.
@Suite struct ColumnCodecTests {
    @Test func theGeneralPurposeCodecIsTheColumnsCompression() throws {
        #expect(ColumnCodec.compression(of: [.none]) == BlockCompression.none)
        #expect(ColumnCodec.compression(of: [.delta(bytes: 4), .lz4]) == .lz4)
        #expect(ColumnCodec.compression(of: [.lz4hc(level: 9)]) == .lz4)
        #expect(ColumnCodec.compression(of: [.gorilla(bytes: 8), .zstd(level: 3)]) == .zstd(level: 3))
        #expect(ColumnCodec.compression(of: [.doubleDelta]) == nil)
    }

    /// On disk: 100,000 equal strings take a few hundred bytes compressed and their full size
    /// with `CODEC(NONE)`.
    @Test func codecNoneStoresTheBytesUncompressed() throws {
        let session = SQLSession(store: Store.inMemory(options: testOptions()))
        try session.execute("CREATE TABLE t (k UInt32, a String CODEC(NONE), b String CODEC(ZSTD(3))) ENGINE = MergeTree ORDER BY k")
        let rows = (0..<100_000).map { "(\($0), 'abcdefghij', 'abcdefghij')" }.joined(separator: ", ")
        try session.execute("INSERT INTO t VALUES \(rows)")
        let sizes = try SQLSession.render(try session.execute(
            "SELECT name, data_compressed_bytes FROM system.columns WHERE table = 't' AND name != 'k' ORDER BY name")[0].rows!, format: "TSV")
        let bytes = String(decoding: sizes, as: UTF8.self).split(separator: "\n").map { Int($0.split(separator: "\t")[1])! }
        #expect(bytes[0] > 1_000_000, "CODEC(NONE): \(bytes[0]) bytes")
        #expect(bytes[1] < 20_000, "CODEC(ZSTD(3)): \(bytes[1]) bytes")
    }
}
