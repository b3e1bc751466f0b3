import Foundation
import Testing

/// The `story-server` executable, run as a process: start-up checks, serving, graceful shutdown.
@Suite("story-server process", .serialized)
struct ServerProcessTests {
    static var binary: URL? {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        let candidate = url.appendingPathComponent(".build/debug/story-server")
        return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
    }

    /// Starts the server in `directory`, its stdout and stderr going to `directory/output.log`
    /// (a file rather than a pipe, which a chatty process could fill and block on).
    func run(_ arguments: [String], env: [String: String], directory: URL) throws -> Process {
        let process = Process()
        process.executableURL = try #require(Self.binary, "build the story-server product first")
        process.arguments = arguments
        process.environment = env.merging(["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"]) { a, _ in a }
        process.currentDirectoryURL = directory
        let log = directory.appendingPathComponent("output.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    /// What the process wrote so far.
    func output(in directory: URL) -> String {
        (try? String(contentsOf: directory.appendingPathComponent("output.log"), encoding: .utf8)) ?? ""
    }

    /// Waits for the process to end; `false` (and the process killed) when it is still running after `seconds`.
    func waitForExit(_ process: Process, seconds: Double) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        guard process.isRunning else {
            process.waitUntilExit()
            return true
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return false
    }

    /// What `curl -s arguments…` prints: a body, empty when the server does not answer.
    static func curl(arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-s"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// The body of a GET, empty when the server does not answer.
    static func curl(_ url: String) throws -> String {
        try curl(arguments: ["-m", "2", url])
    }

    func tempDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("story-proc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("an unknown plugin name or a missing variable stops start-up with a message naming it", arguments: [
        (["DEBUG": "true", "DB_TYPE": "oracle"], "DB_TYPE"),
        (["DEBUG": "true", "STORAGE_TYPE": "s3"], "AWS_ACCESS_KEY_ID"),
        (["DEBUG": "false"], "SECRET_KEY"),
        (["DEBUG": "true", "DB_TYPE": "mongo"], "MONGODB_URI"),
        (["DEBUG": "true", "IMAGE_PROVIDER": "dall-e"], "IMAGE_PROVIDER"),
        (["DEBUG": "true", "BCRYPT_COST": "99"], "BCRYPT_COST"),
        (["DEBUG": "true", "LOG_FORMAT": "xml"], "LOG_FORMAT is invalid: unknown format 'xml' (known: text, json)"),
        (["DEBUG": "true", "MAX_REQUEST_BYTES": "-5"], "MAX_REQUEST_BYTES is invalid: -5 is outside the allowed range 1024...1073741824"),
        (["DEBUG": "true", "PORT": "70000"], "PORT is invalid: 70000 is outside the allowed range 1...65535"),
        (["DEBUG": "false", "SECRET_KEY": String(repeating: "é", count: 20)], "SECRET_KEY is invalid: it has 20 characters"),
        (["DEBUG": "true", "UPLOAD_TMP_DIR": "/proc/version/spool"], "UPLOAD_TMP_DIR is invalid: /proc/version/spool is not a folder"),
        (["DEBUG": "true", "DB_TYPE": "mongo", "MONGODB_URI": "mongodb://127.0.0.1:1/db?serverSelectionTimeoutMS=300"], "127.0.0.1:1"),
        (["DEBUG": "true", "OTEL_EXPORTER_OTLP_ENDPOINT": "collector:4318"], "OTEL_EXPORTER_OTLP_ENDPOINT is invalid"),
    ])
    func startUpErrors(env: [String: String], variable: String) async throws {
        _ = try #require(Self.binary, "build the story-server product first (swift build --build-tests)")
        let dir = try tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let process = try run([], env: env.merging(["PORT": "\(Int.random(in: 40001...50000))"]) { a, _ in a }, directory: dir)
        #expect(try await waitForExit(process, seconds: 30), "still running: \(output(in: dir))")
        #expect(process.terminationStatus != 0)
        #expect(output(in: dir).contains(variable), "\(output(in: dir))")
    }

    @Test("with nothing configured it serves on SQLite and local files, answers /healthz, and stops on SIGTERM")
    func servesAndStops() async throws {
        _ = try #require(Self.binary, "build the story-server product first (swift build --build-tests)")
        let dir = try tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (process, _) = try await startServer(env: ["DEBUG": "true"], in: dir)
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("data/story.sqlite").path))
        // The store opened SQLite first, so its process-wide settings took (SQLiteProcessSettings).
        #expect(!output(in: dir).contains("memory statistics stay on"), "\(output(in: dir))")
        process.terminate()  // SIGTERM
        #expect(try await waitForExit(process, seconds: 20), "did not stop on SIGTERM: \(output(in: dir))")
        #expect(process.terminationStatus == 0, "\(output(in: dir))")
    }

