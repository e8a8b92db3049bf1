/// A partition's ID, as ClickHouse spells it in part names: `toYYYYMM` of the partition column
/// (`202611`); for a `PARTITION BY` expression its value (`20200102` for a Date, `1-20200102`
/// for a tuple, a hash for strings — see `PartitionKeys`); or `all` for an unpartitioned table.
public struct PartitionID: Hashable, Sendable, Comparable, Codable, CustomStringConvertible, LosslessStringConvertible {
    public let id: String

    public init(yyyymm: UInt32?) { id = yyyymm.map(String.init) ?? "all" }

    public static let all = PartitionID(yyyymm: nil)

    public var description: String { id }

    /// An ID read from a part's name or a statement: `all`; numbers joined by `-` (each may be
    /// negative); or a hash, 32 lowercase hex digits.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        let isDigit = { (byte: UInt8) in (0x30...0x39).contains(byte) }
        let isHash = bytes.count == 32 && bytes.allSatisfy { isDigit($0) || (0x61...0x66).contains($0) }
        let isNumbers = !bytes.isEmpty && bytes.count <= 128 && bytes.allSatisfy { isDigit($0) || $0 == 0x2D } && isDigit(bytes.last!)
        guard text == "all" || isHash || isNumbers else { return nil }
        id = text
    }

    /// Numeric IDs in numeric order (months, days, numbers), others by their text.
    public static func < (a: PartitionID, b: PartitionID) -> Bool {
        if let x = Int64(a.id), let y = Int64(b.id) { return x < y }
        return a.id < b.id
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = PartitionID(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad partition \(text)"))
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
