/// Makes password hashes (the host's bcrypt); a port of the domain so that ``UserService`` never
/// sees a clear password leave it.
public protocol PasswordHashing: Sendable {
    func hash(_ password: String) async throws -> String
}
