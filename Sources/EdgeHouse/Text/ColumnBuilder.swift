/// Accumulates parsed values of one column type, then builds the column.
struct ColumnBuilder {
    let type: ColumnType
    private var uint8: [UInt8] = []
    private var uint16: [UInt16] = []
    private var uint32: [UInt32] = []
    private var uint64: [UInt64] = []
    /// `Int64` values, and `Int8`/`Int16`/`Int32` ones until `build` narrows them.
    private var int64: [Int64] = []
    private var float32: [Float] = []
    private var float64: [Double] = []
    private var uuids: [UUIDValue] = []
    private var strings = StringColumn()
    private var arrays: ArrayColumn
    /// `Nullable(T)`: the builder of the values (an array: a box for the recursion) and the nulls.
    private var inner: [ColumnBuilder] = []
    private var nulls: [Bool] = []
    /// `Tuple(…)`: the rows so far.
    private var tuples: ColumnValues

    init(_ type: ColumnType) {
        self.type = type
        if case .array(let element) = type { arrays = ArrayColumn(of: element) } else { arrays = ArrayColumn(of: .uint8) }
        if case .nullable(let wrapped) = type { inner = [ColumnBuilder(wrapped)] }
        tuples = .empty(type)
    }

    /// `\N` (and `NULL`, as ClickHouse's text formats and literals spell it).
    static func isNull(_ text: ArraySlice<UInt8>) -> Bool {
        text.elementsEqual("\\N".utf8) || text.elementsEqual("NULL".utf8) || text.elementsEqual("null".utf8)
    }

    /// Appends the value the text stands for; false when it is not a value of the type.
    mutating func append(_ text: ArraySlice<UInt8>) -> Bool {
        switch type {
        case .uint8: guard let v = ValueParser.unsigned(text) else { return false }; uint8.append(UInt8(truncatingIfNeeded: v))
        case .uint16: guard let v = ValueParser.unsigned(text) else { return false }; uint16.append(UInt16(truncatingIfNeeded: v))
        case .uint32: guard let v = ValueParser.unsigned(text) else { return false }; uint32.append(UInt32(truncatingIfNeeded: v))
        case .uint64: guard let v = ValueParser.unsigned(text) else { return false }; uint64.append(v)
        case .int8, .int16, .int32, .int64: guard let v = ValueParser.signed(text) else { return false }; int64.append(v)
        case .float32: guard let v = ValueParser.float(text) else { return false }; float32.append(v)
        case .float64: guard let v = ValueParser.double(text) else { return false }; float64.append(v)
        case .dateTime: guard let v = ValueParser.dateTime(text) else { return false }; uint32.append(v)
        case .date: guard let v = ValueParser.date(text) else { return false }; uint16.append(v)
        case .uuid: guard let v = UUIDValue(utf8: text) else { return false }; uuids.append(v)
        case .string: strings.append(bytes: text)
        case .array(let element): guard case .success(let v) = ValueParser.array(text, of: element) else { return false }; arrays.append(row: v)
        case .nullable:
            if Self.isNull(text) {
                inner[0].appendDefault()
                nulls.append(true)
            } else {
                guard inner[0].append(text) else { return false }
                nulls.append(false)
            }
        case .nothing:
            guard Self.isNull(text) else { return false }
            nulls.append(true)
        case .tuple(let types):
            guard case .success(let values) = ValueParser.tuple(text, of: types) else { return false }
            tuples.append(contentsOf: values)
        case .aggregateState: return false
        }
        return true
    }

    /// Reads the plain form of a value at `start` of `text` (`FieldScan`) and appends it when the
    /// byte after it is `delimiter` (or the input ends there, when `endsField` allows it); returns
    /// the delimiter's index. `nil` — nothing appended — sends the field to the full parser.
    /// `data` is `text`'s array, for string values.
    mutating func appendScanning(_ text: Span<UInt8>, of data: [UInt8], from start: Int, delimiter: UInt8,
                                 orEnd endsField: Bool) -> Int? {
        @inline(__always) func delimited(_ end: Int) -> Bool {
            end < text.count ? text[end] == delimiter : endsField
        }
        switch type {
        case .uint8, .uint32, .uint64:
            guard let (v, end) = FieldScan.unsigned(text, from: start), delimited(end) else { return nil }
            switch type {
            case .uint8: uint8.append(UInt8(truncatingIfNeeded: v))
            case .uint32: uint32.append(UInt32(truncatingIfNeeded: v))
            default: uint64.append(v)
            }
            return end
        case .float32:
            guard let (v, end) = FieldScan.float(text, from: start), delimited(end) else { return nil }
            float32.append(v)
            return end
        case .float64:
            guard let (v, end) = FieldScan.double(text, from: start), delimited(end) else { return nil }
            float64.append(v)
            return end
        case .dateTime:
            guard let (v, end) = FieldScan.dateTime(text, from: start), delimited(end) else { return nil }
            uint32.append(v)
            return end
        case .uuid:
            guard let (v, end) = FieldScan.uuid(text, from: start), delimited(end) else { return nil }
            uuids.append(v)
            return end
        case .string:
            let end = FieldScan.plainStringEnd(text, from: start)
            guard delimited(end) else { return nil }
            strings.append(bytes: data[start..<end])
            return end
        case .uint16, .int8, .int16, .int32, .int64, .date, .array, .aggregateState, .nullable, .nothing, .tuple:
            return nil
        }
    }

