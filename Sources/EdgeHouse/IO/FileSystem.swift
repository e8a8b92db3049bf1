/// The one seam between the engine and the file system.
///
/// Every file-system call the engine makes goes through this protocol, so tests can inject
/// torn writes, lost unsynced data, `ENOSPC` and `EIO` (as LevelDB's `Env` does). Conformers:
/// ``PosixFileSystem`` (disk), ``MemoryFileSystem`` (the in-memory store mode and crash
/// simulation), and `FaultInjectingFileSystem` in `EdgeHouseTestSupport`.
///
/// Paths are absolute or relative `/`-separated strings; this is the edge where names become
/// file names.
public protocol FileSystem: Sendable {
    /// Creates a directory and any missing parents.
    func createDirectory(_ path: String) throws(IOError)
    /// Opens a file for writing, creating it; `truncate` empties an existing file, otherwise
    /// writes append.
    func openForWriting(_ path: String, truncate: Bool) throws(IOError) -> any WritableFile
    func readFile(_ path: String) throws(IOError) -> [UInt8]
    /// Opens a file for positional reads.
    func openForReading(_ path: String) throws(IOError) -> any ReadableFile
    /// Names of the entries of a directory (no `.`/`..`), unsorted.
    func listDirectory(_ path: String) throws(IOError) -> [String]
    func isDirectory(_ path: String) -> Bool
    func fileExists(_ path: String) -> Bool
    /// Atomically renames a file or directory, replacing a file at `destination`.
    func rename(_ source: String, to destination: String) throws(IOError)
    /// Removes a file or a directory with everything in it; a missing path is not an error.
    func removeTree(_ path: String) throws(IOError)
    /// Makes the directory's entries (creations, renames, removals) durable.
    func syncDirectory(_ path: String) throws(IOError)
    /// Takes an exclusive lock held until the returned value is released; fails at once with
    /// `EWOULDBLOCK` when another process holds it.
    func lockExclusively(_ path: String) throws(IOError) -> FileLock
}

/// A file open for appending writes; closed when released. Writes and syncs may come from
/// different threads (the write-ahead log syncs while others append).
public protocol WritableFile: AnyObject, Sendable {
    func write(_ bytes: [UInt8]) throws(IOError)
    /// Makes everything written so far durable (`fdatasync`).
    func sync() throws(IOError)
    /// Starts writing everything written so far to the disk, without waiting: advice, so that
    /// when several files are written and then synced, the disk has them all and their syncs
    /// commit together rather than one journal commit each. Errors show at `sync()`.
    func startWriteback()
}

extension WritableFile {
    public func startWriteback() {}
}

extension FileSystem {
    /// Creates or replaces a file with `bytes`; when `sync` is true the data is on stable
    /// storage when this returns.
    public func writeFile(_ path: String, _ bytes: [UInt8], sync: Bool) throws(IOError) {
        let file = try openForWriting(path, truncate: true)
        try file.write(bytes)
        if sync { try file.sync() }
    }
}

extension FileSystem {
    /// Creates a directory and its missing parents, and syncs the parent of each directory it
    /// creates, so the new entries survive a power loss (a new directory is durable only once
    /// its parent is synced).
    public func makeDurableDirectory(_ path: String) throws(IOError) {
        if isDirectory(path) { return }
        let parent = parentDirectory(path)
        if parent != path && parent != "." { try makeDurableDirectory(parent) }
        try createDirectory(path)
        try syncDirectory(parent == "." ? "." : parent)
    }
}

/// A file open for positional reads.
public protocol ReadableFile: Sendable {
    var size: Int { get }
    func read(offset: Int, count: Int) throws(IOError) -> [UInt8]
}

/// An exclusive lock on a store directory; released when the value is deinitialized.
public final class FileLock: Sendable {
    private let release: @Sendable () -> Void
    init(release: @escaping @Sendable () -> Void) { self.release = release }
    deinit { release() }
}

/// A failed file-system call: the `errno`, the call and the path.
public struct IOError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Operation: String, Sendable {
        case open, read, write, sync, rename, remove, list, mkdir, stat, lock
    }

    public var errno: Int32
    public var operation: Operation
    public var path: String

    public init(errno: Int32, _ operation: Operation, _ path: String) {
        self.errno = errno
        self.operation = operation
        self.path = path
    }

    public static let noSpace: Int32 = 28      // ENOSPC
    public static let ioFailure: Int32 = 5     // EIO
    public static let notFound: Int32 = 2      // ENOENT
    public static let wouldBlock: Int32 = 11   // EWOULDBLOCK

    public var description: String {
        let name = switch errno {
        case IOError.noSpace: "ENOSPC: No space left on device"
        case IOError.ioFailure: "EIO: Input/output error"
        case IOError.notFound: "ENOENT: No such file or directory"
        case IOError.wouldBlock: "EWOULDBLOCK: locked by another process"
        default: "errno \(errno)"
        }
        return "\(name) (\(operation.rawValue) \(path))"
    }
}

/// Joins path components with `/`.
func joinPath(_ components: String...) -> String {
    components.filter { !$0.isEmpty }.joined(separator: "/")
}

func parentDirectory(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
}
