enum FormatName: String, CaseIterable, Sendable {
    case tabSeparated = "TabSeparated"
    case tabSeparatedWithNames = "TabSeparatedWithNames"
    case tabSeparatedWithNamesAndTypes = "TabSeparatedWithNamesAndTypes"
    case csv = "CSV"
    case csvWithNames = "CSVWithNames"
    case jsonEachRow = "JSONEachRow"
    case values = "Values"
    case pretty = "Pretty"
    case prettyCompact = "PrettyCompact"
    // Output only.
    case tabSeparatedRaw = "TabSeparatedRaw"
    case tabSeparatedRawWithNames = "TabSeparatedRawWithNames"
    case csvWithNamesAndTypes = "CSVWithNamesAndTypes"
    case jsonCompactEachRow = "JSONCompactEachRow"
    case jsonCompactEachRowWithNames = "JSONCompactEachRowWithNames"
    case vertical = "Vertical"
    /// `{"meta": …, "data": …, "rows": n}` (without ClickHouse's timing statistics).
    case json = "JSON"
    case jsonCompact = "JSONCompact"
    /// Binary formats: output only (a server reads Native input itself, as blocks arrive).
    case native = "Native"
    case rowBinary = "RowBinary"
    case rowBinaryWithNamesAndTypes = "RowBinaryWithNamesAndTypes"
    /// Nothing at all: the query runs, its rows are dropped (output only).
    case null = "Null"

    /// Accepts ClickHouse's names and aliases (`TSV`, `TSVWithNames`), case-sensitively as ClickHouse does.
    init?(name: String) {
        switch name {
        case "TSV", "TabSeparated": self = .tabSeparated
        case "TSVWithNames", "TabSeparatedWithNames": self = .tabSeparatedWithNames
        case "TSVWithNamesAndTypes", "TabSeparatedWithNamesAndTypes": self = .tabSeparatedWithNamesAndTypes
        case "CSV": self = .csv
        case "CSVWithNames": self = .csvWithNames
        case "JSONEachRow": self = .jsonEachRow
        case "Values": self = .values
        // (EdgeHouse never colours Pretty output: the NoEscapes forms are the same.)
        case "Pretty", "PrettyNoEscapes": self = .pretty
        case "PrettyCompact", "PrettyCompactNoEscapes": self = .prettyCompact
        case "TSVRaw", "TabSeparatedRaw", "Raw": self = .tabSeparatedRaw
        case "TSVRawWithNames", "TabSeparatedRawWithNames", "RawWithNames": self = .tabSeparatedRawWithNames
        case "CSVWithNamesAndTypes": self = .csvWithNamesAndTypes
        case "JSONCompactEachRow": self = .jsonCompactEachRow
        case "JSONCompactEachRowWithNames": self = .jsonCompactEachRowWithNames
        case "Vertical": self = .vertical
        case "JSON": self = .json
        case "JSONCompact": self = .jsonCompact
        case "Native": self = .native
        case "RowBinary": self = .rowBinary
        case "RowBinaryWithNamesAndTypes": self = .rowBinaryWithNamesAndTypes
        case "Null": self = .null
        default: return nil
        }
    }
}
