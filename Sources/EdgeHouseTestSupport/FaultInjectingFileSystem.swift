import EdgeHouse
import Synchronization

/// Wraps a file system and fails chosen calls: `ENOSPC`, `EIO`, or a torn write that stores
/// only a prefix of the bytes before failing. Faults are armed by a test and fire on the
/// n-th matching call, deterministically.
public final class FaultInjectingFileSystem: FileSystem {
    public enum Fault: Sendable, Equatable {
        case noSpace
        case ioError
        /// Writes this fraction of the bytes, then fails with `EIO`.
        case tornWrite(keeping: Double)
        /// A sync that fails with `EIO` as on Linux: the file's unsynced bytes are then lost to a
        /// crash even if a later sync succeeds (``MemoryFileSystem/failSync(_:)``; the base must
        /// be a `MemoryFileSystem`).
        case syncDroppingPages
    }

    /// Calls a fault can be armed on.
    public enum Call: Sendable, Equatable {
        case write, sync, rename, createDirectory, syncDirectory, read
        /// Any of the calls above.
        case any
    }

    private struct Rule {
        var call: Call
        var pathContains: String
        var remainingBeforeFault: Int
        var fault: Fault
    }

    public let base: any FileSystem
    private let rules = Locked<[Rule]>([])
    private let fired = Atomic<Int>(0)

    public init(base: any FileSystem) { self.base = base }

    /// Fails the `skip + 1`-th call of `call` on a path containing `pathContains`, once.
    public func inject(_ fault: Fault, on call: Call, pathContains: String = "", skip: Int = 0) {
        rules.withLock { $0.append(Rule(call: call, pathContains: pathContains, remainingBeforeFault: skip, fault: fault)) }
    }

    public func clearFaults() { rules.withLock { $0.removeAll() } }

    /// How many faults have fired.
    public var faultsFired: Int { fired.load(ordering: .relaxed) }

    func fault(for call: Call, path: String) -> Fault? {
        rules.withLock { rules in
            guard let index = rules.firstIndex(where: { ($0.call == call || $0.call == .any) && (path.contains($0.pathContains) || $0.pathContains.isEmpty) }) else { return nil }
            if rules[index].remainingBeforeFault > 0 {
                rules[index].remainingBeforeFault -= 1
                return nil
            }
            fired.add(1, ordering: .relaxed)
            return rules.remove(at: index).fault
        }
    }

    static func error(_ fault: Fault, _ operation: IOError.Operation, _ path: String) -> IOError {
        IOError(errno: fault == .noSpace ? IOError.noSpace : IOError.ioFailure, operation, path)
    }

    public func createDirectory(_ path: String) throws(IOError) {
        if let fault = fault(for: .createDirectory, path: path) { throw Self.error(fault, .mkdir, path) }
        try base.createDirectory(path)
    }

    public func openForWriting(_ path: String, truncate: Bool) throws(IOError) -> any WritableFile {
        FaultyWritableFile(base: try base.openForWriting(path, truncate: truncate), path: path, owner: self)
    }

    public func readFile(_ path: String) throws(IOError) -> [UInt8] {
        if let fault = fault(for: .read, path: path) { throw Self.error(fault, .read, path) }
        return try base.readFile(path)
    }

    public func openForReading(_ path: String) throws(IOError) -> any ReadableFile {
        if let fault = fault(for: .read, path: path) { throw Self.error(fault, .read, path) }
        return try base.openForReading(path)
    }

    public func listDirectory(_ path: String) throws(IOError) -> [String] { try base.listDirectory(path) }
    public func isDirectory(_ path: String) -> Bool { base.isDirectory(path) }
    public func fileExists(_ path: String) -> Bool { base.fileExists(path) }

    public func rename(_ source: String, to destination: String) throws(IOError) {
        if let fault = fault(for: .rename, path: destination) { throw Self.error(fault, .rename, source) }
        try base.rename(source, to: destination)
    }

    public func removeTree(_ path: String) throws(IOError) { try base.removeTree(path) }

    public func syncDirectory(_ path: String) throws(IOError) {
        if let fault = fault(for: .syncDirectory, path: path) { throw Self.error(fault, .sync, path) }
        try base.syncDirectory(path)
    }

    public func lockExclusively(_ path: String) throws(IOError) -> FileLock { try base.lockExclusively(path) }
}

final class FaultyWritableFile: WritableFile {
    private let base: any WritableFile
    private let path: String
    private let owner: FaultInjectingFileSystem

    init(base: any WritableFile, path: String, owner: FaultInjectingFileSystem) {
        self.base = base
        self.path = path
        self.owner = owner
    }

    func write(_ bytes: [UInt8]) throws(IOError) {
        if let fault = owner.fault(for: .write, path: path) {
            if case .tornWrite(let fraction) = fault {
                try base.write(Array(bytes.prefix(Int(Double(bytes.count) * fraction))))
            }
            throw FaultInjectingFileSystem.error(fault, .write, path)
        }
        try base.write(bytes)
    }

    func sync() throws(IOError) {
        if let fault = owner.fault(for: .sync, path: path) {
            if fault == .syncDroppingPages {
                guard let memory = owner.base as? MemoryFileSystem else { preconditionFailure(".syncDroppingPages needs a MemoryFileSystem base") }
                try memory.failSync(path)
            }
            throw FaultInjectingFileSystem.error(fault, .sync, path)
        }
        try base.sync()
    }
}
