import Logging
import Protocols

/// What the server holds for its whole life and every request uses. A class: each request's
/// context and resolvers hold it, and copying its fields (the settings, two existentials, a
/// logger) cost a retain each every time.
final class Services: Sendable {
    let settings: ServerSettings
    let store: any StoryStore
    let storage: any FileStorage
    let tokens: TokenService
    let passwords: PasswordHasher
    let loginThrottle: LoginThrottle
    let generation: GenerationService?
    let logger: Logger

    init(
        settings: ServerSettings, store: any StoryStore, storage: any FileStorage, tokens: TokenService,
        passwords: PasswordHasher, loginThrottle: LoginThrottle, generation: GenerationService?, logger: Logger
    ) {
        self.settings = settings
        self.store = store
        self.storage = storage
        self.tokens = tokens
        self.passwords = passwords
        self.loginThrottle = loginThrottle
        self.generation = generation
        self.logger = logger
    }
}
