import Foundation
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
        context.viewer.map(UserType.init)
    }

    func allUsers(context: APIContext, arguments: NoArguments) async throws -> [UserType] {
        _ = try context.requireAdmin()
        return try await context.store.allUsers().map(UserType.init)
    }

    func userById(context: APIContext, arguments: UserIDArgs) async throws -> UserType? {
        let viewer = try context.requireUser()
        let id = try NodeID.decode(arguments.userId, as: "UserType", argument: "userId")
        guard viewer.role == .admin || viewer.id == id else { throw APIError.permissionDenied }
        return try await context.loaders.users.load(id).map(UserType.init)
    }

    func userByEmail(context: APIContext, arguments: EmailArgs) async throws -> UserType? {
        _ = try context.requireAdmin()
        return try await context.store.user(email: arguments.email.lowercased()).map(UserType.init)
    }

    // MARK: Authentication

    func login(context: APIContext, arguments: CredentialsArgs) async throws -> LoginPayload {
        try await context.mutation {
            let user = try await context.authenticate(email: arguments.email, password: arguments.password)
            let issued = try await context.services.tokens.issue(for: user)
            return LoginPayload(token: issued.token, user: UserType(user: user), success: true, message: "Login successful")
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
            user: UserType(user: user))
    }

    func verifyToken(context: APIContext, arguments: TokenArgs) async throws -> VerifyTokenPayload {
        guard let token = arguments.token else { throw APIError.invalidInput("token is required") }
        guard let claims = await context.services.tokens.verify(token),
            await context.services.currentUser(for: claims) != nil
        else {
            throw APIError.invalidInput("Invalid or expired token")
        }
        return VerifyTokenPayload(payload: GenericScalar(claims.json))
    }

    func refreshToken(context: APIContext, arguments: TokenArgs) async throws -> TokenPayload<Op.Refresh> {
        guard let token = arguments.token else { throw APIError.invalidInput("token is required") }
        let tokens = context.services.tokens
        guard let claims = await tokens.claimsForRefresh(token), let id = ObjectId(claims.userId),
            let user = try await context.store.users(ids: [id]).first, user.accepts(claims)
        else { throw APIError.invalidInput("Invalid or expired token") }
        let issued = try await tokens.issue(for: user, originalIssue: claims.origIat)
        return TokenPayload(
            token: issued.token, payload: GenericScalar(issued.claims.json),
            refreshExpiresIn: tokens.refreshExpiresIn(origIat: issued.claims.origIat), user: UserType(user: user))
    }

    // MARK: Mutations

    func createUser(context: APIContext, arguments: CreateUserArgs) async throws -> UserPayload<Op.Create> {
        let input = arguments.input
        let role = try Self.role(input.role) ?? .player
        if role == .admin && !context.isAdmin {
            throw context.viewer == nil ? APIError.permissionDenied : APIError.permissionDenied
        }
        return try await context.mutation {
            guard let emailText = input.email else { throw APIError.invalidInput("email is required") }
            guard let password = input.password else { throw APIError.invalidInput("password is required") }
            let email = try Validate.email(emailText)
            try Validate.password(password)
            let firstName = input.firstName ?? ""
            let lastName = input.lastName ?? ""
            try Validate.length(firstName, field: "firstName", max: 100)
            try Validate.length(lastName, field: "lastName", max: 100)
            let hash = try await context.services.passwords.hash(password)
            let user = User(email: email, passwordHash: hash, role: role, firstName: firstName, lastName: lastName)
            try await context.store.insertUser(user)
            return UserPayload(user: UserType(user: user), success: true, message: "User created")
        }
    }

    func updateUser(context: APIContext, arguments: UpdateUserArgs) async throws -> UserPayload<Op.Update> {
        let viewer = try context.requireUser()
        let id = try NodeID.decode(arguments.userId, as: "UserType", argument: "userId")
        guard viewer.role == .admin || viewer.id == id else { throw APIError.permissionDenied }
        let input = arguments.input
        let newRole = try Self.role(input.role)
        return try await context.mutation {
            guard var user = try await context.store.users(ids: [id]).first else { throw APIError.notFound("User") }
            let stored = user
            if let newRole, newRole != user.role {
                guard viewer.role == .admin else { throw APIError.permissionDenied }
                user.role = newRole
            }
            if let email = input.email { user.email = try Validate.email(email) }
            if let password = input.password {
                try Validate.password(password)
                user.passwordHash = try await context.services.passwords.hash(password)
            }
            if let firstName = input.firstName {
                try Validate.length(firstName, field: "firstName", max: 100)
                user.firstName = firstName
            }
            if let lastName = input.lastName {
                try Validate.length(lastName, field: "lastName", max: 100)
                user.lastName = lastName
            }
            user.updatedAt = Date()
            user.revokeTokensIfCredentialsChanged(since: stored)
            try await context.store.updateUser(user)
            return UserPayload(user: UserType(user: user), success: true, message: "User updated")
        }
    }

    func deleteUser(context: APIContext, arguments: UserIDArgs) async throws -> DeletePayload<User> {
        let viewer = try context.requireUser()
        let id = try NodeID.decode(arguments.userId, as: "UserType", argument: "userId")
        guard viewer.role == .admin || viewer.id == id else { throw APIError.permissionDenied }
        return try await context.mutation {
            guard try await context.store.deleteUser(id: id) else { throw APIError.notFound("User") }
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
