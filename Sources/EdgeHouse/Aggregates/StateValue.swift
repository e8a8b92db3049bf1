/// The numeric types an aggregate state holds values of.
protocol StateValue: Comparable, BitwiseCopyable, Sendable {
    static var zero: Self { get }
    /// True only for a floating-point NaN.
    var isNaNValue: Bool { get }
    var doubleValue: Double { get }
    /// The value for an unsigned accumulator (integers only; floats never use one).
    var unsignedValue: UInt64 { get }
    static func values(in column: ColumnValues) -> [Self]?
    static func column(_ values: [Self]) -> ColumnValues
    /// Signed integers sum in `Int64`, unsigned ones in `UInt64` (integers: `BinaryInteger`'s).
    static var isSigned: Bool { get }
}

extension UInt16: StateValue {
    static var zero: UInt16 { 0 }
    var isNaNValue: Bool { false }
    var doubleValue: Double { Double(self) }
    var unsignedValue: UInt64 { UInt64(self) }
    static func values(in column: ColumnValues) -> [UInt16]? { if case .uint16(let v) = column { v } else { nil } }
    static func column(_ values: [UInt16]) -> ColumnValues { .uint16(values) }
}

extension Int8: StateValue {
    static var zero: Int8 { 0 }
    var isNaNValue: Bool { false }
    var doubleValue: Double { Double(self) }
    var unsignedValue: UInt64 { UInt64(bitPattern: Int64(self)) }
    static func values(in column: ColumnValues) -> [Int8]? { if case .int8(let v) = column { v } else { nil } }
    static func column(_ values: [Int8]) -> ColumnValues { .int8(values) }
}

extension Int16: StateValue {
    static var zero: Int16 { 0 }
    var isNaNValue: Bool { false }
    var doubleValue: Double { Double(self) }
    var unsignedValue: UInt64 { UInt64(bitPattern: Int64(self)) }
    static func values(in column: ColumnValues) -> [Int16]? { if case .int16(let v) = column { v } else { nil } }
    static func column(_ values: [Int16]) -> ColumnValues { .int16(values) }
}

extension Int32: StateValue {
    static var zero: Int32 { 0 }
    var isNaNValue: Bool { false }
    var doubleValue: Double { Double(self) }
    var unsignedValue: UInt64 { UInt64(bitPattern: Int64(self)) }
    static func values(in column: ColumnValues) -> [Int32]? { if case .int32(let v) = column { v } else { nil } }
    static func column(_ values: [Int32]) -> ColumnValues { .int32(values) }
}

extension UInt8: StateValue {
    static var zero: UInt8 { 0 }
    var isNaNValue: Bool { false }
    var doubleValue: Double { Double(self) }
    var unsignedValue: UInt64 { UInt64(self) }
    static func values(in column: ColumnValues) -> [UInt8]? { if case .uint8(let v) = column { v } else { nil } }
    static func column(_ values: [UInt8]) -> ColumnValues { .uint8(values) }
}

extension UInt32: StateValue {
    static var zero: UInt32 { 0 }
    var isNaNValue: Bool { false }
    var doubleValue: Double { Double(self) }
    var unsignedValue: UInt64 { UInt64(self) }
    static func values(in column: ColumnValues) -> [UInt32]? { if case .uint32(let v) = column { v } else { nil } }
    static func column(_ values: [UInt32]) -> ColumnValues { .uint32(values) }
}

extension UInt64: StateValue {
    static var zero: UInt64 { 0 }
    var isNaNValue: Bool { false }
    var doubleValue: Double { Double(self) }
    var unsignedValue: UInt64 { self }
    static func values(in column: ColumnValues) -> [UInt64]? { if case .uint64(let v) = column { v } else { nil } }
    static func column(_ values: [UInt64]) -> ColumnValues { .uint64(values) }
}

extension Int64: StateValue {
    static var zero: Int64 { 0 }
    var isNaNValue: Bool { false }
    var doubleValue: Double { Double(self) }
    /// Two's complement: a wrapping UInt64 sum of these reinterpreted is the Int64 sum.
    var unsignedValue: UInt64 { UInt64(bitPattern: self) }
    static func values(in column: ColumnValues) -> [Int64]? { if case .int64(let v) = column { v } else { nil } }
    static func column(_ values: [Int64]) -> ColumnValues { .int64(values) }
}

/// A DateTime inside `min`/`max` states: compares and serializes as its UInt32 seconds, and
/// finalizes back to a DateTime column.
struct DateTimeValue: StateValue {
    var seconds: UInt32
    static var zero: DateTimeValue { DateTimeValue(seconds: 0) }
    static var isSigned: Bool { false }
    var isNaNValue: Bool { false }
    var doubleValue: Double { Double(seconds) }
    var unsignedValue: UInt64 { UInt64(seconds) }
    static func < (a: DateTimeValue, b: DateTimeValue) -> Bool { a.seconds < b.seconds }
    static func values(in column: ColumnValues) -> [DateTimeValue]? { column.dateTimes?.map { DateTimeValue(seconds: $0) } }
    static func column(_ values: [DateTimeValue]) -> ColumnValues { .dateTime(values.map(\.seconds)) }

