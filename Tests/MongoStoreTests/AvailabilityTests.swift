import Foundation
import MongoStore
import Protocols
import Testing

/// The store notices a server that goes away, promptly, instead of hanging (`/healthz` relies on it).
@Suite("MongoStore availability", .enabled(if: MongoTestEnvironment.shouldRun, "MONGODB_URI is not set"))
struct AvailabilityTests {
    @Test("ping answers while the server runs and fails within seconds once it has stopped")
    func pingFailsFastWhenServerStops() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mongo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let portFile = directory.appendingPathComponent("port").path

        let server = Process()
        server.executableURL = URL(fileURLWithPath: try MongoTestEnvironment.python())
        server.arguments = [MongoTestEnvironment.packageRoot.appendingPathComponent("scripts/mongo/wire_server.py").path, portFile, "--exit-with-parent"]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { if server.isRunning { server.terminate() } }
        var port: String?
        for _ in 0..<150 where port == nil {
            port = (try? String(contentsOfFile: portFile, encoding: .utf8)).flatMap { $0.isEmpty ? nil : $0 }
            if port == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        let listening = try #require(port, "the wire server did not start")

        let store = try await MongoStore.connect(MongoSettings(
            uri: "mongodb://127.0.0.1:\(listening)/story_test?serverSelectionTimeoutMS=1000&connectTimeoutMS=1000",
            poolSize: 2))
        try await store.ping()

        server.terminate()
        server.waitUntilExit()
        let started = Date()
        do {
            try await store.ping()
            try await store.ping()
            Issue.record("ping succeeded with the server stopped")
        } catch StoreError.unavailable(let message) {
            #expect(message.contains("127.0.0.1:\(listening)"))
        }
        #expect(Date().timeIntervalSince(started) < 8)
        try await store.close()
    }
}
