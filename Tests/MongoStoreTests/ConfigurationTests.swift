import Foundation
import MongoStore
import Protocols
import Testing

/// Start-up settings and failures; none of these needs a running server.
@Suite("MongoStore configuration")
struct ConfigurationTests {
    @Test("MONGODB_URI is required")
    func uriRequired() async throws {
        await #expect(throws: PluginConfigurationError.missing(variable: "MONGODB_URI", plugin: "mongo")) {
            _ = try await MongoStore.make(settings: DictionarySettings([:]))
        }
    }

    @Test("a malformed URI is refused as invalid MONGODB_URI")
    func malformedURI() async throws {
        do {
            _ = try await MongoStore.make(settings: DictionarySettings(["MONGODB_URI": "http://nope"]))
            Issue.record("expected an error")
        } catch PluginConfigurationError.invalid(let variable, _) {
            #expect(variable == "MONGODB_URI")
        }
    }

    @Test("MONGODB_POOL_SIZE must be a positive integer")
    func poolSize() throws {
        #expect(throws: PluginConfigurationError.self) {
            try MongoSettings(settings: DictionarySettings(["MONGODB_URI": "mongodb://h/", "MONGODB_POOL_SIZE": "zero"]))
        }
        #expect(throws: PluginConfigurationError.self) {
            try MongoSettings(settings: DictionarySettings(["MONGODB_URI": "mongodb://h/", "MONGODB_POOL_SIZE": "0"]))
        }
        let settings = try MongoSettings(settings: DictionarySettings(["MONGODB_URI": "mongodb://h/"]))
        #expect(settings.poolSize == 10 && settings.databaseName == nil)
        let named = try MongoSettings(settings: DictionarySettings(
            ["MONGODB_URI": "mongodb://h/", "MONGODB_DB_NAME": "stories", "MONGODB_POOL_SIZE": "3"]))
        #expect(named.poolSize == 3 && named.databaseName == "stories")
    }

    // No wall-clock bound (a loaded machine breaks those); the time limit catches a hang.
    @Test("an unreachable server fails start-up with an error naming the host", .timeLimit(.minutes(1)))
    func unreachable() async throws {
        do {
            _ = try await MongoStore.make(settings: DictionarySettings(
                ["MONGODB_URI": "mongodb://127.0.0.1:1/db?serverSelectionTimeoutMS=300&connectTimeoutMS=300"]))
            Issue.record("expected an error")
        } catch StoreError.unavailable(let message) {
            #expect(message.contains("127.0.0.1:1"))
        }
    }

    @Test("mongodb+srv URIs are accepted (their host is named in errors)")
    func srvURI() async throws {
        do {
            _ = try await MongoStore.make(settings: DictionarySettings(
                ["MONGODB_URI": "mongodb+srv://cluster0.invalid/db?serverSelectionTimeoutMS=300"]))
            Issue.record("expected an error")
        } catch StoreError.unavailable(let message) {
            #expect(message.contains("cluster0.invalid"))
        } catch PluginConfigurationError.invalid(let variable, let reason) {
            // libmongoc resolves SRV records while parsing; without DNS it refuses the URI itself.
            #expect(variable == "MONGODB_URI" && !reason.isEmpty)
        }
    }
}
