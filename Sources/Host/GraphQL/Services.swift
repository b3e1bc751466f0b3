import Logging
import Protocols

/// What the server holds for its whole life and every request uses.
struct Services: Sendable {
    let settings: ServerSettings
    let store: any StoryStore
    let storage: any FileStorage
    let tokens: TokenService
    let passwords: PasswordHasher
    let loginThrottle: LoginThrottle
    let generation: GenerationService?
    let logger: Logger
}
