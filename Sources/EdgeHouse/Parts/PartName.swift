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

/// A part's name as ClickHouse spells it: `<partition>_<minBlock>_<maxBlock>_<level>`, e.g.
/// `202611_1_3_1` — the merge (level 1) of blocks 1 to 3 of partition 202611.
public struct PartName: Hashable, Sendable, Comparable, Codable, CustomStringConvertible, LosslessStringConvertible {
    public var partition: PartitionID
    public var minBlock: UInt64
    public var maxBlock: UInt64
    public var level: UInt32

    public init(partition: PartitionID, minBlock: UInt64, maxBlock: UInt64, level: UInt32) {
        precondition(minBlock <= maxBlock)
        self.partition = partition
        self.minBlock = minBlock
        self.maxBlock = maxBlock
        self.level = level
    }

    public var description: String { "\(partition)_\(minBlock)_\(maxBlock)_\(level)" }

    public init?(_ text: String) {
        let fields = text.split(separator: "_", omittingEmptySubsequences: false)
        guard fields.count == 4, let partition = PartitionID(String(fields[0])),
              let minBlock = UInt64(fields[1]), let maxBlock = UInt64(fields[2]), let level = UInt32(fields[3]),
              minBlock <= maxBlock else { return nil }
        self.init(partition: partition, minBlock: minBlock, maxBlock: maxBlock, level: level)
    }

    /// True when `other`'s blocks lie within this part's range in the same partition (a merged
    /// part contains its inputs).
    public func contains(_ other: PartName) -> Bool {
        partition == other.partition && minBlock <= other.minBlock && other.maxBlock <= maxBlock
    }

    /// Parts order by partition, then block number: the canonical order in which merges and
    /// queries combine them.
    public static func < (a: PartName, b: PartName) -> Bool {
        (a.partition, a.minBlock, a.maxBlock, a.level) < (b.partition, b.minBlock, b.maxBlock, b.level)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let name = PartName(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad part name \(text)"))
        }
        self = name
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
