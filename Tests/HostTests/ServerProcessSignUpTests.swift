import Foundation
import Testing

extension ServerProcessTests {
    @Test("two server processes on one database racing sign-ups for one email (in any case) create one account (SQLite file, and MongoDB when MONGODB_URI is set)")
    func processesShareEmailUniqueness() async throws {
        _ = try #require(Self.binary, "build the story-server product first (swift build --build-tests)")
        let sqliteDir = try tempDirectory()
        defer { try? FileManager.default.removeItem(at: sqliteDir) }
        var backends: [[String: String]] = [["SQLITE_PATH": sqliteDir.appendingPathComponent("shared.sqlite").path]]
        let mongoDatabase = "process_\(UInt32.random(in: 0...UInt32.max))"
        let uri = ProcessInfo.processInfo.environment["MONGODB_URI"]
        if let uri { backends.append(["DB_TYPE": "mongo", "MONGODB_URI": uri, "MONGODB_DB_NAME": mongoDatabase]) }
        defer { if let uri { _ = try? pymongo("drop_database.py", [uri, mongoDatabase]) } }
        for backend in backends {
            let env = backend.merging(["DEBUG": "true", "BCRYPT_COST": "4"]) { a, _ in a }
            let dirs = [try tempDirectory(), try tempDirectory()]
            defer { for dir in dirs { try? FileManager.default.removeItem(at: dir) } }
            var servers: [(Process, Int)] = []
            defer { for (server, _) in servers where server.isRunning { kill(server.processIdentifier, SIGKILL) } }
            for dir in dirs { servers.append(try await startServer(env: env, in: dir)) }
            for round in 0..<3 {
                // One curl sends every sign-up at once, alternating servers and the email's case.
                var arguments = ["-Z", "--parallel-immediate", "--parallel-max", "16"]
                for n in 0..<12 {
                    let email = n % 3 == 0 ? "Racer\(round)@Example.com" : "racer\(round)@example.com"
                    let query = #"mutation { createUser(input: {email: "\#(email)", password: "password1"}) { success message } }"#
                    let body = String(decoding: try JSONSerialization.data(withJSONObject: ["query": query]), as: UTF8.self)
                    if n > 0 { arguments.append("--next") }
                    arguments += ["-m", "20", "-H", "Content-Type: application/json", "--data-binary", body,
                                  "http://127.0.0.1:\(servers[n % 2].1)/graphql/", "-w", "\n"]
                }
                let answers = try Self.curl(arguments: arguments)
                let created = answers.components(separatedBy: #""success":true"#).count - 1
                let refused = answers.components(separatedBy: "A user with this email already exists").count - 1
                let label = backend["DB_TYPE"] ?? "sqlite"
                #expect(created == 1, "\(label), round \(round): \(answers)")
                #expect(created + refused == 12, "\(label), round \(round): \(answers)")
            }
            for (server, _) in servers { server.terminate() }
            for (server, _) in servers { #expect(try await waitForExit(server, seconds: 20)) }
        }
    }
}
