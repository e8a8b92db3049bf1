import Dispatch

/// Runs two independent pieces of work at the same time — on both cores of a small device —
/// and returns when both are done.
///
/// An insert is mostly single-threaded until its columns are compressed (sorting, a view's
/// GROUP BY), so writing the table's part while the views compute theirs fills the idle core.
func inParallel<First, Second>(_ first: () -> First, _ second: () -> Second) -> (First, Second) {
    let firstResult = Locked<First?>(nil), secondResult = Locked<Second?>(nil)
    withoutActuallyEscaping(first) { first in
        withoutActuallyEscaping(second) { second in
            // Reason for @unchecked: each closure runs exactly once, on one thread, and its
            // result is handed back through a lock before this function returns.
            let work = UncheckedSendable((first, second))
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                if index == 0 {
                    let value = work.value.0()
                    firstResult.withLock { $0 = value }
                } else {
                    let value = work.value.1()
                    secondResult.withLock { $0 = value }
                }
            }
        }
    }
    return (firstResult.withLock { $0! }, secondResult.withLock { $0! })
}
