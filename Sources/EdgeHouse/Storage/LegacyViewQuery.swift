/// A GROUP BY view as stores written before views were kept as SQL text encoded it in their
/// MANIFEST: Swift's synthesized `Codable` layout of the query it was compiled to, frozen here
/// so that the engine's types can change without changing what old stores mean.
///
/// ```json
/// {"groupBy": [{"toStartOfHour": {"_0": {"column": {"_0": "t"}}}}, {"column": {"_0": "name"}}],
///  "select": [{"key": {"_0": "hour", "_1": {"toStartOfHour": …}}},
///             {"aggregate": {"_0": "q", "_1": {"kind": "quantile(0.9)", "combinator": "State", "argument": "f32"}}}]}
/// ```
struct LegacyViewQuery: Decodable {
    /// A key: a column, or `toStartOfHour`, `toStartOfDay` or `toYYYYMM` of a key.
    indirect enum Key: Decodable, Equatable {
        case column(String)
        case function(String, Key)

        private struct Only<Value: Decodable>: Decodable {
            let value: Value
            private enum CodingKeys: String, CodingKey { case value = "_0" }
        }

        private struct CaseKey: CodingKey {
            let stringValue: String
            init?(stringValue: String) { self.stringValue = stringValue }
            var intValue: Int? { nil }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CaseKey.self)
            guard container.allKeys.count == 1, let label = container.allKeys.first else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a key is one case"))
            }
            switch label.stringValue {
            case "column": self = .column(try container.decode(Only<String>.self, forKey: label).value)
            case "toStartOfHour", "toStartOfDay", "toYYYYMM":
                self = .function(label.stringValue, try container.decode(Only<Key>.self, forKey: label).value)
            default:
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown key \(label.stringValue)"))
            }
        }

        var text: String {
            switch self {
            case .column(let name): name
            case .function(let name, let argument): "\(name)(\(argument.text))"
            }
        }
    }

    struct Call: Decodable {
        /// The function with its parameters: `count`, `quantile(0.9)`.
        let kind: String
        /// `State` or `Merge` (or empty).
        let combinator: String
        let argument: String?
    }

    enum Item: Decodable {
        case key(String, Key)
        case aggregate(String, Call)

        private enum CodingKeys: String, CodingKey { case key, aggregate }
        private enum Fields: String, CodingKey { case name = "_0", value = "_1" }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if container.contains(.key) {
                let fields = try container.nestedContainer(keyedBy: Fields.self, forKey: .key)
                self = .key(try fields.decode(String.self, forKey: .name), try fields.decode(Key.self, forKey: .value))
            } else {
                let fields = try container.nestedContainer(keyedBy: Fields.self, forKey: .aggregate)
                self = .aggregate(try fields.decode(String.self, forKey: .name), try fields.decode(Call.self, forKey: .value))
            }
        }
    }

    let select: [Item]
    let groupBy: [Key]

    /// The SELECT this query was compiled from: `SELECT toStartOfHour(t) AS hour, …,
    /// quantileState(0.9)(f32) AS q FROM db.source GROUP BY hour, …`.
    func select(from source: TableName) -> String {
        var keyNames = [String: String]()
        let items = select.map { item in
            switch item {
            case .key(let name, let key):
                keyNames[key.text] = name
                return key == .column(name) ? name : "\(key.text) AS \(name)"
            case .aggregate(let name, let call):
                // `quantile(0.9)` + `State` → `quantileState(0.9)`.
                let open = call.kind.firstIndex(of: "(") ?? call.kind.endIndex
                let function = call.kind[..<open] + call.combinator + call.kind[open...]
                return "\(function)(\(call.argument ?? "")) AS \(name)"
            }
        }
        let groups = groupBy.map { keyNames[$0.text] ?? $0.text }
        return "SELECT " + items.joined(separator: ", ") + " FROM \(source)" + (groups.isEmpty ? "" : " GROUP BY " + groups.joined(separator: ", "))
    }
}
