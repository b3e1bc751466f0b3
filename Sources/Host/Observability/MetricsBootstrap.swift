import Metrics
import Prometheus
import Synchronization

/// The process's metrics: swift-metrics, exported by swift-prometheus from one registry that
/// `GET /metrics` emits. Hummingbird's `MetricsMiddleware`, the GraphQL executor, the store
/// decorator and the generation workers all record through the global `MetricsSystem`, which this
/// bootstraps once per process (the first call wins; later ones are no-ops, as tests need).
enum MetricsBootstrap {
    /// The registry `GET /metrics` emits.
    static let registry = PrometheusCollectorRegistry()

    private static let done = Mutex(false)

    /// Bootstraps `MetricsSystem` with a Prometheus factory over ``registry``, once.
    static func bootstrap() {
        done.withLock { done in
            guard !done else { return }
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
            done = true
        }
    }
}
