import Foundation
import Hummingbird
import Synchronization

/// `GET /healthz`: 200 when the store answers within two seconds, 503 otherwise.
struct HealthRoute: Sendable {
    let services: Services
    var timeout: Duration = .seconds(2)

    func register(on router: Router<AppRequestContext>) {
        router.get("/healthz") { _, _ in try await self.check() }
    }

    private func check() async throws -> Response {
        let up = await Self.answers(within: timeout) { [store = services.store] in try await store.ping() }
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
        await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let answer = FirstAnswer(continuation)
            let probing = Task {
                let ok = (try? await probe()) != nil
                answer.give(ok)
            }
            Task {
                try? await Task.sleep(for: timeout)
                probing.cancel()
                answer.give(false)
            }
        }
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