    @Test("story-server schema prints the SDL")
    func schemaCommand() async throws {
        _ = try #require(Self.binary, "build the story-server product first (swift build --build-tests)")
        let dir = try tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let process = try run(["schema"], env: [:], directory: dir)
        #expect(try await waitForExit(process, seconds: 30))
        let text = output(in: dir)
        #expect(text.contains("type ScenarioType implements Node"))
        #expect(text.contains("recordProgress(input: RecordProgressInput!): RecordProgress!"))
    }

    /// The body of a POST of a GraphQL query, empty when the server does not answer.
    static func post(_ url: String, query: String, headers: [String] = []) throws -> String {
        let body = try JSONSerialization.data(withJSONObject: ["query": query])
        return try curl(arguments: ["-m", "10", "-H", "Content-Type: application/json"] + headers.flatMap { ["-H", $0] }
            + ["--data-binary", String(decoding: body, as: UTF8.self), url])
    }

    @Test("story-server create-admin and ADMIN_EMAIL/ADMIN_PASSWORD make admins who can log in")
    func adminBootstrapCommands() async throws {
        _ = try #require(Self.binary, "build the story-server product first (swift build --build-tests)")
        let dir = try tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let env = ["DEBUG": "false", "SECRET_KEY": String(repeating: "s", count: 40), "BCRYPT_COST": "4"]
        let create = try run(["create-admin", "--email", "first@example.com", "--password", "first-password"], env: env, directory: dir)
        #expect(try await waitForExit(create, seconds: 60))
        #expect(create.terminationStatus == 0, "\(output(in: dir))")
        let short = try run(["create-admin", "--email", "second@example.com", "--password", "short"], env: env, directory: dir)
        #expect(try await waitForExit(short, seconds: 60))
        #expect(short.terminationStatus != 0)
        #expect(output(in: dir).contains("at least 8"), "\(output(in: dir))")

        let (server, port) = try await startServer(
            env: env.merging(["ADMIN_EMAIL": "boot@example.com", "ADMIN_PASSWORD": "boot-password"]) { a, _ in a }, in: dir)
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
        for (email, password) in [("first@example.com", "first-password"), ("boot@example.com", "boot-password")] {
            let answer = try Self.post(
                "http://127.0.0.1:\(port)/graphql/",
                query: #"mutation { tokenAuth(email: "\#(email)", password: "\#(password)") { token user { role } } }"#)
            #expect(answer.contains(#""role":"admin""#), "\(email): \(answer)")
        }
        server.terminate()
        #expect(try await waitForExit(server, seconds: 20))
    }

    /// Starts `story-server` in `dir` and waits until `/healthz` answers; the port it listens on.
    /// A random port that was in use is tried again with another.
    func startServer(env: [String: String], in dir: URL) async throws -> (Process, Int) {
        for _ in 0..<5 {
            let port = Int.random(in: 20000...40000)
            let server = try run([], env: env.merging(["PORT": "\(port)", "HOST": "127.0.0.1"]) { a, _ in a }, directory: dir)
            var healthy = false
            for _ in 0..<300 where !healthy && server.isRunning {
                healthy = try Self.curl("http://127.0.0.1:\(port)/healthz").contains("\"up\"")
                if !healthy { try await Task.sleep(for: .milliseconds(100)) }
            }
            if healthy { return (server, port) }
            if server.isRunning { kill(server.processIdentifier, SIGKILL) }
            server.waitUntilExit()
            guard output(in: dir).contains("is already in use") else { break }
        }
        throw TestFailure("the server did not become healthy: \(output(in: dir))")
    }

    @Test("over real sockets, failed logins are limited per client address; X-Forwarded-For counts only from TRUSTED_PROXIES")
    func loginThrottlePerAddress() async throws {
        _ = try #require(Self.binary, "build the story-server product first (swift build --build-tests)")
        for trusted in [true, false] {
            let dir = try tempDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            var env = ["DEBUG": "true", "LOGIN_MAX_ATTEMPTS_PER_ADDRESS": "2", "BCRYPT_COST": "4"]
            if trusted { env["TRUSTED_PROXIES"] = "127.0.0.1" }
            let (server, port) = try await startServer(env: env, in: dir)
            defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
            func login(_ email: String, from address: String) throws -> String {
                try Self.post(
                    "http://127.0.0.1:\(port)/graphql/", query: #"mutation { login(email: "\#(email)", password: "wrong-password") { success } }"#,
                    headers: ["X-Forwarded-For: \(address)"])
            }
            // Two failures for two different emails from one client address use up that address's attempts.
            _ = try login("a@example.com", from: "203.0.113.7")
            _ = try login("b@example.com", from: "203.0.113.7")
            let third = try login("c@example.com", from: "203.0.113.7")
            let other = try login("d@example.com", from: "198.51.100.9")
            if trusted {
                #expect(third.contains("Too many attempts, retry in"), "\(third)")
                #expect(!other.contains("Too many attempts"), "another client is not blocked: \(other)")
            } else {
                // Untrusted peer: the header is ignored and every request comes from 127.0.0.1.
                #expect(third.contains("Too many attempts, retry in"), "\(third)")
                #expect(other.contains("Too many attempts, retry in"), "the forged header does not escape the limit: \(other)")
            }
            server.terminate()
            #expect(try await waitForExit(server, seconds: 20))
        }
    }

    @Test("two server processes on one database spend one login budget (SQLite file, and MongoDB when MONGODB_URI is set)")
    func processesShareOneLoginBudget() async throws {
        _ = try #require(Self.binary, "build the story-server product first (swift build --build-tests)")
        let sqliteDir = try tempDirectory()
        defer { try? FileManager.default.removeItem(at: sqliteDir) }
        var backends: [[String: String]] = [["SQLITE_PATH": sqliteDir.appendingPathComponent("shared.sqlite").path]]
        let mongoDatabase = "process_\(UInt32.random(in: 0...UInt32.max))"
        let uri = ProcessInfo.processInfo.environment["MONGODB_URI"]
        if let uri { backends.append(["DB_TYPE": "mongo", "MONGODB_URI": uri, "MONGODB_DB_NAME": mongoDatabase]) }
        defer { if let uri { _ = try? pymongo("drop_database.py", [uri, mongoDatabase]) } }
        for backend in backends {
            let env = backend.merging([
                "DEBUG": "true", "LOGIN_MAX_ATTEMPTS": "3", "BCRYPT_COST": "4",
                "ADMIN_EMAIL": "shared@example.com", "ADMIN_PASSWORD": "right-password",
            ]) { a, _ in a }
            let dirs = [try tempDirectory(), try tempDirectory()]
            defer { for dir in dirs { try? FileManager.default.removeItem(at: dir) } }
            var servers: [(Process, Int)] = []
            defer { for (server, _) in servers where server.isRunning { kill(server.processIdentifier, SIGKILL) } }
            for dir in dirs { servers.append(try await startServer(env: env, in: dir)) }
            func login(_ server: Int, _ password: String) throws -> String {
                try Self.post(
                    "http://127.0.0.1:\(servers[server].1)/graphql/",
                    query: #"mutation { login(email: "shared@example.com", password: "\#(password)") { success message } }"#)
            }
            for server in [0, 1, 0] {
                let answer = try login(server, "wrong-password")
                #expect(answer.contains("Please enter valid credentials"), "\(backend["DB_TYPE"] ?? "sqlite"): \(answer)")
            }
            for server in [1, 0] {
                let answer = try login(server, "right-password")
                #expect(answer.contains("Too many attempts, retry in"), "\(backend["DB_TYPE"] ?? "sqlite"), server \(server): \(answer)")
            }
            for (server, _) in servers { server.terminate() }
            for (server, _) in servers { #expect(try await waitForExit(server, seconds: 20)) }
        }
    }

    @Test("DB_TYPE=mongo: the binary serves the API on MongoDB")
    func servesOnMongo() async throws {
        _ = try #require(Self.binary, "build the story-server product first (swift build --build-tests)")
        guard let uri = ProcessInfo.processInfo.environment["MONGODB_URI"] else {
            #expect(ProcessInfo.processInfo.environment["REQUIRE_TEST_SERVICES"] != "1", "MONGODB_URI must be set")
            return
        }
        let dir = try tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let database = "process_\(UInt32.random(in: 0...UInt32.max))"
        defer { _ = try? pymongo("drop_database.py", [uri, database]) }
        let (server, port) = try await startServer(env: [
            "DEBUG": "true", "DB_TYPE": "mongo", "MONGODB_URI": uri, "MONGODB_DB_NAME": database, "BCRYPT_COST": "4",
            "ADMIN_EMAIL": "mongo-admin@example.com", "ADMIN_PASSWORD": "mongo-password",
        ], in: dir)
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
        let login = try Self.post(
            "http://127.0.0.1:\(port)/graphql/",
            query: #"mutation { tokenAuth(email: "mongo-admin@example.com", password: "mongo-password") { user { role mongoId } } }"#)
        #expect(login.contains(#""role":"admin""#), "\(login)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("data/story.sqlite").path), "no SQLite file on mongo")
        server.terminate()
        #expect(try await waitForExit(server, seconds: 20))
    }
}
