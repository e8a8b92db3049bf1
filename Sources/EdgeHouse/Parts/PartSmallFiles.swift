import Foundation

/// `primary.idx`: the sorting-key values at the first row of every granule, then at the
/// part's last row (so the last granule has an upper bound). For each key column in key order:
/// a `UInt32` LE byte length, then the values in the column serialization of `<column>.bin`.
enum PrimaryIndex {
    static func encode(_ keys: [ColumnValues]) -> [UInt8] {
        var writer = ByteWriter()
        for key in keys {
            let bytes = ColumnSerialization.encode(key)
            writer.append(UInt32(bytes.count))
            writer.append(contentsOf: bytes)
        }
        return writer.bytes
    }

    static func decode(_ bytes: [UInt8], types: [ColumnType], entries: Int) throws(CodecError) -> [ColumnValues] {
        var reader = ByteReader(bytes[...])
        var keys = [ColumnValues]()
        for type in types {
            let length = Int(try reader.read(UInt32.self))
            keys.append(try ColumnSerialization.decode(type, count: entries, from: try reader.read(count: length)))
        }
        guard reader.isAtEnd else { throw .sizeMismatch(expected: reader.position, actual: bytes.count) }
        return keys
    }
}

/// `marks.mrk`: for each column in `meta.json` order, one 12-byte mark per granule:
/// `UInt64` LE block offset in the column file, `UInt32` LE offset in the decompressed block.
enum MarksFile {
    static func encode(_ marks: [[Mark]]) -> [UInt8] {
        var writer = ByteWriter()
        for column in marks {
            for mark in column {
                writer.append(mark.blockOffset)
                writer.append(mark.offsetInBlock)
            }
        }
        return writer.bytes
    }

    static func decode(_ bytes: [UInt8], columns: Int, granules: Int) throws(CodecError) -> [[Mark]] {
        guard bytes.count == columns * granules * 12 else { throw .sizeMismatch(expected: columns * granules * 12, actual: bytes.count) }
        var reader = ByteReader(bytes[...])
        var result = [[Mark]]()
        for _ in 0..<columns {
            var marks = [Mark]()
            marks.reserveCapacity(granules)
            for _ in 0..<granules {
                marks.append(Mark(blockOffset: try reader.read(), offsetInBlock: try reader.read()))
            }
            result.append(marks)
        }
        return result
    }
}

/// `checksums.txt`: one line per file, `<name>\t<size>\t<crc32c hex>`, sorted by name; then
/// `checksums.txt\t<crc32c hex of everything above>`. Written last: a part directory without a
/// valid one is incomplete.
package struct PartChecksums: Equatable {
    package struct Entry: Equatable {
        package var size: Int
        package var crc: UInt32

        package init(size: Int, crc: UInt32) {
            self.size = size
            self.crc = crc
        }
    }

    package var files: [String: Entry] = [:]

    package func encode() -> [UInt8] {
        var text = ""
        for name in files.keys.sorted() {
            let entry = files[name]!
            text += "\(name)\t\(entry.size)\t\(String(entry.crc, radix: 16))\n"
        }
        let bytes = Array(text.utf8)
        return bytes + Array("\(PartFile.checksums)\t\(String(CRC32C.checksum(bytes), radix: 16))\n".utf8)
    }

    package static func decode(_ bytes: [UInt8]) -> PartChecksums? {
        guard let lastLineStart = bytes.dropLast().lastIndex(of: UInt8(ascii: "\n")).map({ $0 + 1 }) ?? (bytes.isEmpty ? nil : 0) else { return nil }
        let body = bytes[..<lastLineStart]
        let trailer = String(decoding: bytes[lastLineStart...], as: UTF8.self).split(separator: "\t")
        guard trailer.count == 2, trailer[0] == PartFile.checksums.description,
              UInt32(trailer[1].trimmingCharacters(in: .newlines), radix: 16) == CRC32C.checksum(body) else { return nil }
        var result = PartChecksums()
        for line in String(decoding: body, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: "\t")
            guard fields.count == 3, let size = Int(fields[1]), let crc = UInt32(fields[2], radix: 16) else { return nil }
            result.files[String(fields[0])] = Entry(size: size, crc: crc)
        }
        // Only the bytes the writer writes: a file that parses but differs anywhere (a lost
        // final newline, a leading zero, an upper-case digit) is damaged too (found by fuzzing).
        return result.encode() == bytes ? result : nil
    }
}

/// `meta.json`: ``PartMeta`` as JSON with sorted keys (stable bytes for stable checksums).
enum PartMetaCoding {
    static func encode(_ meta: PartMeta) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return Array(try encoder.encode(meta))
    }

    static func decode(_ bytes: [UInt8]) throws -> PartMeta {
        try JSONDecoder().decode(PartMeta.self, from: Data(bytes))
    }
}
