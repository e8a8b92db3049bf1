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
