import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Protocols
import Testing

@testable import Host

/// The details existing clients rely on: Relay ids, timestamps, both endpoints, `operationName`, and
/// the success paths of the queries and mutations the other suites only refuse.
@Suite("API contract details")
struct APIContractTests {
    /// Every object type's `id` is base64 of `<TypeName>:<mongoId>`, and `node(id:)` finds it.
    @Test("Relay ids of all six types, resolved back through node(id:)")
    func relayIds() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin()
            let story = try await api.story(token: admin.token)
            let asset = try await api.graphql(
                #"mutation { createAsset(input: {type: "image", name: "Cave", url: "https://cdn.example.com/cave.png"}) { asset { id mongoId } } }"#,
                token: admin.token)
            let progress = try await api.graphql(
                "mutation($s: ID!) { createProgress(input: {scenarioId: $s}) { progress { id mongoId } } }",
                ["s": .string(story.scenario)], token: admin.token)
            let read = try await api.graphql(
                "query($s: ID!, $c: ID!) { me { id mongoId } scenarioById(scenarioId: $s) { id mongoId } sceneById(sceneId: $c) { id mongoId } choiceById(choiceId: $c) { id mongoId } }",
                ["s": .string(story.scenario), "c": .string(story.start)], token: admin.token)
            let choice = try await api.graphql(
                "query($c: ID!) { choiceById(choiceId: $c) { id mongoId } }", ["c": .string(story.toMiddle)], token: admin.token)
            let pairs: [(String, GraphQLResponse, String)] = [
                ("UserType", read, "data.me"), ("ScenarioType", read, "data.scenarioById"), ("SceneType", read, "data.sceneById"),
                ("ChoiceType", choice, "data.choiceById"), ("AssetType", asset, "data.createAsset.asset"),
                ("PlayerProgressType", progress, "data.createProgress.progress"),
            ]
            for (type, response, path) in pairs {
                let mongoId = try #require(response.string("\(path).mongoId"), "\(type): \(response)")
                let id = try #require(response.string("\(path).id"))
                #expect(id == Data("\(type):\(mongoId)".utf8).base64EncodedString(), "\(type)")
                let node = try await api.graphql(
                    "query($id: ID!) { node(id: $id) { __typename id } }", ["id": .string(id)], token: admin.token)
                #expect(node.string("data.node.__typename") == type, "\(type): \(node)")
                #expect(node.string("data.node.id") == id)
            }
        }
    }

    @Test("createdAt and updatedAt are ISO 8601 in UTC")
    func timestamps() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin()
            let scenario = try await api.createScenario(token: admin.token)
            let r = try await api.graphql(
                "query($s: ID!) { me { createdAt updatedAt } scenarioById(scenarioId: $s) { createdAt updatedAt } }",
                ["s": .string(scenario)], token: admin.token)
            let iso = #/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/#
            for path in ["data.me.createdAt", "data.me.updatedAt", "data.scenarioById.createdAt", "data.scenarioById.updatedAt"] {
                let text = try #require(r.string(path), "\(path): \(r)")
                #expect(text.wholeMatch(of: iso) != nil, "\(path) = \(text)")
            }
        }
    }

    @Test("POST to /graphql (no slash) works too, and operationName picks the operation of a document")
    func endpointsAndOperationName() async throws {
        try await TestServer.with { api in
            let document = "query A { me { email } } query B { __typename }"
            let body = try JSONSerialization.data(withJSONObject: ["query": document, "operationName": "B"])
            for path in ["/graphql", "/graphql/"] {
                let r = try await api.post(path, body: String(decoding: body, as: UTF8.self))
                #expect(r.errors.isEmpty, "\(path): \(r)")
                #expect(r.string("data.__typename") == "Query")
            }
            let missing = try await api.post(body: String(decoding: try JSONSerialization.data(withJSONObject: ["query": document]), as: UTF8.self))
            #expect(missing.errors.count == 1)
        }
    }

    @Test("publishing with updateScenario makes a scenario visible to players; scenesByScenario lists its scenes in order")
    func publishAndList() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin()
            let player = try await api.player()
            let story = try await api.story(token: admin.token, published: false)
            let hidden = try await api.graphql("query($s: ID!) { scenarioById(scenarioId: $s) { title } }", ["s": .string(story.scenario)], token: player.token)
            #expect(hidden["data.scenarioById"] == .null || hidden.errors.isEmpty == false)
            let published = try await api.graphql(
                #"mutation($s: ID!) { updateScenario(scenarioId: $s, input: {isPublished: true, title: "Renamed"}) { success message scenario { isPublished title } } }"#,
                ["s": .string(story.scenario)], token: admin.token)
            #expect(published.bool("data.updateScenario.success") == true, "\(published)")
            #expect(published.bool("data.updateScenario.scenario.isPublished") == true)
            let seen = try await api.graphql(
                "query($s: ID!) { scenarioById(scenarioId: $s) { title } scenesByScenario(scenarioId: $s) { mongoId order } }",
                ["s": .string(story.scenario)], token: player.token)
            #expect(seen.string("data.scenarioById.title") == "Renamed", "\(seen)")
            guard case .array(let scenes)? = seen["data.scenesByScenario"] else { throw TestFailure("\(seen)") }
            #expect(scenes.map { $0["mongoId"]?.stringValue } == [story.start, story.middle, story.end])
        }
    }

    @Test("progressByUser answers the player themself and admins; recordProgress takes metadata as an object literal")
    func progressByUserAndMetadata() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin()
            let player = try await api.player()
            let story = try await api.story(token: admin.token)
            let created = try await api.graphql(
                "mutation($s: ID!) { createProgress(input: {scenarioId: $s}) { progress { mongoId } } }",
                ["s": .string(story.scenario)], token: player.token)
            let progressId = try #require(created.string("data.createProgress.progress.mongoId"), "\(created)")
            let moved = try await api.graphql(
                #"mutation($p: ID!, $s: ID!, $c: ID) { recordProgress(input: {progressId: $p, sceneId: $s, choiceId: $c, metadata: {mood: "brave", hp: 3}}) { success message progress { history { metadata } } } }"#,
                ["p": .string(progressId), "s": .string(story.middle), "c": .string(story.toMiddle)], token: player.token)
            #expect(moved.bool("data.recordProgress.success") == true, "\(moved)")
            let metadata = try #require(moved.string("data.recordProgress.progress.history.1.metadata"))
            #expect(try JSONDecoder().decode(JSONValue.self, from: Data(metadata.utf8)) == .object(["mood": .string("brave"), "hp": .int(3)]))
            for token in [player.token, admin.token] {
                let r = try await api.graphql("query($u: ID!) { progressByUser(userId: $u) { mongoId } }", ["u": .string(player.id)], token: token)
                #expect(r.string("data.progressByUser.0.mongoId") == progressId, "\(r)")
            }
        }
    }

    @Test("updateUser refuses a short password and an email another user has in another case")
    func updateUserRules() async throws {
        try await TestServer.with { api in
            let ann = try await api.player("ann@example.com")
            _ = try await api.player("bob@example.com")
            let short = try await api.graphql(
                #"mutation($u: ID!) { updateUser(userId: $u, input: {password: "short"}) { success message } }"#,
                ["u": .string(ann.id)], token: ann.token)
            #expect(short.bool("data.updateUser.success") == false || short.errors.isEmpty == false)
            #expect((short.string("data.updateUser.message") ?? short.errors.joined()).contains("at least 8"), "\(short)")
            let taken = try await api.graphql(
                #"mutation($u: ID!) { updateUser(userId: $u, input: {email: "BOB@Example.com"}) { success message } }"#,
                ["u": .string(ann.id)], token: ann.token)
            #expect(taken.bool("data.updateUser.success") == false || taken.errors.isEmpty == false)
            #expect((taken.string("data.updateUser.message") ?? taken.errors.joined()).lowercased().contains("already"), "\(taken)")
            #expect(try await api.graphql("{ me { email } }", token: try await api.login("ann@example.com", "password1")).string("data.me.email") == "ann@example.com")
        }
    }
}
