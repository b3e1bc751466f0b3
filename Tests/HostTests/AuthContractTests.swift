import Domain
import Foundation
import JWTKit
import Protocols
import Testing

@testable import Host

/// Tokens that are not valid, the first admin's bootstrap, and the `.env` file.
@Suite("Tokens, admin bootstrap and the .env file")
struct AuthContractTests {
    @Test("a garbage, expired or foreign-key token on a protected operation answers exactly 'Authentication required'")
    func badTokens() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin()
            let now = Int(Date().timeIntervalSince1970)
            let expired = try await TokenService(secret: testSecret, lifetime: 3600, refreshLifetime: 60).keys.sign(
                LegacyClaims(user_id: admin.id, email: "admin@example.com", role: "admin", exp: now - 10))
            let foreign = try await TokenService(secret: String(repeating: "k", count: 40), lifetime: 3600, refreshLifetime: 60).keys.sign(
                LegacyClaims(user_id: admin.id, email: "admin@example.com", role: "admin", exp: now + 600))
            let unknownUser = try await TokenService(secret: testSecret, lifetime: 3600, refreshLifetime: 60).keys.sign(
                LegacyClaims(user_id: ObjectId().hexString, email: "ghost@example.com", role: "admin", exp: now + 600))
            for token in ["garbage", "a.b.c", expired, foreign, unknownUser] {
                let r = try await api.graphql("{ allUsers { email } }", token: token)
                #expect(r.errors == [authenticationRequired], "token \(token.prefix(20)): \(r)")
                #expect(r["data.allUsers"] == nil || r["data.allUsers"] == .null)
            }
            // The valid token still works, so the refusals above are about the tokens.
            #expect(try await api.graphql("{ allUsers { email } }", token: admin.token).count("data.allUsers") == 1)
        }
    }

    @Test("create-admin creates an admin, promotes an existing user, is idempotent, and refuses a short password")
    func adminBootstrap() async throws {
        try await TestServer.with { api in
            let services = api.server.services
            #expect(try await AdminBootstrap.ensure(email: "Boss@Example.com", password: "long-enough", services: services) == "admin boss@example.com created")
            #expect(try await api.graphql("{ me { role } }", token: try await api.login("boss@example.com", "long-enough")).string("data.me.role") == "admin")
            #expect(try await AdminBootstrap.ensure(email: "boss@example.com", password: "long-enough", services: services) == "boss@example.com is already an admin")
            let player = try await api.player("promoted@example.com", password: "password1")
            #expect(try await AdminBootstrap.ensure(email: "promoted@example.com", password: "ignored-here", services: services) == "promoted@example.com is now an admin")
            // A role change revokes the tokens issued before; a new login shows the new role.
            #expect(try await api.graphql("{ me { role } }", token: player.token)["data.me"] == .null)
            #expect(try await api.graphql("{ me { role } }", token: try await api.login("promoted@example.com", "password1")).string("data.me.role") == "admin")
            await #expect(throws: DomainError.invalid(field: "password", reason: "Password must be at least 8 characters")) {
                try await AdminBootstrap.ensure(email: "new@example.com", password: "short", services: services)
            }
            await #expect(throws: DomainError.invalid(field: "email", reason: "Invalid email address: not-an-email")) {
                try await AdminBootstrap.ensure(email: "not-an-email", password: "long-enough", services: services)
            }
            #expect(try await services.store.user(email: "new@example.com") == nil)
        }
    }

    @Test("the .env file is read, and a variable set in the environment wins over it")
    func dotEnvFile() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dotenv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent(".env")
        try "STORY_TEST_ONLY_IN_DOTENV=from-file\nPATH=/from/the/file\n".write(to: file, atomically: true, encoding: .utf8)
        let settings = try await EnvironmentSettings.load(envFile: file.path)
        #expect(settings.string("STORY_TEST_ONLY_IN_DOTENV") == "from-file")
        #expect(settings.string("PATH") == ProcessInfo.processInfo.environment["PATH"])
        let none = try await EnvironmentSettings.load(envFile: directory.appendingPathComponent("missing.env").path)
        #expect(none.string("STORY_TEST_ONLY_IN_DOTENV") == nil)
    }
}
