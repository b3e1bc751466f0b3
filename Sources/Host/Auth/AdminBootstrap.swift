import Domain
import Foundation
import Protocols

/// Creates the first admin (from `create-admin` or `ADMIN_EMAIL`/`ADMIN_PASSWORD`), through the
/// same ``UserService/create(_:by:)`` as `createUser`.
enum AdminBootstrap {
    /// Creates an admin with these credentials, or promotes the existing user with that email
    /// (whose password is left as it is). Returns what was done.
    static func ensure(email: String, password: String, services: Services) async throws -> String {
        let normalized = try Validate.email(email)
        switch try await services.users.ensureAdmin(email: email, password: password) {
        case .alreadyAdmin: return "\(normalized) is already an admin"
        case .promoted: return "\(normalized) is now an admin"
        case .created: return "admin \(normalized) created"
        }
    }
}
