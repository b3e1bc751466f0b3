import Foundation
import HTTPTypes
import Hummingbird
import GraphQL
import Protocols
import Testing

@testable import Host

@Suite("Configuration")
struct ConfigurationTests {
    func settings(_ values: [String: String]) throws -> ServerSettings {
        try ServerSettings(EnvironmentSettings.from(values))
    }

    @Test("defaults: port 8000, SQLite, local storage, token lifetimes of the old server")
    func defaults() throws {
        let s = try settings(["DEBUG": "true"])
        #expect(s.port == 8000)
        #expect(s.databaseType == .sqlite)
        #expect(s.storageType == "local")
        #expect(s.jwtExpiration == 3600)
        #expect(s.jwtRefreshExpiration == 604_800)
        #expect(s.graphiql)
        #expect(s.secretKeyIsEphemeral)
    }

    @Test("MONGODB_URI alone selects the mongo store; DB_TYPE wins")
    func databaseChoice() throws {
        #expect(try settings(["DEBUG": "1", "MONGODB_URI": "mongodb://h/db"]).databaseType == .mongo)
        #expect(try settings(["DEBUG": "1", "MONGODB_URI": "mongodb://h/db", "DB_TYPE": "sqlite"]).databaseType == .sqlite)
    }

    @Test("with DEBUG off and no SECRET_KEY the server refuses to start, naming the variable")
    func secretRequired() {
        #expect(throws: PluginConfigurationError.missing(variable: "SECRET_KEY", plugin: "server (required when DEBUG is off)")) {
            try settings([:])
        }
        #expect(throws: PluginConfigurationError.self) { try settings(["SECRET_KEY": "short"]) }
    }

    @Test("unknown plugin names and bad values stop start-up with a message naming the variable")
    func unknownPlugins() async throws {
        #expect(throws: PluginConfigurationError.invalid(variable: "DB_TYPE", reason: "unknown database 'oracle' (known: sqlite, mongo)")) {
            try settings(["DEBUG": "1", "DB_TYPE": "oracle"])
        }
        #expect(throws: PluginConfigurationError.invalid(variable: "PORT", reason: "'abc' is not an integer")) {
            try settings(["DEBUG": "1", "PORT": "abc"])
        }
        #expect(throws: PluginConfigurationError.invalid(variable: "STORAGE_TYPE", reason: "unknown plugin 'ftp' (known: cloudinary, local, s3)")) {
            try settings(["DEBUG": "1", "STORAGE_TYPE": "ftp"])
        }
        let mongo = try settings(["DEBUG": "1", "DB_TYPE": "mongo"])
        await #expect(throws: PluginConfigurationError.missing(variable: "MONGODB_URI", plugin: "mongo")) {
            _ = try await PluginRegistry.stores["mongo"]!(mongo.plugins)
        }
    }

    @Test("BCRYPT_COST outside bcrypt's 4...31 stops start-up with a message naming it and the range")
    func bcryptCost() throws {
        #expect(try settings(["DEBUG": "1"]).bcryptCost == 12)
        #expect(try settings(["DEBUG": "1", "BCRYPT_COST": "4"]).bcryptCost == 4)
        for bad in ["3", "32", "99", "-1"] {
            #expect(throws: PluginConfigurationError.invalid(variable: "BCRYPT_COST", reason: "\(bad) is outside the allowed range 4...31")) {
                try settings(["DEBUG": "1", "BCRYPT_COST": bad])
            }
        }
    }

    @Test("login limits: per pair 5, per email 50, per address 100, in 300 s; each must be at least 1")
    func loginLimits() throws {
        let limits = try settings(["DEBUG": "1"]).limits
        #expect(limits.maxLoginAttempts == 5)
        #expect(limits.maxLoginAttemptsPerEmail == 50)
        #expect(limits.maxLoginAttemptsPerAddress == 100)
        #expect(limits.loginWindowSeconds == 300)
        for name in ["LOGIN_MAX_ATTEMPTS", "LOGIN_MAX_ATTEMPTS_PER_EMAIL", "LOGIN_MAX_ATTEMPTS_PER_ADDRESS", "LOGIN_WINDOW_SECONDS"] {
            #expect(throws: PluginConfigurationError.self) { try settings(["DEBUG": "1", name: "0"]) }
        }
    }

    @Test("the schema prints as SDL with the old server's names")
    func schemaPrints() throws {
        let sdl = printSchema(schema: try APISchema.make().schema)
        for name in ["ScenarioType", "SceneType", "ChoiceType", "PlayerProgressType", "AssetType", "UserType", "JSONString"] {
            #expect(sdl.contains(name))
        }
    }

    @Test("the client address comes from X-Forwarded-For only when the peer is a trusted proxy")
    func trustedProxies() async throws {
        let server = try await TestServer.make(["TRUSTED_PROXIES": "10.0.0.1"])
        let viewers = ViewerResolver(services: server.services)
        let request = Request(
            head: .init(method: .post, scheme: "http", authority: "x", path: "/graphql", headerFields: [HTTPTypes.HTTPField.Name("X-Forwarded-For")!: "1.2.3.4, 10.0.0.1"]),
            body: .init(buffer: .init()))
        #expect(viewers.clientAddress(for: request, peer: try .init(ipAddress: "10.0.0.1", port: 1)) == "1.2.3.4")
        #expect(viewers.clientAddress(for: request, peer: try .init(ipAddress: "9.9.9.9", port: 1)) == "9.9.9.9")
    }
}