    /// Reserves room for `factor` times the values (and string bytes) appended so far, so that a
    /// reader that has seen a sample of its input grows each array once.
    mutating func reserveCapacity(scaling factor: Double) {
        func grow<Element>(_ values: inout [Element]) { values.reserveCapacity(Int(Double(values.count) * factor)) }
        switch type {
        case .uint8: grow(&uint8)
        case .date, .uint16: grow(&uint16)
        case .uint32, .dateTime: grow(&uint32)
        case .uint64: grow(&uint64)
        case .int8, .int16, .int32, .int64: grow(&int64)
        case .float32: grow(&float32)
        case .float64: grow(&float64)
        case .uuid: grow(&uuids)
        case .string: strings.reserveCapacity(values: Int(Double(strings.count) * factor), bytes: Int(Double(strings.bytes.count) * factor))
        case .array, .aggregateState, .nullable, .nothing, .tuple: break
        }
    }

    /// Appends ClickHouse's default value of the type.
    mutating func appendDefault() {
        switch type {
        case .uint8: uint8.append(0)
        case .date, .uint16: uint16.append(0)
        case .uint32, .dateTime: uint32.append(0)
        case .uint64: uint64.append(0)
        case .int8, .int16, .int32, .int64: int64.append(0)
        case .float32: float32.append(0)
        case .float64: float64.append(0)
        case .uuid: uuids.append(.zero)
        case .string: strings.append("")
        case .array(let element): arrays.append(row: .empty(element))
        case .nullable:
            inner[0].appendDefault()
            nulls.append(true)
        case .nothing: nulls.append(true)
        case .tuple(let types): tuples.append(contentsOf: .defaults(.tuple(types), count: 1))
        case .aggregateState: break
        }
    }

    var count: Int {
        switch type {
        case .uint8: uint8.count
        case .date, .uint16: uint16.count
        case .uint32, .dateTime: uint32.count
        case .uint64: uint64.count
        case .int8, .int16, .int32, .int64: int64.count
        case .float32: float32.count
        case .float64: float64.count
        case .uuid: uuids.count
        case .string: strings.count
        case .array: arrays.count
        case .nullable, .nothing: nulls.count
        case .tuple: tuples.count
        case .aggregateState: 0
        }
    }

    func build() -> ColumnValues {
        switch type {
        case .uint8: .uint8(uint8)
        case .uint16: .uint16(uint16)
        // Wrapping to the width, as ClickHouse reads integers that do not fit.
        case .int8: .int8(int64.map { Int8(truncatingIfNeeded: $0) })
        case .int16: .int16(int64.map { Int16(truncatingIfNeeded: $0) })
        case .int32: .int32(int64.map { Int32(truncatingIfNeeded: $0) })
        case .uint32: .uint32(uint32)
        case .dateTime: .dateTime(uint32)
        case .date: .date(uint16)
        case .uint64: .uint64(uint64)
        case .int64: .int64(int64)
        case .float32: .float32(float32)
        case .float64: .float64(float64)
        case .uuid: .uuid(uuids)
        case .string: .string(strings)
        case .array: .arrays(arrays)
        case .nullable: .nullable(NullableColumn(values: inner[0].build(), nulls: nulls))
        case .nothing: .nothing(count: nulls.count)
        case .tuple: tuples
        case .aggregateState: .empty(type)
        }
    }

    /// The error ClickHouse reports for text that is not a value of `type`.
    static func parseError(_ text: ArraySlice<UInt8>, type: ColumnType, column: String, row: Int) -> SQLError {
        let value = String(decoding: text.prefix(60), as: UTF8.self)
        let at = ": (while reading the value of key \(column)): (at row \(row))"
        switch type {
        case .nullable(let wrapped): return parseError(text, type: wrapped, column: column, row: row)
        case .uuid: return .badValue(.cannotParseUuid, message: "Cannot parse uuid \(value)\(at)")
        case .array(let element):
            guard case .failure(.badValue(let code, let message)) = ValueParser.array(text, of: element) else {
                return .badValue(.cannotReadArrayFromText, message: "Cannot read array from text\(at)")
            }
            return .badValue(code, message: message + at)
        case .dateTime: return .badValue(.cannotParseDatetime, message: "Cannot read DateTime: \(value)\(at)")
        case .date:
            return .badValue(.cannotParseDate, message: "Cannot parse date: expected a date in the YYYY-MM-DD or YYYYMMDD format: \(value)\(at)")
        case .uint8, .uint32, .uint64, .int64:
            if text.first == UInt8(ascii: "-") {
                return .badValue(.cannotParseNumber, message: "Unsigned type must not contain '-' symbol\(at)")
            }
            return .badValue(.cannotParseNumber, message: "Cannot parse number: \(value)\(at)")
        default:
            return .badValue(.cannotParseNumber, message: "Cannot read floating point value here: \(value)\(at)")
        }
    }
}
