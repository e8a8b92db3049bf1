/// The parts an `ALTER TABLE … PARTITION` statement acts on.
public enum PartSelection: Sendable, Equatable {
    case partition(PartitionID)
    case part(PartName)
    /// `PARTITION ALL`.
    case all

    func contains(_ name: PartName) -> Bool {
        switch self {
        case .partition(let id): name.partition == id
        case .part(let part): name == part
        case .all: true
        }
    }
}

/// A directory of a table's `detached/`, as `system.detached_parts` lists it.
public struct DetachedPart: Sendable, Equatable {
    public var table: TableName
    /// The directory's name: a part's (`202611_3_3_0`), or a prefixed one (`broken_…`).
    public var directoryName: String
    /// The part's name, when the directory's name is one (without a reason's prefix).
    public var part: PartName?
    /// Why it is there: empty for `DETACH`, `broken` for a part that failed its checks at open.
    public var reason: String
}

extension Store {
    /// `ALTER TABLE t DETACH PARTITION p` / `DETACH PART 'name'`: the parts leave the table in
    /// one commit and their directories move to `detached/` — at once, or when the last
    /// snapshot reading them lets go (the manifest lists them as detaching meanwhile, so a crash
    /// in between finishes the move at the next open).
    public func detachParts(_ name: TableName, _ selection: PartSelection) throws(StorageError) {
        let table = try table(name)
        let parts = table.parts.map(\.name).filter(selection.contains)
        if case .part(let part) = selection, parts.isEmpty { throw .noActivePart(part.description) }
        guard !parts.isEmpty else { return }
        // Earlier detaches whose moves are done leave the manifest's list.
        let moved = table.detaching.filter { !fileSystem.fileExists(joinPath(tableDirectory(name), $0.description)) }
        try commit(Change(detachedParts: [name: parts], detachesDone: [name: moved], removedParts: [name: parts]))
    }

    /// `ALTER TABLE t ATTACH PARTITION p` / `ATTACH PART 'name'`: the detached parts of the
    /// selection join the table again, each under a new block number (level 0), as ClickHouse
    /// renames them. Two commits: the moves planned, then the parts added — a crash between them
    /// moves the parts back to `detached/` at the next open.
    public func attachParts(_ name: TableName, _ selection: PartSelection) throws(StorageError) {
        let directory = tableDirectory(name)
        let detached = try detachedParts().filter { $0.table == name && $0.reason.isEmpty }.compactMap(\.part).filter(selection.contains).sorted()
        if case .part(let part) = selection, detached.isEmpty { throw .noDetachedPart(part.description) }
        guard !detached.isEmpty else { return }
        let first = try allocateBlocks(name, count: UInt64(detached.count))
        let attachments = detached.enumerated().map { index, part in
            PartAttachment(detached: part, attached: PartName(partition: part.partition, minBlock: first + UInt64(index),
                                                               maxBlock: first + UInt64(index), level: 0))
        }
        try commit(Change(attachments: [name: attachments]))
        var parts = [DataPart]()
        do throws(StorageError) {
            for attachment in attachments {
                let target = joinPath(directory, attachment.attached.description)
                try io { try fileSystem.rename(joinPath(directory, Recovery.detachedDirectory, attachment.detached.description), to: target) }
                parts.append(DataPart(name: attachment.attached, reader: try PartReader.open(fileSystem: fileSystem, directory: target),
                                      fileSystem: fileSystem))
            }
            // Both directories: a rename is durable only once each side is synced.
            try io { try fileSystem.syncDirectory(joinPath(directory, Recovery.detachedDirectory)) }
            try io { try fileSystem.syncDirectory(directory) }
            try commit(Change(attachmentsDone: [name], addedParts: [name: parts]))
        } catch {
            // A part that fails its checks (or a failed move): every part back where it was. If
            // this fails too, the manifest still lists the moves, and the next open undoes them.
            for attachment in attachments {
                try? Recovery.moveToDetached(fileSystem: fileSystem, tableDirectory: directory, part: attachment.attached.description,
                                             as: attachment.detached.description)
            }
            _ = try? commit(Change(attachmentsDone: [name]))
            throw error
        }
    }

    /// Every directory in the `detached/` of every table, by table and name.
    public func detachedParts() throws(StorageError) -> [DetachedPart] {
        var parts = [DetachedPart]()
        for name in currentState.tables.keys.sorted() {
            let directory = joinPath(tableDirectory(name), Recovery.detachedDirectory)
            // No directory: nothing was ever detached. Any other failure to list it is an error.
            guard fileSystem.isDirectory(directory) else { continue }
            for entry in try io({ try fileSystem.listDirectory(directory) }).sorted() {
                let broken = entry.hasPrefix("broken_")
                parts.append(DetachedPart(table: name, directoryName: entry, part: PartName(broken ? String(entry.dropFirst(7)) : entry),
                                          reason: broken ? "broken" : ""))
            }
        }
        return parts
    }
}
