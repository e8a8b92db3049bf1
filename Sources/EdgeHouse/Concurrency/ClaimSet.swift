import Foundation

/// Things that one worker at a time may hold — the parts a merge or a mutation is rewriting —
/// and a way to wait for some to be released without polling.
///
/// A pthread mutex and condition variable underneath (`NSCondition`), which ThreadSanitizer sees.
package final class ClaimSet<Element: Hashable & Sendable>: @unchecked Sendable {
    // @unchecked: `claimed` and `releases` are only touched with `condition` locked.
    private let condition = NSCondition()
    private var claimed = Set<Element>()
    /// How many releases there have been: a waiter waits for this to move past what it saw.
    private var releases: UInt64 = 0

    package init() {}

    /// What `claim` found.
    package enum Outcome: Equatable {
        case claimed
        /// Some element was held; `releases` is the count to pass to ``waitForRelease(after:until:)``.
        case busy(releases: UInt64)
    }

    /// Claims all of `elements` if none is held, else none of them.
    package func claim(_ elements: some Sequence<Element>) -> Outcome {
        condition.lock()
        defer { condition.unlock() }
        let elements = Set(elements)
        guard claimed.isDisjoint(with: elements) else { return .busy(releases: releases) }
        claimed.formUnion(elements)
        return .claimed
    }

    /// Releases `elements` and wakes every waiter.
    package func release(_ elements: some Sequence<Element>) {
        condition.lock()
        claimed.subtract(elements)
        releases &+= 1
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until a release after the `releases` count a busy `claim` returned (at once if there
    /// was one since); false when `deadline` passed first.
    package func waitForRelease(after count: UInt64, until deadline: Date) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while releases == count {
            guard condition.wait(until: deadline) else { return releases != count }
        }
        return true
    }

    /// The number of releases so far: taken before looking at what to claim, so that a release
    /// in between is not missed by a later ``waitForRelease(after:until:)``.
    package var releaseCount: UInt64 {
        condition.lock()
        defer { condition.unlock() }
        return releases
    }

    /// What is held now.
    package var current: Set<Element> {
        condition.lock()
        defer { condition.unlock() }
        return claimed
    }
}
