import Foundation

/// A value guarded by a lock: the engine's one mutual-exclusion primitive.
///
/// Why not `Synchronization.Mutex`: on Linux it parks threads with raw futex system calls,
/// which ThreadSanitizer cannot see, so every access it guards is reported as a race and real
/// races drown in the noise. `NSLock` is a pthread mutex, which ThreadSanitizer understands;
/// uncontended, the two cost the same. For a lock that guards no value use `NSLock` itself:
/// ThreadSanitizer mistakes the `inout` access to a zero-sized value for a race.
package final class Locked<Protected>: @unchecked Sendable {
    // @unchecked: `value` is only touched between `lock()` and `unlock()`.
    private let lock = NSLock()
    private var value: Protected

    package init(_ value: Protected) { self.value = value }

    /// Runs `body` with exclusive access to the value.
    package func withLock<Result, Failure: Error>(_ body: (inout Protected) throws(Failure) -> Result) throws(Failure) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }

    /// Runs `body` with exclusive access to the value if no other thread has it; `nil` if one does.
    package func withLockIfAvailable<Result, Failure: Error>(_ body: (inout Protected) throws(Failure) -> Result) throws(Failure) -> Result? {
        guard lock.try() else { return nil }
        defer { lock.unlock() }
        return try body(&value)
    }
}
