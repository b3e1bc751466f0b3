import Graphiti
import Protocols

/// `UserType`: an account as clients see it. Never the password.
struct UserType: RelayNode {
    let user: User
    /// Whether the answer is the caller's own account although the request is anonymous (what
    /// `createUser`, `login`, `tokenAuth` and `refreshToken` answer), so its email is shown.
    let isCallersOwn: Bool

    init(user: User) {
        self.user = user
        self.isCallersOwn = false
    }

    /// The caller's own account, answered by an operation that proved it (a sign-up, a login).
    init(callersOwn user: User) {
        self.user = user
        self.isCallersOwn = true
    }

    var id: GraphID { NodeID.encode("UserType", user.id) }
    var mongoId: String { user.id.hexString }
    /// The address, for the user and admins; everyone else (anonymous visitors, players reading an
    /// `authorId` or `uploadedBy`) gets the empty string, as the field is non-null.
    func email(context: APIContext, arguments: NoArguments) -> String {
        isCallersOwn || context.access.canReadEmail(of: user) ? user.email : ""
    }
    var role: String { user.role.rawValue }
    var firstName: String { user.firstName }
    var lastName: String { user.lastName }
    var createdAt: DateTime { DateTime(user.createdAt) }
    var updatedAt: DateTime { DateTime(user.updatedAt) }
}

/// What `createUser` (`CreateUserInput`) and `updateUser` (`UpdateUserInput`) take.
struct UserInput<Kind>: Codable, Sendable {
    var email: String?
    var password: String?
    var role: String?
    var firstName: String?
    var lastName: String?
}

/// `CreateUser` and `UpdateUser`.
struct UserPayload<Kind>: MutationPayload {
    var user: UserType?
    var success: Bool
    var message: String

    static func failure(_ message: String) -> Self { Self(user: nil, success: false, message: message) }
}

struct LoginPayload: MutationPayload {
    var token: String?
    var user: UserType?
    var success: Bool
    var message: String

    static func failure(_ message: String) -> Self { Self(token: nil, user: nil, success: false, message: message) }
}

/// `tokenAuth` (`ObtainJSONWebToken`) and `refreshToken` (`Refresh`), shaped like django-graphql-jwt's.
struct TokenPayload<Kind>: Sendable {
    var token: String
    var payload: GenericScalar
    var refreshExpiresIn: Int
    var user: UserType?
}

struct VerifyTokenPayload: Sendable {
    var payload: GenericScalar
}
