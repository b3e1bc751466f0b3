import Protocols

/// Who may do what, in one place: one method per resource and action. Every service asks it, and so
/// does every GraphQL field that reaches an object through another (a progress's scenario, a scene's
/// assets, a node by id). The matrix it implements is the README's "Access" table.
///
/// Authors are admins. An admin has, on other people's things, the rights of reading that the
/// table gives "other admin" (every user, progress and asset; published stories only) and the
/// rights of managing accounts (changing a role, deleting a user); changing a story or an asset is
/// for its owner only, whoever else asks.
public struct AccessPolicy: Sendable {
    /// Who is asking; `nil` when anonymous (or for ``system``).
    public let viewer: User?
    /// Whether this is the server itself (see ``system``).
    public let isSystem: Bool

    public init(viewer: User?) {
        self.viewer = viewer
        self.isSystem = false
    }

    /// The server itself, acting at start-up for its operator (`create-admin`, `ADMIN_EMAIL`): an
    /// admin's rights over accounts, and no user of its own.
    public static let system = AccessPolicy(system: ())

    private init(system: Void) {
        self.viewer = nil
        self.isSystem = true
    }

    public var isAdmin: Bool { isSystem || viewer?.role == .admin }

    /// The viewer. - Throws: `forbidden(.signInRequired)`.
    public func signedIn() throws -> User {
        guard let viewer else { throw DomainError.forbidden(.signInRequired) }
        return viewer
    }

    /// The viewer when an admin. - Throws: `forbidden(.signInRequired)` or `forbidden(.notPermitted)`.
    public func admin() throws -> User {
        let user = try signedIn()
        guard user.role == .admin else { throw DomainError.forbidden(.notPermitted) }
        return user
    }

    private func isSelf(_ id: ObjectId?) -> Bool { viewer != nil && viewer?.id == id }

    // MARK: Stories (a scenario, its scenes and its choices share their scenario's rights)

    /// Published stories are read by everyone; unpublished ones by their author only (not by other
    /// admins, and not through a progress, a node or a search).
    public func canRead(_ scenario: Scenario) -> Bool {
        scenario.isPublished || isSelf(scenario.authorId)
    }

    /// Only the author changes a story (its scenes and choices), published or not.
    public func canChange(_ scenario: Scenario) -> Bool {
        isSelf(scenario.authorId)
    }

    /// A signed-in user plays (starts and moves on) a published story; its author also plays their
    /// draft, to try it. When a story is unpublished its players are paused: their progress is kept.
    public func canPlay(_ scenario: Scenario) -> Bool {
        viewer != nil && (scenario.isPublished || isSelf(scenario.authorId))
    }

    /// Admins write stories. - Throws: `forbidden`.
    public func mayCreateScenario() throws -> User { try admin() }

    /// Whether the viewer may read a story's rules: why a choice is closed (which can show variable
    /// values and spoil the story), its validation problems, its Twine export. Its author only.
    public func canReadRules(of scenario: Scenario) -> Bool { canChange(scenario) }

    // MARK: Users

    /// A user record is read by the user and by admins.
    public func canRead(_ user: User) -> Bool { isSelf(user.id) || isAdmin }

    /// Whether the viewer reads `user`'s email: their own, or anyone's for an admin. Everyone else
    /// (anonymous visitors, players, through `authorId`, `uploadedBy`…) sees it masked.
    public func canReadEmail(of user: User) -> Bool { isSelf(user.id) || isAdmin }

    /// The user changes their own name, email and password.
    public func canChangeProfile(of userId: ObjectId) -> Bool { isSelf(userId) }

    /// Only admins change roles (their own included).
    public var canChangeRoles: Bool { isAdmin }

    /// Whether the viewer may create an account with `role`: players sign up themselves; only admins
    /// create admins.
    public func canCreateUser(role: Role) -> Bool { role == .player || isAdmin }

    /// A user deletes their own account; admins delete anyone's.
    public func canDelete(userId: ObjectId) -> Bool { isSelf(userId) || isAdmin }

    /// Only admins list every user or look one up by email.
    public var canListUsers: Bool { isAdmin }

    // MARK: Progress

    /// A player reads their own progress; admins read everyone's.
    public func canRead(_ progress: PlayerProgress) -> Bool { isSelf(progress.userId) || isAdmin }

    /// Whether the viewer reads the progress records of `userId`.
    public func canReadProgress(ofUser userId: ObjectId) -> Bool { isSelf(userId) || isAdmin }

    /// Only the player changes (moves, goes back in, deletes) their progress.
    public func canChange(_ progress: PlayerProgress) -> Bool { isSelf(progress.userId) }

    // MARK: Assets

    /// Public assets are read by everyone, private ones by their uploader and admins.
    public func canRead(_ asset: Asset) -> Bool { asset.isPublic || isSelf(asset.uploadedBy) || isAdmin }

    /// An author attaches to a scene their own assets and public ones, never another user's private
    /// asset (which a published scene would show to its players), admin or not.
    public func canAttach(_ asset: Asset) -> Bool { asset.isPublic || isSelf(asset.uploadedBy) }

    /// Only the uploader changes or deletes an asset.
    public func canChange(_ asset: Asset) -> Bool { isSelf(asset.uploadedBy) }

    /// The listing of every asset the viewer may read, narrowed to `type`.
    public func readableAssets(type: AssetKind?) -> AssetFilter {
        var filter = AssetFilter(type: type)
        if !isAdmin {
            if let viewer { filter.visibleTo = viewer.id } else { filter.isPublic = true }
        }
        return filter
    }

    /// The listing of `uploaderId`'s assets the viewer may read.
    public func readableAssets(uploadedBy uploaderId: ObjectId) -> AssetFilter {
        AssetFilter(uploadedBy: uploaderId, isPublic: isSelf(uploaderId) || isAdmin ? nil : true)
    }

    /// The scenarios listing the viewer may read.
    public func readableScenarios(publishedOnly: Bool) -> ScenarioFilter {
        guard let viewer, !publishedOnly else { return .published }
        return .visible(to: viewer.id)
    }
}

extension AccessPolicy {
    /// Throws `forbidden(.signInRequired)` for anonymous viewers, `forbidden(.notPermitted)` otherwise,
    /// unless `allowed`.
    public func require(_ allowed: Bool) throws {
        guard allowed else {
            throw DomainError.forbidden(viewer == nil ? .signInRequired : .notPermitted)
        }
    }
}
