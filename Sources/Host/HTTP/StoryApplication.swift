import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle

/// Builds the HTTP application: routes, CORS, limits.
enum StoryApplication {
    /// - Parameter onServerRunning: called once the port is bound (so "serving on" is logged only then).
    static func make(
        services: Services, onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        let settings = services.settings
        // Before the router, whose request spans need the tracer.
        let exporter = try TracingBootstrap.start(settings)
        let router = try makeRouter(services: services)
        var background: [any Service] = []
        if let workers = GenerationWorkers.inServer(services) { background.append(workers) }
        if let exporter { background.append(exporter) }
        return Application(
            router: router,
            // A request whose head or body stalls longer than this loses its connection (and its spool file).
            server: .http1OnEventLoops(configuration: .init(idleTimeout: .seconds(Int64(settings.limits.idleTimeoutSeconds)))),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "story-server"),
            services: background,
            onServerRunning: onServerRunning,
            logger: services.logger)
    }

    static func makeRouter(services: Services) throws -> Router<AppRequestContext> {
        MetricsBootstrap.bootstrap()
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: MetricsMiddleware())
        // A span a request, only when a tracer is bootstrapped (OTEL_EXPORTER_OTLP_ENDPOINT).
        if Traces.enabled { router.add(middleware: TracingMiddleware()) }
        // One line a request at debug level, with its request id (`hb.request.id`).
        router.add(middleware: LogRequestsMiddleware(.debug))
        if !services.settings.corsAllowedOrigins.isEmpty {
            router.add(middleware: CORSPolicy(allowedOrigins: Set(services.settings.corsAllowedOrigins)))
        }
        let executor = try GraphQLExecutor(settings: services.settings, logger: services.logger)
        GraphQLRoutes(services: services, executor: executor).register(on: router)
        HealthRoute(services: services).register(on: router)
        MetricsRoute(registry: MetricsBootstrap.registry, token: services.settings.metricsToken, store: services.store).register(on: router)
        if let serving = services.storage.localFileServing { MediaRoute(serving: serving).register(on: router) }
        return router
    }
}
