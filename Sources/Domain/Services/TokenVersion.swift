import Protocols

extension User {
    /// Raises the token version above `stored`'s when this update changes the password or the role:
    /// tokens issued before stand for credentials or rights the user no longer has.
    public mutating func revokeTokensIfCredentialsChanged(since stored: User) {
        if passwordHash != stored.passwordHash || role != stored.role {
            tokenVersion = stored.tokenVersion + 1
        }
    }
}
