import Foundation

/// Who may connect, and with which password: ClickHouse's `users.xml` reduced to what a
/// single-node store needs. Passwords are kept as SHA-256 hashes (`password_sha256_hex`) and
/// compared in constant time.
public struct Users: Sendable {
    private var hashes: [String: [UInt8]]

    /// The user `default` with no password: ClickHouse's out-of-the-box configuration.
    public static let openDefault = Users(hashes: ["default": SHA256.hash([UInt8]())])

    /// One user with a password (the `--user`/`--password` flags, or `CLICKHOUSE_USER` and
    /// `CLICKHOUSE_PASSWORD`).
    public init(user: String, password: String) {
        hashes = [user: SHA256.hash(Array(password.utf8))]
    }

    private init(hashes: [String: [UInt8]]) { self.hashes = hashes }

    /// A users file: `{"users": {"alice": {"password_sha256_hex": "…"}, …}}`.
    public init(file path: String) throws {
        struct Entry: Decodable { let password_sha256_hex: String }
        struct File: Decodable { let users: [String: Entry] }
        let file = try JSONDecoder().decode(File.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        var hashes = [String: [UInt8]]()
        for (name, entry) in file.users {
            let hex = Array(entry.password_sha256_hex.utf8)
            guard hex.count == 64, let bytes = Self.bytes(hex: hex) else {
                throw ServerException(.badArguments, message: "password_sha256_hex of user \(name) is not 64 hex digits")
            }
            hashes[name] = bytes
        }
        self.hashes = hashes
    }

    /// Whether every user has a non-empty password (required to listen beyond loopback).
    public var allHavePasswords: Bool { !hashes.values.contains(SHA256.hash([UInt8]())) }

    /// Checks a user's password; code 516 for an unknown user or a wrong password alike.
    func authenticate(user: String, password: String) throws(ServerException) {
        let name = user.isEmpty ? "default" : user
        let offered = SHA256.hash(Array(password.utf8))
        // Compared whatever the user, so the time does not tell whether the user exists.
        let expected = hashes[name] ?? SHA256.hash(Array("\u{0}no such user".utf8))
        var difference: UInt8 = 0
        for (a, b) in zip(offered, expected) { difference |= a ^ b }
        guard hashes[name] != nil, difference == 0 else { throw .authenticationFailed(user: name) }
    }

    private static func bytes(hex: [UInt8]) -> [UInt8]? {
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var out = [UInt8]()
        for i in stride(from: 0, to: hex.count, by: 2) {
            guard let high = nibble(hex[i]), let low = nibble(hex[i + 1]) else { return nil }
            out.append(high << 4 | low)
        }
        return out
    }
}
