import Domain
import Protocols

/// The context of one GraphQL request: the services, who is asking, and the request's loaders.
final class APIContext: Sendable {
    let services: Services
    /// The authenticated user, `nil` without a valid token.
    let viewer: User?
    /// The client's address (from `X-Forwarded-For` only behind a trusted proxy).
    let clientAddress: String?
    let loaders: Loaders

    /// The files of a multipart request (none for JSON).
    let uploads: RequestUploads

    init(services: Services, viewer: User?, clientAddress: String?, uploads: RequestUploads = .none) {
        self.uploads = uploads
        self.services = services
        self.viewer = viewer
        self.clientAddress = clientAddress
        self.loaders = Loaders(store: services.store)
        // Read from the store for this request already: a field that reaches the viewer (the author
        // of their own story) answers it without a second call.
        if let viewer { loaders.users.store([viewer]) { $0.id } }
    }

    /// What the viewer may do: every service call and every field that reaches an object through
    /// another asks it.
    var access: AccessPolicy { AccessPolicy(viewer: viewer) }

    /// The viewer. - Throws: `forbidden(.signInRequired)` (`Authentication required`).
    func requireUser() throws -> User { try access.signedIn() }

    /// The viewer when an admin. - Throws: `forbidden` (`Authentication required` or `permissionDenied`).
    func requireAdmin() throws -> User { try access.admin() }

    /// Bounds a list argument. - Throws: `invalidInput` past the configured maximum.
    func checkListSize(_ count: Int, argument: String) throws {
        let max = services.settings.limits.maxListSize
        if count > max { throw APIError.invalidInput("\(argument) may hold at most \(max) items (got \(count))") }
    }
}
