/// `ARRAY JOIN` and `arrayJoin(…)`: each input row repeated once per element of its arrays,
/// the elements as columns.
enum ArrayJoin {
    /// The output's columns: the input's (one an array column replaces keeps its place) and
    /// then the new ones.
    static func schema(_ input: [ColumnDefinition], _ columns: [ProjectedColumn]) -> [ColumnDefinition] {
        let elementTypes = Dictionary(columns.map { ($0.name, Self.elementType($0.expression.type)) }) { first, _ in first }
        let replaced = input.map { column in elementTypes[column.name].map { ColumnDefinition(column.name, $0) } ?? column }
        let inputNames = Set(input.map(\.name))
        return replaced + columns.filter { !inputNames.contains($0.name) }.map { ColumnDefinition($0.name, elementType($0.expression.type)) }
    }

    static func elementType(_ type: ColumnType) -> ColumnType {
        if case .array(let element) = type { return element }
        return type
    }

    /// One batch expanded. Arrays of one row must be equally long (code 190); `left` keeps a
    /// row whose arrays are empty, with default elements.
    static func expand(_ batch: Batch, _ columns: [ProjectedColumn], left: Bool) throws(SQLError) -> Batch {
        var arrays = [ArrayColumn]()
        for column in columns {
            guard case .arrays(let values) = try column.expression.evaluate(batch) else {
                throw .illegalType("ARRAY JOIN requires array argument, got \(column.expression.type)")
            }
            arrays.append(values)
        }
        var rowOfOutput = [Int32]()
        var positions = [[Int32]](repeating: [], count: arrays.count)
        for row in 0..<batch.rowCount {
            let length = arrays[0].range(of: row).count
            for array in arrays.dropFirst() where array.range(of: row).count != length {
                throw .badValue(.sizesOfArraysDontMatch, message: "Sizes of ARRAY-JOIN-ed arrays do not match")
            }
            if length == 0 {
                guard left else { continue }
                rowOfOutput.append(Int32(row))
                // Past the elements: the default value appended below.
                for index in arrays.indices { positions[index].append(Int32(arrays[index].elements.count)) }
                continue
            }
            rowOfOutput += repeatElement(Int32(row), count: length)
            for index in arrays.indices {
                let range = arrays[index].range(of: row)
                positions[index] += range.map { Int32($0) }
            }
        }
        var elements = [String: ColumnValues]()
        for (index, column) in columns.enumerated() {
            let array = arrays[index]
            let padded = ColumnValues.joined([array.elements, .defaults(array.elementType, count: 1)])
            elements[column.name] = padded.gathering(positions[index])
        }
        var output = [(String, ColumnValues)]()
        for (name, values) in zip(batch.names, batch.columns) {
            output.append((name, elements.removeValue(forKey: name) ?? values.gathering(rowOfOutput)))
        }
        for column in columns { if let values = elements[column.name] { output.append((column.name, values)) } }
        return Batch(output, allowDuplicateNames: true)
    }
}
