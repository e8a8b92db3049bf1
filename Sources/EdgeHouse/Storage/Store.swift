import Foundation
import Logging

/// An EdgeHouse store: a set of MergeTree tables in one directory (or in memory), with one
/// commit point, the manifest.
///
/// ```swift
/// let store = try Store.open(path: "/var/lib/edgehouse")      // or Store.inMemory()
/// try store.createTable(definition)
/// try store.insert(batch, into: TableName("metrics", "requests"))
/// let rows = try store.snapshot().read(table, columns: ["latency_ms"])
/// ```
///
/// Writers prepare parts outside any lock and then commit them; readers take a ``Snapshot``,
/// an immutable view of every table's active parts, and never block writers. See
/// ARCHITECTURE.md for the data path.
public final class Store: Sendable {
    let fileSystem: any FileSystem
    let root: String
    public let options: StoreOptions
    let logger = Logger(label: "edgehouse.store")
    private let state: Locked<StoreState>
    /// Serializes commits (manifest writes); never held by readers.
    private let commitLock = NSLock()
    /// Parts a merge or mutation is currently rewriting, so two never take the same part.
    let partsBeingMerged = ClaimSet<PartKey>()
    /// `SYSTEM STOP MERGES`: the tables no merge may rewrite until `START MERGES` (all of them
    /// when `nil` is in the set), as in ClickHouse not kept across restarts.
    let mergesStopped = Locked<Set<TableName?>>([])
    private let processLock: FileLock
    private let maintenance = Locked<MaintenanceTask?>(nil)
    /// The write-ahead log and pending rows of buffered inserts.
    let insertLog: InsertLog
    /// Held by the one flush of the insert buffer that may run at a time.
    let flushLock = NSLock()
    let bufferTicker = Locked<BufferTicker?>(nil)
    /// What forwarders running on this store last said, per table (`system.forwarding`).
    let forwardingReports = Locked([TableName: ForwardingReport]())
    /// Views bound to their sources' definitions, for inserts (`boundViews`).
    let boundViewCache = Locked([BoundViewKey: BoundView]())
    /// Decompressed blocks of recent short reads (``StoreOptions/blockCacheBytes``).
    let blockCache: BlockCache?
    /// Parts found broken when the store was opened, moved to `detached/`.
    public let brokenParts: [StorageError]

    /// Opens (creating if needed) a store in a directory on disk.
    public static func open(path: String, options: StoreOptions = .default) throws(StorageError) -> Store {
        try Store(fileSystem: PosixFileSystem(), root: path, options: options)
    }

    /// A store that lives in memory: the same parts, merges and commits, on a ``MemoryFileSystem``.
    public static func inMemory(options: StoreOptions = .default) -> Store {
        // Creating a store on an empty memory file system cannot fail.
        try! Store(fileSystem: MemoryFileSystem(), root: "/store", options: options)
    }

    /// Opens a store on any file system (tests use this to inject faults).
    public init(fileSystem: any FileSystem, root: String, options: StoreOptions = .default) throws(StorageError) {
        self.fileSystem = fileSystem
        self.root = root
        self.options = options
        blockCache = options.blockCacheBytes > 0 ? BlockCache(capacity: options.blockCacheBytes) : nil
        do {
            try fileSystem.makeDurableDirectory(root)
            processLock = try fileSystem.lockExclusively(joinPath(root, "LOCK"))
        } catch {
            throw error.operation == .lock ? .storeLocked(path: root) : .io(error)
        }
        let recovered = try Recovery.recover(fileSystem: fileSystem, root: root, logger: logger)
        state = Locked(recovered.state)
        brokenParts = recovered.broken
        let (log, replayed) = try InsertLog.open(fileSystem: fileSystem, directory: joinPath(root, "wal"),
                                                 flushedThrough: recovered.state.logFlushedThrough, logger: logger)
        insertLog = log
        replayInsertLog(replayed)
        if options.backgroundMaintenance { startMaintenance() }
    }

    deinit {
        maintenance.withLock { $0?.cancel() }
        bufferTicker.withLock { $0?.cancel() }
    }

    /// Flushes the insert buffer and stops background work. The store stays readable and
    /// writable; nothing is lost by not calling this (every acknowledged insert is already
    /// durable, buffered ones in the insert log).
    public func close() {
        bufferTicker.withLock { ticker in
            ticker?.cancel()
            ticker = nil
        }
        do { try flushInsertBuffer() } catch {
            logger.error("flushing the insert buffer on close failed (the rows stay in the insert log): \(error)")
        }
        // Taken out of the lock before waiting: the worker's commits wake the task through it.
        let task = maintenance.withLock { task in
            defer { task = nil }
            return task
        }
        task?.stop()
    }

