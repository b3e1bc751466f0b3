import Foundation

/// A private mongoeco wire server (`scripts/mongo/wire_server.py`) started by a test: for tests that stop
/// their server, or that must not share it. It exits with the test process at the latest.
final class WireServerProcess: @unchecked Sendable {
    private let process = Process()
    private let directory: URL
    /// `mongodb://127.0.0.1:PORT/`, once started.
    let uri: String
    let port: String

    /// Starts the server and waits (up to 15 s) until it listens.
    init() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("mongo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let portFile = directory.appendingPathComponent("port").path
        process.executableURL = URL(fileURLWithPath: try MongoTestEnvironment.python())
        process.arguments = [
            MongoTestEnvironment.packageRoot.appendingPathComponent("scripts/mongo/wire_server.py").path, portFile,
            "--exit-with-parent",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var port: String?
        for _ in 0..<150 where port == nil {
            port = (try? String(contentsOfFile: portFile, encoding: .utf8)).flatMap { $0.isEmpty ? nil : $0 }
            if port == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        guard let port else {
            process.terminate()
            try? FileManager.default.removeItem(at: directory)
            throw MongoTestError("the private mongoeco wire server did not start")
        }
        self.port = port
        uri = "mongodb://127.0.0.1:\(port)/"
    }

    /// Kills the server and waits until it is gone.
    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    deinit {
        stop()
    }
}

/// One private server shared by the cases of a suite, started on first use.
actor SharedWireServer {
    static let shared = SharedWireServer()
    private var server: WireServerProcess?

    func uri() async throws -> String {
        if let server { return server.uri }
        let started = try await WireServerProcess()
        server = started
        return started.uri
    }
}
