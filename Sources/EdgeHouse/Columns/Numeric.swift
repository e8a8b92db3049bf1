/// Numeric columns as one representation, for arithmetic and comparisons.
enum Numeric {
    static func doubles(_ v: ColumnValues) -> [Double] {
        switch v {
        case .nullable(let n): doubles(n.values)
        case .uint8(let a): a.map { Double($0) }
        case .uint16(let a), .date(let a): a.map { Double($0) }
        case .int8(let a): a.map { Double($0) }
        case .int16(let a): a.map { Double($0) }
        case .int32(let a): a.map { Double($0) }
        case .uint32(let a), .dateTime(let a): a.map { Double($0) }
        case .uint64(let a): a.map { Double($0) }
        case .int64(let a): a.map { Double($0) }
        case .float32(let a): a.map { Double($0) }
        case .float64(let a): a
        default: Array(repeating: .nan, count: v.count)
        }
    }

    static func int64s(_ v: ColumnValues) -> [Int64] {
        switch v {
        case .nullable(let n): int64s(n.values)
        case .uint8(let a): a.map(Int64.init)
        case .uint16(let a), .date(let a): a.map(Int64.init)
        case .int8(let a): a.map(Int64.init)
        case .int16(let a): a.map(Int64.init)
        case .int32(let a): a.map(Int64.init)
        case .uint32(let a), .dateTime(let a): a.map(Int64.init)
        case .uint64(let a): a.map { Int64(bitPattern: $0) }
        case .int64(let a): a
        default: doubles(v).map { Int64(clamping: Int64(exactly: $0.rounded(.towardZero)) ?? 0) }
        }
    }

    static func uint64s(_ v: ColumnValues) -> [UInt64] {
        switch v {
        case .nullable(let n): uint64s(n.values)
        case .uint8(let a): a.map(UInt64.init)
        case .uint16(let a), .date(let a): a.map(UInt64.init)
        case .uint32(let a), .dateTime(let a): a.map(UInt64.init)
        case .uint64(let a): a
        default: int64s(v).map { UInt64(bitPattern: $0) }
        }
    }

    /// Whether each value is true: non-zero and not NULL.
    static func truth(_ v: ColumnValues) -> [Bool] {
        switch v {
        case .nullable(let n): zip(truth(n.values), n.nulls).map { $0 && !$1 }
        case .nothing: Array(repeating: false, count: v.count)
        case .uint8(let a): a.map { $0 != 0 }
        case .float32, .float64: doubles(v).map { $0 != 0 }
        default: uint64s(v).map { $0 != 0 }
        }
    }
}
