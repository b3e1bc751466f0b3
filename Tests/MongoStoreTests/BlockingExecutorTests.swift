import Foundation
@testable import MongoStore
import Protocols
import Testing

/// The driver's calls run on the store's own bounded threads, never on Swift's cooperative pool.
@Suite("Blocking executor")
struct BlockingExecutorTests {
    final class Gauge: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var running = 0
        private(set) var peak = 0
        private(set) var offWorker = 0

        func enter(onWorker: Bool) {
            lock.lock()
            running += 1
            peak = max(peak, running)
            if !onWorker { offWorker += 1 }
            lock.unlock()
        }

        func leave() {
            lock.lock()
            running -= 1
            lock.unlock()
        }
    }

    @Test("no more than the pool size run at once, all on the executor's threads, and every result comes back")
    func bounded() async throws {
        let executor = BlockingExecutor(threadCount: 3, name: "mongo-test")
        let gauge = Gauge()
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<24 {
                group.addTask {
                    try await executor.run {
                        gauge.enter(onWorker: executor.isCurrentThreadAWorker)
                        defer { gauge.leave() }
                        usleep(5_000)
                        return i
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(results.sorted() == Array(0..<24))
        #expect(gauge.peak <= 3)
        #expect(gauge.offWorker == 0, "jobs ran off the executor's threads")
        await executor.shutdown()
    }

    @Test("errors thrown on a driver thread reach the caller; work after shutdown is refused")
    func errorsAndShutdown() async throws {
        let executor = BlockingExecutor(threadCount: 1, name: "mongo-test")
        await #expect(throws: StoreError.notFound(entity: "x", id: ObjectId(bytes: Array(repeating: 0, count: 12))!)) {
            try await executor.run { throw StoreError.notFound(entity: "x", id: ObjectId(bytes: Array(repeating: 0, count: 12))!) }
        }
        await executor.shutdown()
        await #expect(throws: StoreError.self) { try await executor.run { 1 } }
    }
}
