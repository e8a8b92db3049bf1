/// How two inputs are joined (`QueryPlan.join`): keys computed over each side, converted to
/// common types; the right side's columns that follow the left's in the output.
struct JoinSpec {
    var kind: JoinClause.Kind
    var any: Bool
    var leftKeys: [BoundExpression]
    var rightKeys: [BoundExpression]
    /// The positions of the right input's columns kept in the output (not the USING keys), and
    /// their names there (`alias.name` when the left side has the name).
    var rightColumns: [(position: Int, name: String)]
    /// USING keys: in a RIGHT or FULL join's unmatched right rows, the left's key columns take
    /// the right's values (their position in the right input, by left column name).
    var usingPositions: [String: Int] = [:]
}

extension SelectPlanner {
    /// `left JOIN right`: a hash join, the right side read whole first (ClickHouse's default
    /// algorithm), the left streamed against it.
    func joined(_ join: JoinClause) throws(SQLError) -> Source {
        /// A side's source, a bare table's columns qualified by its name.
        func side(_ expression: TableExpression) throws(SQLError) -> Source {
            var side = try source(expression)
            // Virtual columns (`_part`) are not joined: they would stand as columns of the join.
            if case .scan(let table, let columns, let ranges, let final) = side.plan, columns.contains(where: { $0.isVirtual == true }) {
                side.plan = .scan(table, columns: columns.filter { $0.isVirtual != true }, ranges: ranges, final: final)
                side.columns = side.columns.filter { $0.isVirtual != true }
            }
            if case .table(let name, _) = expression {
                for column in side.columns { side.qualified["\(name.name).\(column.name)"] = column.name }
            }
            return side
        }
        let left = try side(join.left)
        let right = try side(join.right)
        let rightAlias: String? = switch join.right {
        case .aliased(_, let alias): alias
        case .table(let name, _): name.name
        default: nil
        }
        func binder(_ side: Source) -> Binder {
            var binder = Binder(columns: Dictionary(side.columns.map { ($0.name, $0.type) }) { first, _ in first },
                                context: context, subquery: { (query: SelectQuery) throws(SQLError) -> Batch in try run(query) })
            binder.qualified = side.qualified
            return binder
        }
        let (leftBinder, rightBinder) = (binder(left), binder(right))
        var leftKeys = [BoundExpression](), rightKeys = [BoundExpression]()
        var usingNames = Set<String>()
        switch join.constraint {
        case .none:
            break
        case .using(let names):
            for name in names {
                leftKeys.append(try leftBinder.bind(.identifier([name])))
                rightKeys.append(try rightBinder.bind(.identifier([name])))
                usingNames.insert(name)
            }
        case .on(let condition):
            for term in Self.conjuncts(of: condition) {
                guard case .function("equals", nil, let sides) = term, sides.count == 2 else {
                    throw .notImplemented("JOIN ON conditions other than equalities of the two sides joined by AND")
                }
                // Each side of the equality belongs to one input, in either order. (A side that
                // binds to neither input fails with its own error, e.g. an unknown column.)
                if let l = try? leftBinder.bind(sides[0]), let r = try? rightBinder.bind(sides[1]) {
                    leftKeys.append(l)
                    rightKeys.append(r)
                } else if let l = try? leftBinder.bind(sides[1]), let r = try? rightBinder.bind(sides[0]) {
                    leftKeys.append(l)
                    rightKeys.append(r)
                } else {
                    for side in sides {
                        do throws(SQLError) { _ = try leftBinder.bind(side) } catch {
                            do throws(SQLError) { _ = try rightBinder.bind(side) } catch { throw error }
                        }
                    }
                    throw .badValue(.invalidJoinOnExpression, message: "Cannot determine join keys in JOIN ON expression \(term.columnName)")
                }
            }
        }
        for index in leftKeys.indices {
            let type = try CommonType.of(leftKeys[index].type, rightKeys[index].type)
            (leftKeys[index], rightKeys[index]) = (leftKeys[index].converted(to: type), rightKeys[index].converted(to: type))
        }
        // The output: the left's columns, then the right's but the USING keys; a right column
        // whose name the left has is `alias.name`.
        let leftNames = Set(left.columns.map(\.name))
        var result = Source(left.plan)
        result.qualified = left.qualified
        var rightColumns = [(position: Int, name: String)]()
        for (position, column) in right.columns.enumerated() where !usingNames.contains(column.name) {
            let name = leftNames.contains(column.name) ? "\(rightAlias ?? "right").\(column.name)" : column.name
            rightColumns.append((position, name))
            result.columns.append(ColumnDefinition(name, column.type))
        }
        for (qualifiedName, column) in right.qualified {
            if let output = rightColumns.first(where: { right.columns[$0.position].name == column }) { result.qualified[qualifiedName] = output.name }
            else if usingNames.contains(column) { result.qualified[qualifiedName] = column }
        }
        var spec = JoinSpec(kind: join.kind, any: join.any, leftKeys: leftKeys, rightKeys: rightKeys, rightColumns: rightColumns)
        for name in usingNames { spec.usingPositions[name] = right.columns.firstIndex { $0.name == name } }
        result.plan = .join(left.plan, right.plan, spec)
        return result
    }

