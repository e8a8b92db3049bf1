import Logging

/// Brings a store directory back to its last commit when it is opened.
///
/// The manifest is the truth. Anything else in a table directory — `tmp_*` directories of
/// interrupted writes, parts renamed into place whose commit never happened, parts retired by a
/// merge whose directory was not yet removed — is deleted. A listed part that fails its
/// checksums is moved to `detached/broken_<name>` (as ClickHouse does) and reported, so the
/// rest of the table stays readable.
enum Recovery {
    static let detachedDirectory = "detached"

    static func recover(fileSystem: any FileSystem, root: String, logger: Logger) throws(StorageError) -> (state: StoreState, broken: [StorageError]) {
        let manifestPath = joinPath(root, Manifest.fileName)
        let manifest: Manifest
        do {
            try fileSystem.removeTree(joinPath(root, Manifest.temporaryFileName))
            manifest = fileSystem.fileExists(manifestPath)
                ? try Manifest.decode(try fileSystem.readFile(manifestPath), path: manifestPath)
                : Manifest()
        } catch let error as IOError {
            throw .io(error)
        } catch {
            throw error as! StorageError
        }
        var state = StoreState(version: manifest.version, logFlushedThrough: manifest.logFlushedThrough ?? 0, storeID: manifest.storeID)
        for view in manifest.views { state.views[view.name] = view }
        for view in manifest.plainViews ?? [] { state.plainViews[view.name] = view }
        state.databases.formUnion(manifest.databases)
        var broken = [StorageError]()
        for table in manifest.tables {
            let (parts, brokenParts) = try recoverTable(table, fileSystem: fileSystem, root: root, logger: logger)
            broken += brokenParts
            state.tables[table.definition.name] = TableState(
                definition: table.definition, nextBlock: table.nextBlock, parts: parts,
                deduplication: TableDeduplicationLog(blockIDs: table.deduplicationLog ?? []), forwarding: table.forwarding,
                directoryName: table.directoryName)
        }
        try removeDroppedTables(fileSystem: fileSystem, root: root, keeping: Set(manifest.tables.map(\.storageName)), logger: logger)
        return (state, broken)
    }

    private static func recoverTable(_ table: Manifest.Table, fileSystem: any FileSystem, root: String,
                                     logger: Logger) throws(StorageError) -> (parts: [DataPart], broken: [StorageError]) {
        var broken = [StorageError]()
        let directory = Store.tableDirectory(root: root, table.storageName)
        let listed = Set(table.parts.map(\.description))
        var parts = [DataPart]()
        do throws(IOError) {
            try fileSystem.makeDurableDirectory(directory)
            // A detach committed before its parts moved: they move now. An attach not committed:
            // its parts go back.
            for name in table.detaching ?? [] {
                try moveToDetached(fileSystem: fileSystem, tableDirectory: directory, part: name.description)
            }
            for attachment in table.attaching ?? [] {
                try moveToDetached(fileSystem: fileSystem, tableDirectory: directory, part: attachment.attached.description,
                                   as: attachment.detached.description)
            }
            for entry in try fileSystem.listDirectory(directory) where entry != detachedDirectory && !listed.contains(entry) {
                logger.debug("removing \(entry) of \(table.definition.name): not in the manifest")
                try fileSystem.removeTree(joinPath(directory, entry))
            }
            for name in table.parts {
                let partDirectory = joinPath(directory, name.description)
                do throws(StorageError) {
                    let reader = try PartReader.open(fileSystem: fileSystem, directory: partDirectory)
                    parts.append(DataPart(name: name, reader: reader, fileSystem: fileSystem))
                } catch .io(let error) {
                    throw error
                } catch let error {
                    logger.error("detaching broken part: \(error)")
                    broken.append(error)
                    try detach(fileSystem: fileSystem, tableDirectory: directory, part: name.description)
                }
            }
            return (parts, broken)
        } catch {
            throw .io(error)
        }
    }

    private static func detach(fileSystem: any FileSystem, tableDirectory: String, part: String) throws(IOError) {
        try moveToDetached(fileSystem: fileSystem, tableDirectory: tableDirectory, part: part, as: "broken_" + part)
    }

    /// Moves a part's directory, if it is there, into the table's `detached/` (replacing one of
    /// the same name), durably.
    static func moveToDetached(fileSystem: any FileSystem, tableDirectory: String, part: String, as detachedName: String? = nil) throws(IOError) {
        guard fileSystem.fileExists(joinPath(tableDirectory, part)) else { return }
        let detached = joinPath(tableDirectory, detachedDirectory)
        try fileSystem.createDirectory(detached)
        let target = joinPath(detached, detachedName ?? part)
        try fileSystem.removeTree(target)
        try fileSystem.rename(joinPath(tableDirectory, part), to: target)
        try fileSystem.syncDirectory(detached)
        try fileSystem.syncDirectory(tableDirectory)
    }

    /// Table directories whose table is not in the manifest belong to a dropped (or never
    /// committed) table.
    private static func removeDroppedTables(fileSystem: any FileSystem, root: String, keeping: Set<TableName>, logger: Logger) throws(StorageError) {
        let data = joinPath(root, "data")
        guard fileSystem.isDirectory(data) else { return }
        do {
            for database in try fileSystem.listDirectory(data) {
                let databaseDirectory = joinPath(data, database)
                for table in try fileSystem.listDirectory(databaseDirectory) {
                    guard let db = PartFile.unescape(database), let name = PartFile.unescape(table),
                          !keeping.contains(TableName(db, name)) else { continue }
                    logger.info("removing directory of dropped table \(db).\(name)")
                    try fileSystem.removeTree(joinPath(databaseDirectory, table))
                }
            }
        } catch {
            throw .io(error)
        }
    }
}
