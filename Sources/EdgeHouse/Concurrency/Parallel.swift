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

/// `transform` of every element, computed on every core; the results in order. For work on
/// the columns of a block (joining, gathering), which are independent and similar in size.
func concurrentMap<Element, Transformed>(_ elements: [Element], _ transform: (Element) -> Transformed) -> [Transformed] {
    guard elements.count > 1 else { return elements.map(transform) }
    let results = ParallelResults<Transformed>(count: elements.count)
    withoutActuallyEscaping(transform) { transform in
        // Reason for @unchecked: each element is transformed by exactly one iteration, and the
        // results are handed back through a lock before this function returns.
        let work = UncheckedSendable((elements, transform))
        DispatchQueue.concurrentPerform(iterations: elements.count) { i in
            results.set(i, work.value.1(work.value.0[i]))
        }
    }
    return elements.indices.map(results.get)
}

/// Results of parallel work, one slot per task.
final class ParallelResults<Value>: @unchecked Sendable {
    // @unchecked: the values are only touched under the lock.
    private let slots: Locked<[Value?]>

    init(count: Int) { slots = Locked(Array(repeating: nil, count: count)) }

    func set(_ index: Int, _ value: Value) { slots.withLock { $0[index] = value } }

    /// The value of a finished task.
    func get(_ index: Int) -> Value { slots.withLock { $0[index]! } }
}
