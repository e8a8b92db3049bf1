import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A thread for work no client waits on — forwarding's reads of parts and their encoding — at
/// a lower CPU priority if asked (nice 19: on a busy device it then takes only the CPU that
/// inserts and queries leave, and all of it when they are idle; on Linux a nice value belongs
/// to a thread, not to the process). Jobs run one at a time, in order.
package final class BackgroundWorker: Sendable {
    /// Queued jobs; `nil` tells the thread to end.
    private let jobs = Locked<[(@Sendable () -> Void)?]>([])
    private let wake = DispatchSemaphore(value: 0)

    package init(name: String, lowPriority: Bool) {
        let thread = Thread { [jobs, wake] in
            #if canImport(Glibc)
            if lowPriority { setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19) }
            #endif
            while true {
                wake.wait()
                guard let job = jobs.withLock({ $0.removeFirst() }) else { return }
                job()
            }
        }
        thread.name = name
        thread.start()
    }

    deinit { enqueue(nil) }

    /// Runs `body` on the worker's thread and returns its result.
    package func run<Success: Sendable, Failure: Error>(_ body: @Sendable @escaping () throws(Failure) -> Success) async throws(Failure) -> Success {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<Success, Failure>, Never>) in
            enqueue { continuation.resume(returning: Result(catching: body)) }
        }
        return try result.get()
    }

    private func enqueue(_ job: (@Sendable () -> Void)?) {
        jobs.withLock { $0.append(job) }
        wake.signal()
    }
}
