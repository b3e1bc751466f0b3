import Foundation
import Protocols

/// Creates the first admin (from `create-admin` or `ADMIN_EMAIL`/`ADMIN_PASSWORD`).
enum AdminBootstrap {
    /// Creates an admin with these credentials, or promotes the existing user with that email
    /// (whose password is left as it is). Returns what was done.
    static func ensure(email: String, password: String, services: Services) async throws -> String {
        let email = try Validate.email(email)
        if var user = try await services.store.user(email: email) {
            guard user.role != .admin else { return "\(email) is already an admin" }
            let stored = user
            user.role = .admin
            user.updatedAt = Date()
            user.revokeTokensIfCredentialsChanged(since: stored)
            try await services.store.updateUser(user)
            return "\(email) is now an admin"
        }
        try Validate.password(password)
        let hash = try await services.passwords.hash(password)
        try await services.store.insertUser(User(email: email, passwordHash: hash, role: .admin))
        return "admin \(email) created"
    }
}
