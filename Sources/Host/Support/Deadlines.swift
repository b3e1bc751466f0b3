import Synchronization

/// Fires callbacks after a delay, for every request in flight, from one task that wakes every
/// `tick`: a request's deadline and its disconnect watch used to be a sleeping task each, two
/// kernel timers armed and disarmed a request, a tenth of a small request's CPU.
///
/// A callback fires between its delay and its delay plus a tick; one cancelled first never fires.
/// The task runs only while something is scheduled.
final class Deadlines: Sendable {
    /// The scheduler of the process.
    static let shared = Deadlines(tick: .milliseconds(50))

    let tick: Duration
    private struct Entry {
        let due: ContinuousClock.Instant
        let fire: @Sendable () -> Void
    }
    private struct State {
        var entries: [UInt64: Entry] = [:]
        var next: UInt64 = 0
        var running = false
    }
    private let state = Mutex(State())

    init(tick: Duration) {
        self.tick = tick
    }

    /// A scheduled callback, to ``cancel(_:)`` once it is not needed.
    struct Token: Sendable {
        fileprivate let id: UInt64
    }

    /// Calls `fire` once `delay` has passed, unless cancelled first.
    @discardableResult
    func schedule(after delay: Duration, _ fire: @escaping @Sendable () -> Void) -> Token {
        let (id, start) = state.withLock { state -> (UInt64, Bool) in
            state.next += 1
            state.entries[state.next] = Entry(due: .now + delay, fire: fire)
            defer { state.running = true }
            return (state.next, !state.running)
        }
        // On the global executor whoever schedules first: a task made from a connection's task would
        // otherwise run on its event loop (``EventLoopTaskExecutor``), where a request busy on that
        // loop would hold back the deadline that is to stop it.
        if start { Task(executorPreference: globalConcurrentExecutor, priority: .high) { await self.run() } }
        return Token(id: id)
    }

    func cancel(_ token: Token) {
        _ = state.withLock { $0.entries.removeValue(forKey: token.id) }
    }

    private func run() async {
        while true {
            try? await Task.sleep(for: tick)
            let now = ContinuousClock.now
            let due: [@Sendable () -> Void]? = state.withLock { state in
                if state.entries.isEmpty {
                    state.running = false
                    return nil
                }
                var due: [@Sendable () -> Void] = []
                for (id, entry) in state.entries where entry.due <= now {
                    due.append(entry.fire)
                    state.entries[id] = nil
                }
                return due
            }
            guard let due else { return }
            for fire in due { fire() }
        }
    }
}
