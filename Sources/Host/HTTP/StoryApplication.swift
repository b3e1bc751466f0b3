import Hummingbird
import Logging
import ServiceLifecycle

/// Builds the HTTP application: routes, CORS, limits.
enum StoryApplication {
    static func make(services: Services) throws -> some ApplicationProtocol {
        let router = try makeRouter(services: services)
        let settings = services.settings
        var background: [any Service] = []
        if let workers = GenerationWorkers.inServer(services) { background.append(workers) }
        return Application(
            router: router,
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "story-server"),
            services: background,
            logger: services.logger)
    }

    static func makeRouter(services: Services) throws -> Router<AppRequestContext> {
        let router = Router(context: AppRequestContext.self)
        if !services.settings.corsAllowedOrigins.isEmpty {
            router.add(middleware: CORSPolicy(allowedOrigins: Set(services.settings.corsAllowedOrigins)))
        }
        let executor = try GraphQLExecutor(settings: services.settings, logger: services.logger)
        GraphQLRoutes(services: services, executor: executor).register(on: router)
        HealthRoute(services: services).register(on: router)
        if let serving = services.storage.localFileServing { MediaRoute(serving: serving).register(on: router) }
        return router
    }
}
