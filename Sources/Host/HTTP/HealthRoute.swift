import Foundation
import Hummingbird
import Synchronization

/// `GET /healthz`: 200 when the store answers within two seconds, 503 otherwise.
struct HealthRoute: Sendable {
    let services: Services
    let timeout: Duration
    private let probe: SharedProbe

    init(services: Services, timeout: Duration = .seconds(2)) {
        self.services = services
        self.timeout = timeout
        self.probe = SharedProbe { [store = services.store] in try await store.ping() }
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/healthz") { _, _ in try await self.check() }
    }

    private func check() async throws -> Response {
        let up = await Self.answers(within: timeout, await probe.current())
        let body = try JSONEncoder().encode(["status": up ? "ok" : "degraded", "store": up ? "up" : "down"])
        return Response(
            status: up ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// Whether `probe` succeeds within `timeout`. The answer comes at the deadline even when the probe
    /// does not end (a driver call blocked on a dead server ignores cancellation): the probe runs in an
    /// unstructured task that is cancelled and left to finish on its own, rather than in a task group,
    /// which would wait for it.
    static func answers(within timeout: Duration, _ probe: @escaping @Sendable () async throws -> Void) async -> Bool {
        let probing = Task { (try? await probe()) != nil }
        let answer = await answers(within: timeout, probing)
        if !answer { probing.cancel() }
        return answer
    }

    /// Whether `probing` answers true within `timeout`; it is not waited for past the deadline.
    static func answers(within timeout: Duration, _ probing: Task<Bool, Never>) async -> Bool {
        await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let answer = FirstAnswer(continuation)
            let timer = Task {
                try? await Task.sleep(for: timeout)
                answer.give(false)
            }
            Task {
                answer.give(await probing.value)
                timer.cancel()
            }
        }
    }
}

/// One store ping at a time: while a ping is in flight (perhaps blocked on a server that stopped
/// answering, holding a driver thread until its socket timeout), health checks wait on that ping
/// instead of each starting another, which could take every driver thread from real requests.
actor SharedProbe {
    private let probe: @Sendable () async throws -> Void
    private var running: Task<Bool, Never>?

    init(_ probe: @escaping @Sendable () async throws -> Void) {
        self.probe = probe
    }

    /// The ping in flight, or a new one.
    func current() -> Task<Bool, Never> {
        if let running { return running }
        let task = Task { [probe] in
            let ok = (try? await probe()) != nil
            await self.finished()
            return ok
        }
        running = task
        return task
    }

    private func finished() {
        running = nil
    }
}

/// Resumes a continuation with the first answer given; later ones are dropped.
private final class FirstAnswer: Sendable {
    private let continuation: Mutex<CheckedContinuation<Bool, Never>?>

    init(_ continuation: CheckedContinuation<Bool, Never>) {
        self.continuation = Mutex(continuation)
    }

    func give(_ answer: Bool) {
        let waiting = continuation.withLock { value in
            defer { value = nil }
            return value
        }
        waiting?.resume(returning: answer)
    }
}
