/// A `SummingMergeTree`'s nested table whose name ends in `Map` (`StatusMap Nested(ID UInt32,
/// Hits UInt64)`), which ClickHouse sums as a map: within each group of rows, the entries with
/// equal keys are one entry, their values summed (in their own types, wrapping); entries whose
/// values are all zero are dropped; what is left is sorted by key. The keys are the first
/// column and any column named `…ID`, `…Key` or `…Type` (integers, dates or strings); every other
/// column is a value (numbers). A nested table with a column that fits neither is not a map: its
/// columns keep their first row's value, as any column that is not summed.
struct SummedMap {
    /// The nested columns (`Array(T)`) that are keys, and those that are values, by index.
    let keys: [Int]
    let values: [Int]

    /// The maps of a table's columns, but for those of its sorting key.
    static func maps(in columns: [ColumnDefinition], excluding sortingKey: [String]) -> [SummedMap] {
        var nested = [(name: Substring, columns: [Int])]()
        for (index, column) in columns.enumerated() where !sortingKey.contains(column.name) {
            guard case .array = column.type, let dot = column.name.firstIndex(of: ".") else { continue }
            let table = column.name[..<dot]
            guard table.hasSuffix("Map") else { continue }
            if let known = nested.firstIndex(where: { $0.name == table }) { nested[known].columns.append(index) } else { nested.append((table, [index])) }
        }
        return nested.compactMap { table in
            var keys = [Int](), values = [Int]()
            for (position, index) in table.columns.enumerated() {
                guard case .array(let element) = columns[index].type else { return nil }
                let name = columns[index].name
                if position == 0 || name.hasSuffix("ID") || name.hasSuffix("Key") || name.hasSuffix("Type") {
                    guard element.isNumeric && element != .float32 && element != .float64 || element.isCalendar || element == .string else { return nil }
                    keys.append(index)
                } else {
                    guard element.isNumeric else { return nil }
                    values.append(index)
                }
            }
            return keys.isEmpty || values.isEmpty ? nil : SummedMap(keys: keys, values: values)
        }
    }

    /// The map of each group of `rows` (`starts`: each group's first row), one array column per
    /// key and value column, in the order of `keys + values`.
    func merged(_ rows: Batch, starts: [Int]) -> [(index: Int, column: ColumnValues)] {
        let arrays = (keys + values).map { index -> ArrayColumn in
            guard case .arrays(let arrays) = rows.columns[index] else { preconditionFailure("a nested column is an array") }
            return arrays
        }
        let keyElements = arrays.prefix(keys.count).map(\.elements)
        // Each group's elements in key order, numbered by entry: elements with equal keys in a
        // group are one entry.
        var entryOfElement = [Int32](repeating: 0, count: arrays[0].elements.count)
        var firstElements = [Int32]()
        var entryEnds = [Int]()  // after each group's entries
        for (group, start) in starts.enumerated() {
            let end = group + 1 < starts.count ? starts[group + 1] : rows.rowCount
            var elements = [Int]()
            for row in start..<end {
                let range = arrays[0].range(of: row)
                guard arrays.allSatisfy({ $0.range(of: row) == range }) else { continue }  // a row whose arrays differ in length adds nothing
                elements += range
            }
            elements.sort { KeyOrder.compare(keyElements, $0, keyElements, $1) < 0 }
            for (position, element) in elements.enumerated() {
                if position == 0 || KeyOrder.compare(keyElements, elements[position - 1], keyElements, element) != 0 {
                    firstElements.append(Int32(element))
                }
                entryOfElement[element] = Int32(firstElements.count - 1)
            }
            entryEnds.append(firstElements.count)
        }
        let sums = arrays.dropFirst(keys.count).map { RowCollapser.sum($0.elements, groups: entryOfElement, count: firstElements.count) }
        let kept = (0..<firstElements.count).filter { entry in sums.contains { !RowCollapser.isZero($0, entry) } }
        var ends = [UInt32](), keptBefore = 0, next = 0
        for end in entryEnds {
            while next < kept.count && kept[next] < end { next += 1 }
            keptBefore = next
            ends.append(UInt32(keptBefore))
        }
        let keptFirsts = kept.map { firstElements[$0] }
        let keptEntries = kept.map { Int32($0) }
        let keyColumns = keyElements.map { ColumnValues.arrays(ArrayColumn(elements: $0.gathering(keptFirsts), ends: ends)) }
        let valueColumns = sums.map { ColumnValues.arrays(ArrayColumn(elements: $0.gathering(keptEntries), ends: ends)) }
        return Array(zip(keys + values, keyColumns + valueColumns))
    }
}
