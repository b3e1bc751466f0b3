import Foundation
import Testing

/// The attacks that killed the process (SIGSEGV in the recursive parser), sent to a real
/// `story-server` over real sockets: it answers each with an error and keeps serving.
extension ServerProcessTests {
    @Test("over real sockets, nesting bombs get an error and the process keeps serving; an out-of-range limit stops start-up")
    func nestingBombsDoNotKillTheProcess() async throws {
        _ = try #require(Self.binary, "build the story-server product first (swift build --build-tests)")
        let dir = try tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (server, port) = try await startServer(env: ["DEBUG": "false", "SECRET_KEY": String(repeating: "s", count: 40)], in: dir)
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
        let url = "http://127.0.0.1:\(port)/graphql/"
        let bombs = [
            "{ node(id: " + String(repeating: "[", count: 5000) + "1" + String(repeating: "]", count: 5000) + ") { id } }",
            "{ node(id: " + String(repeating: "{a:", count: 5000) + "1" + String(repeating: "}", count: 5000) + ") { id } }",
            String(repeating: "{ me ", count: 3000) + String(repeating: "}", count: 3000),
            "{ " + String(repeating: "... on Query { ", count: 2000) + "__typename" + String(repeating: " }", count: 2000) + " }",
        ]
        for bomb in bombs {
            let answer = try Self.post(url, query: bomb)
            #expect(answer.contains("exceeds MAX_DOCUMENT_NESTING 64"), "\(answer.prefix(300))")
        }
        let get = try Self.curl(arguments: ["-m", "10", "-G", "--data-urlencode", "query=\(bombs[2])", url])
        #expect(get.contains("exceeds MAX_DOCUMENT_NESTING 64"), "\(get.prefix(300))")
        let introspection = try Self.post(url, query: "{ __schema { types { name } } }")
        #expect(introspection.contains("GraphQL introspection is disabled"), "DEBUG=false: \(introspection)")
        #expect(server.isRunning, "\(output(in: dir))")
        #expect(try Self.post(url, query: "{ __typename }").contains(#""__typename":"Query""#))
        server.terminate()
        #expect(try await waitForExit(server, seconds: 20))

        let refused = try run([], env: ["DEBUG": "true", "MAX_QUERY_COST": "5", "PORT": "\(Int.random(in: 40001...50000))"], directory: dir)
        #expect(try await waitForExit(refused, seconds: 30))
        #expect(refused.terminationStatus != 0)
        #expect(output(in: dir).contains("MAX_QUERY_COST is invalid: 5 is outside the allowed range 10...100000000"), "\(output(in: dir))")
    }
}
