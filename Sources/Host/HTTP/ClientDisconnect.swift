import Hummingbird
import Logging

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
                try? await Task.sleep(for: grace)
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
}
