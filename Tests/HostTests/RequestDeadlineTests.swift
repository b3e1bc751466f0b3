import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Protocols
import Testing

@testable import Host

/// A request's work ends at REQUEST_TIMEOUT_SECONDS, or when its client disconnects: it is
/// cancelled, every resolver it has not reached yet throws at once, and the log says when it stopped.
@Suite("Request deadline and client disconnects", .serialized)
struct RequestDeadlineTests {
    /// Limits raised so that a costly query runs instead of being refused up front.
    static let permissive = [
        "MAX_ALIASES": "1000000", "MAX_QUERY_COST": "100000000", "MAX_QUERY_NODES": "10000000", "MAX_REQUEST_BYTES": "4000000",
    ]

    /// `count` aliases of a scenario's scenes, choices and their targets: seconds of work on a seeded scenario.
    static func slowQuery(_ count: Int) -> String {
        "{ " + (0..<count).map { "a\($0): allScenarios { scenesList { title text choices { text toSceneId { title text } } } }" }
            .joined(separator: " ") + " }"
    }

    /// How long `slowQuery(count)` takes when nothing cuts it, for comparison (not run by default).
    @Test("reference: the slow query's full run time", .enabled(if: ProcessInfo.processInfo.environment["MEASURE_SLOW_QUERY"] != nil))
    func fullRun() async throws {
        try await TestServer.with(Self.permissive.merging(["REQUEST_TIMEOUT_SECONDS": "600"]) { a, _ in a }) { api in
            _ = try await Seed.scenario(api, scenes: 50, choicesPerScene: 3)
            let start = ContinuousClock.now
            let r = try await api.graphql(Self.slowQuery(150))
            print("full run: \((ContinuousClock.now - start).milliseconds) ms, \(r.errors.count) errors")
        }
    }

