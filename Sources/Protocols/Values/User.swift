import Foundation

/// What a user may do: authors are `admin`, players are `player`.
public enum Role: String, Codable, Sendable, CaseIterable {
    case admin
    case player
}

/// An account. `email` is kept lowercased, so lookups are case-insensitive.
public struct User: Hashable, Codable, Sendable, Identifiable {
    public var id: ObjectId
    public var email: String
    /// A bcrypt hash (`$2a$`, `$2b$` or `$2y$`). Never sent to clients.
    public var passwordHash: String
    public var role: Role
    public var firstName: String
    public var lastName: String
    public var createdAt: Date
    public var updatedAt: Date
    /// The version of the user's tokens: tokens carry it, and a token whose version is not the user's
    /// is refused. Raising it (on a password or role change) revokes every token issued before.
    /// Stores never lower it (see ``UserStore/updateUser(_:)``).
    public var tokenVersion: Int

    public init(
        id: ObjectId = ObjectId(), email: String, passwordHash: String, role: Role,
        firstName: String = "", lastName: String = "", createdAt: Date = Date(), updatedAt: Date? = nil,
        tokenVersion: Int = 0
    ) {
        self.id = id
        self.email = email.lowercased()
        self.passwordHash = passwordHash
        self.role = role
        self.firstName = firstName
        self.lastName = lastName
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
        self.tokenVersion = tokenVersion
    }
}
