import Foundation

/// Columns' `DEFAULT` / `MATERIALIZED` / `ALIAS` expressions: bound against the table's other
/// columns when a table is created, and evaluated over each inserted block for the columns the
/// insert does not give.
///
/// Storage calls ``filled(_:definition:)`` from `Store.conform`, the one door every insert path
/// goes through — like `ViewSelect`, a call from storage up into SQL, because the expression
/// is SQL.
enum ColumnDefaults {
    /// Binds a default expression against `columns` (the table's columns whose values are known).
    static func bind(_ expression: ASTExpression, over columns: [ColumnDefinition], database: String) throws(SQLError) -> BoundExpression {
        var types = [String: ColumnType]()
        for column in columns { types[column.name] = column.type }
        let context = QueryContext(database: database, databases: [database], now: now)
        let binder = Binder(columns: types, context: context) { (_: SelectQuery) throws(SQLError) -> Batch in
            throw .badValue(.thereIsNoDefaultValue, message: "Select query is not allowed in columns DEFAULT expression.")
        }
        return try binder.bind(expression)
    }

    /// `batch` with every column of `definition` it lacks: computed from the column's expression
    /// over the row's other columns (in the order their dependencies allow), or the type's
    /// default. The caller has checked that the batch's columns belong to the table.
    static func filled(_ batch: Batch, definition: TableDefinition) throws(StorageError) -> Batch {
        var columns = [(String, ColumnValues)]()
        var known = [ColumnDefinition]()
        var pending = [(ColumnDefinition, ColumnDefault)]()
        for column in definition.columns {
            if let values = batch.column(named: column.name) {
                columns.append((column.name, values))
            } else if let defaultValue = column.defaultValue {
                pending.append((column, defaultValue))
                continue
            } else {
                columns.append((column.name, .defaults(column.type, count: batch.rowCount)))
            }
            known.append(column)
        }
        // A default may read another computed column: compute those that bind, until none is left.
        while !pending.isEmpty {
            var progressed = false
            var failure: SQLError?
            for (index, (column, defaultValue)) in pending.enumerated().reversed() {
                do throws(SQLError) {
                    let expression = try bind(try Parser.parseExpression(defaultValue.expression), over: known,
                                              database: definition.name.database).converted(to: column.type)
                    columns.append((column.name, try expression.evaluate(Batch(columns))))
                    known.append(column)
                    pending.remove(at: index)
                    progressed = true
                } catch {
                    failure = error
                }
            }
            if !progressed, let failure, let column = pending.first?.0 {
                throw .invalidDefault(column: column.name, table: definition.name, reason: failure.description)
            }
        }
        return Batch(definition.columns.map { column in (column.name, columns.first { $0.0 == column.name }!.1) })
    }

    private static var now: UInt32 { UInt32(clamping: Int(Date().timeIntervalSince1970)) }
}
