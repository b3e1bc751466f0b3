import Hummingbird
import HummingbirdCore
import HummingbirdTesting
import Logging
import NIOCore
import NIOPosix
import Testing

@testable import Host

/// A connection's request runs on its channel's event loop, from reading it to writing its
/// answer, and the task a GraphQL operation runs in stays there too.
@Suite("Requests run on their connection's event loop")
struct EventLoopExecutionTests {
    /// Suspends for real, so that the caller is resumed by its executor.
    @concurrent static func suspend() async {
        try? await Task.sleep(for: .milliseconds(1))
    }

    @Test("a task preferring an event loop's executor resumes on that loop after each suspension")
    func executorRunsOnItsLoop() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let executor = EventLoopTaskExecutor(eventLoop: loop)
        let onLoop = await withTaskExecutorPreference(executor) {
            var onLoop: [Bool] = []
            for _ in 0..<3 {
                await Self.suspend()
                onLoop.append(loop.inEventLoop)
            }
            return onLoop
        }
        #expect(onLoop == [true, true, true])
        try await group.shutdownGracefully()
    }

    @Test("BoundedRun's operation runs on the current connection's loop, and on the global executor outside one")
    func boundedRunStaysOnTheLoop() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let executor = EventLoopTaskExecutor(eventLoop: loop)
        let logger = Logger(label: "test")
        let inside = await withTaskExecutorPreference(executor) {
            await EventLoopTaskExecutor.$current.withValue(executor) {
                await BoundedRun.run(within: .seconds(10), logger: logger) {
                    await Self.suspend()
                    return loop.inEventLoop
                }
            }
        }
        guard case .finished(let onLoop) = inside else { Issue.record("not finished: \(inside)"); return }
        #expect(onLoop)
        let outside = await BoundedRun.run(within: .seconds(10), logger: logger) {
            await Self.suspend()
            return MultiThreadedEventLoopGroup.currentEventLoop == nil
        }
        guard case .finished(let offLoops) = outside else { Issue.record("not finished: \(outside)"); return }
        #expect(offLoops)
        try await group.shutdownGracefully()
    }

    @Test("deadlines fire from the global executor even when first scheduled from a connection's loop")
    func deadlinesLeaveTheLoop() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let executor = EventLoopTaskExecutor(eventLoop: group.next())
        let deadlines = Deadlines(tick: .milliseconds(5))
        let offLoops = await withTaskExecutorPreference(executor) {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                deadlines.schedule(after: .milliseconds(1)) {
                    continuation.resume(returning: MultiThreadedEventLoopGroup.currentEventLoop == nil)
                }
            }
        }
        #expect(offLoops)
        try await group.shutdownGracefully()
    }

    @Test("the server's HTTP/1 channel runs handlers on the connection's event loop, across suspensions")
    func handlersRunOnTheConnectionsLoop() async throws {
        let router = Router()
        router.get("/where") { _, context -> String in
            let before = MultiThreadedEventLoopGroup.currentEventLoop
            await Self.suspend()
            let after = MultiThreadedEventLoopGroup.currentEventLoop
            let current = EventLoopTaskExecutor.current?.eventLoop
            guard let before, let after, let current else { return "off a loop" }
            return before === after && after === current ? "on its loop" : "moved"
        }
        let app = Application(router: router, server: .http1OnEventLoops(configuration: .init()))
        try await app.test(.live) { client in
            for _ in 0..<3 {
                let answer = try await client.execute(uri: "/where", method: .get) { String(buffer: $0.body) }
                #expect(answer == "on its loop")
            }
        }
    }
}
