import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Host

/// `/healthz` on MongoDB: a server that stops answering (paused, its sockets still open) is reported
/// down at the deadline instead of holding the request for the driver's socket timeout.
@Suite("Health on MongoDB")
struct MongoHealthTests {
    static var python: String? { ProcessInfo.processInfo.environment["MONGODB_TEST_PYTHON"] }

    static var skipped: Bool {
        if python != nil { return false }
        if ProcessInfo.processInfo.environment["REQUIRE_TEST_SERVICES"] == "1" { return false }
        print("MongoHealthTests skipped: MONGODB_TEST_PYTHON is not set (scripts/test.sh sets it)")
        return true
    }

    @Test("a paused MongoDB is reported down (503), and up again once it answers", .timeLimit(.minutes(2)))
    func pausedServer() async throws {
        guard !Self.skipped else { return }
        let python = try #require(Self.python, "MONGODB_TEST_PYTHON must be set")
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mongo-health-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let portFile = directory.appendingPathComponent("port").path
        let server = Process()
        server.executableURL = URL(fileURLWithPath: python)
        server.arguments = [root.appendingPathComponent("scripts/mongo/wire_server.py").path, portFile, "--exit-with-parent"]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer {
            kill(server.processIdentifier, SIGCONT)
            server.terminate()
            server.waitUntilExit()
            try? FileManager.default.removeItem(at: directory)
        }
        var port: String?
        for _ in 0..<150 where port == nil {
            port = (try? String(contentsOfFile: portFile, encoding: .utf8)).flatMap { $0.isEmpty ? nil : $0 }
            if port == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        let uri = "mongodb://127.0.0.1:\(try #require(port, "the wire server did not start"))/health"
        try await TestServer.with(["DB_TYPE": "mongo", "MONGODB_URI": uri, "GENERATION_WORKERS": "0"]) { api in
            func health() async throws -> (HTTPResponse.Status, String) {
                try await api.client.execute(uri: "/healthz", method: .get) { ($0.status, String(buffer: $0.body)) }
            }
            #expect(try await health().0 == .ok)
            kill(server.processIdentifier, SIGSTOP)
            let paused = try await health()
            #expect(paused.0 == .serviceUnavailable)
            #expect(paused.1.contains(#""store":"down""#))
            kill(server.processIdentifier, SIGCONT)
            var recovered = false
            for _ in 0..<40 where !recovered {
                recovered = try await health().0 == .ok
                if !recovered { try await Task.sleep(for: .milliseconds(250)) }
            }
            #expect(recovered)
        }
    }
}
