import EdgeHouse
import Foundation

/// A fresh directory under the system temporary directory, removed by `remove()`.
public struct TemporaryDirectory: Sendable {
    public let path: String

    public init(_ label: String = "edgehouse") {
        path = NSTemporaryDirectory() + "\(label)-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    public func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// `2026-11-20 10:05:07` as DateTime seconds; traps on bad text (tests only).
public func dt(_ text: String) -> UInt32 { DateTime.parse(text)! }
