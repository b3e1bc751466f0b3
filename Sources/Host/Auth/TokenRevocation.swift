import Domain
import Foundation
import Protocols

/// Revoking tokens: a user's tokens carry their ``User/tokenVersion``; raising it refuses every token
/// issued before, on every operation (the `Authorization` header, `verifyToken`, `refreshToken`).
extension User {
    /// Whether a token with these claims is still valid for this user: its version (0 without the
    /// claim, as in the former server's tokens) is the user's current one.
    func accepts(_ claims: TokenClaims) -> Bool {
        (claims.ver ?? 0) == tokenVersion
    }
}

extension Services {
    /// The user a signed token stands for, when it still exists and the token is not revoked.
    /// - Throws: `DomainError.unavailable` when the store cannot say: an outage is not a logout.
    func currentUser(for claims: TokenClaims) async throws -> User? {
        guard let id = ObjectId(claims.userId) else { return nil }
        let user = try await DomainError.translating { try await store.users(ids: [id]).first }
        guard let user, user.accepts(claims) else { return nil }
        return user
    }
}
