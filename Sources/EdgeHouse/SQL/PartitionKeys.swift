import Foundation

/// `PARTITION BY <expression>` for any expression but `toYYYYMM(column)` (which storage computes
/// itself, month by month): the expression is SQL, so it is bound and evaluated here, over each
/// inserted block (storage calls ``ids(of:definition:)`` from its block sort — like
/// `ColumnDefaults`, a call from storage up into SQL).
///
/// Partition IDs are ClickHouse's (`MergeTreePartition::getID`): a key of integers, Dates and
/// DateTimes is its values joined by `-` (a Date as `YYYYMMDD`, a DateTime as its seconds); any
/// other key is the SipHash-128 of its values (each a type tag, and the value's bytes), in hex.
enum PartitionKeys {
    /// The expression bound over the table's columns; the error ClickHouse gives for a key it
    /// refuses.
    static func bind(_ expression: ASTExpression, columns: [ColumnDefinition], database: String) throws(SQLError) -> BoundExpression {
        let bound = try ColumnDefaults.bind(expression, over: columns, database: database)
        for type in elementTypes(bound.type) {
            if type.isNullable {
                throw .badValue(.illegalColumn, message: "Partition key contains nullable columns, but merge tree setting `allow_nullable_key` is disabled")
            }
            guard type.isNumeric || type.isCalendar || type == .string else {
                throw .notImplemented("a partition key of type \(type)")
            }
        }
        return bound
    }

    /// Each row's partition.
    static func ids(of rows: Batch, definition: TableDefinition) throws(StorageError) -> [PartitionID] {
        guard let key = definition.partitionExpression else { preconditionFailure("a table partitioned by an expression") }
        let values: ColumnValues
        do throws(SQLError) {
            values = try bind(try Parser.parseExpression(key.text), columns: definition.columns, database: definition.name.database).evaluate(rows)
        } catch {
            throw .invalidPartitionKey(table: definition.name, reason: error.description)
        }
        let elements = elements(values)
        return (0..<rows.rowCount).map { PartitionID(id(elements, row: $0))! }
    }

    /// `PARTITION <value>` of an ALTER or OPTIMIZE: the value converted to the key's type(s).
    static func id(ofValue value: ASTExpression, definition: TableDefinition) throws(SQLError) -> PartitionID {
        guard let key = definition.partitionExpression else { preconditionFailure("a table partitioned by an expression") }
        let type = try bind(try Parser.parseExpression(key.text), columns: definition.columns, database: definition.name.database).type
        let binder = Binder(columns: [:], context: QueryContext(database: "", databases: [], now: 0)) { (_: SelectQuery) throws(SQLError) -> Batch in
            throw .notImplemented("a subquery as a partition")
        }
        let literal = try binder.bind(value)
        let literalElements = elements(try literal.evaluate(Batch([("dummy", .uint8([0]))])))
        let types = elementTypes(type)
        guard literalElements.count == types.count else {
            throw .badValue(.invalidPartitionValue, message: "Wrong number of fields in the partition expression: \(literalElements.count), must be: \(types.count)")
        }
        var converted = [ColumnValues]()
        for (element, type) in zip(literalElements, types) { converted.append(try Conversion.convert(element, to: type)) }
        return PartitionID(id(converted, row: 0))!
    }

