/// Functions of `Array(T)` values, as ClickHouse defines them: building (`[a, b]`, `range`,
/// `splitByChar`), searching (`has`, `indexOf`, `countEqual`), reshaping (`arraySort`,
/// `arrayReverse`, `arraySlice`, …) and reducing (`arraySum`, `arrayStringConcat`, …).
enum ArrayFunction: Sendable, Equatable {
    /// `[a, b, …]` / `array(a, b, …)`: its arguments, already of the element type.
    case make
    case range
    case has, indexOf, countEqual
    /// `arrayElement(a, i)` / `a[i]`: 1-based, negative from the end, the type's default outside.
    case element
    case stringConcat
    case splitByChar, splitByString
    case concat
    case reverse, distinct, enumerate, popBack, popFront, pushBack, pushFront, slice
    case sort(descending: Bool)
    case sum, min, max, uniq
    case hasAll, hasAny
    /// Of an array of numbers: how many are non-zero, whether any / all are.
    case count, exists, all
    case avg, product, cumulativeSum
    /// `arrayFilter(f, a)`, `arrayFirst(f, a)`, …: over `a` and the mask `f` maps it to.
    case filter, first(last: Bool), firstIndex(last: Bool)
    /// `arraySort(f, a)`: `a` ordered by the keys `f` maps it to (stably).
    case sortBy(descending: Bool)

    /// `range`'s limit on the elements of one call, as ClickHouse's `function_range_max_elements_in_block`.
    static let maxRangeElements = 500_000_000

