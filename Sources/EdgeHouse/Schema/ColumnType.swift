/// The ClickHouse column types EdgeHouse stores.
///
/// Each type prints and parses its ClickHouse name (`DateTime`, `UUID`, `Float32`, …), which is
/// also how it is written in part metadata.
public enum ColumnType: Hashable, Sendable {
    case uint8
    case uint16
    case uint32
    case uint64
    /// Signed integers (`Int64`: negative literals and integer arithmetic in queries).
    case int8
    case int16
    case int32
    case int64
    case float32
    case float64
    /// Seconds since the Unix epoch as `UInt32`, always UTC (the ClickHouse server time zone of
    /// the reference setup).
    case dateTime
    /// Days since 1970-01-01 as `UInt16` (ClickHouse's `Date`): what `toDate` returns.
    case date
    case uuid
    case string
    /// `Array(T)`: `quantiles(…)`, `groupArray`, array literals and functions.
    indirect case array(ColumnType)
    /// `Nullable(T)`: `T`'s values or `NULL`.
    indirect case nullable(ColumnType)
    /// `Tuple(T1, T2, …)`.
    indirect case tuple([ColumnType])
    /// `Nothing`: the type of a bare `NULL` (as `Nullable(Nothing)`).
    case nothing
    /// `AggregateFunction(f, T)`: intermediate states of an aggregate function, stored in
    /// ClickHouse's binary state format.
    indirect case aggregateState(AggregateFunction)

    /// The plain types, in a stable order (used by tests that cover "every column type").
    public static let all: [ColumnType] = [.uint8, .uint16, .uint32, .uint64, .int8, .int16, .int32, .int64, .float32, .float64,
                                           .dateTime, .date, .uuid, .string]

    /// Bytes per value for fixed-width types; `nil` for `String`.
    public var fixedWidth: Int? {
        switch self {
        case .uint8, .int8: 1
        case .date, .uint16, .int16: 2
        case .int32: 4
        case .uint32, .float32, .dateTime: 4
        case .uint64, .int64, .float64: 8
        case .uuid: 16
        case .string, .array, .aggregateState, .nullable, .tuple: nil
        case .nothing: 0
        }
    }

    /// `T1, T2, …` split at its top-level commas, each a type.
    private static func typeList(_ text: Substring) -> [ColumnType]? {
        var types = [ColumnType](), depth = 0, start = text.startIndex
        for index in text.indices {
            switch text[index] {
            case "(": depth += 1
            case ")": depth -= 1
            case "," where depth == 0:
                guard let type = ColumnType(text[start..<index].trimmingCharacters(in: .whitespaces)) else { return nil }
                types.append(type)
                start = text.index(after: index)
            default: break
            }
        }
        guard let last = ColumnType(text[start...].trimmingCharacters(in: .whitespaces)) else { return nil }
        return types + [last]
    }

    /// ClickHouse's rule: arrays, tuples, states and `Nullable` itself cannot be inside `Nullable`.
    public var canBeInsideNullable: Bool {
        switch self {
        case .array, .aggregateState, .nullable, .tuple: false
        default: true
        }
    }

    /// Whether `Nothing` is in the type (a bare NULL's): such a type holds no value a table can keep.
    public var containsNothing: Bool {
        switch self {
        case .nothing: true
        case .nullable(let inner), .array(let inner): inner.containsNothing
        case .tuple(let elements): elements.contains(where: \.containsNothing)
        default: false
        }
    }

    /// The type without `Nullable`.
    public var withoutNullable: ColumnType {
        if case .nullable(let inner) = self { return inner }
        return self
    }

    public var isNullable: Bool {
        if case .nullable = self { return true }
        return false
    }

    /// Whether a value of this type may hold a NULL anywhere: it is Nullable, or a tuple or an
    /// array of something that is (`tupleElement(p, 2)` of a `Tuple(UInt8, Nullable(String))`).
    public var containsNullable: Bool {
        switch self {
        case .nullable: true
        case .tuple(let elements): elements.contains(where: \.containsNullable)
        case .array(let element): element.containsNullable
        default: false
        }
    }

    public var isArray: Bool {
        if case .array = self { return true }
        return false
    }

    var isAggregateState: Bool {
        if case .aggregateState = self { return true }
        return false
    }

    /// `DateTime` and `Date`: what `toStartOfHour`, `toYYYYMM` and date arithmetic take.
    public var isCalendar: Bool { self == .dateTime || self == .date }

    /// `Int8` … `Int64`.
    public var isSignedInteger: Bool {
        switch self {
        case .int8, .int16, .int32, .int64: true
        default: false
        }
    }

    /// Integer and float types: what `sum`, `avg`, `quantile` accept.
    public var isNumeric: Bool {
        switch self {
        case .uint8, .uint16, .uint32, .uint64, .int8, .int16, .int32, .int64, .float32, .float64: true
        default: false
        }
    }
}

extension ColumnType: CustomStringConvertible, LosslessStringConvertible {
    public var description: String {
        switch self {
        case .uint8: "UInt8"
        case .uint16: "UInt16"
        case .uint32: "UInt32"
        case .uint64: "UInt64"
        case .int8: "Int8"
        case .int16: "Int16"
        case .int32: "Int32"
        case .int64: "Int64"
        case .float32: "Float32"
        case .float64: "Float64"
        case .dateTime: "DateTime"
        case .date: "Date"
        case .uuid: "UUID"
        case .string: "String"
        case .array(let element): "Array(\(element))"
        case .nullable(let inner): "Nullable(\(inner))"
        case .tuple(let elements): "Tuple(" + elements.map(\.description).joined(separator: ", ") + ")"
        case .nothing: "Nothing"
        case .aggregateState(let function): function.typeName
        }
    }

