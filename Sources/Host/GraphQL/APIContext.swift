import Protocols

/// The context of one GraphQL request: the services, who is asking, and the request's loaders.
final class APIContext: Sendable {
    let services: Services
    /// The authenticated user, `nil` without a valid token.
    let viewer: User?
    /// The client's address (from `X-Forwarded-For` only behind a trusted proxy).
    let clientAddress: String?
    let loaders: Loaders

    init(services: Services, viewer: User?, clientAddress: String?) {
        self.services = services
        self.viewer = viewer
        self.clientAddress = clientAddress
        self.loaders = Loaders(store: services.store)
    }

    var store: any StoryStore { services.store }

    /// The viewer. - Throws: ``APIError/authenticationRequired``.
    func requireUser() throws -> User {
        guard let viewer else { throw APIError.authenticationRequired }
        return viewer
    }

    /// The viewer when an admin. - Throws: `authenticationRequired` or `permissionDenied`.
    func requireAdmin() throws -> User {
        let user = try requireUser()
        guard user.role == .admin else { throw APIError.permissionDenied }
        return user
    }

    var isAdmin: Bool { viewer?.role == .admin }

    /// Bounds a list argument. - Throws: `invalidInput` past the configured maximum.
    func checkListSize(_ count: Int, argument: String) throws {
        let max = services.settings.limits.maxListSize
        if count > max { throw APIError.invalidInput("\(argument) may hold at most \(max) items (got \(count))") }
    }
}