    func apply(_ args: [ColumnValues], resultType: ColumnType, rows: Int) throws(SQLError) -> ColumnValues {
        func arrays(_ index: Int) -> ArrayColumn {
            guard case .arrays(let column) = args[index] else { preconditionFailure("bound as an array") }
            return column
        }
        switch self {
        case .make:
            // Row r's elements are argument 0's row r, argument 1's row r, …: gathered from the
            // arguments side by side (bound already converted to the element type).
            guard !args.isEmpty else { return .defaults(resultType, count: rows) }
            var order = [Int32]()
            order.reserveCapacity(rows * args.count)
            for row in 0..<rows { for argument in args.indices { order.append(Int32(argument * rows + row)) } }
            let ends = (0..<rows).map { UInt32(($0 + 1) * args.count) }
            return .arrays(ArrayColumn(elements: ColumnValues.joined(args).gathering(order), ends: ends))
        case .range:
            let values = args.map(Numeric.int64s)
            var elements = [Int64](), ends = [UInt32]()
            for row in 0..<rows {
                let (start, end, step) = args.count == 1 ? (0, values[0][row], 1) : (values[0][row], values[1][row], args.count == 3 ? values[2][row] : 1)
                guard step > 0 else { throw .badValue(.argumentOutOfBound, message: "A call to function range would produce an infinite array") }
                if end > start {
                    let count = (end - start + step - 1) / step
                    guard elements.count + Int(count) <= ArrayFunction.maxRangeElements else {
                        throw .badValue(.argumentOutOfBound, message: "A call to function range would produce \(elements.count + Int(count)) array elements, which is greater than the allowed maximum of \(Self.maxRangeElements)")
                    }
                    elements += stride(from: start, to: end, by: Int(step))
                }
                ends.append(UInt32(elements.count))
            }
            guard case .array(let element) = resultType else { preconditionFailure("range returns an array") }
            return .arrays(ArrayColumn(elements: try Conversion.convert(.int64(elements), to: element), ends: ends))
        case .has, .indexOf, .countEqual:
            let column = arrays(0)
            let equal = try Self.elementsEqual(column, args[1])
            return .uint64(Array(0..<rows).map { row -> UInt64 in
                let range = column.range(of: row)
                switch self {
                case .has: return range.contains { equal[$0] } ? 1 : 0
                case .indexOf: return range.firstIndex { equal[$0] }.map { UInt64($0 - range.lowerBound + 1) } ?? 0
                default: return UInt64(range.filter { equal[$0] }.count)
                }
            }).narrowedToUInt8(if: self == .has)
        case .element:
            let column = arrays(0)
            let indices = Numeric.int64s(args[1])
            // One position per row into the elements, or past them (a default value) when outside.
            let defaultPosition = Int32(column.elements.count)
            let positions = (0..<rows).map { row -> Int32 in
                let range = column.range(of: row), index = indices[row]
                if index > 0, index <= range.count { return Int32(range.lowerBound + Int(index) - 1) }
                if index < 0, -index <= range.count { return Int32(range.upperBound + Int(index)) }
                return defaultPosition
            }
            return ColumnValues.joined([column.elements, .defaults(column.elementType, count: 1)]).gathering(positions)
        case .stringConcat:
            let column = arrays(0)
            let separators = args.count > 1 ? (0..<rows).map { args[1].text(at: $0) } : Array(repeating: "", count: rows)
            return .string(StringColumn((0..<rows).map { row in
                column.range(of: row).map { column.elements.text(at: $0) }.joined(separator: separators[row])
            }))
        case .splitByChar, .splitByString:
            var result = ArrayColumn(of: .string)
            for row in 0..<rows {
                let separator = Array(args[0].text(at: row).utf8), text = Array(args[1].text(at: row).utf8)
                if self == .splitByChar && separator.count != 1 {
                    throw .badValue(.badArguments, message: "Illegal separator for function splitByChar. Must be exactly one byte.")
                }
                result.append(row: .string(StringColumn(Self.split(text, by: separator).map { String(decoding: $0, as: UTF8.self) })))
            }
            return .arrays(result)
        case .concat:
            guard case .array(let element) = resultType else { preconditionFailure("arrayConcat returns an array") }
            var result = ArrayColumn(of: element)
            let columns = args.indices.map(arrays)
            for row in 0..<rows {
                result.append(row: try Conversion.convert(ColumnValues.joined(columns.map { $0[row] }), to: element))
            }
            return .arrays(result)
        case .reverse, .distinct, .popBack, .popFront, .sort, .slice:
            let column = arrays(0)
            return .arrays(try Self.reshaped(column, rows: rows) { (row, range) throws(SQLError) -> [Int] in
                switch self {
                case .reverse: return range.reversed()
                case .popBack: return Array(range.dropLast())
                case .popFront: return Array(range.dropFirst())
                case .sort(let descending):
                    return range.sorted { a, b in
                        let c = KeyOrder.compare(column.elements, a, column.elements, b)
                        return descending ? c > 0 : c < 0
                    }
                case .distinct:
                    var seen = Set<String>()
                    return range.filter { seen.insert(column.elements.text(at: $0)).inserted }
                default:
                    return Self.slice(range, offset: Numeric.int64s(args[1])[row], length: args.count > 2 ? Numeric.int64s(args[2])[row] : nil)
                }
            })
        case .pushBack, .pushFront:
            let column = arrays(0)
            guard case .array(let element) = resultType else { preconditionFailure("arrayPush returns an array") }
            let value = try Conversion.convert(args[1], to: element)
            var result = ArrayColumn(of: element)
            for row in 0..<rows {
                let own = try Conversion.convert(column[row], to: element)
                result.append(row: ColumnValues.joined(self == .pushBack ? [own, value.slice(row..<row + 1)] : [value.slice(row..<row + 1), own]))
            }
            return .arrays(result)
        case .enumerate:
            let column = arrays(0)
            var elements = [UInt32]()
            for row in 0..<rows { elements += (0..<column.range(of: row).count).map { UInt32($0 + 1) } }
            return .arrays(ArrayColumn(elements: .uint32(elements), ends: column.ends))
        case .uniq:
            let column = arrays(0)
            return .uint64((0..<rows).map { row in UInt64(Set(column.range(of: row).map { column.elements.text(at: $0) }).count) })
        case .sum:
            let column = arrays(0)
            switch resultType {
            case .float64:
                let values = Numeric.doubles(column.elements)
                return .float64((0..<rows).map { row in column.range(of: row).reduce(0) { $0 + values[$1] } })
            case .int64:
                let values = Numeric.int64s(column.elements)
                return .int64((0..<rows).map { row in column.range(of: row).reduce(0) { $0 &+ values[$1] } })
            default:
                let values = Numeric.uint64s(column.elements)
                return .uint64((0..<rows).map { row in column.range(of: row).reduce(0) { $0 &+ values[$1] } })
            }
        case .min, .max:
            let column = arrays(0)
            let defaultPosition = Int32(column.elements.count)
            let positions = (0..<rows).map { row -> Int32 in
                let best = column.range(of: row).min { a, b in
                    let c = KeyOrder.compare(column.elements, a, column.elements, b)
                    return self == .min ? c < 0 : c > 0
                }
                return best.map { Int32($0) } ?? defaultPosition
            }
            return ColumnValues.joined([column.elements, .defaults(column.elementType, count: 1)]).gathering(positions)
        case .count, .exists, .all:
            let column = arrays(0)
            let truth = Self.truths(column.elements)
            let counts = (0..<rows).map { row in column.range(of: row).reduce(0) { $0 + (truth[$1] ? 1 : 0) } }
            switch self {
            case .count: return .uint32(counts.map { UInt32($0) })
            case .exists: return .uint8(counts.map { $0 > 0 ? 1 : 0 })
            default: return .uint8((0..<rows).map { counts[$0] == column.range(of: $0).count ? 1 : 0 })
            }
        case .avg, .product:
            let column = arrays(0)
            let values = Numeric.doubles(column.elements)
            return .float64((0..<rows).map { row in
                let range = column.range(of: row)
                if self == .product { return range.reduce(1) { $0 * values[$1] } }
                return range.isEmpty ? .nan : range.reduce(0) { $0 + values[$1] } / Double(range.count)
            })
        case .cumulativeSum:
            let column = arrays(0)
            guard case .array(let sumType) = resultType else { preconditionFailure("arrayCumSum returns an array") }
            let values = try Conversion.convert(column.elements, to: sumType)
            var sums: ColumnValues
            switch values {
            case .float64(let v): sums = .float64(Self.runningSums(v, column, rows, +))
            case .int64(let v): sums = .int64(Self.runningSums(v, column, rows, &+))
            case .uint64(let v): sums = .uint64(Self.runningSums(v, column, rows, &+))
            default: preconditionFailure("sums are Float64, Int64 or UInt64")
            }
            return .arrays(ArrayColumn(elements: sums, ends: column.ends))
        case .filter, .first, .firstIndex:
            let (column, mask) = (arrays(0), Self.truths(arrays(1).elements))
            switch self {
            case .filter:
                return .arrays(try Self.reshaped(column, rows: rows) { (_, range) throws(SQLError) -> [Int] in range.filter { mask[$0] } })
            case .first(let last):
                let defaultPosition = Int32(column.elements.count)
                let positions = (0..<rows).map { row -> Int32 in
                    let range = column.range(of: row)
                    return (last ? range.last { mask[$0] } : range.first { mask[$0] }).map { Int32($0) } ?? defaultPosition
                }
                return ColumnValues.joined([column.elements, .defaults(column.elementType, count: 1)]).gathering(positions)
            default:
                let last = self == .firstIndex(last: true)
                return .uint32((0..<rows).map { row -> UInt32 in
                    let range = column.range(of: row)
                    return (last ? range.last { mask[$0] } : range.first { mask[$0] }).map { UInt32($0 - range.lowerBound + 1) } ?? 0
                })
            }
        case .sortBy(let descending):
            let (column, keys) = (arrays(0), arrays(1).elements)
            return .arrays(try Self.reshaped(column, rows: rows) { (_, range) throws(SQLError) -> [Int] in
                // Stable: equal keys keep their positions' order, in both directions.
                range.sorted { a, b in
                    let c = KeyOrder.compare(keys, a, keys, b)
                    return c == 0 ? a < b : descending ? c > 0 : c < 0
                }
            })
        case .hasAll, .hasAny:
            let (haystack, needles) = (arrays(0), arrays(1))
            return .uint8((0..<rows).map { row in
                let present = Set(haystack.range(of: row).map { haystack.elements.text(at: $0) })
                let wanted = needles.range(of: row).map { needles.elements.text(at: $0) }
                return (self == .hasAll ? wanted.allSatisfy(present.contains) : wanted.contains(where: present.contains)) ? 1 : 0
            })
        }
    }