    /// The type as ClickHouse 26.9's `SHOW CREATE` prints it in a column line indented by
    /// `indent`: each element of a `Tuple` on a line of its own, 4 spaces further in.
    public func showCreateText(indent: Int) -> String {
        switch self {
        case .tuple(let elements):
            let margin = String(repeating: " ", count: indent + 4)
            return "Tuple(\n" + elements.map { margin + $0.showCreateText(indent: indent + 4) }.joined(separator: ",\n") + ")"
        case .array(let element): return "Array(\(element.showCreateText(indent: indent)))"
        default: return description
        }
    }

    /// The plain types by name, looked up rather than printed and compared each time.
    private static let byName = Dictionary(uniqueKeysWithValues: all.map { ($0.description, $0) })

    /// ClickHouse's other names of the types here (`system.data_type_families`, case-insensitive;
    /// SQL's `DOUBLE`, `INT`, `VARCHAR`, `TIMESTAMP`, …), upper-cased.
    private static let aliases: [String: ColumnType] = [
        "TIMESTAMP": .dateTime, "FLOAT": .float32, "REAL": .float32, "SINGLE": .float32,
        "DOUBLE": .float64, "DOUBLE PRECISION": .float64,
        "TINYINT": .int8, "TINYINT SIGNED": .int8, "INT1": .int8, "INT1 SIGNED": .int8, "BYTE": .int8,
        "SMALLINT": .int16, "SMALLINT SIGNED": .int16,
        "INT": .int32, "INT SIGNED": .int32, "INTEGER": .int32, "INTEGER SIGNED": .int32, "MEDIUMINT": .int32, "MEDIUMINT SIGNED": .int32,
        "BIGINT": .int64, "BIGINT SIGNED": .int64, "SIGNED": .int64,
        "TINYINT UNSIGNED": .uint8, "INT1 UNSIGNED": .uint8, "SMALLINT UNSIGNED": .uint16, "YEAR": .uint16,
        "INT UNSIGNED": .uint32, "INTEGER UNSIGNED": .uint32, "MEDIUMINT UNSIGNED": .uint32,
        "BIGINT UNSIGNED": .uint64, "UNSIGNED": .uint64, "BIT": .uint64, "SET": .uint64,
        "TEXT": .string, "VARCHAR": .string, "VARCHAR2": .string, "CHAR": .string, "CHARACTER": .string, "NCHAR": .string,
        "NVARCHAR": .string, "CHAR VARYING": .string, "CHARACTER VARYING": .string, "NATIONAL CHAR": .string,
        "NATIONAL CHARACTER": .string, "NATIONAL CHAR VARYING": .string, "NATIONAL CHARACTER VARYING": .string, "NCHAR VARYING": .string,
        "TINYTEXT": .string, "MEDIUMTEXT": .string, "LONGTEXT": .string, "BLOB": .string, "TINYBLOB": .string, "MEDIUMBLOB": .string,
        "LONGBLOB": .string, "BYTEA": .string, "CLOB": .string, "VARBINARY": .string, "BINARY VARYING": .string,
        "BINARY LARGE OBJECT": .string, "CHAR LARGE OBJECT": .string, "CHARACTER LARGE OBJECT": .string,
        "NATIONAL CHARACTER LARGE OBJECT": .string, "NCHAR LARGE OBJECT": .string,
    ]

    /// A type as SQL may name it in a column's declaration or a `CAST`: ClickHouse's name, one of
    /// its aliases (`DOUBLE`, `BIGINT UNSIGNED`, `VARCHAR(255)`, in any case), or `DateTime('UTC')`
    /// (UTC is the one zone here; `toTypeName` says `DateTime`).
    public init?(sqlName name: String) {
        if let type = ColumnType(name) {
            self = type
        } else if let type = Self.aliases[name.uppercased().split(separator: " ").joined(separator: " ")] {
            self = type
        } else if let open = name.firstIndex(of: "("), name.hasSuffix(")"), Self.aliases[name[..<open].trimmingCharacters(in: .whitespaces).uppercased()] == .string {
            // `VARCHAR(255)`: the length is no part of a String.
            self = .string
        } else if name == "DateTime('UTC')" {
            self = .dateTime
        } else {
            return nil
        }
    }

    public init?(_ name: String) {
        if let type = Self.byName[name] {
            self = type
        } else if name.hasPrefix("Array("), name.hasSuffix(")"), let element = ColumnType(String(name.dropFirst(6).dropLast())), !element.isAggregateState {
            self = .array(element)
        } else if name.hasPrefix("Nullable("), name.hasSuffix(")"), let inner = ColumnType(String(name.dropFirst(9).dropLast())),
                  inner.canBeInsideNullable {
            self = .nullable(inner)
        } else if name.hasPrefix("Tuple("), name.hasSuffix(")"), let elements = Self.typeList(name.dropFirst(6).dropLast()) {
            self = .tuple(elements)
        } else if name == "Nothing" {
            self = .nothing
        } else if let function = AggregateFunction(typeName: name) {
            self = .aggregateState(function)
        } else {
            return nil
        }
    }
}

extension ColumnType: Codable {
    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let type = ColumnType(name) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown column type \(name)"))
        }
        self = type
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
