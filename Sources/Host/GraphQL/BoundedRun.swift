import Logging
import Synchronization

/// Runs an operation in its own task for at most a deadline. At the deadline, or when the caller
/// is cancelled (the client went away), the operation is cancelled and the caller gets the outcome
/// at once, without waiting for the operation to wind down; the log says when it did.
enum BoundedRun {
    enum Outcome<Value: Sendable>: Sendable {
        case finished(Value)
        /// The deadline passed first.
        case timedOut
        /// The caller was cancelled first.
        case cancelled
    }

    static func run<Value: Sendable>(
        within limit: Duration, logger: Logger, _ operation: @escaping @Sendable () async -> Value
    ) async -> Outcome<Value> {
        let race = Race<Value>()
        // At the caller's priority: lower, it would wait behind every other task of a busy server
        // (generate mutations then missed their wait). The deadline fires from ``Deadlines``'
        // task, which runs above it, so that it is not queued behind the jobs a large operation makes.
        let work = Task {
            let value = await operation()
            race.settle(.finished(value))
            if let (reason, since) = race.stop {
                logger.info("GraphQL operation stopped \((ContinuousClock.now - since).milliseconds) ms after \(reason)")
            }
        }
        let timer = Deadlines.shared.schedule(after: limit) {
            if race.settle(.timedOut, stopping: "its deadline") { work.cancel() }
        }
        defer { Deadlines.shared.cancel(timer) }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { race.wait(with: $0) }
        } onCancel: {
            if race.settle(.cancelled, stopping: "its request was cancelled") { work.cancel() }
        }
    }

    /// The first outcome wins; the waiter is resumed once with it.
    private final class Race<Value: Sendable>: Sendable {
        private struct State {
            var outcome: Outcome<Value>?
            var waiter: CheckedContinuation<Outcome<Value>, Never>?
            var stop: (String, ContinuousClock.Instant)?
        }
        private let state = Mutex(State())

        /// Why and when the operation was told to stop, `nil` when it was not.
        var stop: (String, ContinuousClock.Instant)? { state.withLock { $0.stop } }

        /// Records `outcome` unless another came first; `true` when it was the first.
        @discardableResult
        func settle(_ outcome: Outcome<Value>, stopping reason: String? = nil) -> Bool {
            let waiter: CheckedContinuation<Outcome<Value>, Never>?? = state.withLock { state in
                guard state.outcome == nil else { return nil }
                state.outcome = outcome
                if let reason { state.stop = (reason, .now) }
                defer { state.waiter = nil }
                return .some(state.waiter)
            }
            guard let waiter else { return false }
            waiter?.resume(returning: outcome)
            return true
        }

        func wait(with continuation: CheckedContinuation<Outcome<Value>, Never>) {
            let ready: Outcome<Value>? = state.withLock { state in
                if let outcome = state.outcome { return outcome }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
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
