/// A forwarded slice as its INSERT's body: one `Native` block of the slice's rows, written in
/// pieces so that the edge never holds a slice whole (the server, forming one block, does).
///
/// One block, so the central server makes one insert block (one block id under the token) of
/// it; `Native`, because a server reads it column by column: ClickHouse 18.16 takes a 1 M-row
/// Native block in 0.55 s and the same rows as RowBinary in 0.85 s (it also spends ~40 ms on
/// every INSERT, so slices are large). A block is laid out column after column:
///
/// ```
/// varint columns, varint rows
/// per column: String name, String type, the values of every row (NativeColumnLayout)
/// ```
///
/// so the pieces go column by column too: each is one column's values over about
/// ``pieceRows`` rows of one part, read and encoded when it is asked for. A column whose
/// Native layout cannot be cut by rows (an `Array`: every row's end offset comes before all
/// elements) is one piece. The bytes are the same in every attempt: the parts are pinned and
/// immutable.
public struct ForwardingBody: Sendable {
    /// About the rows in one piece.
    public static let pieceRows = 65_536

    /// The column names, in table order: the INSERT lists them.
    public let columns: [String]
    public let rowCount: Int
    /// About the body's size (each part's RowBinary estimate): for timeouts.
    public let estimatedBytes: Int
    private let types: [ColumnType]
    private let pieces: [Piece]

    /// One column's values over some granules of some parts.
    private struct Piece: Sendable {
        var column: Int
        var ranges: [Range]
    }

    /// Some granules of a part.
    typealias Range = (part: DataPart, granules: Swift.Range<Int>)

    init(ranges: [Range], definition: TableDefinition, pieceRows: Int = pieceRows) throws(StorageError) {
        // The columns an INSERT may give: the central server computes MATERIALIZED and ALIAS
        // columns itself, and refuses them in an INSERT.
        let sent = definition.columns.filter(\.isOrdinary)
        columns = sent.map(\.name)
        types = sent.map(\.type)
        rowCount = ranges.reduce(0) { total, range in total + range.granules.reduce(0) { $0 + range.part.meta.rows(inGranule: $1) } }
        var bytes = 0
        for range in ranges { bytes += try range.part.rowBinaryGranuleBytes()[range.granules].reduce(0, +) }
        estimatedBytes = bytes
        let cut = Self.cut(ranges, pieceRows: pieceRows)
        let types = self.types
        pieces = types.indices.flatMap { column in
            { if case .array = types[column] { true } else { false } }() || cut.isEmpty
                ? [Piece(column: column, ranges: ranges)] : cut.map { Piece(column: column, ranges: [$0]) }
        }
    }

    /// The number of pieces; ``piece(_:)`` reads each.
    public var pieceCount: Int { pieces.count }

    /// The bytes of piece `index` (the block's header with the first, a column's name and type
    /// with its first piece), read from the parts now.
    public func piece(_ index: Int) throws(StorageError) -> [UInt8] {
        let piece = pieces[index]
        var out = [UInt8]()
        if index == 0 {
            BinaryFormats.appendVarUInt(UInt64(columns.count), to: &out)
            BinaryFormats.appendVarUInt(UInt64(rowCount), to: &out)
        }
        if index == 0 || pieces[index - 1].column != piece.column {
            BinaryFormats.appendString(columns[piece.column], to: &out)
            BinaryFormats.appendString(types[piece.column].description, to: &out)
        }
        var values = ColumnValues.empty(types[piece.column])
        for range in piece.ranges {
            let column = ColumnDefinition(columns[piece.column], types[piece.column])
            values.append(contentsOf: try range.part.reader.read([column], granules: range.granules)[0])
        }
        NativeColumnLayout.append(values, rows: 0..<values.count, to: &out)
        return out
    }

    /// Each part's granules in runs of about `pieceRows` rows (at least one granule).
    private static func cut(_ ranges: [Range], pieceRows: Int) -> [Range] {
        var runs = [Range]()
        for range in ranges where !range.granules.isEmpty {
            var start = range.granules.lowerBound, rows = 0
            for granule in range.granules {
                rows += range.part.meta.rows(inGranule: granule)
                if rows >= pieceRows || granule == range.granules.upperBound - 1 {
                    runs.append((range.part, start..<granule + 1))
                    (start, rows) = (granule + 1, 0)
                }
            }
        }
        return runs
    }
}
