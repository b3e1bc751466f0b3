import Foundation
import Protocols
import Testing

@testable import Host

/// The attacks of issue 11, each one a bug of the server before the domain layer, through HTTP.
@Suite("Domain rules through HTTP: races, drafts, emails, outages")
struct DomainBugTests {
    static let progressFields = "success message progress { mongoId totalTimeSpent history { sceneId { mongoId } } }"

    func start(_ api: TestAPI, _ scenario: String, token: String) async throws -> String {
        let created = try await api.graphql(
            "mutation($s: ID!) { createProgress(input: {scenarioId: $s}) { \(Self.progressFields) } }", ["s": .string(scenario)], token: token)
        return try #require(created.string("data.createProgress.progress.mongoId"), "\(created)")
    }

    @Test("recordProgress racing updateProgress(totalTimeSpent): every acknowledged move and time is kept")
    func movesSurviveTimeUpdates() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin()
            let player = try await api.player()
            for round in 1...10 {
                let story = try await api.story(token: admin.token)
                let id = try await start(api, story.scenario, token: player.token)
                async let move = api.graphql(
                    "mutation($p: ID!, $s: ID!, $c: ID) { recordProgress(input: {progressId: $p, sceneId: $s, choiceId: $c}) { success message } }",
                    ["p": .string(id), "s": .string(story.middle), "c": .string(story.toMiddle)], token: player.token)
                async let time = api.graphql(
                    "mutation($p: ID!, $t: Int) { updateProgress(progressId: $p, input: {totalTimeSpent: $t}) { success message } }",
                    ["p": .string(id), "t": .int(round)], token: player.token)
                let (moved, timed) = try await (move, time)
                #expect(moved.bool("data.recordProgress.success") == true, "\(moved)")
                #expect(timed.bool("data.updateProgress.success") == true, "\(timed)")
                let stored = try #require(try await api.store.progress(ids: [ObjectId(id)!]).first)
                #expect(stored.history.count == 2, "round \(round): the recorded step is kept")
                #expect(stored.totalTimeSpent == round, "round \(round): the time is kept")
            }
        }
    }

    @Test("createProgress racing deleteScenario leaves no progress whose scenario is gone")
    func noOrphanProgress() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin()
            let player = try await api.player()
            for _ in 1...10 {
                let story = try await api.story(token: admin.token)
                async let created = api.graphql(
                    "mutation($s: ID!) { createProgress(input: {scenarioId: $s}) { success message } }", ["s": .string(story.scenario)],
                    token: player.token)
                async let deleted = api.graphql(
                    "mutation($s: ID!) { deleteScenario(scenarioId: $s) { success message } }", ["s": .string(story.scenario)], token: admin.token)
                let (create, delete) = try await (created, deleted)
                #expect(delete.bool("data.deleteScenario.success") == true, "\(delete)")
                if create.bool("data.createProgress.success") == false {
                    #expect(create.string("data.createProgress.message") == "Scenario not found", "\(create)")
                }
            }
            let mine = try await api.graphql("{ myProgress { mongoId scenarioId { mongoId } } }", token: player.token)
            #expect(mine.count("data.myProgress") == 0, "\(mine)")
            #expect(try await api.store.progress(.all).isEmpty)
        }
    }

    @Test("after the author unpublishes a story and adds a scene, its players read none of it through their progress and cannot move")
    func unpublishedStoriesArePaused() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin()
            let player = try await api.player()
            let story = try await api.story(token: admin.token)
            let id = try await start(api, story.scenario, token: player.token)
            let unpublished = try await api.graphql(
                "mutation($s: ID!) { updateScenario(scenarioId: $s, input: {isPublished: false}) { success } }",
                ["s": .string(story.scenario)], token: admin.token)
            #expect(unpublished.bool("data.updateScenario.success") == true)
            _ = try await api.createScene(token: admin.token, scenario: story.scenario, title: "Secret draft", order: 3)
            let paused = "This story is paused: its author unpublished it. Your progress is kept until it is published again"
            let read = try await api.graphql("{ myProgress { mongoId scenarioId { scenesList { title text } } } }", token: player.token)
            #expect(!read.description.contains("Secret draft"), "\(read)")
            #expect(read.errors.contains(paused), "\(read)")
            let scene = try await api.graphql("{ myProgress { currentSceneId { title } history { sceneId { title } } } }", token: player.token)
            #expect(scene.errors.contains(paused), "\(scene)")
            let move = try await api.graphql(
                "mutation($p: ID!, $s: ID!) { recordProgress(input: {progressId: $p, sceneId: $s}) { success message } }",
                ["p": .string(id), "s": .string(story.middle)], token: player.token)
            #expect(move.bool("data.recordProgress.success") == false)
            #expect(move.string("data.recordProgress.message") == paused, "\(move)")
            let node = try await api.graphql(
                "query($id: ID!) { node(id: $id) { ... on SceneType { title } } }",
                ["id": .string(NodeID.encode("SceneType", ObjectId(story.middle)!).value)], token: player.token)
            #expect(node["data.node"] == .null, "\(node)")
            let republished = try await api.graphql(
                "mutation($s: ID!) { updateScenario(scenarioId: $s, input: {isPublished: true}) { success } }",
                ["s": .string(story.scenario)], token: admin.token)
            #expect(republished.bool("data.updateScenario.success") == true)
            let resumed = try await api.graphql(
                "mutation($p: ID!, $s: ID!) { recordProgress(input: {progressId: $p, sceneId: $s}) { success message } }",
                ["p": .string(id), "s": .string(story.middle)], token: player.token)
            #expect(resumed.bool("data.recordProgress.success") == true, "\(resumed)")
        }
    }

    @Test("other users' emails are masked for anonymous visitors and players, and shown to admins and to the user")
    func emailsAreMasked() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin("author@example.com")
            let other = try await api.admin("other@example.com")
            let player = try await api.player()
            _ = try await api.createScenario(token: admin.token)
            let created = try await api.graphql(
                #"mutation { createAsset(input: {type: "image", name: "Cave", url: "https://cdn.example/cave.png"}) { success } }"#,
                token: admin.token)
            #expect(created.bool("data.createAsset.success") == true, "\(created)")
            let query = "{ allScenarios { authorId { email } } publicAssets { uploadedBy { email } } }"
            for (token, expected) in [(nil, ""), (player.token, ""), (other.token, "author@example.com"), (admin.token, "author@example.com")] {
                let answer = try await api.graphql(query, token: token)
                #expect(answer.string("data.allScenarios.0.authorId.email") == expected, "\(answer)")
                #expect(answer.string("data.publicAssets.0.uploadedBy.email") == expected, "\(answer)")
            }
            let me = try await api.graphql("{ me { email } }", token: player.token)
            #expect(me.string("data.me.email") == "player@example.com")
        }
    }

    @Test("a store outage while finding the viewer answers that the database is unavailable, not Authentication required")
    func outageIsNotALogout() async throws {
        try await TestServer.with { api in
            let player = try await api.player()
            try await api.store.close()
            let answer = try await api.graphql("{ me { email } myProgress { mongoId } }", token: player.token)
            #expect(answer.status == .serviceUnavailable, "\(answer)")
            #expect(answer.errors == ["The database is unavailable, please retry later"], "\(answer)")
        }
    }
}
