import Logging
import Synchronization

/// An active (or retired) part of a table: its open reader and its place on disk.
///
/// Snapshots hold parts by reference. When a merge or TTL drop replaces a part, the part is
/// marked retired and its directory is removed when the last snapshot that can still read it
/// lets go — readers never lose a file under their feet.
public final class DataPart: Sendable {
    public let name: PartName
    let reader: PartReader
    private let fileSystem: any FileSystem
    private let retired = Atomic<Bool>(false)
    /// Retired by `DETACH`: moved to the table's `detached/` rather than removed.
    private let detachedOnRetirement = Atomic<Bool>(false)
    /// ``rowBinaryGranuleBytes()``, once worked out.
    private let granuleBytes = Locked<[Int]?>(nil)
    /// ``timeRange(of:)`` of `Date` columns, once read.
    private let dateRanges = Locked<[String: ClosedRange<UInt32>?]>([:])

    init(name: PartName, reader: PartReader, fileSystem: any FileSystem) {
        self.name = name
        self.reader = reader
        self.fileSystem = fileSystem
    }

    public var meta: PartMeta { reader.meta }
    public var rows: Int { reader.meta.rows }

    /// Whether the part was written with `column` (its name and type): a column dropped since
    /// may still be in it.
    public func holds(_ column: ColumnDefinition) -> Bool { reader.holds(column) }
    var directory: String { reader.directory }

    /// About the bytes each granule's rows take in RowBinary, as forwarding sends them:
    /// fixed-width columns by their width, strings and arrays by their lengths, one length byte
    /// each (a LEB128 length of a value over 127 bytes takes more: under 1 % of the value).
    /// Read once, a few granules at a time, and kept: the part never changes.
    func rowBinaryGranuleBytes() throws(StorageError) -> [Int] {
        if let known = granuleBytes.withLock({ $0 }) { return known }
        let meta = self.meta
        let fixed = meta.columns.compactMap(\.type.fixedWidth).reduce(0, +)
        var bytes = (0..<meta.granuleCount).map { meta.rows(inGranule: $0) * fixed }
        let variable = meta.columns.indices.filter { meta.columns[$0].type.fixedWidth == nil }
        for start in stride(from: 0, to: meta.granuleCount, by: 64) {
            let granules = start..<min(meta.granuleCount, start + 64)
            for values in try reader.read(columns: variable, granules: granules) {
                var row = 0
                for granule in granules {
                    let rows = meta.rows(inGranule: granule)
                    bytes[granule] += values.byteCount(rows: row..<row + rows)
                    row += rows
                }
            }
        }
        granuleBytes.withLock { $0 = bytes }
        return bytes
    }

    /// The first and last time of a `DateTime` or `Date` column's rows (a date at its midnight),
    /// in `DateTime` seconds: from the part's metadata for a `DateTime`; a `Date` column is read
    /// once and the answer kept (the part never changes). `nil` for other types, or no rows.
    func timeRange(of column: ColumnDefinition) throws(StorageError) -> ClosedRange<UInt32>? {
        if column.type == .dateTime { return meta.dateTimeRanges[column.name] }
        guard column.type == .date else { return nil }
        if let known = dateRanges.withLock({ $0[column.name] }) { return known }
        var range: ClosedRange<UInt16>?
        for start in stride(from: 0, to: meta.granuleCount, by: 64) {
            guard case .date(let days) = try reader.read([column], granules: start..<min(meta.granuleCount, start + 64))[0],
                  let low = days.min(), let high = days.max() else { continue }
            range = range.map { min($0.lowerBound, low)...max($0.upperBound, high) } ?? low...high
        }
        let seconds = range.map { TTLRule.seconds(ofDay: $0.lowerBound)...TTLRule.seconds(ofDay: $0.upperBound) }
        dateRanges.withLock { $0[column.name] = seconds }
        return seconds
    }

    /// Marks the part for deletion once no snapshot uses it — or, `detaching`, for a move to
    /// the table's `detached/` (the manifest lists it as detaching until then: see `Recovery`).
    func retire(detaching: Bool = false) {
        detachedOnRetirement.store(detaching, ordering: .relaxed)
        retired.store(true, ordering: .releasing)
    }

    deinit {
        guard retired.load(ordering: .acquiring) else { return }
        do {
            if detachedOnRetirement.load(ordering: .relaxed) {
                try Recovery.moveToDetached(fileSystem: fileSystem, tableDirectory: parentDirectory(reader.directory), part: name.description)
            } else {
                try fileSystem.removeTree(reader.directory)
            }
        } catch {
            // Not fatal: the next open removes directories the manifest does not list.
            Logger(label: "edgehouse.storage").warning("cannot remove retired part \(reader.directory): \(error)")
        }
    }
}
