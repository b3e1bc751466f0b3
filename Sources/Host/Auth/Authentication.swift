import Foundation
import Protocols

extension APIContext {
    /// Checks credentials. The attempt is reserved against the login budgets (see ``LoginThrottle``)
    /// before bcrypt runs, and stays counted unless the password is right.
    /// - Throws: `tooManyAttempts`, or `invalidInput("Please enter valid credentials")`.
    func authenticate(email: String, password: String) async throws -> User {
        let normalized = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let attempt = try await services.loginThrottle.reserve(email: normalized, address: clientAddress, in: services.store)
        if let user = try await services.store.user(email: normalized),
            try await services.passwords.verify(password, against: user.passwordHash)
        {
            await attempt.succeeded()
            return user
        }
        throw APIError.invalidInput("Please enter valid credentials")
    }
}
