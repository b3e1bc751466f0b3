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

    /// Raises the token version above `stored`'s when this update changes the password or the role:
    /// tokens issued before stand for credentials or rights the user no longer has.
    mutating func revokeTokensIfCredentialsChanged(since stored: User) {
        if passwordHash != stored.passwordHash || role != stored.role {
            tokenVersion = stored.tokenVersion + 1
        }
    }
}

extension Services {
    /// The user a signed token stands for, when it still exists and the token is not revoked.
    /// A store failure answers `nil` (the request is then anonymous).
    func currentUser(for claims: TokenClaims) async -> User? {
        guard let id = ObjectId(claims.userId), let user = try? await store.users(ids: [id]).first,
            user.accepts(claims)
        else { return nil }
        return user
    }
}
