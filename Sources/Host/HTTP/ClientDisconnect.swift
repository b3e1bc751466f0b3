import Hummingbird
import Logging
import Synchronization

/// Cancels a request's work when its client disconnects, so that a client that hangs up does not
/// leave the server computing an answer nobody reads.
///
/// Noticing a disconnect means reading the connection until it closes, and Hummingbird then closes
/// the connection after the response, losing keep-alive. So only a request still running after
/// `grace` (`DISCONNECT_CHECK_AFTER_SECONDS`) is watched: quick requests keep their connection, slow ones lose it, and their answer
/// says `Connection: close` so that the client does not send another request on it.
enum ClientDisconnect {
    private enum Event<Value: Sendable>: Sendable {
        case finished(Value)
        case graceOver
        case disconnected
    }

    /// The value of `operation`, which is cancelled if the client behind `body` disconnects, and
    /// whether the connection was watched (and is closed after the answer).
    /// `body` must be the request's own body, received to its end (collected, or a GET's), not one
    /// made by hand nor one streamed by a reader (a multipart body): Hummingbird's watcher then
    /// waits for an end that was already consumed, and traps when stopped before it. `nil`: not watched.
    static func cancelling<Value: Sendable>(
        when body: RequestBody?, after grace: Duration, logger: Logger, _ operation: @escaping @Sendable () async -> Value
    ) async -> (value: Value, closesConnection: Bool) {
        guard let body else { return (await operation(), false) }
        return await withTaskGroup(of: Event<Value>.self) { group in
            group.addTask { .finished(await operation()) }
            group.addTask {
                await Self.wait(grace)
                return .graceOver
            }
            var result: Value?
            var watched = false
            while result == nil, let event = await group.next() {
                switch event {
                case .finished(let value):
                    result = value
                case .disconnected:
                    continue
                case .graceOver:
                    watched = true
                    let (closed, signal) = AsyncStream<Void>.makeStream()
                    group.addTask {
                        for await _ in closed {}
                        return Task.isCancelled ? .graceOver : .disconnected
                    }
                    result = try? await body.consumeWithInboundCloseHandler { requestBody in
                        var value: Value?
                        while value == nil, let event = await group.next() {
                            switch event {
                            case .finished(let finished): value = finished
                            case .disconnected:
                                logger.info("client disconnected: cancelling its GraphQL request")
                                group.cancelAll()
                            case .graceOver: continue
                            }
                        }
                        // Hummingbird traps if this returns before its reader has finished the
                        // stream it feeds (it does at the body's end, already received here).
                        do { for try await _ in requestBody {} } catch {}
                        return value
                    } onInboundClosed: {
                        signal.finish()
                    }
                    signal.finish()
                }
            }
            group.cancelAll()
            guard let result else { preconditionFailure("the operation's task ended without a value") }
            return (result, watched)
        }
    }

    /// Returns once `delay` has passed or the task is cancelled, scheduled on ``Deadlines`` rather
    /// than a timer of its own.
    private static func wait(_ delay: Duration) async {
        let waiter = Waiter()
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                waiter.set(continuation)
                let token = Deadlines.shared.schedule(after: delay) { waiter.resume() }
                waiter.onResume { Deadlines.shared.cancel(token) }
            }
        } onCancel: {
            waiter.resume()
        }
    }

    /// A continuation resumed once, by whichever comes first.
    private final class Waiter: Sendable {
        private struct State {
            var continuation: CheckedContinuation<Void, Never>?
            var resumed = false
            var cleanup: (@Sendable () -> Void)?
        }
        private let state = Mutex(State())

        func set(_ continuation: CheckedContinuation<Void, Never>) {
            let resumeNow = state.withLock { state -> Bool in
                if state.resumed { return true }
                state.continuation = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }

        func onResume(_ cleanup: @escaping @Sendable () -> Void) {
            let runNow = state.withLock { state -> Bool in
                if state.resumed { return true }
                state.cleanup = cleanup
                return false
            }
            if runNow { cleanup() }
        }

        func resume() {
            let (continuation, cleanup) = state.withLock { state -> (CheckedContinuation<Void, Never>?, (@Sendable () -> Void)?) in
                guard !state.resumed else { return (nil, nil) }
                state.resumed = true
                defer { state.continuation = nil; state.cleanup = nil }
                return (state.continuation, state.cleanup)
            }
            cleanup?()
            continuation?.resume()
        }
    }
}