    /// An immutable view of every table's active parts at this moment.
    public func snapshot() -> Snapshot {
        state.withLock { Snapshot(tables: $0.tables, views: $0.views, plainViews: $0.plainViews, options: options, blockCache: blockCache) }
    }

    /// The current state (a copy: parts are shared by reference).
    var currentState: StoreState { state.withLock { $0 } }

    /// Directory of a table's parts (a renamed table's is the one it was made with).
    func tableDirectory(_ name: TableName) -> String {
        let storageName = state.withLock { ($0.tables[name] ?? $0.detachedTables[name])?.storageName }
        return Self.tableDirectory(root: root, storageName ?? name)
    }

    static func tableDirectory(root: String, _ name: TableName) -> String {
        joinPath(root, "data", directoryName(of: name))
    }

    /// `<database>/<table>`, escaped: a table's directory under `data/`.
    static func directoryName(of name: TableName) -> String {
        joinPath(PartFile.escape(name.database), PartFile.escape(name.table))
    }

    func table(_ name: TableName) throws(StorageError) -> TableState {
        guard let table = state.withLock({ $0.tables[name] }) else { throw .unknownTable(name) }
        return table
    }

    /// Reserves `count` consecutive block numbers of a table (ClickHouse's per-table block
    /// counter). Numbers of an insert that never commits are simply skipped.
    func allocateBlocks(_ table: TableName, count: UInt64) throws(StorageError) -> UInt64 {
        try state.withLock { (state: inout StoreState) throws(StorageError) -> UInt64 in
            guard var entry = state.tables[table] else { throw .unknownTable(table) }
            let first = entry.nextBlock
            entry.nextBlock += count
            state.tables[table] = entry
            return first
        }
    }

    // MARK: - Tables

    /// `CREATE TABLE [IF NOT EXISTS]`.
    public func createTable(_ definition: TableDefinition, ifNotExists: Bool = false) throws(StorageError) {
        do {
            try commit(Change(createdTables: [definition]))
        } catch .tableAlreadyExists where ifNotExists {
            return
        }
    }

    /// `ALTER TABLE … ADD/DROP COLUMN`: the table's new definition. Parts written before keep
    /// their bytes: a column they lack reads as its type's defaults, a column they have that the
    /// table no longer does is not read, and merges write parts of the new columns.
    public func alterTable(_ definition: TableDefinition) throws(StorageError) {
        try commit(Change(alteredTables: [definition]))
    }

    /// `DROP TABLE [IF EXISTS]`.
    public func dropTable(_ name: TableName, ifExists: Bool = false) throws(StorageError) {
        do {
            try commit(Change(droppedTables: [name]))
        } catch .unknownTable where ifExists {
            return
        }
    }

    /// `DETACH TABLE [IF EXISTS]`: the table out of use (unknown to queries and inserts) until
    /// `ATTACH TABLE` or the next open. Its parts and definition stay as they are.
    public func detachTable(_ name: TableName, ifExists: Bool = false) throws(StorageError) {
        do {
            try commit(Change(detachedTables: [name]))
        } catch .unknownTable where ifExists {
            return
        }
    }

    /// `ATTACH TABLE [IF NOT EXISTS]`: a detached table back in use.
    public func attachTable(_ name: TableName, ifNotExists: Bool = false) throws(StorageError) {
        do {
            try commit(Change(attachedTables: [name]))
        } catch .tableAlreadyExists where ifNotExists {
            return
        }
    }

    /// Definitions of every table, sorted by name.
    public var tables: [TableDefinition] {
        state.withLock { $0.tables.values.map(\.definition).sorted { $0.name < $1.name } }
    }

    /// Every database: created ones, `default`, and any that holds a table.
    public var databases: [String] {
        state.withLock { state in Set(state.databases).union(state.tables.keys.map(\.database)).sorted() }
    }

    /// `CREATE DATABASE [IF NOT EXISTS]`.
    public func createDatabase(_ name: String, ifNotExists: Bool = false) throws(StorageError) {
        if databases.contains(name) {
            if ifNotExists { return }
            throw .databaseAlreadyExists(name)
        }
        try commit(Change(createdDatabases: [name]))
    }

    /// `DROP DATABASE [IF EXISTS]`: drops its tables and views too.
    public func dropDatabase(_ name: String, ifExists: Bool = false) throws(StorageError) {
        guard databases.contains(name) else {
            if ifExists { return }
            throw .unknownDatabase(name)
        }
        let state = currentState
        try commit(Change(droppedTables: state.tables.keys.filter { $0.database == name },
                          droppedViews: (Array(state.views.keys) + Array(state.plainViews.keys) + Array(state.detachedViews.keys))
                              .filter { $0.database == name },
                          droppedDatabases: [name]))
    }

