import Domain
import Foundation
import GraphQL
import Graphiti
import Protocols

struct UserIDArgs: Codable, Sendable { var userId: GraphID }
struct EmailArgs: Codable, Sendable { var email: String }
struct CredentialsArgs: Codable, Sendable { var email: String; var password: String }
/// `tokenAuth`: django-graphql-jwt's `username` (which is the email), or `email`.
struct TokenAuthArgs: Codable, Sendable { var username: String?; var email: String?; var password: String }
struct TokenArgs: Codable, Sendable { var token: String? }
struct CreateUserArgs: Codable, Sendable { var input: UserInput<Op.Create> }
struct UpdateUserArgs: Codable, Sendable { var userId: GraphID; var input: UserInput<Op.Update> }

extension RootResolver {
    // MARK: Queries

    func me(context: APIContext, arguments: NoArguments) -> UserType? {
        context.viewer.map { UserType(user: $0) }
    }

    func allUsers(context: APIContext, arguments: NoArguments) async throws -> [UserType] {
        try await context.services.users.all(by: context.access).map { UserType(user: $0) }
    }

    func userById(context: APIContext, arguments: UserIDArgs) async throws -> UserType? {
        let id = try NodeID.decode(arguments.userId, as: "UserType", argument: "userId")
        return try await context.services.users.user(id, by: context.access).map { UserType(user: $0) }
    }

    func userByEmail(context: APIContext, arguments: EmailArgs) async throws -> UserType? {
        try await context.services.users.user(email: arguments.email, by: context.access).map { UserType(user: $0) }
    }

    // MARK: Authentication

    func login(context: APIContext, arguments: CredentialsArgs) async throws -> LoginPayload {
        try await context.mutation {
            let user = try await context.authenticate(email: arguments.email, password: arguments.password)
            let issued = try await context.services.tokens.issue(for: user)
            return LoginPayload(token: issued.token, user: UserType(callersOwn: user), success: true, message: "Login successful")
        }
    }

    func tokenAuth(context: APIContext, arguments: TokenAuthArgs) async throws -> TokenPayload<Op.Create> {
        let email: String
        switch (arguments.username, arguments.email) {
        case (let username?, nil): email = username
        case (nil, let address?): email = address
        case (nil, nil): throw APIError.invalidInput("username (the email) is required")
        case (_?, _?): throw APIError.invalidInput("Give username or email, not both")
        }
        let user = try await context.authenticate(email: email, password: arguments.password)
        let issued = try await context.services.tokens.issue(for: user)
        return TokenPayload(
            token: issued.token, payload: GenericScalar(issued.claims.json),
            refreshExpiresIn: context.services.tokens.refreshExpiresIn(origIat: issued.claims.origIat),
            user: UserType(callersOwn: user))
    }

    func verifyToken(context: APIContext, arguments: TokenArgs) async throws -> VerifyTokenPayload {
        guard let token = arguments.token else { throw APIError.invalidInput("token is required") }
        guard let claims = await context.services.tokens.verify(token),
            try await context.services.currentUser(for: claims) != nil
        else {
            throw APIError.invalidInput("Invalid or expired token")
        }
        return VerifyTokenPayload(payload: GenericScalar(claims.json))
    }

    func refreshToken(context: APIContext, arguments: TokenArgs) async throws -> TokenPayload<Op.Refresh> {
        guard let token = arguments.token else { throw APIError.invalidInput("token is required") }
        let tokens = context.services.tokens
        guard let claims = await tokens.claimsForRefresh(token), let user = try await context.services.currentUser(for: claims)
        else { throw APIError.invalidInput("Invalid or expired token") }
        let issued = try await tokens.issue(for: user, originalIssue: claims.origIat)
        return TokenPayload(
            token: issued.token, payload: GenericScalar(issued.claims.json),
            refreshExpiresIn: tokens.refreshExpiresIn(origIat: issued.claims.origIat), user: UserType(callersOwn: user))
    }

    // MARK: Mutations

    func createUser(context: APIContext, arguments: CreateUserArgs) async throws -> UserPayload<Op.Create> {
        try await context.mutation {
            let input = arguments.input
            let new = NewUser(
                email: input.email, password: input.password, role: try Self.role(input.role) ?? .player,
                firstName: input.firstName ?? "", lastName: input.lastName ?? "")
            let user = try await context.services.users.create(new, by: context.access)
            // The new account's own email is shown to whoever made it: they sent it.
            return UserPayload(user: UserType(callersOwn: user), success: true, message: "User created")
        }
    }

    func updateUser(context: APIContext, arguments: UpdateUserArgs) async throws -> UserPayload<Op.Update> {
        try await context.mutation {
            let id = try NodeID.decode(arguments.userId, as: "UserType", argument: "userId")
            let input = arguments.input
            let changes = UserChanges(
                email: input.email, password: input.password, role: try Self.role(input.role),
                firstName: input.firstName, lastName: input.lastName)
            let user = try await context.services.users.update(id, changes, by: context.access)
            return UserPayload(user: UserType(user: user), success: true, message: "User updated")
        }
    }

    func deleteUser(context: APIContext, arguments: UserIDArgs) async throws -> DeletePayload<User> {
        try await context.mutation {
            let id = try NodeID.decode(arguments.userId, as: "UserType", argument: "userId")
            try await context.services.users.delete(id, by: context.access)
            return DeletePayload(success: true, message: "User deleted")
        }
    }

    private static func role(_ text: String?) throws -> Role? {
        guard let text else { return nil }
        guard let role = Role(rawValue: text.lowercased()) else {
            throw APIError.invalidInput("role must be 'admin' or 'player' (got '\(text.prefix(50))')")
        }
        return role
    }
}

// The compiled path reads these without `MapDecoder` (``PlainArguments``).
extension UserIDArgs: PlainArguments {
    init?(plain arguments: Map) { guard let id = arguments.plainID("userId") else { return nil }; self.init(userId: id) }
}
