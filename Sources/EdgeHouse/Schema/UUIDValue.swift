import Foundation

/// A UUID as ClickHouse stores and orders it.
///
/// ClickHouse keeps a UUID as two little-endian `UInt64` halves and compares the **second** half
/// (the last 16 hex digits) first, so `ORDER BY customer_id` is not string order
/// (`../shared/reference/clickhouse-semantics.md` §7.1). `<` here is that order.
public struct UUIDValue: Hashable, Sendable, Comparable, BitwiseCopyable {
    /// The first 16 hex digits as a big-endian number.
    public var high: UInt64
    /// The last 16 hex digits as a big-endian number.
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The all-zero UUID, ClickHouse's default value for the type.
    public static let zero = UUIDValue(high: 0, low: 0)

    public init(_ uuid: Foundation.UUID) {
        let b = uuid.uuid
        high = [b.0, b.1, b.2, b.3, b.4, b.5, b.6, b.7].reduce(0) { $0 << 8 | UInt64($1) }
        low = [b.8, b.9, b.10, b.11, b.12, b.13, b.14, b.15].reduce(0) { $0 << 8 | UInt64($1) }
    }

    public var foundationUUID: Foundation.UUID {
        let h = high, l = low
        func byte(_ word: UInt64, _ index: Int) -> UInt8 { UInt8(truncatingIfNeeded: word >> (56 - 8 * index)) }
        return Foundation.UUID(uuid: (
            byte(h, 0), byte(h, 1), byte(h, 2), byte(h, 3), byte(h, 4), byte(h, 5), byte(h, 6), byte(h, 7),
            byte(l, 0), byte(l, 1), byte(l, 2), byte(l, 3), byte(l, 4), byte(l, 5), byte(l, 6), byte(l, 7)))
    }

    public static func < (a: UUIDValue, b: UUIDValue) -> Bool {
        a.low != b.low ? a.low < b.low : a.high < b.high
    }
}

extension UUIDValue: CustomStringConvertible, LosslessStringConvertible {
    /// Lowercase and dashed, as ClickHouse prints UUIDs.
    public var description: String {
        let hex = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(36)
        for (index, nibble) in (0..<32).enumerated() {
            if index == 8 || index == 12 || index == 16 || index == 20 { out.append(UInt8(ascii: "-")) }
            let word = nibble < 16 ? high : low
            let shift = 60 - 4 * (nibble % 16)
            out.append(hex[Int((word >> UInt64(shift)) & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses the dashed form (either case) or 32 hex digits without dashes, as ClickHouse 26.9
    /// does. Anything else is `nil` (ClickHouse: code 376, `Cannot parse uuid`).
    public init?(_ text: String) {
        self.init(utf8: Array(text.utf8)[...])
    }

    public init?(utf8: ArraySlice<UInt8>) {
        let dashed = utf8.count == 36
        guard dashed || utf8.count == 32 else { return nil }
        let s = utf8.startIndex
        if dashed {
            guard utf8[s + 8] == 0x2D, utf8[s + 13] == 0x2D, utf8[s + 18] == 0x2D, utf8[s + 23] == 0x2D else { return nil }
        }
        // Positions of the 32 hex digits, with or without dashes.
        let positions = dashed ? Self.dashedPositions : Self.plainPositions
        let hex = Self.hexValues  // one lookup of the global, not one per digit
        var high: UInt64 = 0, low: UInt64 = 0, invalid: UInt8 = 0
        for k in 0..<16 {
            let v = hex[Int(utf8[s + positions[k]])]
            invalid |= v
            high = high << 4 | UInt64(v & 0x0F)
        }
        for k in 16..<32 {
            let v = hex[Int(utf8[s + positions[k]])]
            invalid |= v
            low = low << 4 | UInt64(v & 0x0F)
        }
        guard invalid & 0xF0 == 0 else { return nil }
        self.init(high: high, low: low)
    }

    /// Hex digit values by byte; 0xFF for anything that is not a hex digit.
    private static let hexValues: [UInt8] = (0..<256).map { byte in
        switch byte {
        case 48...57: UInt8(byte - 48)
        case 97...102: UInt8(byte - 87)
        case 65...70: UInt8(byte - 55)
        default: 0xFF
        }
    }
    private static let plainPositions = Array(0..<32)
    private static let dashedPositions = Array(0..<8) + Array(9..<13) + Array(14..<18) + Array(19..<23) + Array(24..<36)
}
