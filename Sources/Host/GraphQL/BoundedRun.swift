import Logging
import Synchronization

/// Watches a request that is still running after ``grace``: what ``ClientDisconnect`` does with
/// the HTTP connection, kept out of the GraphQL layer.
protocol SlowRunWatch: Sendable {
    /// How long an operation runs before it is watched.
    var grace: Duration { get }
    /// Watches until `finished` returns (the operation has an outcome); calls `stop` when the
    /// operation must stop (its client went away). `stop` answers whether it stopped it (`false`
    /// once it had an outcome).
    func watch(until finished: () async -> Void, stop: @escaping @Sendable () -> Bool) async
}

/// Runs an operation in its own task for at most a deadline. At the deadline, or when the caller
/// is cancelled (the client went away), the operation is cancelled and the caller gets the outcome
/// at once, without waiting for the operation to wind down; the log says when it did.
///
/// One task a request, whatever it is watched for: the deadline and the grace of a ``SlowRunWatch``
/// fire from ``Deadlines``, and the watch runs in the caller's task (a task group with a task for
/// the operation and one for the grace, under this run's own task, cost a small request a tenth of
/// its CPU in thread wake-ups).
enum BoundedRun {
    enum Outcome<Value: Sendable>: Sendable {
        case finished(Value)
        /// The deadline passed first.
        case timedOut
        /// The caller was cancelled first, or the watch stopped it.
        case cancelled
    }

    static func run<Value: Sendable>(
        within limit: Duration, logger: Logger, watch: (any SlowRunWatch)? = nil,
        _ operation: @escaping @Sendable () async -> Value
    ) async -> Outcome<Value> {
        let race = Race<Value>()
        // At the caller's priority: lower, it would wait behind every other task of a busy server
        // (generate mutations then missed their wait). The deadline fires from ``Deadlines``'
        // task, which runs above it, so that it is not queued behind the jobs a large operation makes.
        // On the connection's event loop when there is one: elsewhere, starting it and resuming the
        // caller would each wake another thread.
        let work = Task(executorPreference: EventLoopTaskExecutor.current) {
            let value = await operation()
            race.settle(.finished(value))
            if let (reason, since) = race.stop {
                logger.info("GraphQL operation stopped \((ContinuousClock.now - since).milliseconds) ms after \(reason)")
            }
        }
        let timer = Deadlines.shared.schedule(after: limit) {
            if race.settle(.timedOut, stopping: "its deadline") { work.cancel() }
        }
        let graceTimer = watch.map { watch in Deadlines.shared.schedule(after: watch.grace) { race.graceOver() } }
        defer {
            Deadlines.shared.cancel(timer)
            if let graceTimer { Deadlines.shared.cancel(graceTimer) }
        }
        return await withTaskCancellationHandler {
            while true {
                switch await race.next(orGraceOver: true) {
                case .outcome(let outcome):
                    return outcome
                case .graceOver:
                    await watch?.watch(until: { _ = await race.next(orGraceOver: false) }) {
                        guard race.settle(.cancelled, stopping: "its request was cancelled") else { return false }
                        work.cancel()
                        return true
                    }
                }
            }
        } onCancel: {
            if race.settle(.cancelled, stopping: "its request was cancelled") { work.cancel() }
        }
    }

    /// The first outcome wins; the waiter is resumed once with it, or earlier with the grace's end.
    private final class Race<Value: Sendable>: Sendable {
        enum Event: Sendable {
            case outcome(Outcome<Value>)
            case graceOver
        }

        private struct State {
            var outcome: Outcome<Value>?
            var waiter: (continuation: CheckedContinuation<Event, Never>, takesGraceOver: Bool)?
            /// The grace ended and no waiter took it yet.
            var graceOverPending = false
            var stop: (String, ContinuousClock.Instant)?
        }
        private let state = Mutex(State())

        /// Why and when the operation was told to stop, `nil` when it was not.
        var stop: (String, ContinuousClock.Instant)? { state.withLock { $0.stop } }

        /// Records `outcome` unless another came first; `true` when it was the first.
        @discardableResult
        func settle(_ outcome: Outcome<Value>, stopping reason: String? = nil) -> Bool {
            let waiter: CheckedContinuation<Event, Never>?? = state.withLock { state in
                guard state.outcome == nil else { return nil }
                state.outcome = outcome
                if let reason { state.stop = (reason, .now) }
                defer { state.waiter = nil }
                return .some(state.waiter?.continuation)
            }
            guard let waiter else { return false }
            waiter?.resume(returning: .outcome(outcome))
            return true
        }

        /// The grace ended: a waiter that takes it is resumed (once), unless there is an outcome.
        func graceOver() {
            let waiter: CheckedContinuation<Event, Never>? = state.withLock { state in
                guard state.outcome == nil else { return nil }
                guard let waiter = state.waiter, waiter.takesGraceOver else {
                    state.graceOverPending = true
                    return nil
                }
                state.waiter = nil
                return waiter.continuation
            }
            waiter?.resume(returning: .graceOver)
        }

        /// The outcome, or (`orGraceOver`) the end of the grace if it comes first.
        func next(orGraceOver: Bool) async -> Event {
            await withCheckedContinuation { continuation in
                let ready: Event? = state.withLock { state in
                    if let outcome = state.outcome { return .outcome(outcome) }
                    if orGraceOver, state.graceOverPending {
                        state.graceOverPending = false
                        return .graceOver
                    }
                    state.waiter = (continuation, orGraceOver)
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }
    }
}

extension Duration {
    /// The duration in whole milliseconds.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
