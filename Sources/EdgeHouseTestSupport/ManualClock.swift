import EdgeHouse
import Synchronization

/// A clock that moves only when a test moves it.
public final class ManualClock: Sendable {
    private let seconds: Atomic<UInt32>

    public init(_ start: UInt32) { seconds = Atomic(start) }

    public var now: UInt32 { seconds.load(ordering: .relaxed) }

    public func advance(days: UInt32 = 0, seconds delta: UInt32 = 0) {
        seconds.add(days * 86_400 + delta, ordering: .relaxed)
    }

    /// The wall clock and the monotonic clock both move with ``advance(days:seconds:)``.
    public var clock: Clock { Clock(now: { [self] in self.now }, elapsed: { [self] in .seconds(Int(self.now)) }) }
}
