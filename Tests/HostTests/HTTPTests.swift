import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Protocols
import Synchronization
import Testing

@testable import Host

@Suite("HTTP endpoints and bad input")
struct HTTPTests {
    @Test("GET /graphql runs queries from the query string and refuses mutations")
    func getQueries() async throws {
        try await TestServer.with { api in
            let ok = try await api.client.execute(uri: "/graphql?query=%7B%20me%20%7B%20email%20%7D%20%7D", method: .get) { response in
                String(buffer: response.body)
            }
            #expect(ok == #"{"data":{"me":null}}"#)
            let mutation = try await api.client.execute(uri: "/graphql/?query=mutation%20%7B%20deleteUser(userId%3A%22x%22)%20%7B%20success%20%7D%20%7D", method: .get) { response in
                String(buffer: response.body)
            }
            #expect(mutation.contains("Mutations must be sent with POST"))
        }
    }

    @Test("browsers get GraphiQL on GET /graphql/ when DEBUG or GRAPHIQL is on, not otherwise")
    func graphiql() async throws {
        try await TestServer.with { api in
            let page = try await api.client.execute(uri: "/graphql/", method: .get, headers: [.accept: "text/html"]) { response in
                (response.status, String(buffer: response.body))
            }
            #expect(page.0 == .ok)
            #expect(page.1.contains("GraphiQL"))
        }
        for (env, served) in [(["DEBUG": "false", "GRAPHIQL": "true"], true), (["DEBUG": "true", "GRAPHIQL": "false"], true),
                              (["DEBUG": "false", "GRAPHIQL": "false"], false), (["DEBUG": "false"], false)] {
            try await TestServer.with(env) { api in
                let status = try await api.client.execute(uri: "/graphql/", method: .get, headers: [.accept: "text/html"]) { $0.status }
                #expect(status == (served ? .ok : .notFound), "\(env)")
            }
        }
    }

    @Test("GET /healthz reports the store")
    func health() async throws {
        try await TestServer.with { api in
            // The check has a 2 s deadline, which a full parallel test run on two cores can exceed: ask again.
            var body = (HTTPResponse.Status.serviceUnavailable, "")
            for _ in 0..<5 where body.0 != .ok {
                body = try await api.client.execute(uri: "/healthz", method: .get) { response in
                    (response.status, String(buffer: response.body))
                }
            }
            #expect(body.0 == .ok)
            #expect(body.1.contains(#""store":"up""#))
            try await api.server.services.store.close()
            let down = try await api.client.execute(uri: "/healthz", method: .get) { response in
                (response.status, String(buffer: response.body))
            }
            #expect(down.0 == .serviceUnavailable)
            #expect(down.1.contains(#""store":"down""#))
        }
    }

    @Test("a store that never answers its ping is reported down at the deadline, not waited for")
    func healthDoesNotHang() async throws {
        // A probe that ignores cancellation, like a driver call blocked on a server that stopped answering.
        let never = await HealthRoute.answers(within: .milliseconds(200)) {
            await withCheckedContinuation { (_: CheckedContinuation<Void, Never>) in }
        }
        #expect(never == false)
        let failing = await HealthRoute.answers(within: .seconds(30)) { throw StoreError.unavailable("down") }
        #expect(failing == false)
        let answering = await HealthRoute.answers(within: .seconds(30)) {}
        #expect(answering == true)
    }

    @Test("health checks share the ping in flight instead of starting one each, and start a new one once it ended")
    func healthSharesThePing() async throws {
        let pings = Mutex(0)
        let gate = AsyncStream<Void>.makeStream()
        let probe = SharedProbe {
            pings.withLock { $0 += 1 }
            for await _ in gate.stream { return }
        }
        let first = await probe.current()
        for _ in 0..<5 {
            #expect(await HealthRoute.answers(within: .milliseconds(50), await probe.current()) == false)
        }
        #expect(pings.withLock { $0 } == 1)
        gate.continuation.yield()
        #expect(await first.value == true)
        var next = await probe.current()
        for _ in 0..<500 where next == first {
            try await Task.sleep(for: .milliseconds(10))
            next = await probe.current()
        }
        #expect(next != first, "a new ping once the last one ended")
        gate.continuation.finish()
        #expect(await next.value == true)
        #expect(pings.withLock { $0 } == 2)
    }

