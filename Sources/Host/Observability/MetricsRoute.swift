import Hummingbird
import Prometheus
import Protocols

/// `GET /metrics`: the Prometheus text format (version 0.0.4). With `METRICS_TOKEN` set it asks for
/// `Authorization: Bearer <token>`, so that a deployment exposing the port need not expose the figures.
struct MetricsRoute: Sendable {
    let registry: PrometheusCollectorRegistry
    let token: String?
    /// Read at each scrape for the generation queue's depth.
    let store: any StoryStore

    func register(on router: Router<AppRequestContext>) {
        router.get("/metrics") { request, _ in
            if let token {
                guard request.headers[.authorization] == "Bearer \(token)" else {
                    return Response(
                        status: .unauthorized, headers: [.wwwAuthenticate: "Bearer", .contentType: "text/plain; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: "METRICS_TOKEN is set: send Authorization: Bearer <token>\n")))
                }
            }
            await GenerationMetrics.updateQueueDepth(from: store)
            var bytes: [UInt8] = []
            bytes.reserveCapacity(16_384)
            registry.emit(into: &bytes)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }
}
