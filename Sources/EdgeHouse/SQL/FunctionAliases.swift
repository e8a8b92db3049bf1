/// The other names ClickHouse gives its functions: the case-insensitive ones in any case (`SUM`,
/// `Count`, `LOWER`) and the aliases (`VAR_POP`, `STDDEV`, `first_value`), each with the function
/// it names (the table is ClickHouse 26.9's, generated into `FunctionNames.swift`).
///
/// The binder asks only when a name as written is not one it knows, so a function's own name
/// always wins.
enum FunctionNames {
    /// The function `name` is another name of, or nil when it is none (or is that function's own).
    static func canonical(_ name: String) -> String? {
        let target = table.exact[name] ?? table.caseInsensitive[name.lowercased()]
        return target == name ? nil : target
    }

    private static let table: (exact: [String: String], caseInsensitive: [String: String]) = {
        var exact = [String: String](), caseInsensitive = [String: String]()
        for line in clickHouseTable.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            if fields[2] == "1" { caseInsensitive[String(fields[0])] = String(fields[1]) } else { exact[String(fields[0])] = String(fields[1]) }
        }
        return (exact, caseInsensitive)
    }()
}
