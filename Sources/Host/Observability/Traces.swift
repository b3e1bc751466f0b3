import Synchronization
import Tracing

/// Spans of swift-distributed-tracing around the request's parts: the GraphQL operation, each
/// batch a loader fetches, each store call. They are made only once a tracer is bootstrapped
/// (``TracingBootstrap``, when `OTEL_EXPORTER_OTLP_ENDPOINT` is set); until then a span costs one
/// relaxed atomic load and its name is never even built.
enum Traces {
    private static let on = Atomic<Bool>(false)

    /// Whether spans are made.
    static var enabled: Bool { on.load(ordering: .relaxed) }

    /// Called once, after the tracer is bootstrapped.
    static func enable() { on.store(true, ordering: .relaxed) }

    /// Runs `body` in a span named `name`, with `attributes` set on it.
    static func span<T>(
        _ name: @autoclosure () -> String, attributes: (inout SpanAttributes) -> Void = { _ in },
        isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> T
    ) async rethrows -> T {
        guard enabled else { return try await body() }
        return try await withSpan(name(), isolation: isolation) { span in
            var values = span.attributes
            attributes(&values)
            span.attributes = values
            return try await body()
        }
    }
}