    /// Whether each value is non-zero (NULL is not).
    private static func truths(_ values: ColumnValues) -> [Bool] {
        guard case .nullable(let column) = values else { return Numeric.truth(values) }
        return zip(Numeric.truth(column.values), column.nulls).map { $0 && !$1 }
    }

    /// Each row's running sums over its elements.
    private static func runningSums<T>(_ values: [T], _ column: ArrayColumn, _ rows: Int, _ add: (T, T) -> T) -> [T] {
        var sums = values
        for row in 0..<rows {
            let range = column.range(of: row)
            for index in range.dropFirst() { sums[index] = add(sums[index - 1], values[index]) }
        }
        return sums
    }

    /// Whether each element equals its row's value of `values` (compared in their common type).
    private static func elementsEqual(_ column: ArrayColumn, _ values: ColumnValues) throws(SQLError) -> [Bool] {
        var rowOfElement = [Int32]()
        rowOfElement.reserveCapacity(column.elements.count)
        for row in 0..<column.count { rowOfElement += repeatElement(Int32(row), count: column.range(of: row).count) }
        let aligned = values.gathering(rowOfElement)
        let type = try CommonType.of(column.elementType, aligned.type)
        let (a, b) = (try Conversion.convert(column.elements, to: type), try Conversion.convert(aligned, to: type))
        return Comparison.compare(a, b).map { $0 == 0 }
    }

