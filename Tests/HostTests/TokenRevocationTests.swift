import Foundation
import JWTKit
import Protocols
import Testing

@testable import Host

/// A password change, a role change and a deletion refuse every token issued before: on the
/// `Authorization` header with `Authentication required`, and in `refreshToken` and `verifyToken`.
@Suite("Token revocation")
struct TokenRevocationTests {
    /// A protected query: answers `Authentication required` without a valid token.
    static func ownRecord(_ api: TestAPI, _ user: (token: String, id: String), token: String? = nil) async throws -> GraphQLResponse {
        try await api.graphql("query($id: ID!) { userById(userId: $id) { email role } }", ["id": .string(user.id)], token: token ?? user.token)
    }

    static func refresh(_ api: TestAPI, _ token: String) async throws -> GraphQLResponse {
        try await api.graphql("mutation($t: String!) { refreshToken(token: $t) { token } }", ["t": .string(token)])
    }

    static func verify(_ api: TestAPI, _ token: String) async throws -> GraphQLResponse {
        try await api.graphql("mutation($t: String!) { verifyToken(token: $t) { payload } }", ["t": .string(token)])
    }

    /// Expects `token` to be refused everywhere.
    static func expectRevoked(_ api: TestAPI, _ user: (token: String, id: String), token: String? = nil) async throws {
        let token = token ?? user.token
        #expect(try await ownRecord(api, user, token: token).errors == [authenticationRequired])
        #expect(try await api.graphql("{ me { email } }", token: token)["data.me"] == .null)
        #expect(try await refresh(api, token).errors == ["Invalid or expired token"])
        #expect(try await verify(api, token).errors == ["Invalid or expired token"])
    }

    @Test("after the user changes their password, the old token is refused and cannot be refreshed; a new login works")
    func passwordChange() async throws {
        try await TestServer.with { api in
            let player = try await api.player("p@example.com", password: "old-password")
            #expect(try await Self.ownRecord(api, player).string("data.userById.email") == "p@example.com")
            let change = try await api.graphql(
                #"mutation($id: ID!) { updateUser(userId: $id, input: {password: "new-password"}) { success message } }"#,
                ["id": .string(player.id)], token: player.token)
            #expect(change.bool("data.updateUser.success") == true, "\(change)")
            try await Self.expectRevoked(api, player)
            let fresh = try await api.login("p@example.com", "new-password")
            #expect(try await Self.ownRecord(api, player, token: fresh).string("data.userById.email") == "p@example.com")
            #expect(try await Self.refresh(api, fresh).string("data.refreshToken.token")?.isEmpty == false)
        }
    }

    @Test("after an admin changes a user's role, the user's old token is refused and cannot be refreshed")
    func roleChange() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin()
            let player = try await api.player()
            let promote = try await api.graphql(
                #"mutation($id: ID!) { updateUser(userId: $id, input: {role: "admin"}) { success } }"#,
                ["id": .string(player.id)], token: admin.token)
            #expect(promote.bool("data.updateUser.success") == true, "\(promote)")
            try await Self.expectRevoked(api, player)
            #expect(try await Self.ownRecord(api, admin).errors.isEmpty, "the admin's own token is untouched")
            let fresh = try await api.login("player@example.com", "password1")
            #expect(try await Self.ownRecord(api, player, token: fresh).string("data.userById.role") == "admin")
        }
    }

    @Test("after an admin deletes a user, the user's token is refused and cannot be refreshed")
    func deletion() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin()
            let player = try await api.player()
            let delete = try await api.graphql(
                "mutation($id: ID!) { deleteUser(userId: $id) { success } }", ["id": .string(player.id)], token: admin.token)
            #expect(delete.bool("data.deleteUser.success") == true, "\(delete)")
            try await Self.expectRevoked(api, player)
        }
    }

    @Test("changing only names or the email keeps tokens valid")
    func harmlessChanges() async throws {
        try await TestServer.with { api in
            let player = try await api.player()
            let rename = try await api.graphql(
                #"mutation($id: ID!) { updateUser(userId: $id, input: {firstName: "Ann", email: "ann@example.com"}) { success } }"#,
                ["id": .string(player.id)], token: player.token)
            #expect(rename.bool("data.updateUser.success") == true, "\(rename)")
            #expect(try await Self.ownRecord(api, player).string("data.userById.email") == "ann@example.com")
            #expect(try await Self.refresh(api, player.token).string("data.refreshToken.token")?.isEmpty == false)
        }
    }

    @Test("tokens carry the user's token version as `ver`; a token without it (the former server's) counts as version 0")
    func tokensWithoutVersion() async throws {
        try await TestServer.with { api in
            let player = try await api.player("legacy@example.com")
            let auth = try await api.graphql(#"mutation { tokenAuth(email: "legacy@example.com", password: "password1") { payload } }"#)
            #expect(auth["data.tokenAuth.payload.ver"]?.intValue == 0)
            let legacy = try await TokenService(secret: testSecret, lifetime: 3600, refreshLifetime: 60).keys.sign(
                LegacyClaims(user_id: player.id, email: "legacy@example.com", role: "player", exp: Int(Date().timeIntervalSince1970) + 600))
            #expect(try await Self.ownRecord(api, player, token: legacy).string("data.userById.email") == "legacy@example.com")
            #expect(try await Self.verify(api, legacy).string("data.verifyToken.payload.email") == "legacy@example.com")
            #expect(try await Self.refresh(api, legacy).string("data.refreshToken.token")?.isEmpty == false)
            let change = try await api.graphql(
                #"mutation($id: ID!) { updateUser(userId: $id, input: {password: "another-password"}) { success } }"#,
                ["id": .string(player.id)], token: legacy)
            #expect(change.bool("data.updateUser.success") == true, "\(change)")
            try await Self.expectRevoked(api, player, token: legacy)
            let fresh = try await api.graphql(#"mutation { tokenAuth(email: "legacy@example.com", password: "another-password") { payload } }"#)
            #expect(fresh["data.tokenAuth.payload.ver"]?.intValue == 1)
        }
    }
}
