import Foundation
@testable import MongoStore
import Protocols
import Testing

/// Where the MongoDB tests run: `MONGODB_URI` (set by `scripts/services/mongo.sh`, or a real MongoDB).
///
/// Without it the tests are skipped, unless `REQUIRE_TEST_SERVICES=1`, when they fail.
enum MongoTestEnvironment {
    static let uri = ProcessInfo.processInfo.environment["MONGODB_URI"].flatMap { $0.isEmpty ? nil : $0 }
    static let required = ProcessInfo.processInfo.environment["REQUIRE_TEST_SERVICES"] == "1"

    /// Whether the tests that need a server should run (and fail if there is none).
    static let shouldRun = uri != nil || required

    /// The server's URI. - Throws: when unset (only reached with `REQUIRE_TEST_SERVICES=1`).
    static func requireURI() throws -> String {
        guard let uri else {
            throw MongoTestError("MONGODB_URI is not set: run scripts/services/mongo.sh start (or point it at a MongoDB)")
        }
        return uri
    }

    /// A database name no other test uses.
    static func freshDatabaseName() -> String {
        "story_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
    }

    /// A store on a fresh, empty database of the test server.
    static func makeFreshStore(poolSize: Int = 4) async throws -> MongoStore {
        try await MongoStore.connect(
            MongoSettings(uri: try requireURI(), databaseName: freshDatabaseName(), poolSize: poolSize))
    }

    /// Runs `body` with the name of a fresh database, then drops that database (also when `body` throws),
    /// so that a run against a real MongoDB leaves nothing behind.
    static func withFreshDatabase(uri: String? = nil, _ body: (String) async throws -> Void) async throws {
        let name = freshDatabaseName()
        let server = uri ?? self.uri
        do {
            try await body(name)
        } catch {
            await dropDatabase(name, uri: server)
            throw error
        }
        await dropDatabase(name, uri: server)
    }

    /// Drops a test database; failures are ignored (the server may be gone on purpose).
    static func dropDatabase(_ name: String, uri: String? = Self.uri) async {
        guard let uri,
            let store = try? await MongoStore.connect(MongoSettings(uri: uri, databaseName: name, poolSize: 1))
        else { return }
        _ = try? await store.withDatabase { db in try db.client.command(["dropDatabase": .int32(1)], database: db.name) }
        try? await store.close()
    }

    /// The root of the package (for the Python helpers).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The test virtualenv's python (with pymongo and bcrypt).
    static func python() throws -> String {
        let env = ProcessInfo.processInfo.environment
        let candidates = [
            env["MONGODB_TEST_PYTHON"], env["TEST_VENV"].map { $0 + "/bin/python" },
            packageRoot.appendingPathComponent(".venv-test/bin/python").path,
        ].compactMap { $0 }
        guard let python = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw MongoTestError("no test virtualenv python: run scripts/test-venv.sh")
        }
        return python
    }

    /// Runs a Python script of the repository with arguments and returns its standard output.
    static func runPython(_ script: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try python())
        process.arguments = [packageRoot.appendingPathComponent(script).path] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw MongoTestError("\(script) failed (\(process.terminationStatus)): \(errorText)")
        }
        return data
    }
}

struct MongoTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
