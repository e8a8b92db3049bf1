/// Renders a result that arrives in batches (a streamed SELECT) in an output format, so that the
/// batches' bytes together are what rendering the whole result at once gives: the format's header
/// (names, types) once, with the first batch; the separator `Values` puts between rows also
/// between batches.
public struct ResultRenderer: Sendable {
    private let format: FormatName
    private var started = false
    private var rowsSoFar = 0

    /// A renderer for the output format `name` (ClickHouse's names and aliases); code 73 otherwise.
    public init(format name: String) throws(SQLError) {
        guard let format = FormatName(name: name) else { throw .unknownFormat(name) }
        self.format = format
    }

    /// The bytes of the next batch (the first one, which may have no rows, names the columns).
    public mutating func render(_ batch: Batch) -> [UInt8] {
        defer {
            started = true
            rowsSoFar += batch.rowCount
        }
        if format == .json || format == .jsonCompact {
            let rows = OutputFormat.jsonRows(batch, compact: format == .jsonCompact, first: rowsSoFar == 0)
            return started ? rows : OutputFormat.jsonHeader(batch) + rows
        }
        guard started else { return OutputFormat.write(batch, as: format) }
        var bytes = OutputFormat.write(batch, as: format.withoutHeader, rowsBefore: rowsSoFar)
        if format == .values, rowsSoFar > 0, batch.rowCount > 0 { bytes.insert(UInt8(ascii: ","), at: 0) }
        return bytes
    }

    /// What the format writes after the last batch (JSON's closing; nothing for the others).
    public func finish() -> [UInt8] {
        format == .json || format == .jsonCompact ? OutputFormat.jsonFooter(rows: rowsSoFar) : []
    }

    /// The `WITH TOTALS` row after the rows, as ClickHouse writes it in this format: after a
    /// blank line in TSV and CSV, under `Totals:` in Vertical and Pretty; JSONEachRow,
    /// JSONCompactEachRow and Values leave it out.
    public func renderTotals(_ totals: Batch) -> [UInt8] {
        switch format {
        case .tabSeparated, .tabSeparatedWithNames, .tabSeparatedWithNamesAndTypes, .tabSeparatedRaw, .tabSeparatedRawWithNames,
             .csv, .csvWithNames, .csvWithNamesAndTypes:
            return [UInt8(ascii: "\n")] + OutputFormat.write(totals, as: format.withoutHeader)
        case .vertical:
            let width = totals.names.map(\.count).max() ?? 0
            var text = "\n\nTotals:\n" + String(repeating: "─", count: 7) + "\n"
            for (name, column) in zip(totals.names, totals.columns) {
                text += name + ":" + String(repeating: " ", count: width - name.count + 1) + column.text(at: 0) + "\n"
            }
            return Array(text.utf8)
        case .pretty, .prettyCompact:
            return Array("\nTotals:\n".utf8) + OutputFormat.write(totals, as: format)
        default:
            return []
        }
    }
}

extension FormatName {
    /// The same rows without the header a `…WithNames` format writes first.
    var withoutHeader: FormatName {
        switch self {
        case .tabSeparatedWithNames, .tabSeparatedWithNamesAndTypes: .tabSeparated
        case .csvWithNames, .csvWithNamesAndTypes: .csv
        case .tabSeparatedRawWithNames: .tabSeparatedRaw
        case .jsonCompactEachRowWithNames: .jsonCompactEachRow
        case .rowBinaryWithNamesAndTypes: .rowBinary
        default: self
        }
    }
}
