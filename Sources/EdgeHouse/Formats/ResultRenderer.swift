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
        guard started else { return OutputFormat.write(batch, as: format) }
        var bytes = OutputFormat.write(batch, as: format.withoutHeader, rowsBefore: rowsSoFar)
        if format == .values, rowsSoFar > 0, batch.rowCount > 0 { bytes.insert(UInt8(ascii: ","), at: 0) }
        return bytes
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
