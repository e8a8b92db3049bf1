#if canImport(Glibc)
import CLinuxIO
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The file system on disk, through POSIX calls. The only file that calls them.
public struct PosixFileSystem: FileSystem {
    public init() {}

    public func createDirectory(_ path: String) throws(IOError) {
        if isDirectory(path) { return }
        let parent = parentDirectory(path)
        if parent != path, parent != ".", !isDirectory(parent) { try createDirectory(parent) }
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw IOError(errno: errno, .mkdir, path) }
    }

    public func openForWriting(_ path: String, truncate: Bool) throws(IOError) -> any WritableFile {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (truncate ? O_TRUNC : O_APPEND)
        let fd = open(path, flags, 0o644)
        guard fd >= 0 else { throw IOError(errno: errno, .open, path) }
        return PosixWritableFile(fd: fd, path: path, writesBackEarly: truncate)
    }

    public func readFile(_ path: String) throws(IOError) -> [UInt8] {
        let file = try openForReading(path)
        return try file.read(offset: 0, count: file.size)
    }

    public func openForReading(_ path: String) throws(IOError) -> any ReadableFile {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw IOError(errno: errno, .open, path) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let error = IOError(errno: errno, .stat, path)
            close(fd)
            throw error
        }
        return PosixReadableFile(fd: fd, size: Int(info.st_size), path: path)
    }

    public func listDirectory(_ path: String) throws(IOError) -> [String] {
        guard let dir = opendir(path) else { throw IOError(errno: errno, .list, path) }
        defer { closedir(dir) }
        var names = [String]()
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    public func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    public func fileExists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    public func rename(_ source: String, to destination: String) throws(IOError) {
        if Glibc.rename(source, destination) != 0 { throw IOError(errno: errno, .rename, source) }
    }

    public func removeTree(_ path: String) throws(IOError) {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return }
            throw IOError(errno: errno, .stat, path)
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            for name in try listDirectory(path) { try removeTree(path + "/" + name) }
            if rmdir(path) != 0 && errno != ENOENT { throw IOError(errno: errno, .remove, path) }
        } else if unlink(path) != 0 && errno != ENOENT {
            throw IOError(errno: errno, .remove, path)
        }
    }

    public func syncDirectory(_ path: String) throws(IOError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw IOError(errno: errno, .open, path) }
        defer { close(fd) }
        #if os(Linux)
        if fsync(fd) != 0 { throw IOError(errno: errno, .sync, path) }
        #else
        if fcntl(fd, F_FULLFSYNC) != 0 { throw IOError(errno: errno, .sync, path) }
        #endif
    }

    public func lockExclusively(_ path: String) throws(IOError) -> FileLock {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw IOError(errno: errno, .open, path) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let error = IOError(errno: errno, .lock, path)
            close(fd)
            throw error
        }
        return FileLock { close(fd) }
    }
}

/// An open file descriptor read with `pread`; closed on deinit.
final class PosixReadableFile: ReadableFile {
    private let fd: Int32
    let size: Int
    private let path: String

    init(fd: Int32, size: Int, path: String) {
        self.fd = fd
        self.size = size
        self.path = path
    }

    deinit { close(fd) }

    func read(offset: Int, count: Int) throws(IOError) -> [UInt8] {
        guard count > 0 else { return [] }
        var result = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            // Reason for the pointer: pread(2) fills a raw buffer.
            let n = result.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset + done)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw IOError(errno: errno, .read, path)
            }
            if n == 0 { throw IOError(errno: IOError.ioFailure, .read, path + " (unexpected end of file)") }
            done += n
        }
        return result
    }
}

/// An open file descriptor written with `write`; closed on deinit.
final class PosixWritableFile: WritableFile {
    private let fd: Int32
    private let path: String
    /// Whether written bytes are handed to the disk as they come (files written from the start).
    private let writesBackEarly: Bool
    /// Bytes written, and how many of them are handed to the disk already.
    private let progress = Locked((written: 0, writtenBack: 0))
    /// Bytes written between two starts of writeback.
    private static let writebackBytes = 256 << 10

    init(fd: Int32, path: String, writesBackEarly: Bool = false) {
        self.fd = fd
        self.path = path
        self.writesBackEarly = writesBackEarly
    }

    deinit { close(fd) }

    func write(_ bytes: [UInt8]) throws(IOError) {
        var written = 0
        while written < bytes.count {
            // Reason for the pointer: write(2) takes a raw buffer.
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                throw IOError(errno: errno, .write, path)
            }
            written += n
        }
        guard writesBackEarly else { return }
        progress.withLock { progress in
            progress.written += written
            guard progress.written - progress.writtenBack >= Self.writebackBytes else { return }
            startWriteback(progress.writtenBack..<progress.written)
            progress.writtenBack = progress.written
        }
    }

    /// Starts writing `range` of the file to the disk, without waiting: the
    /// part's `sync()` then waits for the little left, not for all of it (the disk works while
    /// the next columns are compressed). Advice only: an error shows at `sync()`.
    private func startWriteback(_ range: Range<Int>) {
        #if os(Linux)
        _ = sync_file_range(fd, Int64(range.lowerBound), Int64(range.count), CLINUXIO_SYNC_FILE_RANGE_WRITE)
        #endif
    }

    func startWriteback() {
        #if os(Linux)
        let from = progress.withLock(\.writtenBack)
        _ = sync_file_range(fd, Int64(from), 0, CLINUXIO_SYNC_FILE_RANGE_WRITE)  // 0 bytes: to the end
        #endif
    }

    func sync() throws(IOError) {
        #if os(Linux)
        if fdatasync(fd) != 0 { throw IOError(errno: errno, .sync, path) }
        #else
        // Darwin's fsync leaves the data in the drive's cache; F_FULLFSYNC is what reaches the
        // medium (as SQLite's fullfsync does).
        if fcntl(fd, F_FULLFSYNC) != 0 { throw IOError(errno: errno, .sync, path) }
        #endif
    }
}