    /// Each row's elements picked and ordered by `positions` (indices into the elements).
    private static func reshaped(_ column: ArrayColumn, rows: Int,
                                 _ positions: (Int, Range<Int>) throws(SQLError) -> [Int]) throws(SQLError) -> ArrayColumn {
        var order = [Int32](), ends = [UInt32]()
        for row in 0..<rows {
            order += try positions(row, column.range(of: row)).map { Int32($0) }
            ends.append(UInt32(order.count))
        }
        return ArrayColumn(elements: column.elements.gathering(order), ends: ends)
    }

    /// `arraySlice(a, offset[, length])`: 1-based offset, negative from the end; a negative
    /// length stops that far from the end.
    private static func slice(_ range: Range<Int>, offset: Int64, length: Int64?) -> [Int] {
        let count = Int64(range.count)
        guard offset != 0 else { return [] }
        let start = offset > 0 ? offset - 1 : Swift.max(0, count + offset)
        guard start < count else { return [] }
        var end = count
        if let length { end = length >= 0 ? Swift.min(count, start + length) : Swift.max(start, count + length) }
        return Array(range.lowerBound + Int(start)..<range.lowerBound + Int(end))
    }

    private static func split(_ text: [UInt8], by separator: [UInt8]) -> [ArraySlice<UInt8>] {
        guard !separator.isEmpty else { return text.map { [$0][...] } }
        var pieces = [ArraySlice<UInt8>]()
        var start = 0, i = 0
        while i + separator.count <= text.count {
            if text[i..<i + separator.count].elementsEqual(separator) {
                pieces.append(text[start..<i])
                i += separator.count
                start = i
            } else {
                i += 1
            }
        }
        pieces.append(text[start...])
        return pieces
    }
}

extension Binder {
    /// What `arraySum` and `arrayCumSum` add in: Float64, Int64 or UInt64.
    static func sumType(of element: ColumnType) -> ColumnType {
        element == .float32 || element == .float64 ? .float64 : element.isSignedInteger ? .int64 : .uint64
    }
}

private extension ColumnValues {
    /// `has` answers a UInt8; the counting functions a UInt64.
    func narrowedToUInt8(if narrow: Bool) -> ColumnValues {
        guard narrow, case .uint64(let v) = self else { return self }
        return .uint8(v.map { UInt8($0) })
    }
}

extension Binder {
    /// Binds an array function or an array literal, or `nil` when `name` is not one.
    func bindArrayFunction(_ name: String, _ arguments: [ASTExpression]) throws(SQLError) -> BoundExpression? {
        try bindArrayCall(name, count: arguments.count) { () throws(SQLError) in try bindAll(arguments) }
    }

