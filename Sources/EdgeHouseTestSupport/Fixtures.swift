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

extension ColumnValues {
    /// Value `row` as text (tests compare rows as strings).
    public func text(at row: Int) -> String {
        switch self {
        case .uint8(let v): "\(v[row])"
        case .uint32(let v): "\(v[row])"
        case .uint64(let v): "\(v[row])"
        case .float32(let v): "\(v[row])"
        case .float64(let v): "\(v[row])"
        case .dateTime(let v): DateTime.format(v[row])
        case .uuid(let v): v[row].description
        case .string(let v): v.string(at: row)
        case .float64Arrays(let v): "[" + v[row].map { FloatText.format($0) }.joined(separator: ",") + "]"
        case .aggregateStates(_, let v): v[row].map { String($0, radix: 16) }.joined()
        }
    }
}

extension Batch {
    /// Each row as tab-separated text, in batch order.
    public var rowTexts: [String] {
        (0..<rowCount).map { row in columns.map { $0.text(at: row) }.joined(separator: "\t") }
    }
}

/// `2026-11-20 10:05:07` as DateTime seconds; traps on bad text (tests only).
public func dt(_ text: String) -> UInt32 { DateTime.parse(text)! }