    /// `RENAME TABLE` of a view (materialized or not): a materialized view keeps its target,
    /// an inner one included, under the target's name.
    /// `RENAME TABLE a TO b, c TO d, …` of tables and views, in order and in one commit: all
    /// of them or none. Only names change: no part moves (see ``StoreState/rename(_:to:)``).
    public func rename(_ pairs: [(from: TableName, to: TableName)]) throws(StorageError) {
        // Buffered rows are logged under their table's name: they go into parts first.
        try flushInsertBuffer()
        var change = Change()
        change.renamed = pairs
        try commit(change)
    }

    /// `EXCHANGE TABLES a AND b`: each takes the other's name, atomically.
    public func exchange(_ first: TableName, _ second: TableName) throws(StorageError) {
        guard first != second else {
            let exists = state.withLock { $0.tables[first] != nil || $0.views[first] != nil || $0.plainViews[first] != nil }
            if exists { return } else { throw .unknownTable(first) }
        }
        let parked = TableName(first.database, "\u{0}exchanging")
        try rename([(first, parked), (second, first), (parked, second)])
    }

    /// Definitions of every materialized view, sorted by name.
    public var views: [MaterializedViewDefinition] {
        state.withLock { $0.views.values.sorted { $0.name < $1.name } }
    }

    /// Every `CREATE VIEW` view, sorted by name.
    public var plainViews: [PlainViewDefinition] {
        state.withLock { $0.plainViews.values.sorted { $0.name < $1.name } }
    }

    /// `CREATE VIEW [IF NOT EXISTS] name AS SELECT …` (the SELECT's text, checked by the caller).
    public func createPlainView(_ view: PlainViewDefinition, ifNotExists: Bool = false) throws(StorageError) {
        do {
            try commit(Change(createdPlainViews: [view]))
        } catch .tableAlreadyExists where ifNotExists {
            return
        }
    }

    // MARK: - Commit

    /// Applies a change — tables created or dropped, parts added and removed in any number of
    /// tables — atomically: a new manifest is written and renamed into place, then the new
    /// state is published to readers. Either all of it becomes visible (and durable) or none.
    ///
    /// - Throws: `.unknownTable` / `.tableAlreadyExists`, or a conflict when a part to remove is
    ///   no longer active (a concurrent merge or drop got there first); the caller discards its work.
    @discardableResult
    func commit(_ change: Change) throws(StorageError) -> Snapshot {
        let published = try publish(change)
        wakeMaintenance()
        return published
    }

    /// The serialized part of ``commit(_:)``: one commit at a time writes the manifest.
    private func publish(_ change: Change) throws(StorageError) -> Snapshot {
        commitLock.lock()
        defer { commitLock.unlock() }
        var next = state.withLock { $0 }
        let droppedDirectories = change.droppedTables.compactMap { next.tables[$0]?.storageName }
        try change.apply(to: &next)
        let evicted = try options.diskBound.map { (bound) throws(StorageError) in
            try next.evict(toMeet: bound, rule: change.diskBound, keeping: Set(change.addedParts.values.joined().map(\.name)))
        } ?? []
        next.version += 1
        // A new table's directory before the manifest names it, with the syncs of its parents:
        // else recovery creates it at the next open, in the time of that process's first insert.
        for table in change.createdTables.compactMap({ next.tables[$0.name] }) {
            try io { try fileSystem.makeDurableDirectory(Self.tableDirectory(root: root, table.storageName)) }
        }
        try writeManifest(next)
        let (retiredParts, detaching) = state.withLock { (current: inout StoreState) -> ([DataPart], Set<ObjectIdentifier>) in
            let before = current.tables
            current = Self.carryingBlockCounters(from: current, into: next)
            return (change.partsLeaving(before) + evicted, Set(change.partsDetached(before).map(ObjectIdentifier.init)))
        }
        for part in retiredParts { part.retire(detaching: detaching.contains(ObjectIdentifier(part))) }
        for name in droppedDirectories {
            do { try fileSystem.removeTree(Self.tableDirectory(root: root, name)) } catch {
                logger.warning("cannot remove directory of dropped table \(name): \(error)")
            }
        }
        return snapshot()
    }

    /// Block numbers allocated while a commit was writing its manifest must not go back.
    private static func carryingBlockCounters(from current: StoreState, into next: StoreState) -> StoreState {
        var result = next
        for (name, table) in current.tables {
            if var entry = result.tables[name] {
                entry.nextBlock = max(entry.nextBlock, table.nextBlock)
                result.tables[name] = entry
            }
        }
        return result
    }

