/// One value of a column type, for filters and constants (not for bulk data: that moves as
/// ``ColumnValues``).
public enum Value: Hashable, Sendable {
    case uint(UInt64)
    case float(Double)
    case dateTime(UInt32)
    case uuid(UUIDValue)
    case string(String)

    /// The value as a one-row column of `type`, or `nil` when it does not fit the type.
    func column(of type: ColumnType) -> ColumnValues? {
        switch (self, type) {
        case (.uint(let v), .uint8): UInt8(exactly: v).map { .uint8([$0]) }
        case (.uint(let v), .uint32): UInt32(exactly: v).map { .uint32([$0]) }
        case (.uint(let v), .uint64): .uint64([v])
        case (.uint(let v), .float32): .float32([Float(v)])
        case (.uint(let v), .float64): .float64([Double(v)])
        case (.float(let v), .float32): .float32([Float(v)])
        case (.float(let v), .float64): .float64([v])
        case (.dateTime(let v), .dateTime): .dateTime([v])
        case (.uint(let v), .dateTime): UInt32(exactly: v).map { .dateTime([$0]) }
        case (.uint(let v), .date): UInt16(exactly: v).map { .date([$0]) }
        case (.uuid(let v), .uuid): .uuid([v])
        case (.string(let v), .string): .string(StringColumn([v]))
        default: nil
        }
    }
}

/// A condition on one column: `lower ≤ column ≤ upper` (each bound optional, inclusive or not).
public struct ColumnRange: Sendable, Hashable {
    public var column: String
    public var lower: Value?
    public var lowerInclusive: Bool
    public var upper: Value?
    public var upperInclusive: Bool

    public init(_ column: String, lower: Value? = nil, lowerInclusive: Bool = true, upper: Value? = nil, upperInclusive: Bool = true) {
        self.column = column
        self.lower = lower
        self.lowerInclusive = lowerInclusive
        self.upper = upper
        self.upperInclusive = upperInclusive
    }

    /// `column = value`.
    public static func equals(_ column: String, _ value: Value) -> ColumnRange {
        ColumnRange(column, lower: value, upper: value)
    }

    /// `start ≤ column < end`: a half-open time window, as the dashboard queries use.
    public static func halfOpen(_ column: String, from start: Value, to end: Value) -> ColumnRange {
        ColumnRange(column, lower: start, upper: end, upperInclusive: false)
    }

    var isEquality: Bool { lower != nil && lower == upper && lowerInclusive && upperInclusive }
}

/// A conjunction of column ranges. Used to skip partitions and granules and then to filter rows.
public struct ScanFilter: Sendable, Hashable {
    public var ranges: [ColumnRange]

    public init(_ ranges: [ColumnRange] = []) { self.ranges = ranges }

    public static let all = ScanFilter()
}
