/// A lambda (`x -> x * 2`, `(x, y) -> x + y`) as the first argument of a higher-order array
/// function, bound: its body is evaluated once over all the elements of a batch's arrays — a
/// batch whose columns are the parameters (the arrays' elements) and the outer columns the body
/// uses, repeated per element — and the results are cut back into arrays of the same sizes.
struct Lambda: Sendable, Equatable {
    /// The function it is an argument of, for error messages.
    let function: String
    /// The columns of the element batch that stand for the parameters.
    let parameters: [String]
    /// Columns of the enclosing batch that the body uses: arguments of the call after the arrays.
    let captured: [String]
    let body: BoundExpression

    /// `Array(body type)`: the body over each element of `args`' arrays (which come first, one
    /// per parameter, equally long row by row), then the captured columns.
    func map(_ args: [ColumnValues], rows: Int) throws(SQLError) -> ColumnValues {
        var arrays = [ArrayColumn]()
        for value in args.prefix(parameters.count) {
            guard case .arrays(let column) = value else { preconditionFailure("lambda arguments are bound as arrays") }
            arrays.append(column)
        }
        for (index, array) in arrays.enumerated().dropFirst() where array.ends != arrays[0].ends {
            let row = (0..<rows).first { array.range(of: $0).count != arrays[0].range(of: $0).count } ?? 0
            throw .badValue(.sizesOfArraysDontMatch, message: "Arrays passed to \(function) must have equal size. Argument \(index + 2) has size \(array.range(of: row).count) which differs with the size of another argument, \(arrays[0].range(of: row).count).")
        }
        var rowOfElement = [Int32]()
        rowOfElement.reserveCapacity(arrays[0].elements.count)
        for row in 0..<rows { rowOfElement += repeatElement(Int32(row), count: arrays[0].range(of: row).count) }
        var columns = zip(parameters, arrays).map { ($0, $1.elements) }
        for (name, values) in zip(captured, args.dropFirst(parameters.count)) { columns.append((name, values.gathering(rowOfElement))) }
        return .arrays(ArrayColumn(elements: try body.evaluate(Batch(columns)), ends: arrays[0].ends))
    }
}

extension Binder {
    /// `arrayMap(x -> …, a, …)` and the other functions whose first argument is a lambda. Each is
    /// the lambda's mapped array, alone (`arrayMap`) or as the mask or keys of an array function
    /// of the first array (`arrayFilter`, `arrayFirst`, `arraySort`, …), or reduced by the
    /// one-argument function of the same name (`arraySum`, `arrayCount`, `arrayExists`, …).
    func bindHigherOrder(_ name: String, lambda: [ASTExpression], arrays arguments: [ASTExpression]) throws(SQLError) -> BoundExpression {
        guard case .function("tuple", nil, let names) = lambda[0] else { preconditionFailure("parsed as lambda(tuple(…), body)") }
        let parameters = names.map { if case .identifier(let parts) = $0 { parts[0] } else { preconditionFailure("parsed as identifiers") } }
        guard !arguments.isEmpty else {
            throw .badValue(.numberOfArgumentsDoesntMatch, message: "Function \(name) needs at least 1 argument with data.")
        }
        guard arguments.count == parameters.count else {
            throw .badValue(.numberOfArgumentsDoesntMatch, message: "Lambda for function \(name) has \(parameters.count) arguments, but \(arguments.count) arrays are passed.")
        }
        let arrays = try bindAll(arguments)
        var inner = self
        for (index, (parameter, array)) in zip(parameters, arrays).enumerated() {
            guard case .array(let element) = array.type else {
                throw .illegalType("Argument \(index + 2) of function \(name) must be Array. Found \(array.type) instead.")
            }
            // Parameters shadow columns and aliases of the same name, and are no GROUP BY key.
            let column = "lambda.\(parameter)"
            inner.columns[column] = element
            inner.substitutions[.identifier([parameter])] = column
            inner.aliases[parameter] = nil
        }
        let body = try inner.bind(lambda[1])
        let columns = parameters.map { "lambda.\($0)" }
        let captured = body.referencedColumns.filter { !columns.contains($0.name) }
        let mapped = BoundExpression.call(.lambda(Lambda(function: name, parameters: columns, captured: captured.map(\.name), body: body)),
                                          arrays + captured.map { .column($0.name, $0.type) }, .array(body.type))
        func mask() throws(SQLError) -> BoundExpression {
            guard body.type.withoutNullable == .uint8 else {
                throw .illegalType("Expression for function \(name) must return UInt8 or Nullable(UInt8), found \(body.type)")
            }
            return mapped
        }
        switch name {
        case "arrayMap": return mapped
        case "arrayFilter": return .call(.array(.filter), [arrays[0], try mask()], arrays[0].type)
        case "arrayFirst", "arrayLast":
            guard case .array(let element) = arrays[0].type else { preconditionFailure("checked above") }
            return .call(.array(.first(last: name == "arrayLast")), [arrays[0], try mask()], element)
        case "arrayFirstIndex", "arrayLastIndex":
            return .call(.array(.firstIndex(last: name == "arrayLastIndex")), [arrays[0], try mask()], .uint32)
        case "arraySort", "arrayReverseSort":
            return .call(.array(.sortBy(descending: name == "arrayReverseSort")), [arrays[0], mapped], arrays[0].type)
        case "arrayCount", "arrayExists", "arrayAll":
            _ = try mask()
            fallthrough
        case "arraySum", "arrayMin", "arrayMax", "arrayAvg", "arrayProduct", "arrayCumSum":
            guard let reduced = try bindArrayCall(name, count: 1, { [mapped] }) else { preconditionFailure("\(name) is an array function") }
            return reduced
        default:
            throw .badValue(.unknownFunction, message: "Function with name `\(name)` does not take a lambda as its first argument")
        }
    }
}

extension BoundExpression {
    /// The columns of the batch the expression reads (not those of a call's own inner batch).
    var referencedColumns: [(name: String, type: ColumnType)] {
        var seen = Set<String>()
        var found = [(name: String, type: ColumnType)]()
        func visit(_ expression: BoundExpression) {
            switch expression {
            case .column(let name, let type): if seen.insert(name).inserted { found.append((name, type)) }
            case .constant: break
            case .call(_, let arguments, _): arguments.forEach(visit)
            }
        }
        visit(self)
        return found
    }
}
