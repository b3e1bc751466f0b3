import Graphiti

/// The users domain of the schema: `UserType`, its queries and mutations.
enum UserSchema {
    static var partial: PartialSchema<RootResolver, APIContext> {
        PartialSchema(
            types: {
                Type(UserType.self, interfaces: [RelayNode.self]) {
                    Field("id", at: \.id)
                    Field("mongoId", at: \.mongoId)
                    Field("email", at: \.email)
                    Field("role", at: \.role)
                    Field("firstName", at: \.firstName)
                    Field("lastName", at: \.lastName)
                    Field("createdAt", at: \.createdAt)
                    Field("updatedAt", at: \.updatedAt)
                }
                Input(UserInput.self) {
                    InputField("email", at: \.email)
                    InputField("password", at: \.password)
                    InputField("role", at: \.role)
                    InputField("firstName", at: \.firstName)
                    InputField("lastName", at: \.lastName)
                }
                Type(UserPayload.self) {
                    Field("user", at: \.user)
                    Field("success", at: \.success)
                    Field("message", at: \.message)
                }
                Type(LoginPayload.self) {
                    Field("token", at: \.token)
                    Field("user", at: \.user)
                    Field("success", at: \.success)
                    Field("message", at: \.message)
                }
                Type(TokenPayload.self, as: "ObtainJSONWebToken") {
                    Field("token", at: \.token)
                    Field("payload", at: \.payload)
                    Field("refreshExpiresIn", at: \.refreshExpiresIn)
                    Field("user", at: \.user)
                }
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
}
