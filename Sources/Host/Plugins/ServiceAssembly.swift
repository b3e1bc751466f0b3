import Logging
import Protocols

/// Makes the services from the settings: picks each plugin by name and builds it. Any failure
/// stops start-up with a message naming the variable at fault.
enum ServiceAssembly {
    static func make(settings: ServerSettings, logger: Logger) async throws -> Services {
        let env = settings.plugins
        // Every store call is timed (`store_call_duration_seconds{operation}`).
        let store = MeteredStore(try await PluginRegistry.factory(
            PluginRegistry.stores, name: settings.databaseType.rawValue, variable: "DB_TYPE")(env))
        for warning in store.startUpWarnings { logger.warning("\(settings.databaseType.rawValue) store: \(warning)") }
        let storage = try await PluginRegistry.factory(PluginRegistry.storages, name: settings.storageType, variable: "STORAGE_TYPE")(env)
        let generation = try await makeGeneration(settings: settings, env: env, logger: logger)
        return Services(
            settings: settings, store: store, storage: storage,
            tokens: await TokenService(secret: settings.secretKey, lifetime: settings.jwtExpiration, refreshLifetime: settings.jwtRefreshExpiration),
            passwords: PasswordHasher(cost: settings.bcryptCost),
            loginThrottle: LoginThrottle(limits: settings.limits),
            generation: generation, logger: logger)
    }

    private static func makeGeneration(settings: ServerSettings, env: any PluginSettings, logger: Logger) async throws -> GenerationService {
        var reasons: [GenerationKind: String] = [:]
        let imageName = settings.providers.image
        var image: (any ImageGenerator)?
        if let imageName {
            image = try await PluginRegistry.factory(PluginRegistry.imageProviders, name: imageName, variable: "IMAGE_PROVIDER")(env)
        } else {
            reasons[.image] = "Image generation is not configured: set HUGGINGFACE_API_TOKEN (or IMAGE_PROVIDER)"
        }
        let speechName = settings.providers.speech
        let speech = try await PluginRegistry.factory(PluginRegistry.speechProviders, name: speechName, variable: "TTS_PROVIDER")(env)
        var music: (any MusicGenerator)?
        if let musicName = settings.providers.music {
            music = try await PluginRegistry.factory(PluginRegistry.musicProviders, name: musicName, variable: "MUSIC_PROVIDER")(env)
        } else {
            reasons[.music] = "Music generation is not configured: set MUSIC_PROVIDER=musicgen"
        }
        return GenerationService(image: image, speech: speech, music: music, unavailableReasons: reasons, settings: settings.generation)
    }
}
