import NIOCore

/// A task executor that runs its jobs on one NIO event loop.
///
/// A connection's task runs on its channel's event loop with this as its preference
/// (``EventLoopBoundChannel``), so that reading a request, running it and writing its response
/// happen on one thread: on Swift's global executor each request was handed from the event loop
/// to a pool thread and back, two thread wake-ups (a futex and an eventfd write) and the
/// preemptions that came with them.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        // From the loop itself (most jobs: a continuation the loop resumed), `execute` only queues it.
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    /// The executor of the connection the current task serves, `nil` outside one. An unstructured
    /// task does not inherit its creator's executor preference: one made for a request (see
    /// ``BoundedRun``) asks for this to stay on the connection's event loop.
    @TaskLocal static var current: EventLoopTaskExecutor?
}
