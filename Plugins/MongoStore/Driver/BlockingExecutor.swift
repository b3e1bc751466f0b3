import Foundation
import Protocols

/// A fixed set of threads that run blocking work (libmongoc calls) off Swift's cooperative pool.
///
/// Work is queued first in, first out and taken by whichever thread is free, so a slow call
/// never holds up the others while threads remain. The number of threads bounds how many
/// driver calls run at once, and matches the size of the client pool so that no thread ever
/// waits for a client.
final class BlockingExecutor: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [() -> Void] = []
    private var head = 0
    private var stopping = false
    private let finished = DispatchGroup()
    /// The worker threads' pthread ids, to tell whether code runs on one.
    private var workers: [pthread_t] = []

    /// Starts `threadCount` threads named `name-N`.
    init(threadCount: Int, name: String) {
        for index in 0..<max(1, threadCount) {
            finished.enter()
            let threadName = "\(name)-\(index)"
            let thread = Thread { [self] in
                // Named from inside: on Linux a name set before start() does not reach the OS thread.
                Thread.current.name = threadName
                self.register(pthread_self())
                self.work()
                self.finished.leave()
            }
            thread.start()
        }
    }

    /// Runs `body` on one of the threads and returns its result.
    /// - Throws: what `body` throws, or ``StoreError/unavailable(_:)`` once the executor is shut down.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let accepted = submit {
                continuation.resume(with: Result { try body() })
            }
            if !accepted {
                continuation.resume(throwing: StoreError.unavailable("the MongoDB store is closed"))
            }
        }
    }

    /// Refuses new work; the threads finish what is queued, then exit.
    func stopAccepting() {
        beginShutdown()
    }

    /// Lets queued work finish, then stops the threads.
    func shutdown() async {
        beginShutdown()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            finished.notify(queue: .global()) { continuation.resume() }
        }
    }

    /// Whether the calling thread is one of this executor's.
    var isCurrentThreadAWorker: Bool {
        condition.lock()
        defer { condition.unlock() }
        let current = pthread_self()
        return workers.contains { pthread_equal($0, current) != 0 }
    }

    private func register(_ thread: pthread_t) {
        condition.lock()
        workers.append(thread)
        condition.unlock()
    }

    private func beginShutdown() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
    }

    private func submit(_ job: @escaping () -> Void) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !stopping else { return false }
        queue.append(job)
        condition.signal()
        return true
    }

    private func work() {
        while let job = next() {
            job()
        }
    }

    /// The next job, or `nil` when stopping and nothing is left.
    private func next() -> (() -> Void)? {
        condition.lock()
        defer { condition.unlock() }
        while head == queue.count {
            if stopping { return nil }
            condition.wait()
        }
        let job = queue[head]
        head += 1
        if head > 64, head * 2 > queue.count {
            queue.removeFirst(head)
            head = 0
        }
        return job
    }
}
