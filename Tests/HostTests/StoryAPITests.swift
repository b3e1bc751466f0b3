import Foundation
import Protocols
import Testing

@testable import Host

@Suite("Scenarios, scenes and choices")
struct StoryAPITests {
    @Test("an admin creates a scenario; players and anonymous users cannot")
    func createScenario() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin()
            let player = try await api.player()
            let q = #"mutation { createScenario(input: {title: "T"}) { success scenario { title isPublished authorId { email } } } }"#
            #expect(try await api.graphql(q).errors == [authenticationRequired])
            #expect(try await api.graphql(q, token: player.token).errors == [permissionDenied])
            let r = try await api.graphql(q, token: admin.token)
            #expect(r.string("data.createScenario.scenario.authorId.email") == "admin@example.com")
            #expect(r.bool("data.createScenario.scenario.isPublished") == false)
        }
    }

    @Test("titles over 200 and descriptions over 1000 characters are refused, naming the field")
    func oversizeFields() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin()
            let long = String(repeating: "x", count: 201)
            let r = try await api.graphql("mutation($t: String!) { createScenario(input: {title: $t}) { success message } }", ["t": .string(long)], token: admin.token)
            #expect(r.bool("data.createScenario.success") == false)
            #expect(r.string("data.createScenario.message") == "title must be at most 200 characters (got 201)")
            let d = try await api.graphql(
                #"mutation($d: String!) { createScenario(input: {title: "ok", description: $d}) { success message } }"#,
                ["d": .string(String(repeating: "y", count: 1001))], token: admin.token)
            #expect(d.string("data.createScenario.message") == "description must be at most 1000 characters (got 1001)")
            let story = try await api.story(token: admin.token)
            let c = try await api.graphql(
                #"mutation($f: ID!, $to: ID!, $t: String!) { createChoice(input: {fromSceneId: $f, toSceneId: $to, text: $t}) { success message } }"#,
                ["f": .string(story.start), "to": .string(story.end), "t": .string(long)], token: admin.token)
            #expect(c.bool("data.createChoice.success") == false)
            #expect(c.string("data.createChoice.message") == "text must be at most 200 characters (got 201)", "\(c)")
        }
    }

    @Test("only the author changes a scenario, its scenes and choices")
    func authorOnly() async throws {
        try await TestServer.with { api in
            let author = try await api.admin("author@example.com")
            let other = try await api.admin("other@example.com")
            let story = try await api.story(token: author.token)
            let attempts: [(String, [String: JSONValue])] = [
                (#"mutation($id: ID!) { updateScenario(scenarioId: $id, input: {title: "X"}) { success } }"#, ["id": .string(story.scenario)]),
                ("mutation($id: ID!) { deleteScenario(scenarioId: $id) { success } }", ["id": .string(story.scenario)]),
                (#"mutation($id: ID!) { createScene(input: {scenarioId: $id, title: "X"}) { success } }"#, ["id": .string(story.scenario)]),
                (#"mutation($id: ID!) { updateScene(sceneId: $id, input: {title: "X"}) { success } }"#, ["id": .string(story.start)]),
                ("mutation($id: ID!) { deleteScene(sceneId: $id) { success } }", ["id": .string(story.start)]),
                (#"mutation($a: ID!, $b: ID!) { createChoice(input: {fromSceneId: $a, toSceneId: $b, text: "X"}) { success } }"#, ["a": .string(story.start), "b": .string(story.end)]),
                (#"mutation($id: ID!) { updateChoice(choiceId: $id, input: {text: "X"}) { success } }"#, ["id": .string(story.toMiddle)]),
                ("mutation($id: ID!) { deleteChoice(choiceId: $id) { success } }", ["id": .string(story.toMiddle)]),
                ("mutation($id: ID!) { deleteChoices(choiceIds: [$id]) { success } }", ["id": .string(story.toMiddle)]),
            ]
            for (query, variables) in attempts {
                let r = try await api.graphql(query, variables, token: other.token)
                #expect(r.errors == [permissionDenied], "\(query)")
                let anonymous = try await api.graphql(query, variables)
                #expect(anonymous.errors == [authenticationRequired], "\(query)")
            }
        }
    }

    @Test("unpublished scenarios are visible to their author only")
    func unpublishedVisibility() async throws {
        try await TestServer.with { api in
            let author = try await api.admin("author@example.com")
            let other = try await api.admin("other@example.com")
            let player = try await api.player()
            let hidden = try await api.createScenario(token: author.token, title: "Draft", published: false)
            _ = try await api.createScenario(token: author.token, title: "Public", published: true)
            let q = "query($id: ID!) { scenarioById(scenarioId: $id) { title } }"
            #expect(try await api.graphql(q, ["id": .string(hidden)], token: author.token).string("data.scenarioById.title") == "Draft")
            #expect(try await api.graphql(q, ["id": .string(hidden)], token: other.token)["data.scenarioById"] == .null)
            #expect(try await api.graphql(q, ["id": .string(hidden)], token: player.token)["data.scenarioById"] == .null)
            #expect(try await api.graphql("{ allScenarios { title } }", token: player.token).count("data.allScenarios") == 1)
            #expect(try await api.graphql("{ allScenarios { title } }", token: author.token).count("data.allScenarios") == 2)
            #expect(try await api.graphql("{ allScenarios(publishedOnly: true) { title } }", token: author.token).count("data.allScenarios") == 1)
            let byAuthor = "query($id: ID!) { scenariosByAuthor(authorId: $id) { title } }"
            #expect(try await api.graphql(byAuthor, ["id": .string(author.id)], token: other.token).count("data.scenariosByAuthor") == 1)
            #expect(try await api.graphql(byAuthor, ["id": .string(author.id)], token: author.token).count("data.scenariosByAuthor") == 2)
            let scenes = try await api.graphql("query($id: ID!) { scenesByScenario(scenarioId: $id) { title } }", ["id": .string(hidden)], token: player.token)
            #expect(scenes.errors == ["Scenario not found"])
        }
    }

    @Test("a scenario reads its scenes ordered, as a list and as a Relay connection, with choices and references")
    func readStory() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin()
            let s = try await api.story(token: admin.token)
            let r = try await api.graphql(
                """
                query($id: ID!) { scenarioById(scenarioId: $id) {
                  id mongoId title
                  scenesList { mongoId title order isStartScene isEndScene position { x y } choices { text condition toSceneId { mongoId } fromSceneId { mongoId } } }
                  scenes(first: 2) { edges { cursor node { title } } pageInfo { hasNextPage endCursor } }
                } }
                """, ["id": .string(s.scenario)], token: admin.token)
            #expect(r.errors.isEmpty, "\(r)")
            #expect(r.string("data.scenarioById.id") == Data("ScenarioType:\(s.scenario)".utf8).base64EncodedString())
            #expect(r.string("data.scenarioById.scenesList.0.title") == "Start")
            #expect(r.string("data.scenarioById.scenesList.2.title") == "End")
            #expect(r.string("data.scenarioById.scenesList.0.choices.0.toSceneId.mongoId") == s.middle)
            #expect(r.string("data.scenarioById.scenesList.0.choices.0.condition") == "{}")
            #expect(r.count("data.scenarioById.scenes.edges") == 2)
            #expect(r.bool("data.scenarioById.scenes.pageInfo.hasNextPage") == true)
            let after = try #require(r.string("data.scenarioById.scenes.pageInfo.endCursor"))
            let next = try await api.graphql(
                "query($id: ID!, $a: String) { scenarioById(scenarioId: $id) { scenes(first: 2, after: $a) { edges { node { title } } } } }",
                ["id": .string(s.scenario), "a": .string(after)], token: admin.token)
            #expect(next.string("data.scenarioById.scenes.edges.0.node.title") == "End")
            for (query, id) in [("sceneById(sceneId: $id) { title }", s.start), ("choiceById(choiceId: $id) { text }", s.toMiddle)] {
                let one = try await api.graphql("query($id: ID!) { \(query) }", ["id": .string(id)], token: admin.token)
                #expect(one.errors.isEmpty)
            }
            let byScene = try await api.graphql("query($id: ID!) { choicesByScene(sceneId: $id) { text } }", ["id": .string(s.start)], token: admin.token)
            #expect(byScene.count("data.choicesByScene") == 1)
        }
    }

    @Test("ID arguments take the plain ObjectId and the Relay id")
    func relayIdsAccepted() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin()
            let scenario = try await api.createScenario(token: admin.token)
            let relay = Data("ScenarioType:\(scenario)".utf8).base64EncodedString()
            let r = try await api.graphql("query($id: ID!) { scenarioById(scenarioId: $id) { mongoId } }", ["id": .string(relay)], token: admin.token)
            #expect(r.string("data.scenarioById.mongoId") == scenario)
            let node = try await api.graphql("query($id: ID!) { node(id: $id) { id ... on ScenarioType { title } } }", ["id": .string(relay)], token: admin.token)
            #expect(node.string("data.node.title") == "The Cave")
            let wrongType = Data("SceneType:\(scenario)".utf8).base64EncodedString()
            let w = try await api.graphql("query($id: ID!) { scenarioById(scenarioId: $id) { mongoId } }", ["id": .string(wrongType)], token: admin.token)
            #expect(w.errors == ["scenarioId is the id of a SceneType, not of a ScenarioType"])
            let bad = try await api.graphql(#"{ scenarioById(scenarioId: "123") { mongoId } }"#, token: admin.token)
            #expect(bad.errors.first?.hasPrefix("scenarioId is not a valid id") == true)
        }
    }

    @Test("scenes update their fields and media references; unknown assets are refused")
    func updateScene() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin()
            let s = try await api.story(token: admin.token)
            let asset = try await api.graphql(
                #"mutation { createAsset(input: {type: "image", name: "cover", url: "https://cdn.example.com/a.png", metadata: {width: 640, height: 480}}) { asset { mongoId dimensions fileExtension } } }"#,
                token: admin.token)
            let assetId = try #require(asset.string("data.createAsset.asset.mongoId"))
            #expect(asset.string("data.createAsset.asset.dimensions") == "640x480")
            let r = try await api.graphql(
                #"mutation($id: ID!, $a: ID!) { updateScene(sceneId: $id, input: {title: "New", position: {x: 10, y: -5.5}, imageId: $a}) { success message scene { title position { x y } imageId { name } } } }"#,
                ["id": .string(s.start), "a": .string(assetId)], token: admin.token)
            #expect(r.string("data.updateScene.scene.imageId.name") == "cover")
            #expect(r["data.updateScene.scene.position.y"]?.doubleValue == -5.5)
            let unknown = try await api.graphql(
                #"mutation($id: ID!) { updateScene(sceneId: $id, input: {soundId: "aaaaaaaaaaaaaaaaaaaaaaaa"}) { success message } }"#,
                ["id": .string(s.start)], token: admin.token)
            #expect(unknown.bool("data.updateScene.success") == false)
            #expect(unknown.string("data.updateScene.message") == "Asset soundId not found")
        }
    }

    @Test("choice conditions take a JSON string or an object literal and come back as a JSON string")
    func choiceConditions() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin()
            let s = try await api.story(token: admin.token)
            let literal = try await api.graphql(
                #"mutation($a: ID!, $b: ID!) { createChoice(input: {fromSceneId: $a, toSceneId: $b, text: "Run", condition: {in: ["a", {var: "vars.tags"}]}}) { success choice { condition } } }"#,
                ["a": .string(s.start), "b": .string(s.end)], token: admin.token)
            #expect(literal.string("data.createChoice.choice.condition") == #"{"in":["a",{"var":"vars.tags"}]}"#, "\(literal)")
            let string = try await api.graphql(
                #"mutation($a: ID!, $b: ID!, $c: JSONString) { createChoice(input: {fromSceneId: $a, toSceneId: $b, text: "Walk", condition: $c}) { success choice { condition } } }"#,
                ["a": .string(s.start), "b": .string(s.end), "c": .string(#"{"==": [1, 1]}"#)], token: admin.token)
            #expect(string.string("data.createChoice.choice.condition") == #"{"==":[1,1]}"#)
            let bad = try await api.graphql(
                #"mutation($a: ID!, $b: ID!) { createChoice(input: {fromSceneId: $a, toSceneId: $b, text: "X", condition: "{not json"}) { success message } }"#,
                ["a": .string(s.start), "b": .string(s.end)], token: admin.token)
            #expect(bad.errors.first?.contains("Expected value of type \"JSONString\", found \"{not json\"") == true, "\(bad)")
            let notObject = try await api.graphql(
                #"mutation($a: ID!, $b: ID!) { createChoice(input: {fromSceneId: $a, toSceneId: $b, text: "X", condition: "[1]"}) { success message } }"#,
                ["a": .string(s.start), "b": .string(s.end)], token: admin.token)
            #expect(notObject.string("data.createChoice.message")?.hasPrefix("condition must be a JSON object") == true)
        }
    }

    @Test("a choice must link scenes of the same scenario; updateChoice retargets; deleteChoices removes several")
    func choiceRules() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin()
            let a = try await api.story(token: admin.token)
            let b = try await api.story(token: admin.token)
            let cross = try await api.graphql(
                #"mutation($a: ID!, $b: ID!) { createChoice(input: {fromSceneId: $a, toSceneId: $b, text: "X"}) { success message } }"#,
                ["a": .string(a.start), "b": .string(b.end)], token: admin.token)
            #expect(cross.string("data.createChoice.message") == "toSceneId must be a scene of the same scenario")
            let retarget = try await api.graphql(
                #"mutation($c: ID!, $t: ID!) { updateChoice(choiceId: $c, input: {toSceneId: $t, text: "Skip", order: 3}) { success choice { text order toSceneId { mongoId } } } }"#,
                ["c": .string(a.toMiddle), "t": .string(a.end)], token: admin.token)
            #expect(retarget.string("data.updateChoice.choice.toSceneId.mongoId") == a.end)
            let many = try await api.graphql(
                "mutation($ids: [ID!]!) { deleteChoices(choiceIds: $ids) { success message } }",
                ["ids": .array([.string(a.toMiddle), .string(a.toEnd)])], token: admin.token)
            #expect(many.string("data.deleteChoices.message") == "2 choices deleted")
            let again = try await api.graphql("mutation($id: ID!) { deleteChoice(choiceId: $id) { success message } }", ["id": .string(a.toMiddle)], token: admin.token)
            #expect(again.bool("data.deleteChoice.success") == false)
        }
    }

    @Test("deleting a scene removes the choices to and from it; deleting a scenario removes everything under it")
    func cascades() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin()
            let s = try await api.story(token: admin.token)
            let del = try await api.graphql("mutation($id: ID!) { deleteScene(sceneId: $id) { success message } }", ["id": .string(s.middle)], token: admin.token)
            #expect(del.string("data.deleteScene.message") == "Scene deleted with 2 choices")
            let sid = try #require(ObjectId(s.scenario))
            #expect(try await api.store.choices(fromSceneIds: [ObjectId(s.start)!]).isEmpty)
            let dropped = try await api.graphql("mutation($id: ID!) { deleteScenario(scenarioId: $id) { success message } }", ["id": .string(s.scenario)], token: admin.token)
            #expect(dropped.bool("data.deleteScenario.success") == true)
            #expect(try await api.store.scenes(scenarioIds: [sid]).isEmpty)
        }
    }
}
