import Graphiti
import Protocols

/// The users domain of the schema: `UserType`, its queries and mutations.
enum UserSchema {
    static var partial: PartialSchema<RootResolver, APIContext> {
        PartialSchema(
            types: {
                Type(UserType.self, interfaces: [RelayNode.self]) {
                    Field("id", at: \.id)
                    Field("mongoId", at: \.mongoId)
                    Field("email", at: UserType.email)
                    Field("role", at: \.role)
                    Field("firstName", at: \.firstName)
                    Field("lastName", at: \.lastName)
                    Field("createdAt", at: \.createdAt)
                    Field("updatedAt", at: \.updatedAt)
                }
                userInput(Op.Create.self, as: "CreateUserInput")
                userInput(Op.Update.self, as: "UpdateUserInput")
                userPayload(Op.Create.self, as: "CreateUser")
                userPayload(Op.Update.self, as: "UpdateUser")
                DeletePayload<User>.type(as: "DeleteUser")
                Type(LoginPayload.self, as: "Login") {
                    Field("token", at: \.token)
                    Field("user", at: \.user)
                    Field("success", at: \.success)
                    Field("message", at: \.message)
                }
                tokenPayload(Op.Create.self, as: "ObtainJSONWebToken")
                tokenPayload(Op.Refresh.self, as: "Refresh")
                Type(VerifyTokenPayload.self, as: "Verify") {
                    Field("payload", at: \.payload)
                }
            },
            query: {
                Field("me", at: RootResolver.me)
                Field("allUsers", at: RootResolver.allUsers)
                Field("userById", at: RootResolver.userById) { Argument("userId", at: \.userId) }
                Field("userByEmail", at: RootResolver.userByEmail) { Argument("email", at: \.email) }
            },
            mutation: {
                Field("login", at: RootResolver.login) {
                    Argument("email", at: \.email)
                    Argument("password", at: \.password)
                }
                Field("tokenAuth", at: RootResolver.tokenAuth) {
                    Argument("username", at: \.username)
                    Argument("email", at: \.email)
                    Argument("password", at: \.password)
                }
                Field("verifyToken", at: RootResolver.verifyToken) { Argument("token", at: \.token) }
                Field("refreshToken", at: RootResolver.refreshToken) { Argument("token", at: \.token) }
                Field("createUser", at: RootResolver.createUser) { Argument("input", at: \.input) }
                Field("updateUser", at: RootResolver.updateUser) {
                    Argument("userId", at: \.userId)
                    Argument("input", at: \.input)
                }
                Field("deleteUser", at: RootResolver.deleteUser) { Argument("userId", at: \.userId) }
            }
        )
    }

    private static func userInput<Kind>(_: Kind.Type, as name: String) -> Input<RootResolver, APIContext, UserInput<Kind>> {
        Input(UserInput<Kind>.self, as: name) {
            InputField("email", at: \.email)
            InputField("password", at: \.password)
            InputField("role", at: \.role)
            InputField("firstName", at: \.firstName)
            InputField("lastName", at: \.lastName)
        }
    }

    private static func userPayload<Kind>(_: Kind.Type, as name: String) -> Type<RootResolver, APIContext, UserPayload<Kind>> {
        Type(UserPayload<Kind>.self, as: name) {
            Field("user", at: \.user)
            Field("success", at: \.success)
            Field("message", at: \.message)
        }
    }

    private static func tokenPayload<Kind>(_: Kind.Type, as name: String) -> Type<RootResolver, APIContext, TokenPayload<Kind>> {
        Type(TokenPayload<Kind>.self, as: name) {
            Field("token", at: \.token)
            Field("payload", at: \.payload)
            Field("refreshExpiresIn", at: \.refreshExpiresIn)
            Field("user", at: \.user)
        }
    }
}