    private func writeManifest(_ state: StoreState) throws(StorageError) {
        let manifest = state.manifest
        do {
            let temporary = joinPath(root, Manifest.temporaryFileName)
            try fileSystem.writeFile(temporary, manifest.encode(), sync: true)
            try fileSystem.rename(temporary, to: joinPath(root, Manifest.fileName))
            try fileSystem.syncDirectory(root)
        } catch {
            throw .io(error)
        }
    }

    // MARK: - Background maintenance

    private func startMaintenance() {
        maintenance.withLock { $0 = MaintenanceTask(store: self) }
    }

    func wakeMaintenance() {
        maintenance.withLock { $0?.wake() }
    }
}

/// Identifies a part across tables.
struct PartKey: Hashable, Sendable {
    var table: TableName
    var part: PartName
}

/// What the store holds at one moment: every table and its active parts.
struct StoreState: Sendable {
    var version: UInt64 = 0
    var tables: [TableName: TableState] = [:]
    var views: [TableName: MaterializedViewDefinition] = [:]
    var plainViews: [TableName: PlainViewDefinition] = [:]
    /// Tables taken out of use by `DETACH TABLE` until `ATTACH TABLE`: still in the manifest, so
    /// that, as in ClickHouse, a restart attaches them again.
    var detachedTables: [TableName: TableState] = [:]
    /// Materialized views taken out of use by `DETACH TABLE` (or `VIEW`): not fed, their targets
    /// kept; in the manifest all the same, as ClickHouse attaches them again on restart.
    var detachedViews: [TableName: MaterializedViewDefinition] = [:]
    var databases: Set<String> = ["default"]
    /// The highest insert-log segment whose rows are committed as parts.
    var logFlushedThrough: UInt64 = 0
    /// This store's identity in forwarding tokens: random, made when forwarding first starts.
    var storeID: String?

    var manifest: Manifest {
        Manifest(version: version, tables: tables.merging(detachedTables) { attached, _ in attached }.values.sorted { $0.definition.name < $1.definition.name }.map {
            Manifest.Table(definition: $0.definition, nextBlock: $0.nextBlock, parts: $0.parts.map(\.name),
                           deduplicationLog: $0.deduplication.blockIDs.isEmpty ? nil : $0.deduplication.blockIDs,
                           forwarding: $0.forwarding, detaching: $0.detaching.isEmpty ? nil : $0.detaching,
                           attaching: $0.attaching.isEmpty ? nil : $0.attaching, directoryName: $0.directoryName)
        }, views: views.merging(detachedViews) { attached, _ in attached }.values.sorted { $0.name < $1.name },
           plainViews: plainViews.isEmpty ? nil : plainViews.values.sorted { $0.name < $1.name }, databases: databases.sorted(),
           logFlushedThrough: logFlushedThrough == 0 ? nil : logFlushedThrough, storeID: storeID)
    }

    /// The views fed by inserts into `source`, in name order.
    func views(of source: TableName) -> [MaterializedViewDefinition] {
        views.values.filter { $0.source == source }.sorted { $0.name < $1.name }
    }

    /// The definitions of the views' target tables.
    func targets(of views: [MaterializedViewDefinition]) -> [TableName: TableDefinition] {
        Dictionary(views.compactMap { view in tables[view.target].map { (view.target, $0.definition) } }) { first, _ in first }
    }
}

/// One table at one moment.
struct TableState: Sendable {
    var definition: TableDefinition
    var nextBlock: UInt64
    /// Active parts, sorted by name (partition, then block number).
    var parts: [DataPart]
    /// The ids of the last insert blocks stored (`non_replicated_deduplication_window`).
    var deduplication = TableDeduplicationLog()
    /// What of the table has been forwarded; `nil` until forwarding first takes a batch of it.
    var forwarding: TableForwarding?
    /// Parts detached in this process whose directories may still be on their way to
    /// `detached/` (a snapshot still reading them); recovery finishes the moves.
    var detaching: [PartName] = []
    /// The parts an `ATTACH` is moving in, between its two commits; recovery moves them back.
    var attaching: [PartAttachment] = []
    /// The name whose directory holds the table's parts, when not its own: `RENAME TABLE`
    /// changes only the name, so that no part moves and open readers stay valid.
    var directoryName: TableName?

    /// The name the table's directory is made from (``Store/tableDirectory(root:_:)``).
    var storageName: TableName { directoryName ?? definition.name }
}

/// A part `ATTACH` moves from `detached/<detached>` to the table as `<attached>` (a new block number).
struct PartAttachment: Codable, Equatable, Sendable {
    var detached: PartName
    var attached: PartName
}
