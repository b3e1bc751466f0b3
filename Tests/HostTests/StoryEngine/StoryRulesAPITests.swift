import Foundation
import Protocols
import Testing

@testable import Host

/// What authors are told through GraphQL: rules refused when saved, validation problems, publishing
/// refused while the story has errors.
@Suite("Story engine: rules, validation and publishing through GraphQL")
struct StoryRulesAPITests {
    @Test("a condition with an unknown operator, bad effects or bad declarations are refused when saved, naming the fault")
    func refusedWhenSaved() async throws {
        try await TestServer.with { api in
            let author = try await api.admin()
            let story = try await api.story(token: author.token, published: false)
            func update(_ input: String) async throws -> String? {
                let r = try await api.graphql(
                    "mutation($c: ID!) { updateChoice(choiceId: $c, input: \(input)) { success message } }",
                    ["c": .string(story.toMiddle)], token: author.token)
                #expect(r.bool("data.updateChoice.success") == false, "\(r)")
                return r.string("data.updateChoice.message")
            }
            let unknown = try await update(#"{condition: "{\"frobnicate\": [1, 2]}"}"#)
            #expect(unknown?.contains("frobnicate") == true, "\(unknown ?? "")")
            let badEffect = try await update(#"{effects: "[{\"add\": \"gold\", \"value\": \"lots\"}]"}"#)
            #expect(badEffect?.hasPrefix("effects:") == true, "\(badEffect ?? "")")
            let notAList = try await update(#"{effects: "{\"set\": \"x\"}"}"#)
            #expect(notAList?.hasPrefix("effects:") == true, "\(notAList ?? "")")
            let declared = try await api.graphql(
                #"mutation($s: ID!) { updateScenario(scenarioId: $s, input: {variables: "{\"a.b\": 1}"}) { success message } }"#,
                ["s": .string(story.scenario)], token: author.token)
            #expect(declared.bool("data.updateScenario.success") == false)
            #expect(declared.string("data.updateScenario.message")?.contains("a.b") == true, "\(declared)")
            // Nothing was written.
            let choice = try await api.graphql(
                "query($c: ID!) { choiceById(choiceId: $c) { condition effects } }", ["c": .string(story.toMiddle)], token: author.token)
            #expect(choice.string("data.choiceById.condition") == "{}")
            #expect(choice.string("data.choiceById.effects") == "[]")
        }
    }

    @Test("validateScenario lists a broken story's problems; publishing it is refused with them; a fixed one publishes")
    func validationAndPublishing() async throws {
        try await TestServer.with { api in
            let author = try await api.admin()
            let scenario = try await api.createScenario(token: author.token, title: "Broken", published: false)
            let start = try await api.createScene(token: author.token, scenario: scenario, title: "Start", order: 0, start: true)
            let stuck = try await api.createScene(token: author.token, scenario: scenario, title: "Stuck", order: 1)
            let lonely = try await api.createScene(token: author.token, scenario: scenario, title: "Lonely", order: 2, end: true)
            _ = try await api.createChoice(token: author.token, from: start, to: stuck)
            _ = try await LockedDoorTests.choice(
                api, author.token, from: start, to: lonely, text: "Magic", order: 1, condition: #"{"==": [{"var": "vars.magic"}, true]}"#)
            let r = try await api.graphql(
                "query($s: ID!) { validateScenario(scenarioId: $s) { code severity message sceneId choiceId } }",
                ["s": .string(scenario)], token: author.token)
            let problems = r["data.validateScenario"]?.arrayValue ?? []
            let codes = Set(problems.compactMap { $0["code"]?.stringValue })
            #expect(codes.isSuperset(of: ["deadEnd", "undeclaredVariable"]), "\(r)")
            let deadEnd = problems.first { $0["code"] == "deadEnd" }
            #expect(deadEnd?["sceneId"]?.stringValue == stuck)
            #expect(deadEnd?["severity"] == "error")

            let refused = try await api.graphql(
                "mutation($s: ID!) { updateScenario(scenarioId: $s, input: {isPublished: true}) { success message scenario { isPublished } } }",
                ["s": .string(scenario)], token: author.token)
            #expect(refused.bool("data.updateScenario.success") == false)
            let message = refused.string("data.updateScenario.message") ?? ""
            #expect(message.hasPrefix("This story cannot be published") && message.contains("deadEnd"), "\(message)")
            let still = try await api.graphql("query($s: ID!) { scenarioById(scenarioId: $s) { isPublished } }", ["s": .string(scenario)], token: author.token)
            #expect(still.bool("data.scenarioById.isPublished") == false)

            // Mend it: the stuck scene ends the story, the variable is declared.
            _ = try await api.graphql(
                "mutation($s: ID!) { updateScene(sceneId: $s, input: {isEndScene: true}) { success } }", ["s": .string(stuck)], token: author.token)
            _ = try await api.graphql(
                #"mutation($s: ID!) { updateScenario(scenarioId: $s, input: {variables: "{\"magic\": true}"}) { success } }"#,
                ["s": .string(scenario)], token: author.token)
            let published = try await api.graphql(
                "mutation($s: ID!) { updateScenario(scenarioId: $s, input: {isPublished: true}) { success message } }",
                ["s": .string(scenario)], token: author.token)
            #expect(published.bool("data.updateScenario.success") == true, "\(published)")
        }
    }

    @Test("validateScenario is for the story's author")
    func validationIsForTheAuthor() async throws {
        try await TestServer.with { api in
            let author = try await api.admin()
            let story = try await api.story(token: author.token)
            let other = try await api.admin("other@example.com")
            let player = try await api.player()
            for token in [other.token, player.token] {
                let r = try await api.graphql(
                    "query($s: ID!) { validateScenario(scenarioId: $s) { code } }", ["s": .string(story.scenario)], token: token)
                #expect(r.errors.first?.contains(permissionDenied) == true, "\(r)")
            }
            let anonymous = try await api.graphql("query($s: ID!) { validateScenario(scenarioId: $s) { code } }", ["s": .string(story.scenario)])
            #expect(anonymous.errors.first?.contains(authenticationRequired) == true, "\(anonymous)")
        }
    }
}