    private static func conjuncts(of condition: ASTExpression) -> [ASTExpression] {
        if case .function("and", nil, let terms) = condition { return terms.flatMap(conjuncts) }
        return [condition]
    }
}

extension PlanRunner {
    /// Joins each batch of the left input with the right input, read whole: pairs of rows with
    /// equal keys (every pair, or the first right row for ANY); a LEFT or FULL join's unmatched
    /// left rows with the right columns' defaults; a RIGHT or FULL join's unmatched right rows,
    /// after all the others, with the left columns' defaults; every pair for CROSS.
    func join(_ left: QueryPlan, _ right: QueryPlan, _ spec: JoinSpec, _ sink: (Batch) throws(SQLError) -> Bool) throws(SQLError) -> Bool {
        var batches = [Batch]()
        try run(right) { (batch: Batch) -> Bool in
            batches.append(batch)
            return true
        }
        let rightSchema = right.schema
        let rightRows = batches.isEmpty ? Batch(rightSchema.map { ($0.name, ColumnValues.empty($0.type)) }, allowDuplicateNames: true)
                                        : Batch(joining: batches)
        batches = []
        let rightCount = rightRows.rowCount
        // The right rows of each key, as runs in one array (`starts[g] ..< starts[g + 1]`).
        var keys = GroupIndexer(types: spec.rightKeys.map(\.type))
        var rightKeyColumns = [ColumnValues]()
        for key in spec.rightKeys { rightKeyColumns.append(try key.evaluate(rightRows)) }
        let rightGroups = spec.kind == .cross ? [] : keys.assign(rightKeyColumns, rowCount: rightCount)
        let builtGroups = keys.groupCount
        var starts = [Int](repeating: 0, count: builtGroups + 1)
        for group in rightGroups { starts[Int(group) + 1] += 1 }
        for g in 0..<builtGroups { starts[g + 1] += starts[g] }
        var fill = starts
        var rowsByGroup = [Int32](repeating: 0, count: rightGroups.count)
        for (row, group) in rightGroups.enumerated() {
            rowsByGroup[fill[Int(group)]] = Int32(row)
            fill[Int(group)] += 1
        }
        // A right column with one default row after its rows: where unmatched left rows point.
        let paddedRight = spec.rightColumns.map { column in
            ColumnValues.joined([rightRows.columns[column.position], .defaults(rightRows.columns[column.position].type, count: 1)])
        }
        let keepsRight = spec.kind == .right || spec.kind == .full
        var rightMatched = [Bool](repeating: false, count: keepsRight ? rightCount : 0)
        let continues = try run(left) { (batch: Batch) throws(SQLError) -> Bool in
            var leftIndices = [Int32](), rightIndices = [Int32]()
            if spec.kind == .cross {
                for row in 0..<batch.rowCount {
                    leftIndices += repeatElement(Int32(row), count: rightCount)
                    rightIndices += (0..<Int32(rightCount))
                }
            } else {
                var leftKeyColumns = [ColumnValues]()
                for key in spec.leftKeys { leftKeyColumns.append(try key.evaluate(batch)) }
                let groups = keys.assign(leftKeyColumns, rowCount: batch.rowCount)
                for (row, group) in groups.enumerated() {
                    if Int(group) < builtGroups {
                        let matches = starts[Int(group)]..<(spec.any ? starts[Int(group)] + 1 : starts[Int(group) + 1])
                        leftIndices += repeatElement(Int32(row), count: matches.count)
                        rightIndices += rowsByGroup[matches]
                        if keepsRight { for match in rowsByGroup[matches] { rightMatched[Int(match)] = true } }
                    } else if spec.kind == .left || spec.kind == .full {
                        leftIndices.append(Int32(row))
                        rightIndices.append(Int32(rightCount))
                    }
                }
            }
            guard !leftIndices.isEmpty else { return true }
            var columns = zip(batch.names, batch.columns).map { ($0, $1.gathering(leftIndices)) }
            for (column, values) in zip(spec.rightColumns, paddedRight) { columns.append((column.name, values.gathering(rightIndices))) }
            return try sink(Batch(columns, allowDuplicateNames: true))
        }
        guard continues, keepsRight else { return continues }
        let unmatched = (0..<Int32(rightCount)).filter { !rightMatched[Int($0)] }
        guard !unmatched.isEmpty else { return true }
        var columns = [(String, ColumnValues)]()
        for column in left.schema {
            // A USING key has the right row's value; other left columns their type's default.
            if let position = spec.usingPositions[column.name] {
                columns.append((column.name, try Conversion.convert(rightRows.columns[position].gathering(unmatched), to: column.type)))
            } else {
                columns.append((column.name, .defaults(column.type, count: unmatched.count)))
            }
        }
        for column in spec.rightColumns { columns.append((column.name, rightRows.columns[column.position].gathering(unmatched))) }
        return try sink(Batch(columns, allowDuplicateNames: true))
    }
}
