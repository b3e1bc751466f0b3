import Domain
import Protocols

extension PasswordHasher: PasswordHashing {}

/// The domain services over this server's ports. They hold nothing of their own, so each request
/// makes them as it needs them.
extension Services {
    var users: UserService { UserService(store: store, passwords: passwords) }
    var stories: StoryService { StoryService(store: store, assets: assets) }
    var progress: ProgressService { ProgressService(store: store) }
    /// `nil` when generation is not configured.
    var generationQueue: GenerationQueue? { generation?.queue(store: store) }
    var assets: AssetService {
        let logger = self.logger
        return AssetService(store: store, storage: storage, report: { logger.warning("\($0)") })
    }
}