    /// Seconds from a computed quantile: truncated, clamped to DateTime's range, 0 for NaN.
    static func truncating(_ value: Double) -> UInt32 { value.isNaN ? 0 : UInt32(clamping: Int64(max(-1, min(value, 5e9)))) }
}

extension Float: StateValue {
    static var zero: Float { 0 }
    static var isSigned: Bool { true }
    var isNaNValue: Bool { isNaN }
    var doubleValue: Double { Double(self) }
    var unsignedValue: UInt64 { preconditionFailure("floats accumulate in Float64") }
    static func values(in column: ColumnValues) -> [Float]? { if case .float32(let v) = column { v } else { nil } }
    static func column(_ values: [Float]) -> ColumnValues { .float32(values) }
}

extension Double: StateValue {
    static var zero: Double { 0 }
    static var isSigned: Bool { true }
    var isNaNValue: Bool { isNaN }
    var doubleValue: Double { self }
    var unsignedValue: UInt64 { preconditionFailure("floats accumulate in Float64") }
    static func values(in column: ColumnValues) -> [Double]? { if case .float64(let v) = column { v } else { nil } }
    static func column(_ values: [Double]) -> ColumnValues { .float64(values) }
}

extension StateValue {
    /// Quantiles worked out in Float64 as the function's result: Float64 — or, for DateTime
    /// values, DateTime, the interpolation truncated (zero for none), as ClickHouse casts it.
    static func quantileColumn(_ values: [Double]) -> ColumnValues {
        Self.self == DateTimeValue.self ? .dateTime(values.map(DateTimeValue.truncating)) : .float64(values)
    }

    /// `quantileColumn` for the arrays of the `quantiles` forms.
    static func quantileArrays(_ groups: [[Double]]) -> ColumnValues {
        Self.self == DateTimeValue.self ? DateTimeValue.arrays(groups.map { $0.map { DateTimeValue(seconds: DateTimeValue.truncating($0)) } })
            : Double.arrays(groups)
    }

    /// What ClickHouse's quantiles answer for no values: `quiet_NaN()` of the type, which is
    /// NaN for floats and zero for integers.
    static var nanOrZero: Self {
        if let nan = Double.nan as? Self { return nan }
        if let nan = Float.nan as? Self { return nan }
        return zero
    }

    /// An `Array(T)` column of one array per group.
    static func arrays(_ groups: [[Self]]) -> ColumnValues {
        var ends = [UInt32]()
        var end: UInt32 = 0
        for group in groups {
            end += UInt32(group.count)
            ends.append(end)
        }
        return .arrays(ArrayColumn(elements: column(groups.flatMap { $0 }), ends: ends))
    }
}

/// What `sum` and `avg` add up in: `UInt64` for unsigned input (wrapping, as ClickHouse), `Float64`
/// for float input.
protocol Accumulator: BitwiseCopyable, Sendable {
    static var zero: Self { get }
    init<V: StateValue>(value: V)
    mutating func add(_ other: Self)
    var doubleValue: Double { get }
    static func column(_ values: [Self]) -> ColumnValues
}

extension UInt64: Accumulator {
    init<V: StateValue>(value: V) { self = value.unsignedValue }
    mutating func add(_ other: UInt64) { self &+= other }
}

extension Int64: Accumulator {
    init<V: StateValue>(value: V) { self = Int64(bitPattern: value.unsignedValue) }
    mutating func add(_ other: Int64) { self &+= other }
}

extension Double: Accumulator {
    init<V: StateValue>(value: V) { self = value.doubleValue }
    mutating func add(_ other: Double) { self += other }
}

/// Builds something generic over the state value type of a column type.
protocol StateValueDispatch {
    associatedtype Result
    func make<T: StateValue>(_ type: T.Type) -> Result
}

extension ColumnType {
    func dispatch<D: StateValueDispatch>(_ dispatch: D) -> D.Result {
        switch self {
        case .uint8: dispatch.make(UInt8.self)
        case .uint16: dispatch.make(UInt16.self)
        case .int8: dispatch.make(Int8.self)
        case .int16: dispatch.make(Int16.self)
        case .int32: dispatch.make(Int32.self)
        case .uint32: dispatch.make(UInt32.self)
        case .uint64: dispatch.make(UInt64.self)
        case .int64: dispatch.make(Int64.self)
        case .float32: dispatch.make(Float.self)
        case .float64: dispatch.make(Double.self)
        case .dateTime: dispatch.make(DateTimeValue.self)
        default: preconditionFailure("\(self) is not numeric")  // AggregateFunction.init validated it
        }
    }
}