    @Test("malformed JSON, missing query and oversize bodies get clear errors, not a 500")
    func malformedBodies() async throws {
        try await TestServer.with(["MAX_REQUEST_BYTES": "2000"]) { api in
            let malformed = try await api.post(body: "{not json")
            #expect(malformed.status == .badRequest)
            #expect(malformed.errors == ["Malformed JSON body"])
            let missing = try await api.post(body: #"{"variables": {}}"#)
            #expect(missing.errors == ["Missing 'query' in the request body"])
            let big = try await api.post(body: #"{"query": "\#(String(repeating: " ", count: 3000)){ me { email } }"}"#)
            #expect(big.status == .contentTooLarge)
            #expect(big.errors == ["Request body is larger than 2000 bytes"])
            let syntax = try await api.graphql("{ me { ")
            #expect(syntax.errors.first?.hasPrefix("Syntax Error") == true)
            let unknown = try await api.graphql("{ nope }")
            #expect(unknown.errors.first?.contains("Cannot query field \"nope\"") == true)
        }
    }

    @Test("unknown ids answer not found; ids of the wrong format answer which argument is wrong")
    func unknownIds() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin()
            let unknown = try await api.graphql(#"{ scenarioById(scenarioId: "aaaaaaaaaaaaaaaaaaaaaaaa") { title } }"#, token: admin.token)
            #expect(unknown.errors.isEmpty)
            #expect(unknown["data.scenarioById"] == .null)
            let update = try await api.graphql(#"mutation { updateScenario(scenarioId: "aaaaaaaaaaaaaaaaaaaaaaaa", input: {title: "x"}) { success message } }"#, token: admin.token)
            #expect(update.bool("data.updateScenario.success") == false)
            #expect(update.string("data.updateScenario.message") == "Scenario not found")
            let malformed = try await api.graphql(#"{ sceneById(sceneId: "zz-not-an-id") { title } }"#, token: admin.token)
            #expect(malformed.errors == ["sceneId is not a valid id: 'zz-not-an-id' (expected a 24-character hexadecimal ObjectId)"])
        }
    }

    @Test("depth bombs are refused before anything runs")
    func depthBomb() async throws {
        try await TestServer.with { api in
            let deep = "{ allScenarios { " + String(repeating: "scenesList { choices { toSceneId { ", count: 6) + "title" + String(repeating: " } } }", count: 6) + " } }"
            let r = try await api.graphql(deep)
            #expect(r.errors == ["Query is too deep: nesting exceeds the maximum of 12"])
            let cycle = try await api.graphql("query { me { ...A } } fragment A on UserType { ...B } fragment B on UserType { ...A }")
            #expect(!cycle.errors.isEmpty)
        }
    }

    @Test("list arguments are bounded")
    func listBounds() async throws {
        try await TestServer.with(["MAX_LIST_SIZE": "3"]) { api in
            let admin = try await api.admin()
            let ids = JSONValue.array((0..<4).map { _ in .string(ObjectId().hexString) })
            let r = try await api.graphql("mutation($ids: [ID!]!) { deleteChoices(choiceIds: $ids) { success message } }", ["ids": ids], token: admin.token)
            #expect(r.string("data.deleteChoices.message") == "choiceIds may hold at most 3 items (got 4)")
        }
    }

    @Test("CORS answers the allowed origins only")
    func cors() async throws {
        try await TestServer.with(["CORS_ALLOWED_ORIGINS": "https://editor.example.com"]) { api in
            let allowed = try await api.client.execute(
                uri: "/graphql/", method: .options,
                headers: [.origin: "https://editor.example.com", .accessControlRequestMethod: "POST"]) { $0.headers }
            #expect(allowed[.accessControlAllowOrigin] == "https://editor.example.com")
            #expect(allowed[.accessControlAllowHeaders]?.contains("Authorization") == true)
            let other = try await api.client.execute(uri: "/healthz", method: .get, headers: [.origin: "https://evil.example.com"]) { $0.headers }
            #expect(other[.accessControlAllowOrigin] == nil)
        }
    }

    @Test("CORS_ALLOWED_ORIGINS=* answers any origin with *, never with credentials; a named origin keeps them")
    func corsWildcard() async throws {
        try await TestServer.with(["CORS_ALLOWED_ORIGINS": "*, https://editor.example.com"]) { api in
            let any = try await api.client.execute(
                uri: "/graphql/", method: .options,
                headers: [.origin: "https://evil.example.com", .accessControlRequestMethod: "POST"]) { $0.headers }
            #expect(any[.accessControlAllowOrigin] == "*")
            #expect(any[.accessControlAllowCredentials] == nil)
            let named = try await api.client.execute(uri: "/healthz", method: .get, headers: [.origin: "https://editor.example.com"]) { $0.headers }
            #expect(named[.accessControlAllowOrigin] == "https://editor.example.com")
            #expect(named[.accessControlAllowCredentials] == "true")
        }
    }

    @Test("errors never leak internals")
    func noLeaks() async throws {
        let presented = APIError.from(StoreError.unavailable("SQLITE_ERROR: no such table: users"))
        #expect(presented.message == "The database is unavailable, please retry later")
        #expect(APIError.from(NSError(domain: "x", code: 1)).message == "Internal error")
    }
}
