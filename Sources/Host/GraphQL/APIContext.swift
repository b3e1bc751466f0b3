import Domain
import Protocols
import Synchronization

/// The context of one GraphQL request: the services, who is asking, and the request's loaders.
final class APIContext: Sendable {
    let services: Services
    /// The authenticated user, `nil` without a valid token.
    let viewer: User?
    /// The client's address (from `X-Forwarded-For` only behind a trusted proxy).
    let clientAddress: String?
    /// The request's batch loaders, made by the first field that loads: a request that loads
    /// nothing (`{ __typename }`, a login) does not make eight loaders and their closures.
    var loaders: Loaders { lazyLoaders.value }
    private let lazyLoaders: LazyLoaders

    /// The files of a multipart request (none for JSON).
    let uploads: RequestUploads

    /// The signed URLs of private files made for this request, by storage key.
    private let privateURLs = Mutex<[String: String]>([:])

    /// Set once the request is stopped (its deadline passed, its client went away).
    private let stopped = Atomic<Bool>(false)

    init(services: Services, viewer: User?, clientAddress: String?, uploads: RequestUploads = .none) {
        self.uploads = uploads
        self.services = services
        self.viewer = viewer
        self.clientAddress = clientAddress
        self.lazyLoaders = LazyLoaders(store: services.store, viewer: viewer)
    }

    /// What the viewer may do: every service call and every field that reaches an object through
    /// another asks it.
    var access: AccessPolicy { AccessPolicy(viewer: viewer) }

    /// The viewer. - Throws: `forbidden(.signInRequired)` (`Authentication required`).
    func requireUser() throws -> User { try access.signedIn() }

    /// The viewer when an admin. - Throws: `forbidden` (`Authentication required` or `permissionDenied`).
    func requireAdmin() throws -> User { try access.admin() }

    /// The short-lived signed URL of a private file, one per file for the whole request: a file
    /// listed twice answers the same URL, and so do both query paths under the differential check
    /// (signed a second apart, they differed).
    func privateURL(forKey key: String) async throws -> String {
        if let known = privateURLs.withLock({ $0[key] }) { return known }
        let signed = try await services.storage.url(forKey: key, isPublic: false)
        return privateURLs.withLock { urls in
            if let first = urls[key] { return first }
            urls[key] = signed
            return signed
        }
    }

    /// Whether the request was stopped: its resolvers not started yet throw instead of running.
    ///
    /// A flag of the request rather than `Task.isCancelled`: GraphQLSwift's executor cancels the
    /// sibling fields of a non-null field that failed (their task group ends), and those must
    /// complete as the compiled path completes them, not each answer a "cancelled" error.
    var isStopped: Bool { stopped.load(ordering: .relaxed) }

    /// Stops the request (see ``isStopped``).
    func stop() { stopped.store(true, ordering: .relaxed) }

    /// Bounds a list argument. - Throws: `invalidInput` past the configured maximum.
    func checkListSize(_ count: Int, argument: String) throws {
        let max = services.settings.limits.maxListSize
        if count > max { throw APIError.invalidInput("\(argument) may hold at most \(max) items (got \(count))") }
    }
}

/// ``Loaders`` made once, by whichever caller asks first; after that a read is one atomic load.
private final class LazyLoaders: Sendable {
    private let store: any StoryStore
    private let viewer: User?
    /// The loaders' address once made (0 before): a pointer itself is not `Sendable`.
    private let made = Atomic<UInt>(0)

    init(store: any StoryStore, viewer: User?) {
        self.store = store
        self.viewer = viewer
    }

    var value: Loaders {
        if let made = UnsafeMutableRawPointer(bitPattern: made.load(ordering: .acquiring)) {
            return Unmanaged<Loaders>.fromOpaque(made).takeUnretainedValue()
        }
        let loaders = Loaders(store: store)
        // Read from the store for this request already: a field that reaches the viewer (the
        // author of their own story) answers it without a second call.
        if let viewer { loaders.users.store([viewer]) { $0.id } }
        let mine = Unmanaged.passRetained(loaders).toOpaque()
        let (stored, theirs) = made.compareExchange(expected: 0, desired: UInt(bitPattern: mine), ordering: .acquiringAndReleasing)
        if stored { return loaders }
        Unmanaged<Loaders>.fromOpaque(mine).release()
        return Unmanaged<Loaders>.fromOpaque(UnsafeMutableRawPointer(bitPattern: theirs)!).takeUnretainedValue()
    }

    deinit {
        if let made = UnsafeMutableRawPointer(bitPattern: made.load(ordering: .acquiring)) {
            Unmanaged<Loaders>.fromOpaque(made).release()
        }
    }
}
