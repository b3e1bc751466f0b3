import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Protocols

@testable import Host

/// A GraphQL answer, read through dotted paths: `response["data.me.email"]`.
struct GraphQLResponse: CustomStringConvertible {
    let status: HTTPResponse.Status
    let json: JSONValue

    subscript(path: String) -> JSONValue? {
        var value: JSONValue? = json
        for part in path.split(separator: ".") {
            if let index = Int(part), case .array(let items)? = value {
                value = index < items.count ? items[index] : nil
            } else {
                value = value?[String(part)]
            }
        }
        return value
    }

    func string(_ path: String) -> String? { self[path]?.stringValue }
    func bool(_ path: String) -> Bool? { if case .bool(let b)? = self[path] { return b } else { return nil } }
    func count(_ path: String) -> Int? { if case .array(let a)? = self[path] { return a.count } else { return nil } }

    /// The messages of `errors`, empty when none.
    var errors: [String] {
        guard case .array(let items)? = json["errors"] else { return [] }
        return items.compactMap { $0["message"]?.stringValue }
    }

    var description: String { json.jsonString }
}

/// Talks to a ``TestServer`` over HTTP, with helpers that set up users and stories.
struct TestAPI {
    let client: any TestClientProtocol
    let server: TestServer

    var store: any StoryStore { server.services.store }

    func post(_ path: String = "/graphql/", body: String, headers: HTTPFields = [:]) async throws -> GraphQLResponse {
        var headers = headers
        if headers[.contentType] == nil { headers[.contentType] = "application/json" }
        return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
            let json = (try? JSONDecoder().decode(JSONValue.self, from: Data(buffer: response.body))) ?? .null
            return GraphQLResponse(status: response.status, json: json)
        }
    }

    func graphql(_ query: String, _ variables: [String: JSONValue] = [:], token: String? = nil) async throws -> GraphQLResponse {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "JWT \(token)" }
        let body = JSONValue.object(["query": .string(query), "variables": .object(variables)]).jsonString
        return try await post(body: body, headers: headers)
    }

    // MARK: Fixtures

    /// Signs up a player and returns their token and id.
    @discardableResult
    func player(_ email: String = "player@example.com", password: String = "password1") async throws -> (token: String, id: String) {
        let created = try await graphql(
            "mutation($e: String!, $p: String!) { createUser(input: {email: $e, password: $p}) { success message user { mongoId } } }",
            ["e": .string(email), "p": .string(password)])
        guard created.bool("data.createUser.success") == true, let id = created.string("data.createUser.user.mongoId") else {
            throw TestFailure("sign-up failed: \(created)")
        }
        return (try await login(email, password), id)
    }

    /// Creates an admin directly in the store and returns their token and id.
    @discardableResult
    func admin(_ email: String = "admin@example.com", password: String = "password1") async throws -> (token: String, id: String) {
        let hash = try await server.services.passwords.hash(password)
        let user = User(email: email, passwordHash: hash, role: .admin)
        try await store.insertUser(user)
        return (try await login(email, password), user.id.hexString)
    }

    func login(_ email: String, _ password: String) async throws -> String {
        let response = try await graphql(
            "mutation($e: String!, $p: String!) { tokenAuth(email: $e, password: $p) { token } }",
            ["e": .string(email), "p": .string(password)])
        guard let token = response.string("data.tokenAuth.token") else { throw TestFailure("login failed: \(response)") }
        return token
    }

    func createScenario(token: String, title: String = "The Cave", published: Bool = true) async throws -> String {
        let r = try await graphql(
            "mutation($t: String!, $p: Boolean) { createScenario(input: {title: $t, description: \"d\", isPublished: $p}) { success message scenario { mongoId } } }",
            ["t": .string(title), "p": .bool(published)], token: token)
        guard let id = r.string("data.createScenario.scenario.mongoId") else { throw TestFailure("createScenario failed: \(r)") }
        return id
    }

    func createScene(token: String, scenario: String, title: String, order: Int = 0, start: Bool = false, end: Bool = false) async throws -> String {
        let r = try await graphql(
            """
            mutation($s: ID!, $t: String!, $o: Int, $start: Boolean, $end: Boolean) {
              createScene(input: {scenarioId: $s, title: $t, text: "Once upon a time", order: $o, isStartScene: $start, isEndScene: $end}) {
                success message scene { mongoId } } }
            """,
            ["s": .string(scenario), "t": .string(title), "o": .int(order), "start": .bool(start), "end": .bool(end)], token: token)
        guard let id = r.string("data.createScene.scene.mongoId") else { throw TestFailure("createScene failed: \(r)") }
        return id
    }

    func createChoice(token: String, from: String, to: String, text: String = "Go on", order: Int = 0) async throws -> String {
        let r = try await graphql(
            "mutation($f: ID!, $t: ID!, $x: String!, $o: Int) { createChoice(input: {fromSceneId: $f, toSceneId: $t, text: $x, order: $o}) { success message choice { mongoId } } }",
            ["f": .string(from), "t": .string(to), "x": .string(text), "o": .int(order)], token: token)
        guard let id = r.string("data.createChoice.choice.mongoId") else { throw TestFailure("createChoice failed: \(r)") }
        return id
    }

    /// A published scenario start → middle → end, with choices between them.
    func story(token: String, published: Bool = true) async throws -> Story {
        let scenario = try await createScenario(token: token, published: published)
        let start = try await createScene(token: token, scenario: scenario, title: "Start", order: 0, start: true)
        let middle = try await createScene(token: token, scenario: scenario, title: "Middle", order: 1)
        let end = try await createScene(token: token, scenario: scenario, title: "End", order: 2, end: true)
        let toMiddle = try await createChoice(token: token, from: start, to: middle)
        let toEnd = try await createChoice(token: token, from: middle, to: end)
        return Story(scenario: scenario, start: start, middle: middle, end: end, toMiddle: toMiddle, toEnd: toEnd)
    }
}

struct Story {
    let scenario, start, middle, end, toMiddle, toEnd: String
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The message every protected operation answers without a valid token.
let authenticationRequired = "Authentication required"
/// The message of every other refusal.
let permissionDenied = "You do not have permission to perform this action"
