import Foundation
import Protocols
import Testing

@testable import Host

@Suite("Users and authentication")
struct UserAPITests {
    @Test("signing up creates a player and never exposes the password")
    func signUpCreatesPlayer() async throws {
        try await TestServer.with { api in
            let r = try await api.graphql(#"mutation { createUser(input: {email: "Ann@Example.com", password: "password1", firstName: "Ann"}) { success user { email role firstName } } }"#)
            #expect(r.bool("data.createUser.success") == true)
            #expect(r.string("data.createUser.user.email") == "ann@example.com")
            #expect(r.string("data.createUser.user.role") == "player")
            let fields = try await api.graphql(#"{ __type(name: "UserType") { fields { name } } }"#)
            #expect(!fields.description.contains("password"))
        }
    }

    @Test("signing up as admin without an admin token is refused")
    func signUpAsAdminRefused() async throws {
        try await TestServer.with { api in
            let r = try await api.graphql(#"mutation { createUser(input: {email: "x@example.com", password: "password1", role: "admin"}) { success } }"#)
            #expect(r.errors == [permissionDenied])
            let player = try await api.player()
            let r2 = try await api.graphql(#"mutation { createUser(input: {email: "y@example.com", password: "password1", role: "admin"}) { success } }"#, token: player.token)
            #expect(r2.errors == [permissionDenied])
        }
    }

    @Test("an admin grants the admin role")
    func adminCreatesAdmin() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin()
            let r = try await api.graphql(#"mutation { createUser(input: {email: "b@example.com", password: "password1", role: "admin"}) { success user { role } } }"#, token: admin.token)
            #expect(r.string("data.createUser.user.role") == "admin")
        }
    }

    @Test("emails are validated and unique regardless of case; passwords have at least 8 characters")
    func signUpValidation() async throws {
        try await TestServer.with { api in
            try await api.player("dup@example.com")
            let dup = try await api.graphql(#"mutation { createUser(input: {email: "DUP@example.com", password: "password1"}) { success message } }"#)
            #expect(dup.bool("data.createUser.success") == false)
            #expect(dup.string("data.createUser.message") == "A user with this email already exists")
            let short = try await api.graphql(#"mutation { createUser(input: {email: "s@example.com", password: "short"}) { success message } }"#)
            #expect(short.string("data.createUser.message") == "Password must be at least 8 characters")
            let bad = try await api.graphql(#"mutation { createUser(input: {email: "not-an-email", password: "password1"}) { success message } }"#)
            #expect(bad.bool("data.createUser.success") == false)
            #expect(bad.string("data.createUser.message")?.contains("Invalid email") == true)
        }
    }

    @Test("login answers a token on good credentials and success false otherwise")
    func login() async throws {
        try await TestServer.with { api in
            try await api.player("p@example.com")
            let ok = try await api.graphql(#"mutation { login(email: "P@example.com", password: "password1") { token success message user { email } } }"#)
            #expect(ok.bool("data.login.success") == true)
            #expect(ok.string("data.login.token")?.isEmpty == false)
            let bad = try await api.graphql(#"mutation { login(email: "p@example.com", password: "wrong-pass") { token success message } }"#)
            #expect(bad.bool("data.login.success") == false)
            #expect(bad.string("data.login.message") == "Please enter valid credentials")
            #expect(bad.string("data.login.message")?.lowercased().contains("authentication") == false)
        }
    }

    @Test("a bcrypt $2b$ hash written by Python's bcrypt verifies")
    func pythonBcryptHashVerifies() async throws {
        try await TestServer.with { api in
            // bcrypt.hashpw(b"password1", bcrypt.gensalt(4)) in Python.
            let hash = "$2b$04$Xv1nLoIz2ziGMCFDgbsbe.Yy9DLcLPSvDnbJ3LwxuOab3Iv43sBja"
            try await api.store.insertUser(User(email: "old@example.com", passwordHash: hash, role: .player))
            let token = try await api.login("old@example.com", "password1")
            let me = try await api.graphql("{ me { email } }", token: token)
            #expect(me.string("data.me.email") == "old@example.com")
        }
    }

    @Test("tokenAuth, verifyToken and refreshToken speak django-graphql-jwt's shapes")
    func tokenMutations() async throws {
        try await TestServer.with { api in
            let player = try await api.player("t@example.com")
            let auth = try await api.graphql(#"mutation { tokenAuth(email: "t@example.com", password: "password1") { token payload refreshExpiresIn } }"#)
            #expect(auth.string("data.tokenAuth.payload.email") == "t@example.com")
            #expect(auth.string("data.tokenAuth.payload.user_id") == player.id)
            #expect(auth.string("data.tokenAuth.payload.role") == "player")
            #expect(auth["data.tokenAuth.payload.exp"]?.intValue != nil)
            let token = try #require(auth.string("data.tokenAuth.token"))
            let verify = try await api.graphql("mutation($t: String!) { verifyToken(token: $t) { payload } }", ["t": .string(token)])
            #expect(verify.string("data.verifyToken.payload.email") == "t@example.com")
            let refresh = try await api.graphql("mutation($t: String!) { refreshToken(token: $t) { token payload refreshExpiresIn } }", ["t": .string(token)])
            #expect(refresh.string("data.refreshToken.token")?.isEmpty == false)
            #expect(refresh["data.refreshToken.refreshExpiresIn"] == auth["data.tokenAuth.refreshExpiresIn"])
            let invalid = try await api.graphql(#"mutation { verifyToken(token: "nope") { payload } }"#)
            #expect(invalid.errors == ["Invalid or expired token"])
        }
    }

    @Test("a token of the old server (user_id, email, role, exp; HS256 with SECRET_KEY) is accepted with the JWT and Bearer prefixes")
    func oldServerToken() async throws {
        try await TestServer.with { api in
            let player = try await api.player("legacy@example.com")
            // Made as PyJWT does: jwt.encode({"user_id": id, "email": …, "role": "player", "exp": …}, SECRET_KEY, "HS256").
            let token = try await TokenService(secret: testSecret, lifetime: 3600, refreshLifetime: 60).keys.sign(
                LegacyClaims(user_id: player.id, email: "legacy@example.com", role: "player", exp: Int(Date().timeIntervalSince1970) + 60))
            for prefix in ["JWT", "Bearer"] {
                let r = try await api.post(body: #"{"query":"{ me { email } }"}"#, headers: [.authorization: "\(prefix) \(token)"])
                #expect(r.string("data.me.email") == "legacy@example.com")
            }
        }
    }

    @Test("me without a token answers null, not an error")
    func meWithoutToken() async throws {
        try await TestServer.with { api in
            let r = try await api.graphql("{ me { email } }")
            #expect(r.errors.isEmpty)
            #expect(r["data.me"] == .null)
        }
    }

    @Test("allUsers and userByEmail are for admins")
    func adminOnlyQueries() async throws {
        try await TestServer.with { api in
            let player = try await api.player()
            let admin = try await api.admin()
            #expect(try await api.graphql("{ allUsers { email } }").errors == [authenticationRequired])
            #expect(try await api.graphql("{ allUsers { email } }", token: player.token).errors == [permissionDenied])
            #expect(try await api.graphql("{ allUsers { email } }", token: admin.token).count("data.allUsers") == 2)
            #expect(try await api.graphql(#"{ userByEmail(email: "player@example.com") { role } }"#, token: player.token).errors == [permissionDenied])
            let found = try await api.graphql(#"{ userByEmail(email: "PLAYER@example.com") { role } }"#, token: admin.token)
            #expect(found.string("data.userByEmail.role") == "player")
        }
    }

    @Test("a user reads and edits themself but not others, and cannot change their own role")
    func selfService() async throws {
        try await TestServer.with { api in
            let ann = try await api.player("ann@example.com")
            let bob = try await api.player("bob@example.com")
            let mine = try await api.graphql("query($id: ID!) { userById(userId: $id) { email } }", ["id": .string(ann.id)], token: ann.token)
            #expect(mine.string("data.userById.email") == "ann@example.com")
            let other = try await api.graphql("query($id: ID!) { userById(userId: $id) { email } }", ["id": .string(bob.id)], token: ann.token)
            #expect(other.errors == [permissionDenied])
            let rename = try await api.graphql(
                #"mutation($id: ID!) { updateUser(userId: $id, input: {firstName: "Annie"}) { success user { firstName } } }"#,
                ["id": .string(ann.id)], token: ann.token)
            #expect(rename.string("data.updateUser.user.firstName") == "Annie")
            let promote = try await api.graphql(
                #"mutation($id: ID!) { updateUser(userId: $id, input: {role: "admin"}) { success } }"#, ["id": .string(ann.id)], token: ann.token)
            #expect(promote.errors == [permissionDenied])
            let editOther = try await api.graphql(
                #"mutation($id: ID!) { updateUser(userId: $id, input: {firstName: "X"}) { success } }"#, ["id": .string(bob.id)], token: ann.token)
            #expect(editOther.errors == [permissionDenied])
            let deleteOther = try await api.graphql("mutation($id: ID!) { deleteUser(userId: $id) { success } }", ["id": .string(bob.id)], token: ann.token)
            #expect(deleteOther.errors == [permissionDenied])
            let deleteSelf = try await api.graphql("mutation($id: ID!) { deleteUser(userId: $id) { success } }", ["id": .string(ann.id)], token: ann.token)
            #expect(deleteSelf.bool("data.deleteUser.success") == true)
            let gone = try await api.graphql("{ me { email } }", token: ann.token)
            #expect(gone["data.me"] == .null)
        }
    }

    @Test("failed logins are limited per email and address with a clear retry message")
    func loginThrottle() async throws {
        try await TestServer.with(["LOGIN_MAX_ATTEMPTS": "3"]) { api in
            try await api.player("victim@example.com")
            for _ in 0..<3 {
                let r = try await api.graphql(#"mutation { login(email: "victim@example.com", password: "bad-password") { success } }"#)
                #expect(r.bool("data.login.success") == false)
            }
            let blocked = try await api.graphql(#"mutation { login(email: "victim@example.com", password: "password1") { success } }"#)
            let message = try #require(blocked.errors.first)
            #expect(message.hasPrefix("Too many attempts, retry in "))
            #expect(!message.lowercased().contains("authentication"))
        }
    }
}

struct LegacyClaims: JWTPayloadShim {
    var user_id: String
    var email: String
    var role: String
    var exp: Int
}