    /// Waits up to `seconds` for a log line containing `text`.
    static func line(containing text: String, in log: LogRecorder, within seconds: Double) async throws -> String? {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if let line = log.all.first(where: { $0.contains(text) }) { return line }
            try await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    /// The milliseconds in "GraphQL operation stopped N ms after …".
    static func stoppedAfter(_ line: String) -> Int? {
        line.firstMatch(of: /stopped (\d+) ms after/).flatMap { Int($0.1) }
    }

    /// A server on real sockets (AsyncHTTPClient reconnects when a slow request closed the connection), logging to `log`.
    static func live(_ env: [String: String], log: LogRecorder, _ body: @escaping @Sendable (TestAPI, Int) async throws -> Void) async throws {
        let made = try await TestServer.make(env)
        defer { try? FileManager.default.removeItem(at: made.directory) }
        let s = made.services
        let services = Services(
            settings: s.settings, store: s.store, storage: s.storage, tokens: s.tokens, passwords: s.passwords,
            loginThrottle: s.loginThrottle, generation: s.generation, logger: log.logger())
        let server = TestServer(services: services, statements: made.statements, directory: made.directory)
        let app = Application(router: try StoryApplication.makeRouter(services: services))
        try await app.test(.ahc(.http)) { client in
            try await body(TestAPI(client: client, server: server), try #require(client.port))
        }
    }

    @Test("a slow query is cut at REQUEST_TIMEOUT_SECONDS with a clear error, and its work stops")
    func deadline() async throws {
        let log = LogRecorder()
        try await Self.live(Self.permissive.merging(["REQUEST_TIMEOUT_SECONDS": "1", "GENERATION_WAIT_SECONDS": "0"]) { a, _ in a }, log: log) { api, _ in
            _ = try await Seed.scenario(api, scenes: 50, choicesPerScene: 3)
            let start = ContinuousClock.now
            let r = try await api.graphql(Self.slowQuery(150))
            let answered = ContinuousClock.now - start
            print("deadline: answered after \(answered.milliseconds) ms")
            #expect(r.errors == ["The request ran longer than REQUEST_TIMEOUT_SECONDS 1 and was stopped"], "\(r.errors.prefix(3))")
            #expect(answered < .seconds(10))
            let stopped = try await Self.line(containing: "stopped", in: log, within: 60)
            print("deadline: \(stopped ?? "no log line: \(log.all)")")
            let late = try #require(stopped.flatMap(Self.stoppedAfter), "the work stopped: \(log.all)")
            // What is already in flight winds down (GraphQLSwift completes the list items it has started), the rest never starts.
            #expect(late < 60_000, "the work stopped after the deadline")
            #expect(stopped?.contains("after its deadline") == true)
            #expect(try await api.graphql("{ __typename }").string("data.__typename") == "Query")
        }
    }

    @Test("when the client hangs up, its request is cancelled and the work stops")
    func disconnect() async throws {
        let log = LogRecorder()
        try await Self.live(Self.permissive.merging(["REQUEST_TIMEOUT_SECONDS": "300", "DISCONNECT_CHECK_AFTER_SECONDS": "2"]) { a, _ in a }, log: log) { api, port in
            _ = try await Seed.scenario(api, scenes: 50, choicesPerScene: 3)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("slow-\(UUID().uuidString).json")
            defer { try? FileManager.default.removeItem(at: file) }
            try JSONValue.object(["query": .string(Self.slowQuery(300))]).jsonString.write(to: file, atomically: true, encoding: .utf8)
            let start = ContinuousClock.now
            // curl gives up after 3 s (the connection is watched after 2) and closes the socket.
            let body = await Self.curl(["-m", "3", "-H", "Content-Type: application/json", "--data-binary", "@\(file.path)", "http://127.0.0.1:\(port)/graphql/"])
            #expect(body.isEmpty, "curl hung up before an answer: \(body.prefix(200))")
            let disconnected = try await Self.line(containing: "client disconnected", in: log, within: 60)
            #expect(disconnected != nil, "\(log.all)")
            let stopped = try await Self.line(containing: "stopped", in: log, within: 60)
            print("disconnect: \(stopped ?? "no log line"), \((ContinuousClock.now - start).milliseconds) ms after the request was sent")
            let late = try #require(stopped.flatMap(Self.stoppedAfter), "the work stopped: \(log.all)")
            #expect(late < 60_000)
            #expect(stopped?.contains("after its request was cancelled") == true)
            #expect(try await api.graphql("{ __typename }").string("data.__typename") == "Query")
        }
    }

    @Test("a request still running after DISCONNECT_CHECK_AFTER_SECONDS answers in full with Connection: close; a quick one keeps its connection")
    func watchedConnectionCloses() async throws {
        let log = LogRecorder()
        try await Self.live(Self.permissive.merging(["REQUEST_TIMEOUT_SECONDS": "300", "DISCONNECT_CHECK_AFTER_SECONDS": "1"]) { a, _ in a }, log: log) { api, _ in
            _ = try await Seed.scenario(api, scenes: 50, choicesPerScene: 3)
            func post(_ query: String) async throws -> (connection: String?, body: String) {
                let body = try JSONValue.object(["query": .string(query)]).jsonString
                return try await api.client.execute(
                    uri: "/graphql/", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body)
                ) { response in (response.headers[.connection], String(buffer: response.body)) }
            }
            let quick = try await post("{ __typename }")
            #expect(quick.connection != "close")
            let start = ContinuousClock.now
            let slow = try await post(Self.slowQuery(60))
            let took = ContinuousClock.now - start
            print("watched: answered after \(took.milliseconds) ms")
            #expect(slow.body.hasPrefix(#"{"data":{"a0":"#), "\(slow.body.prefix(200))")
            #expect(!slow.body.contains(#""errors""#))
            // Watched from 1 s (plus a tick of the deadline scheduler) after the run began.
            if took > .milliseconds(1500) { #expect(slow.connection == "close") }
            #expect(log.all.allSatisfy { !$0.contains("client disconnected") })
        }
    }

    /// `curl -s arguments…` on a thread of its own; what it printed.
    static func curl(_ arguments: [String]) async -> String {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(returning: (try? ServerProcessTests.curl(arguments: arguments)) ?? "")
            }
        }
    }
}
