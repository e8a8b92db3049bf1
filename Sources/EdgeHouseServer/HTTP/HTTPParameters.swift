import EdgeHouse
import Foundation
import NIOHTTP1

/// What an HTTP request says besides its SQL: the URL's parameters, split into ClickHouse's
/// reserved ones, settings and `{name:Type}` query parameters, and the credentials in whichever
/// of ClickHouse's three places they come.
struct HTTPParameters {
    var path: String
    var query: String?
    var database: String?
    var defaultFormat: String?
    var queryID: String?
    var sessionID: String?
    /// `wait_end_of_query=1`: the whole result before the response (so an error still gets its status).
    var waitEndOfQuery = false
    var user = "default"
    var password = ""
    /// `param_x=…` values for `{x:Type}` placeholders.
    var queryParameters: [String: String] = [:]
    /// Everything else: settings, checked against the known ones when applied.
    var settings: [(name: String, value: String)] = []

    /// Parameters that are not settings (ClickHouse's reserved HTTP parameter names).
    private static let reserved: Set<String> = [
        "query", "database", "default_format", "query_id", "session_id", "session_timeout", "session_check", "user", "password",
        "quota_key", "compress", "decompress", "buffer_size", "client_protocol_version", "stacktrace", "role", "with_stacktrace",
        "wait_end_of_query",
    ]

    init(_ head: HTTPRequestHead) {
        let uri = head.uri
        let queryStart = uri.firstIndex(of: "?")
        path = Self.decode(String(uri[..<(queryStart ?? uri.endIndex)]), plusIsSpace: false)
        if let queryStart {
            for pair in uri[uri.index(after: queryStart)...].split(separator: "&", omittingEmptySubsequences: true) {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = Self.decode(String(parts[0]), plusIsSpace: true)
                let value = parts.count > 1 ? Self.decode(String(parts[1]), plusIsSpace: true) : ""
                switch name {
                case "query": query = value
                case "database": database = value
                case "default_format": defaultFormat = value
                case "query_id": queryID = value
                case "session_id": sessionID = value
                case "wait_end_of_query": waitEndOfQuery = value == "1" || value.lowercased() == "true"
                case "user": user = value
                case "password": password = value
                case _ where name.hasPrefix("param_"): queryParameters[String(name.dropFirst(6))] = value
                case _ where Self.reserved.contains(name): break
                default: settings.append((name, value))
                }
            }
        }
        if let headerUser = head.headers.first(name: "X-ClickHouse-User") { user = headerUser }
        if let key = head.headers.first(name: "X-ClickHouse-Key") { password = key }
        if let authorization = head.headers.first(name: "Authorization"), authorization.lowercased().hasPrefix("basic "),
           let decoded = Data(base64Encoded: String(authorization.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
           let credentials = String(data: decoded, encoding: .utf8) {
            let parts = credentials.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            user = String(parts[0])
            password = parts.count > 1 ? String(parts[1]) : ""
        }
    }

    /// Whether a response may be compressed as the request's `Accept-Encoding` asks
    /// (`enable_http_compression`, on by default in ClickHouse 26.9).
    var allowsCompression: Bool {
        var settings = Settings()
        for (name, value) in self.settings where name == "enable_http_compression" { try? settings.set(name, value) }
        return settings.httpCompression
    }

    /// Percent-decoding of a URL component (`+` is a space in parameters, as in HTML forms).
    static func decode(_ text: String, plusIsSpace: Bool) -> String {
        var bytes = [UInt8]()
        let utf8 = Array(text.utf8)
        var index = 0
        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        while index < utf8.count {
            let c = utf8[index]
            if c == UInt8(ascii: "%"), index + 2 < utf8.count, let high = hex(utf8[index + 1]), let low = hex(utf8[index + 2]) {
                bytes.append(high << 4 | low)
                index += 3
                continue
            }
            bytes.append(plusIsSpace && c == UInt8(ascii: "+") ? UInt8(ascii: " ") : c)
            index += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
