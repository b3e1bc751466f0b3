import Hummingbird
import OTel
import ServiceLifecycle
import Synchronization
import Tracing

/// Spans exported by swift-otel's OTLP/HTTP exporter when `OTEL_EXPORTER_OTLP_ENDPOINT` is set:
/// one a request (Hummingbird's `TracingMiddleware`), one a GraphQL operation, one a batch a loader
/// fetches, one a store call (see ``Traces``). swift-otel reads the other `OTEL_*` variables itself
/// (`OTEL_SERVICE_NAME`, `OTEL_BSP_SCHEDULE_DELAY`, `OTEL_TRACES_SAMPLER`, …). Without the endpoint
/// nothing is bootstrapped and no span is made.
enum TracingBootstrap {
    /// Bootstraps the tracer once per process; the exporter's service runs beside the server's.
    /// `nil` when tracing is off.
    static func start(_ settings: ServerSettings) throws -> (any Service)? {
        guard settings.otlpEndpoint != nil else { return nil }
        return try once.withLock { started in
            if let started { return started }
            var configuration = OTel.Configuration.default
            configuration.serviceName = "story-server"
            configuration.logs.enabled = false
            configuration.metrics.enabled = false
            configuration.traces.enabled = true
            configuration.traces.otlpExporter.protocol = .httpProtobuf
            let backend = try OTel.makeTracingBackend(configuration: configuration)
            InstrumentationSystem.bootstrap(backend.factory)
            Traces.enable()
            started = backend.service
            return backend.service
        }
    }

    private static let once = Mutex<(any Service)?>(nil)
}
