import HummingbirdCore
import Logging
import NIOCore

/// A server child channel (HTTP/1 here) whose connections' tasks run on their channel's event
/// loop (``EventLoopTaskExecutor``) instead of Swift's global executor: Hummingbird has no option
/// for it, so this wraps the channel and sets the task's executor preference in `handle`.
///
/// Work a handler must not do on an event loop already runs elsewhere: bcrypt on NIO's thread
/// pool (``PasswordHasher``), MongoDB calls on the driver's threads, SQLite writes on GRDB's
/// writer queue. SQLite reads (short, indexed) and GraphQL execution (bounded by its cost budget
/// and deadline) run on the loop, as they ran on a pool thread before.
struct EventLoopBoundChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value
    let base: Base

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        base.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        let executor = EventLoopTaskExecutor(eventLoop: value.channel.eventLoop)
        await withTaskExecutorPreference(executor) {
            await EventLoopTaskExecutor.$current.withValue(executor) {
                await base.handle(value: value, logger: logger)
            }
        }
    }
}

extension HTTPServerBuilder {
    /// HTTP/1, each connection's task on its channel's event loop (``EventLoopBoundChannel``).
    static func http1OnEventLoops(configuration: HTTP1Channel.Configuration) -> HTTPServerBuilder {
        .init { responder in EventLoopBoundChannel(base: HTTP1Channel(responder: responder, configuration: configuration)) }
    }
}
