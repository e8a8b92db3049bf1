import Foundation

/// `MANIFEST`: the committed state of a store — its tables, their block counters and their
/// active parts. It is the commit point of every change: a set of parts (an insert into a
/// table and its views, a merge, a TTL drop) becomes visible, and survives a crash, exactly
/// when a manifest that lists it has been renamed into place.
///
/// Layout (see `docs/format/manifest.md`): JSON, then a line `#crc32c <hex>` over the JSON bytes.
struct Manifest: Codable, Equatable {
    static let fileName = "MANIFEST"
    static let temporaryFileName = "MANIFEST.tmp"
    static let currentFormatVersion = 1

    struct Table: Codable, Equatable {
        var definition: TableDefinition
        var nextBlock: UInt64
        var parts: [PartName]
        /// Ids of the last stored insert blocks, oldest first (tables with a deduplication window).
        var deduplicationLog: [String]?
        var forwarding: TableForwarding?
        /// Parts a `DETACH` removed whose directories may not be in `detached/` yet.
        var detaching: [PartName]?
        /// Parts an `ATTACH` is moving out of `detached/`, not yet committed as parts.
        var attaching: [PartAttachment]?
        /// The name the table's directory was made for, when the table was renamed since.
        var directoryName: TableName?

        var storageName: TableName { directoryName ?? definition.name }
    }

    var formatVersion = Manifest.currentFormatVersion
    /// Incremented by every commit.
    var version: UInt64 = 0
    var tables: [Table] = []
    var views: [MaterializedViewDefinition] = []
    /// `CREATE VIEW` views (absent when there are none).
    var plainViews: [PlainViewDefinition]?
    /// Databases created with `CREATE DATABASE` (a database also exists while it has tables).
    var databases: [String] = []
    /// The highest insert-log segment whose rows are in parts (absent before the first flush).
    var logFlushedThrough: UInt64?
    /// The store's identity in forwarding tokens (absent until forwarding first starts).
    var storeID: String?

    func encode() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // A manifest of Codable values always encodes.
        let json = Array(try! encoder.encode(self))
        return json + Array("\n#crc32c \(String(CRC32C.checksum(json), radix: 16))\n".utf8)
    }

    static func decode(_ bytes: [UInt8], path: String) throws(StorageError) -> Manifest {
        guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else {
            throw .corruptManifest(path: path, reason: "no checksum line")
        }
        let json = Array(bytes[..<newline])
        let trailer = String(decoding: bytes[(newline + 1)...], as: UTF8.self).trimmingCharacters(in: .newlines)
        guard trailer.hasPrefix("#crc32c "), UInt32(trailer.dropFirst(8), radix: 16) == CRC32C.checksum(json) else {
            throw .corruptManifest(path: path, reason: "checksum does not match")
        }
        do {
            let manifest = try JSONDecoder().decode(Manifest.self, from: Data(json))
            guard manifest.formatVersion == currentFormatVersion else {
                throw StorageError.corruptManifest(path: path, reason: "unsupported format version \(manifest.formatVersion)")
            }
            return manifest
        } catch let error as StorageError {
            throw error
        } catch {
            throw .corruptManifest(path: path, reason: "\(error)")
        }
    }
}