    /// How `system.parts` shows a partition's value: the key's values where the ID keeps them
    /// (a key of integers and dates); for a key whose ID is a hash (strings, floats), the key
    /// of `row`, a row of the part (as ClickHouse shows it: one value as is, several as a tuple
    /// with strings and dates quoted); else the ID. A failure to read the row is the caller's error.
    static func display(_ partition: PartitionID, definition: TableDefinition,
                        row: () throws(StorageError) -> Batch?) throws(StorageError) -> String {
        guard partition != .all else { return "tuple()" }
        guard let key = definition.partitionExpression,
              let bound = try? bind(try Parser.parseExpression(key.text), columns: definition.columns, database: definition.name.database) else {
            return partition.id
        }
        let types = elementTypes(bound.type)
        let fields = partition.id.split(separator: "-", omittingEmptySubsequences: false)
        guard fields.count == types.count, types.allSatisfy({ $0 != .string && $0 != .float32 && $0 != .float64 }) else {
            guard let row = try row(), row.rowCount > 0, let values = try? bound.evaluate(row) else { return partition.id }
            let shown = elements(values).map { element in
                types.count > 1 && [.string, .date, .dateTime].contains(element.type) ? ASTExpression.string(element.text(at: 0)).columnName : element.text(at: 0)
            }
            return types.count == 1 ? shown[0] : "(" + shown.joined(separator: ",") + ")"
        }
        var values = [String]()
        for (field, type) in zip(fields, types) {
            switch type {
            case .date:
                guard let number = Int64(field) else { return partition.id }
                let days = DateTime.days(year: number / 10_000, month: number / 100 % 100, day: number % 100)
                values.append(types.count == 1 ? DateTime.formatDate(UInt16(clamping: days)) : "'\(DateTime.formatDate(UInt16(clamping: days)))'")
            case .dateTime:
                guard let seconds = UInt32(field) else { return partition.id }
                values.append(types.count == 1 ? DateTime.format(seconds) : "'\(DateTime.format(seconds))'")
            default:
                values.append(String(field))
            }
        }
        return types.count == 1 ? values[0] : "(" + values.joined(separator: ",") + ")"
    }

    /// The columns an expression reads.
    static func columns(of expression: ASTExpression) -> [String] {
        var names = [String]()
        func visit(_ expression: ASTExpression, depth: Int) {
            guard depth < 256 else { return }
            switch expression {
            case .identifier(let parts): if !names.contains(parts.joined(separator: ".")) { names.append(parts.joined(separator: ".")) }
            case .function(_, let parameters, let arguments): for argument in (parameters ?? []) + arguments { visit(argument, depth: depth + 1) }
            case .interval(let inner, _, _): visit(inner, depth: depth + 1)
            case .array(let items): for item in items { visit(item, depth: depth + 1) }
            default: break
            }
        }
        visit(expression, depth: 0)
        return names
    }

    private static func elementTypes(_ type: ColumnType) -> [ColumnType] {
        if case .tuple(let types) = type { return types }
        return [type]
    }

    private static func elements(_ values: ColumnValues) -> [ColumnValues] {
        if case .tuples(let column) = values { return column.elements }
        return [values]
    }

    /// Row `row`'s partition ID.
    private static func id(_ elements: [ColumnValues], row: Int) -> String {
        var fields = [String]()
        for element in elements {
            switch element {
            case .date(let days):
                let (year, month, day) = DateTime.civil(days: Int64(days[row]))
                fields.append(String(year * 10_000 + month * 100 + day))
            // A DateTime is its number of seconds, as ClickHouse writes any integer.
            case .dateTime(let seconds): fields.append(String(seconds[row]))
            case .string, .float32, .float64: return hashID(elements, row: row)
            default: fields.append(element.text(at: row))
            }
        }
        return fields.joined(separator: "-")
    }

    /// ClickHouse's `FieldVisitorHash` of each value, SipHash-128, in hex.
    private static func hashID(_ elements: [ColumnValues], row: Int) -> String {
        var bytes = [UInt8]()
        func word(_ tag: UInt8, _ value: UInt64) {
            bytes.append(tag)
            for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
        }
        for element in elements {
            switch element {
            case .string(let strings):
                let value = strings[row]
                word(16, UInt64(value.count))
                bytes.append(contentsOf: value)
            case .float32, .float64: word(3, Numeric.doubles(element.slice(row..<row + 1))[0].bitPattern)
            case .int8, .int16, .int32, .int64: word(2, UInt64(bitPattern: Numeric.int64s(element.slice(row..<row + 1))[0]))
            default: word(1, Numeric.uint64s(element.slice(row..<row + 1))[0])
            }
        }
        let (low, high) = SipHash128.hash(bytes)
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        for word in [low, high] {
            for shift in stride(from: 0, to: 64, by: 8) {
                let byte = UInt8(truncatingIfNeeded: word >> UInt64(shift))
                text += [digits[Int(byte >> 4)], digits[Int(byte & 15)]]
            }
        }
        return String(decoding: text, as: UTF8.self)
    }
}
