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

    public var clock: Clock { Clock { [self] in self.now } }
}
