import Hummingbird
import Logging
import Synchronization

/// Cancels a request's work when its client disconnects, so that a client that hangs up does not
/// leave the server computing an answer nobody reads.
///
/// Noticing a disconnect means reading the connection until it closes, and Hummingbird then closes
/// the connection after the response, losing keep-alive. So only a request still running after
/// `grace` (`DISCONNECT_CHECK_AFTER_SECONDS`) is watched (``BoundedRun`` calls ``watch(until:stop:)``
/// then): quick requests keep their connection, slow ones lose it, and their answer says
/// `Connection: close` (``watched``) so that the client does not send another request on it.
final class ClientDisconnect: SlowRunWatch {
    let grace: Duration
    private let body: RequestBody
    private let logger: Logger
    private let watchedFlag = Atomic<Bool>(false)

    /// `body` must be the request's own body, received to its end (collected, or a GET's), not one
    /// made by hand nor one streamed by a reader (a multipart body): Hummingbird's watcher then
    /// waits for an end that was already consumed, and traps when stopped before it.
    init(body: RequestBody, grace: Duration, logger: Logger) {
        self.body = body
        self.grace = grace
        self.logger = logger
    }

    /// Whether the connection was watched, and is closed after the answer.
    var watched: Bool { watchedFlag.load(ordering: .acquiring) }

    func watch(until finished: () async -> Void, stop: @escaping @Sendable () -> Bool) async {
        watchedFlag.store(true, ordering: .releasing)
        let logger = self.logger
        _ = try? await body.consumeWithInboundCloseHandler { requestBody in
            await finished()
            // Hummingbird traps if this returns before its reader has finished the stream it
            // feeds (it does at the body's end, already received here).
            do { for try await _ in requestBody {} } catch {}
        } onInboundClosed: {
            if stop() { logger.info("client disconnected: cancelling its GraphQL request") }
        }
    }
}
