import Foundation
import Protocols

/// A new account, as asked for (a missing email or password is refused by ``UserService/create(_:by:)``).
public struct NewUser: Sendable {
    public var email: String?
    public var password: String?
    public var role: Role
    public var firstName: String
    public var lastName: String

    public init(email: String?, password: String?, role: Role = .player, firstName: String = "", lastName: String = "") {
        self.email = email
        self.password = password
        self.role = role
        self.firstName = firstName
        self.lastName = lastName
    }
}

/// What an update changes; `nil` leaves a field as it is.
public struct UserChanges: Sendable {
    public var email: String?
    public var password: String?
    public var role: Role?
    public var firstName: String?
    public var lastName: String?

    public init(email: String? = nil, password: String? = nil, role: Role? = nil, firstName: String? = nil, lastName: String? = nil) {
        self.email = email
        self.password = password
        self.role = role
        self.firstName = firstName
        self.lastName = lastName
    }

    /// Whether the update touches more than the role.
    var changesProfile: Bool { email != nil || password != nil || firstName != nil || lastName != nil }
}

/// Accounts: sign-up, the first admin, profile and role changes, deletion.
public struct UserService: Sendable {
    let store: any StoryStore
    let passwords: any PasswordHashing

    public init(store: any StoryStore, passwords: any PasswordHashing) {
        self.store = store
        self.passwords = passwords
    }

    /// Creates an account: anyone signs up as a player; only admins (and ``AccessPolicy/system``)
    /// create admins. The email is normalised (trimmed, lowercased) and must be free.
    /// - Throws: `forbidden`, `invalid` (missing or bad email or password, a name too long, the email taken).
    public func create(_ new: NewUser, by access: AccessPolicy) async throws -> User {
        try await DomainError.translating {
            guard access.canCreateUser(role: new.role) else { throw DomainError.forbidden(.notPermitted) }
            guard let emailText = new.email else { throw DomainError.invalid(field: "email", reason: "email is required") }
            guard let password = new.password else { throw DomainError.invalid(field: "password", reason: "password is required") }
            let email = try Validate.email(emailText)
            try Validate.password(password)
            try Validate.length(new.firstName, field: "firstName", max: 100)
            try Validate.length(new.lastName, field: "lastName", max: 100)
            let hash = try await passwords.hash(password)
            let user = User(email: email, passwordHash: hash, role: new.role, firstName: new.firstName, lastName: new.lastName)
            try await store.insertUser(user)
            return user
        }
    }

    /// What ``ensureAdmin(email:password:)`` did.
    public enum AdminBootstrapOutcome: Equatable, Sendable {
        case created, promoted, alreadyAdmin
    }

    /// The first admin: creates an admin with these credentials through ``create(_:by:)``, or promotes
    /// the user who has that email (their password stays; their tokens are revoked, as on any role change).
    public func ensureAdmin(email: String, password: String) async throws -> AdminBootstrapOutcome {
        try await DomainError.translating {
            let email = try Validate.email(email)
            if let user = try await store.user(email: email) {
                guard user.role != .admin else { return .alreadyAdmin }
                _ = try await update(user.id, UserChanges(role: .admin), by: .system)
                return .promoted
            }
            _ = try await create(NewUser(email: email, password: password, role: .admin), by: .system)
            return .created
        }
    }

    /// Changes an account. The user changes their own name, email and password; an admin changes
    /// anyone's role. A password or role change revokes the user's tokens.
    /// - Throws: `forbidden`, `notFound("User")`, `invalid`.
    public func update(_ id: ObjectId, _ changes: UserChanges, by access: AccessPolicy) async throws -> User {
        try await DomainError.translating {
            if !access.isSystem { _ = try access.signedIn() }
            try access.require(access.canChangeProfile(of: id) || access.canChangeRoles)
            guard var user = try await store.users(ids: [id]).first else { throw DomainError.notFound("User") }
            let stored = user
            if let role = changes.role, role != user.role {
                try access.require(access.canChangeRoles)
                user.role = role
            }
            if changes.changesProfile { try access.require(access.canChangeProfile(of: id)) }
            if let email = changes.email { user.email = try Validate.email(email) }
            if let password = changes.password {
                try Validate.password(password)
                user.passwordHash = try await passwords.hash(password)
            }
            if let firstName = changes.firstName {
                try Validate.length(firstName, field: "firstName", max: 100)
                user.firstName = firstName
            }
            if let lastName = changes.lastName {
                try Validate.length(lastName, field: "lastName", max: 100)
                user.lastName = lastName
            }
            user.updatedAt = Date()
            user.revokeTokensIfCredentialsChanged(since: stored)
            try await store.updateUser(user)
            return user
        }
    }

    /// Deletes an account and its progress: the user's own, or anyone's for an admin.
    /// - Throws: `forbidden`, `notFound("User")`.
    public func delete(_ id: ObjectId, by access: AccessPolicy) async throws {
        try await DomainError.translating {
            _ = try access.signedIn()
            try access.require(access.canDelete(userId: id))
            guard try await store.deleteUser(id: id) else { throw DomainError.notFound("User") }
        }
    }

    /// A user record, for the user and admins; `nil` when there is none. - Throws: `forbidden`.
    public func user(_ id: ObjectId, by access: AccessPolicy) async throws -> User? {
        try await DomainError.translating {
            _ = try access.signedIn()
            try access.require(access.isAdmin || access.canChangeProfile(of: id))
            return try await store.users(ids: [id]).first
        }
    }

    /// Every user, for admins. - Throws: `forbidden`.
    public func all(by access: AccessPolicy) async throws -> [User] {
        try await DomainError.translating {
            _ = try access.admin()
            return try await store.allUsers()
        }
    }

    /// The user with this email (any case), for admins. - Throws: `forbidden`.
    public func user(email: String, by access: AccessPolicy) async throws -> User? {
        try await DomainError.translating {
            _ = try access.admin()
            return try await store.user(email: email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased())
        }
    }
}
