/// The kinds of file in a part directory. Only this type knows their names on disk; see
/// `docs/format/part.md`.
public enum PartFile: Hashable, Sendable, CustomStringConvertible {
    /// `meta.json`: row count, columns and types, min/max of the DateTime columns.
    case meta
    /// `primary.idx`: the sorting key at the first row of each granule, and at the last row.
    case primaryIndex
    /// `marks.mrk`: per column and granule, where the granule starts in the column file.
    case marks
    /// `<column>.bin`: the column's compressed blocks (wide parts).
    case data(column: String)
    /// `all-columns.bin`: every column's blocks, one column after another (compact parts). The
    /// `-` cannot occur in an escaped column name, so the name never meets a column's file.
    case compactData
    /// `checksums.txt`: size and CRC-32C of every other file; written last.
    case checksums

    public var description: String {
        switch self {
        case .meta: "meta.json"
        case .primaryIndex: "primary.idx"
        case .marks: "marks.mrk"
        case .data(let column): Self.escape(column) + ".bin"
        case .compactData: "all-columns.bin"
        case .checksums: "checksums.txt"
        }
    }

    public init?(_ fileName: String) {
        switch fileName {
        case "meta.json": self = .meta
        case "primary.idx": self = .primaryIndex
        case "marks.mrk": self = .marks
        case "checksums.txt": self = .checksums
        case "all-columns.bin": self = .compactData
        default:
            guard fileName.hasSuffix(".bin"), let column = Self.unescape(String(fileName.dropLast(4))) else { return nil }
            self = .data(column: column)
        }
    }

    /// Column names become file names with every byte outside `[A-Za-z0-9_]` as `%XX`, as
    /// ClickHouse escapes them.
    static func escape(_ name: String) -> String {
        var out = ""
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return out
    }

    static func unescape(_ text: String) -> String? {
        var bytes = [UInt8]()
        var utf8 = text.utf8.makeIterator()
        while let byte = utf8.next() {
            if byte == UInt8(ascii: "%") {
                guard let hi = utf8.next(), let lo = utf8.next(),
                      let value = UInt8(String(decoding: [hi, lo], as: UTF8.self), radix: 16) else { return nil }
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// `meta.json`: what a part holds. An immutable value, written once.
public struct PartMeta: Codable, Sendable, Equatable {
    public static let currentFormatVersion = 1

    public var formatVersion: Int
    public var name: PartName
    public var rows: Int
    public var indexGranularity: Int
    public var columns: [ColumnDefinition]
    /// Names of the sorting-key columns, in key order.
    public var sortingKey: [String]
    /// Minimum and maximum of every `DateTime` column (partition pruning, TTL).
    public var dateTimeRanges: [String: ClosedRange<UInt32>]
    /// Rows of each granule, when some granule was cut short by its size (adaptive granularity:
    /// rows of aggregate states are large); absent when every granule but the last has
    /// `indexGranularity` rows.
    public var granuleRows: [Int]?
    /// `compact` when every column is in `all-columns.bin`; absent for wide parts (one file per
    /// column), which every part written before compact parts existed is.
    public var layout: PartLayout?

    public var granuleCount: Int { granuleRows?.count ?? (rows + indexGranularity - 1) / indexGranularity }

    /// Rows in granule `index`.
    public func rows(inGranule index: Int) -> Int {
        granuleRows?[index] ?? min(indexGranularity, rows - index * indexGranularity)
    }
}

/// How a part stores its columns. ClickHouse makes small parts compact too
/// (`min_bytes_for_wide_part`): a part is files created, written and `fdatasync`ed one by one,
/// and an insert's cost on a small device is mostly that, not the bytes.
public enum PartLayout: String, Codable, Sendable {
    /// One file per column, `<column>.bin`.
    case wide
    /// All columns in `all-columns.bin`, each column's blocks contiguous, in column order.
    case compact
}