    /// Binds an array function of `count` arguments, bound by `bound` once the name is known to
    /// be one (a higher-order function's arguments are bound already), or `nil` when it is not.
    func bindArrayCall(_ name: String, count: Int, _ bound: () throws(SQLError) -> [BoundExpression]) throws(SQLError) -> BoundExpression? {
        func arity(_ counts: ClosedRange<Int>) throws(SQLError) { try Self.checkArity(name, count, counts) }
        func array(_ value: BoundExpression) throws(SQLError) -> ColumnType {
            guard case .array(let element) = value.type else {
                throw .illegalType("Illegal type \(value.type) of argument of function \(name), expected Array")
            }
            return element
        }
        func common(_ types: [ColumnType]) throws(SQLError) -> ColumnType {
            var type = types.first ?? .uint8
            for other in types.dropFirst() { type = try CommonType.of(type, other) }
            return type
        }
        let simple: [String: (ArrayFunction, ClosedRange<Int>)] = [
            "has": (.has, 2...2), "indexOf": (.indexOf, 2...2), "countEqual": (.countEqual, 2...2),
            "arrayReverse": (.reverse, 1...1), "arrayDistinct": (.distinct, 1...1), "arrayPopBack": (.popBack, 1...1),
            "arrayPopFront": (.popFront, 1...1), "arraySort": (.sort(descending: false), 1...1),
            "arrayReverseSort": (.sort(descending: true), 1...1), "arraySlice": (.slice, 2...3),
            "arrayUniq": (.uniq, 1...1), "arrayEnumerate": (.enumerate, 1...1), "arrayMin": (.min, 1...1), "arrayMax": (.max, 1...1),
            "arrayCount": (.count, 1...1), "arrayExists": (.exists, 1...1), "arrayAll": (.all, 1...1),
            "arrayAvg": (.avg, 1...1), "arrayProduct": (.product, 1...1), "arrayCumSum": (.cumulativeSum, 1...1),
        ]
        switch name {
        case "array", "[]":
            let values = try bound()
            let element = try common(values.map(\.type))
            return .call(.array(.make), values.map { $0.converted(to: element) }, .array(element))
        case "range":
            try arity(1...3)
            let values = try bound()
            guard values.allSatisfy({ $0.type.isNumeric && $0.type != .float32 && $0.type != .float64 }) else {
                throw .illegalType("Illegal type \(values.first { !$0.type.isNumeric }?.type ?? .float64) of argument of function range")
            }
            return .call(.array(.range), values, .array(try common(values.map(\.type))))
        case "arrayElement":
            try arity(2...2)
            let values = try bound()
            return .call(.array(.element), values, try array(values[0]))
        case "arrayStringConcat":
            try arity(1...2)
            let values = try bound()
            _ = try array(values[0])
            return .call(.array(.stringConcat), values, .string)
        case "splitByChar", "splitByString":
            try arity(2...2)
            let values = try bound()
            guard values.allSatisfy({ $0.type == .string }) else { throw .illegalType("Illegal type of argument of function \(name)") }
            return .call(.array(name == "splitByChar" ? .splitByChar : .splitByString), values, .array(.string))
        case "arrayConcat":
            try arity(1...64)
            let values = try bound()
            var elements = [ColumnType]()
            for value in values { elements.append(try array(value)) }
            return .call(.array(.concat), values, .array(try common(elements)))
        case "arrayPushBack", "arrayPushFront":
            try arity(2...2)
            let values = try bound()
            let element = try CommonType.of(try array(values[0]), values[1].type)
            return .call(.array(name == "arrayPushBack" ? .pushBack : .pushFront), values, .array(element))
        case "arraySum":
            try arity(1...1)
            let values = try bound()
            let element = try array(values[0])
            guard element.isNumeric else { throw .illegalType("arraySum cannot add values of type \(element)") }
            return .call(.array(.sum), values, Self.sumType(of: element))
        case "hasAll", "hasAny":
            try arity(2...2)
            let values = try bound()
            _ = try array(values[0])
            _ = try array(values[1])
            return .call(.array(name == "hasAll" ? .hasAll : .hasAny), values, .uint8)
        default:
            guard let (function, counts) = simple[name] else { return nil }
            try arity(counts)
            let values = try bound()
            let element = try array(values[0])
            if [.count, .exists, .all, .avg, .product, .cumulativeSum].contains(function), !element.withoutNullable.isNumeric {
                throw .illegalType("Illegal type \(values[0].type) of argument of function \(name)")
            }
            let type: ColumnType = switch function {
            case .has, .exists, .all: .uint8
            case .indexOf, .countEqual, .uniq: .uint64
            case .count: .uint32
            case .avg, .product: .float64
            case .cumulativeSum: .array(Self.sumType(of: element))
            case .enumerate: .array(.uint32)
            case .min, .max: element
            default: values[0].type
            }
            return .call(.array(function), values, type)
        }
    }
}
