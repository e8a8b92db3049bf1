/// A file system in memory: the storage of an in-memory store, and a model of what a crash
/// keeps for crash tests.
///
/// It tracks, per file, the bytes last made durable by a synced write, and per directory, the
/// entries last made durable by ``syncDirectory(_:)``. ``simulateCrash()`` throws away everything
/// else, as a power loss would: unsynced file data, and creations, renames and removals whose
/// directory was not synced.
public final class MemoryFileSystem: FileSystem {
    private final class Node: @unchecked Sendable {
        // Guarded by the file system's mutex; never touched outside it.
        var data: [UInt8]
        var durableData: [UInt8]
        /// Bytes a failed sync left unsynced: Linux marks their pages clean, so a later sync
        /// does not write them and a crash loses them (``failSync(_:)``).
        var droppedRanges: [Range<Int>] = []
        var children: [String: Node]?
        var durableChildren: [String: Node]?

        init(directory: Bool) {
            data = []
            durableData = []
            children = directory ? [:] : nil
            durableChildren = directory ? [:] : nil
        }

        var isDirectory: Bool { children != nil }
    }

    private let root = Locked(Node(directory: true))
    private let lockedPaths = Locked(Set<String>())

    public init() {}

    private static func components(_ path: String) -> [String] {
        path.split(separator: "/").map(String.init).filter { $0 != "." }
    }

    private func withRoot<R>(_ body: (Node) throws(IOError) -> R) throws(IOError) -> R {
        try root.withLock { (node: inout Node) throws(IOError) -> R in try body(node) }
    }

    private static func lookup(_ root: Node, _ parts: some Collection<String>) -> Node? {
        var node = root
        for part in parts {
            guard let next = node.children?[part] else { return nil }
            node = next
        }
        return node
    }

    private static func parentAndName(_ root: Node, _ path: String, _ op: IOError.Operation) throws(IOError) -> (Node, String) {
        let parts = components(path)
        guard let name = parts.last, let parent = lookup(root, parts.dropLast()), parent.isDirectory else {
            throw IOError(errno: IOError.notFound, op, path)
        }
        return (parent, name)
    }

    public func createDirectory(_ path: String) throws(IOError) {
        try withRoot { root throws(IOError) in
            var node = root
            for part in Self.components(path) {
                if let next = node.children?[part] {
                    guard next.isDirectory else { throw IOError(errno: 17, .mkdir, path) }
                    node = next
                } else {
                    let child = Node(directory: true)
                    node.children![part] = child
                    node = child
                }
            }
        }
    }

    public func openForWriting(_ path: String, truncate: Bool) throws(IOError) -> any WritableFile {
        try withRoot { root throws(IOError) in
            let (parent, name) = try Self.parentAndName(root, path, .open)
            if let existing = parent.children![name] {
                guard !existing.isDirectory else { throw IOError(errno: 21, .open, path) }
                if truncate {
                    existing.data = []
                    existing.droppedRanges = []
                }
            } else {
                parent.children![name] = Node(directory: false)
            }
        }
        return MemoryWritableFile(fileSystem: self, path: path)
    }

    /// Appends to an existing file; `sync` makes the whole file durable.
    fileprivate func append(_ bytes: [UInt8], to path: String, sync: Bool) throws(IOError) {
        try withRoot { root throws(IOError) in
            guard let node = Self.lookup(root, Self.components(path)), !node.isDirectory else {
                throw IOError(errno: IOError.notFound, .write, path)
            }
            node.data += bytes
            if sync {
                node.durableData = node.data
                for range in node.droppedRanges where range.upperBound <= node.durableData.count {
                    node.durableData.replaceSubrange(range, with: repeatElement(0, count: range.count))
                }
            }
        }
    }

    public func readFile(_ path: String) throws(IOError) -> [UInt8] {
        try withRoot { root throws(IOError) in
            guard let node = Self.lookup(root, Self.components(path)), !node.isDirectory else {
                throw IOError(errno: IOError.notFound, .open, path)
            }
            return node.data
        }
    }

    public func openForReading(_ path: String) throws(IOError) -> any ReadableFile {
        MemoryReadableFile(bytes: try readFile(path), path: path)
    }

    public func listDirectory(_ path: String) throws(IOError) -> [String] {
        try withRoot { root throws(IOError) in
            guard let node = Self.lookup(root, Self.components(path)), let children = node.children else {
                throw IOError(errno: IOError.notFound, .list, path)
            }
            return Array(children.keys)
        }
    }

