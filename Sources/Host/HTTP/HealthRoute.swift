import Foundation
import Hummingbird

/// `GET /healthz`: 200 when the store answers within two seconds, 503 otherwise.
struct HealthRoute: Sendable {
    let services: Services

    func register(on router: Router<AppRequestContext>) {
        router.get("/healthz") { _, _ in try await self.check() }
    }

    private func check() async throws -> Response {
        let store = services.store
        let up = await withTaskGroup(of: Bool.self) { group in
            group.addTask { (try? await store.ping()) != nil }
            group.addTask {
                try? await Task.sleep(for: .seconds(2))
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        let body = try JSONEncoder().encode(["status": up ? "ok" : "degraded", "store": up ? "up" : "down"])
        return Response(
            status: up ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
