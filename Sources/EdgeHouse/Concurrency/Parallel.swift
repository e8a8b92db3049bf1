import Dispatch

/// Runs two independent pieces of work at the same time — on both cores of a small device —
/// and returns when both are done: `second` on a thread of the global queue, `first` on the
/// calling thread.
///
/// An insert is mostly single-threaded until its columns are compressed (sorting, a view's
/// GROUP BY), so writing the table's part while the views compute theirs fills the idle core.
/// Not `concurrentPerform(iterations: 2)`: libdispatch runs a `concurrentPerform` nested in
/// another one on fewer threads (here, one), and the work inside uses `concurrentMap` and
/// parallel column writes that must have every core once the other side is done.
func inParallel<First, Second>(_ first: () -> First, _ second: () -> Second) -> (First, Second) {
    let secondResult = Locked<Second?>(nil)
    let done = DispatchSemaphore(value: 0)
    let firstResult = withoutActuallyEscaping(second) { second in
        // Reason for @unchecked: the closure is taken out of the box exactly once, on one
        // thread, and released there before `done` is signalled — so it has not escaped when
        // `withoutActuallyEscaping` checks; the result comes back through a lock.
        let box = UncheckedSendable(Locked<(() -> Second)?>(second))
        DispatchQueue.global().async {
            let value = { () -> Second in
                let work = box.value.withLock { closure in
                    defer { closure = nil }
                    return closure!
                }
                return work()
            }()
            secondResult.withLock { $0 = value }
            done.signal()
        }
        let value = first()
        done.wait()
        return value
    }
    return (firstResult, secondResult.withLock { $0! })
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
final class ParallelResults<Element>: @unchecked Sendable {
    // @unchecked: the values are only touched under the lock.
    private let slots: Locked<[Element?]>

    init(count: Int) { slots = Locked(Array(repeating: nil, count: count)) }

    func set(_ index: Int, _ value: Element) { slots.withLock { $0[index] = value } }

    /// The value of a finished task.
    func get(_ index: Int) -> Element { slots.withLock { $0[index]! } }
}

/// A value handed to parallel work whose safety the caller argues at the use site.
struct UncheckedSendable<Wrapped>: @unchecked Sendable {
    let value: Wrapped
    init(_ value: Wrapped) { self.value = value }
}
