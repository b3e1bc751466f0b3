import Foundation
import Protocols
import Testing

@testable import Host

@Suite("Player progress")
struct ProgressAPITests {
    static let fields = "success message progress { mongoId isCompleted completedAt progressPercentage totalTimeSpent currentSceneId { mongoId } history { sceneId { mongoId } choiceId { mongoId } timestamp metadata } }"

    func start(_ api: TestAPI, _ story: Story, token: String) async throws -> GraphQLResponse {
        try await api.graphql("mutation($s: ID!) { createProgress(input: {scenarioId: $s}) { \(Self.fields) } }", ["s": .string(story.scenario)], token: token)
    }

    func record(_ api: TestAPI, _ progress: String, scene: String, choice: String?, token: String) async throws -> GraphQLResponse {
        var variables: [String: JSONValue] = ["p": .string(progress), "s": .string(scene)]
        if let choice { variables["c"] = .string(choice) }
        return try await api.graphql(
            #"mutation($p: ID!, $s: ID!, $c: ID) { recordProgress(input: {progressId: $p, sceneId: $s, choiceId: $c, metadata: "{\"mood\": \"brave\"}"}) { \#(Self.fields) } }"#,
            variables, token: token)
    }

    @Test("a player starts on the start scene, moves by choices, and completes on an end scene")
    func playThrough() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin()
            let player = try await api.player()
            let story = try await api.story(token: admin.token)
            let created = try await start(api, story, token: player.token)
            let id = try #require(created.string("data.createProgress.progress.mongoId"), "\(created)")
            #expect(created.string("data.createProgress.progress.currentSceneId.mongoId") == story.start)
            #expect(created["data.createProgress.progress.progressPercentage"]?.doubleValue == 33.33)
            let again = try await start(api, story, token: player.token)
            #expect(again.string("data.createProgress.progress.mongoId") == id)
            let step = try await record(api, id, scene: story.middle, choice: story.toMiddle, token: player.token)
            #expect(step.count("data.recordProgress.progress.history") == 2)
            #expect(step.string("data.recordProgress.progress.history.1.choiceId.mongoId") == story.toMiddle)
            #expect(step.string("data.recordProgress.progress.history.1.metadata") == #"{"mood":"brave"}"#)
            let end = try await record(api, id, scene: story.end, choice: nil, token: player.token)
            #expect(end.bool("data.recordProgress.progress.isCompleted") == true)
            #expect(end["data.recordProgress.progress.completedAt"]?.stringValue != nil)
            #expect(end["data.recordProgress.progress.progressPercentage"]?.doubleValue == 100)
            let more = try await record(api, id, scene: story.end, choice: nil, token: player.token)
            #expect(more.bool("data.recordProgress.success") == false)
            let back = try await api.graphql("mutation($p: ID!) { goBackInHistory(progressId: $p, stepsBack: 1) { \(Self.fields) } }", ["p": .string(id)], token: player.token)
            #expect(back.bool("data.goBackInHistory.progress.isCompleted") == false)
            #expect(back.string("data.goBackInHistory.progress.currentSceneId.mongoId") == story.middle)
            let tooFar = try await api.graphql("mutation($p: ID!) { goBackInHistory(progressId: $p, stepsBack: 5) { success message } }", ["p": .string(id)], token: player.token)
            #expect(tooFar.string("data.goBackInHistory.message") == "Cannot go back 5 steps: the history has 2 entries")
        }
    }

    @Test("recordProgress refuses a choice that does not leave the current scene or does not lead to sceneId")
    func recordRefusals() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin()
            let player = try await api.player()
            let story = try await api.story(token: admin.token)
            let id = try #require(try await start(api, story, token: player.token).string("data.createProgress.progress.mongoId"))
            let notLeaving = try await record(api, id, scene: story.end, choice: story.toEnd, token: player.token)
            #expect(notLeaving.string("data.recordProgress.message") == "choiceId does not leave the current scene")
            let wrongTarget = try await record(api, id, scene: story.end, choice: story.toMiddle, token: player.token)
            #expect(wrongTarget.string("data.recordProgress.message") == "choiceId does not lead to sceneId")
            let noPath = try await record(api, id, scene: story.end, choice: nil, token: player.token)
            #expect(noPath.string("data.recordProgress.message") == "No choice leads from the current scene to sceneId")
        }
    }

    @Test("of several concurrent recordProgress moves from the same scene exactly one lands; the others are refused")
    func concurrentMoves() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin()
            let player = try await api.player()
            let story = try await api.story(token: admin.token)
            let id = try #require(try await start(api, story, token: player.token).string("data.createProgress.progress.mongoId"))
            let responses = try await withThrowingTaskGroup(of: GraphQLResponse.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await record(api, id, scene: story.middle, choice: story.toMiddle, token: player.token) }
                }
                return try await group.reduce(into: [GraphQLResponse]()) { $0.append($1) }
            }
            let successes = responses.filter { $0.bool("data.recordProgress.success") == true }
            #expect(successes.count == 1, "\(responses)")
            // A refused move read the progress either before the winner landed (the store refuses it) or
            // after (the choice no longer leaves the current scene).
            for refused in responses where refused.bool("data.recordProgress.success") != true {
                #expect(refused.bool("data.recordProgress.success") == false, "\(refused)")
                let message = refused.string("data.recordProgress.message")
                #expect(
                    message == "The progress moved meanwhile: read it again"
                        || message == "choiceId does not leave the current scene", "\(refused)")
            }
            let read = try await api.graphql(
                "query($p: ID!) { progressById(progressId: $p) { history { sceneId { mongoId } } } }", ["p": .string(id)],
                token: player.token)
            #expect(read.count("data.progressById.history") == 2, "\(read)")
            #expect(read.string("data.progressById.history.1.sceneId.mongoId") == story.middle)
        }
    }

    @Test("createProgress needs a scene of that scenario, a start scene when one is marked, and a playable scenario")
    func createRefusals() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin()
            let player = try await api.player()
            let story = try await api.story(token: admin.token)
            let other = try await api.story(token: admin.token)
            let q = "mutation($s: ID!, $c: ID) { createProgress(input: {scenarioId: $s, currentSceneId: $c}) { success message } }"
            let foreign = try await api.graphql(q, ["s": .string(story.scenario), "c": .string(other.start)], token: player.token)
            #expect(foreign.string("data.createProgress.message") == "currentSceneId must be a scene of this scenario")
            let notStart = try await api.graphql(q, ["s": .string(story.scenario), "c": .string(story.middle)], token: player.token)
            #expect(notStart.string("data.createProgress.message") == "currentSceneId must be a start scene of this scenario")
            let draft = try await api.story(token: admin.token, published: false)
            let unpublished = try await api.graphql(q, ["s": .string(draft.scenario)], token: player.token)
            #expect(unpublished.string("data.createProgress.message") == "Scenario not found")
            let anonymous = try await api.graphql(q, ["s": .string(story.scenario)])
            #expect(anonymous.errors == [authenticationRequired])
        }
    }

    @Test("progress is read and changed only by its player; admins read")
    func ownership() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin()
            let ann = try await api.player("ann@example.com")
            let bob = try await api.player("bob@example.com")
            let story = try await api.story(token: admin.token)
            let id = try #require(try await start(api, story, token: ann.token).string("data.createProgress.progress.mongoId"))
            let read = "query($p: ID!) { progressById(progressId: $p) { mongoId } }"
            #expect(try await api.graphql(read, ["p": .string(id)], token: bob.token).errors == [permissionDenied])
            #expect(try await api.graphql(read, ["p": .string(id)], token: admin.token).string("data.progressById.mongoId") == id)
            #expect(try await record(api, id, scene: story.middle, choice: story.toMiddle, token: bob.token).errors == [permissionDenied])
            #expect(try await record(api, id, scene: story.middle, choice: story.toMiddle, token: admin.token).errors == [permissionDenied])
            let update = "mutation($p: ID!) { updateProgress(progressId: $p, input: {totalTimeSpent: 10}) { success } }"
            #expect(try await api.graphql(update, ["p": .string(id)], token: bob.token).errors == [permissionDenied])
            #expect(try await api.graphql("mutation($p: ID!) { deleteProgress(progressId: $p) { success } }", ["p": .string(id)], token: bob.token).errors == [permissionDenied])
            #expect(try await api.graphql("mutation($p: ID!) { goBackInHistory(progressId: $p) { success } }", ["p": .string(id)], token: bob.token).errors == [permissionDenied])
            #expect(try await api.graphql("query($u: ID!) { progressByUser(userId: $u) { mongoId } }", ["u": .string(ann.id)], token: bob.token).errors == [permissionDenied])
            #expect(try await api.graphql("query($u: ID!, $s: ID!) { progressByUserAndScenario(userId: $u, scenarioId: $s) { mongoId } }",
                                          ["u": .string(ann.id), "s": .string(story.scenario)], token: bob.token).errors == [permissionDenied])
            #expect(try await api.graphql("{ allProgress { mongoId } }", token: bob.token).errors == [permissionDenied])
            #expect(try await api.graphql("{ allProgress { mongoId } }", token: admin.token).count("data.allProgress") == 1)
            #expect(try await api.graphql("{ myProgress { mongoId } }", token: ann.token).count("data.myProgress") == 1)
            #expect(try await api.graphql("{ myProgress { mongoId } }", token: bob.token).count("data.myProgress") == 0)
            #expect(try await api.graphql("query($s: ID!) { progressByScenario(scenarioId: $s) { mongoId } }", ["s": .string(story.scenario)], token: admin.token).count("data.progressByScenario") == 1)
            #expect(try await api.graphql("query($u: ID!, $s: ID!) { progressByUserAndScenario(userId: $u, scenarioId: $s) { mongoId } }",
                                          ["u": .string(ann.id), "s": .string(story.scenario)], token: ann.token).string("data.progressByUserAndScenario.mongoId") == id)
        }
    }

    @Test("updateProgress moves only to a scene already in the history, and records time spent")
    func updateProgress() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin()
            let player = try await api.player()
            let story = try await api.story(token: admin.token)
            let id = try #require(try await start(api, story, token: player.token).string("data.createProgress.progress.mongoId"))
            _ = try await record(api, id, scene: story.middle, choice: story.toMiddle, token: player.token)
            let q = "mutation($p: ID!, $c: ID, $t: Int) { updateProgress(progressId: $p, input: {currentSceneId: $c, totalTimeSpent: $t}) { success message progress { totalTimeSpent currentSceneId { mongoId } } } }"
            let jump = try await api.graphql(q, ["p": .string(id), "c": .string(story.end)], token: player.token)
            #expect(jump.string("data.updateProgress.message") == "currentSceneId must be a scene already in the history")
            let back = try await api.graphql(q, ["p": .string(id), "c": .string(story.start), "t": .int(42)], token: player.token)
            #expect(back.string("data.updateProgress.progress.currentSceneId.mongoId") == story.start)
            #expect(back["data.updateProgress.progress.totalTimeSpent"]?.intValue == 42)
            let negative = try await api.graphql(q, ["p": .string(id), "t": .int(-1)], token: player.token)
            #expect(negative.string("data.updateProgress.message") == "totalTimeSpent must not be negative")
            let deleted = try await api.graphql("mutation($p: ID!) { deleteProgress(progressId: $p) { success } }", ["p": .string(id)], token: player.token)
            #expect(deleted.bool("data.deleteProgress.success") == true)
        }
    }
}
