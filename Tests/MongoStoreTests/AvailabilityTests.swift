import Foundation
import MongoStore
import Protocols
import Testing

/// The store notices a server that goes away, promptly, instead of hanging (`/healthz` relies on it).
@Suite("MongoStore availability", .enabled(if: MongoTestEnvironment.shouldRun, "MONGODB_URI is not set"))
struct AvailabilityTests {
    @Test("ping answers while the server runs and fails within seconds once it has stopped")
    func pingFailsFastWhenServerStops() async throws {
        let server = try await WireServerProcess()
        let listening = server.port
        let store = try await MongoStore.connect(MongoSettings(
            uri: "mongodb://127.0.0.1:\(listening)/story_test?serverSelectionTimeoutMS=1000&connectTimeoutMS=1000",
            poolSize: 2))
        try await store.ping()

        server.stop()
        let started = Date()
        do {
            try await store.ping()
            try await store.ping()
            Issue.record("ping succeeded with the server stopped")
        } catch StoreError.unavailable(let message) {
            #expect(message.contains("127.0.0.1:\(listening)"))
        }
        // Not a performance target: well under the 30 s socket timeout, which a hang would reach.
        #expect(Date().timeIntervalSince(started) < 25)
        try await store.close()
    }
}
