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

    init(name: PartName, reader: PartReader, fileSystem: any FileSystem) {
        self.name = name
        self.reader = reader
        self.fileSystem = fileSystem
    }

    public var meta: PartMeta { reader.meta }
    public var rows: Int { reader.meta.rows }
    var directory: String { reader.directory }

    /// Marks the part for deletion once no snapshot uses it.
    func retire() { retired.store(true, ordering: .releasing) }

    deinit {
        guard retired.load(ordering: .acquiring) else { return }
        do {
            try fileSystem.removeTree(reader.directory)
        } catch {
            // Not fatal: the next open removes directories the manifest does not list.
            Logger(label: "edgehouse.storage").warning("cannot remove retired part \(reader.directory): \(error)")
        }
    }
}