    public func isDirectory(_ path: String) -> Bool {
        root.withLock { Self.lookup($0, Self.components(path))?.isDirectory ?? false }
    }

    public func fileExists(_ path: String) -> Bool {
        root.withLock { Self.lookup($0, Self.components(path)) != nil }
    }

    public func rename(_ source: String, to destination: String) throws(IOError) {
        try withRoot { root throws(IOError) in
            let (sourceParent, sourceName) = try Self.parentAndName(root, source, .rename)
            let (destinationParent, destinationName) = try Self.parentAndName(root, destination, .rename)
            guard let node = sourceParent.children![sourceName] else { throw IOError(errno: IOError.notFound, .rename, source) }
            if let existing = destinationParent.children![destinationName], existing.isDirectory, existing.children?.isEmpty == false {
                throw IOError(errno: 39, .rename, destination)  // ENOTEMPTY
            }
            sourceParent.children![sourceName] = nil
            destinationParent.children![destinationName] = node
        }
    }

    public func removeTree(_ path: String) throws(IOError) {
        try withRoot { root throws(IOError) in
            guard let (parent, name) = try? Self.parentAndName(root, path, .remove) else { return }
            parent.children![name] = nil
        }
    }

    public func syncDirectory(_ path: String) throws(IOError) {
        try withRoot { root throws(IOError) in
            guard let node = Self.lookup(root, Self.components(path)), node.isDirectory else {
                throw IOError(errno: IOError.notFound, .sync, path)
            }
            node.durableChildren = node.children
        }
    }

    public func lockExclusively(_ path: String) throws(IOError) -> FileLock {
        let taken = lockedPaths.withLock { $0.insert(path).inserted }
        guard taken else { throw IOError(errno: IOError.wouldBlock, .lock, path) }
        return FileLock { [weak self] in _ = self?.lockedPaths.withLock { $0.remove(path) } }
    }

    /// A failed `fsync` of `path` as Linux has it: what was written since the last sync stays
    /// readable, but its pages count as clean — a later successful sync leaves them out, and a
    /// crash turns them into zeros.
    public func failSync(_ path: String) throws(IOError) {
        try withRoot { root throws(IOError) in
            guard let node = Self.lookup(root, Self.components(path)), !node.isDirectory else {
                throw IOError(errno: IOError.notFound, .sync, path)
            }
            if node.durableData.count < node.data.count { node.droppedRanges.append(node.durableData.count..<node.data.count) }
        }
    }

    /// Forgets everything that was not made durable, as a power loss would.
    public func simulateCrash() {
        root.withLock { root in
            func revert(_ node: Node) {
                if node.isDirectory {
                    node.children = node.durableChildren
                    node.children?.values.forEach(revert)
                } else {
                    node.data = node.durableData
                }
            }
            revert(root)
        }
        lockedPaths.withLock { $0.removeAll() }
    }

    /// Flips one bit of a file, for corruption tests.
    public func flipBit(in path: String, atByte offset: Int) throws(IOError) {
        try withRoot { root throws(IOError) in
            guard let node = Self.lookup(root, Self.components(path)), !node.isDirectory, offset < node.data.count else {
                throw IOError(errno: IOError.notFound, .write, path)
            }
            node.data[offset] ^= 0x10
            node.durableData = node.data
        }
    }
}

struct MemoryReadableFile: ReadableFile {
    let bytes: [UInt8]
    let path: String

    var size: Int { bytes.count }

    func read(offset: Int, count: Int) throws(IOError) -> [UInt8] {
        guard offset >= 0, count >= 0, offset + count <= bytes.count else {
            throw IOError(errno: IOError.ioFailure, .read, path + " (unexpected end of file)")
        }
        return Array(bytes[offset..<offset + count])
    }
}

final class MemoryWritableFile: WritableFile {
    private let fileSystem: MemoryFileSystem
    private let path: String

    fileprivate init(fileSystem: MemoryFileSystem, path: String) {
        self.fileSystem = fileSystem
        self.path = path
    }

    func write(_ bytes: [UInt8]) throws(IOError) { try fileSystem.append(bytes, to: path, sync: false) }

    func sync() throws(IOError) { try fileSystem.append([], to: path, sync: true) }
}
