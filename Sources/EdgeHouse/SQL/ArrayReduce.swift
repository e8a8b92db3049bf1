/// `arrayReduce('f', a1, a2, …)`: the aggregate `f` (parameters and combinators as in a query)
/// over each row's arrays, their elements as its argument columns.
struct ArrayReduce: Sendable, Equatable {
    /// The call over the arrays' elements as input columns 0, 1, ….
    let call: AggregateCall
    let elementTypes: [ColumnType]

    /// Binds `'f'` over arrays of `elementTypes` (ClickHouse's codes for a bad name or arrays).
    init(function text: String, elementTypes: [ColumnType]) throws(SQLError) {
        let placeholders = elementTypes.indices.map { "__element\($0)" }
        let expression: ASTExpression
        do { expression = try Parser.parseExpression(text + "(" + placeholders.joined(separator: ", ") + ")") } catch {
            throw .badValue(.badArguments, message: "Cannot parse aggregate function name in arrayReduce: \(text)")
        }
        guard let syntax = AggregateSyntax(expression) else {
            throw .badValue(.unknownAggregateFunction, message: "Unknown aggregate function \(text).")
        }
        try syntax.check()
        func column(_ argument: ASTExpression?) -> Int? {
            guard case .identifier(let parts)? = argument else { return nil }
            return placeholders.firstIndex(of: parts[0])
        }
        var call = AggregateCall(syntax.kind, syntax.combinator, column(syntax.argument), secondArgument: column(syntax.secondArgument),
                                 condition: column(syntax.condition), distinct: syntax.distinct)
        call.overArrays = syntax.overArrays
        call.whenEmpty = syntax.whenEmpty
        self.call = call
        self.elementTypes = elementTypes
    }

    /// The result's type.
    func resultType() throws(SQLError) -> ColumnType {
        do { return try Aggregator(AggregationQuery(keys: [], aggregates: [call]), input: elementTypes).outputTypes[0] } catch { throw .query(error) }
    }

    /// Each row's arrays aggregated: the elements grouped by their row (in row order, as
    /// ClickHouse adds them); a row of empty arrays answers what the function answers for no rows.
    func apply(_ arrays: [ArrayColumn], rows: Int) throws(SQLError) -> ColumnValues {
        var rowOfElement = [UInt32]()
        var nonEmpty = [Int]()
        for row in 0..<rows {
            let count = arrays[0].range(of: row).count
            guard arrays.allSatisfy({ $0.range(of: row).count == count }) else {
                throw .badValue(.sizesOfArraysDontMatch, message: "Sizes of arrays passed to arrayReduce must be equal")
            }
            if count > 0 { nonEmpty.append(row) }
            rowOfElement += repeatElement(UInt32(row), count: count)
        }
        var shifted = call
        for path in [\AggregateCall.argument, \.secondArgument, \.condition] { shifted[keyPath: path] = shifted[keyPath: path].map { $0 + 1 } }
        do {
            var grouped = try Aggregator(AggregationQuery(keys: [0], aggregates: [shifted]), input: [.uint32] + elementTypes)
            try grouped.consume([.uint32(rowOfElement)] + arrays.map(\.elements), rowCount: rowOfElement.count)
            var none = try Aggregator(AggregationQuery(keys: [], aggregates: [call]), input: elementTypes)
            let results = ColumnValues.joined([grouped.finish()[1], none.finish()[0]])
            var group = [Int32](repeating: Int32(nonEmpty.count), count: rows)
            for (index, row) in nonEmpty.enumerated() { group[row] = Int32(index) }
            return results.gathering(group)
        } catch {
            throw .query(error)
        }
    }
}
