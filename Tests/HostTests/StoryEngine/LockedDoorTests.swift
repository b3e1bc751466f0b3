import Foundation
import Protocols
import Testing

@testable import Host

/// The story engine through GraphQL, on SQLite and on MongoDB: a door that opens once the key is
/// picked up. Conditions are enforced by the server, effects change the player's variables with the
/// move, and going back restores them.
@Suite("Story engine: the locked door")
struct LockedDoorTests {
    typealias Backend = OldClientOperationsTests.Backend

    /// Hall (start) → Key room → back to the Hall → Door (end), the door's choice closed until `hasKey`.
    struct House {
        let scenario, hall, keyRoom, door, takeKey, goBack, openDoor: String
    }

    static func house(_ api: TestAPI, token: String) async throws -> House {
        let scenario = try await api.createScenario(token: token, title: "The House", published: false)
        let declared = try await api.graphql(
            #"mutation($s: ID!) { updateScenario(scenarioId: $s, input: {variables: "{\"hasKey\": false}"}) { success message scenario { variables ifid } } }"#,
            ["s": .string(scenario)], token: token)
        #expect(declared.bool("data.updateScenario.success") == true, "\(declared)")
        #expect(try JSONValue(parsing: declared.string("data.updateScenario.scenario.variables") ?? "") == ["hasKey": false])
        #expect(declared.string("data.updateScenario.scenario.ifid")?.count == 36)
        let hall = try await api.createScene(token: token, scenario: scenario, title: "Hall", order: 0, start: true)
        let keyRoom = try await api.createScene(token: token, scenario: scenario, title: "Key room", order: 1)
        let door = try await api.createScene(token: token, scenario: scenario, title: "Door", order: 2, end: true)
        let takeKey = try await choice(api, token, from: hall, to: keyRoom, text: "Take the key", order: 0,
                                       effects: #"[{"set": "hasKey", "value": true}]"#)
        let goBack = try await api.createChoice(token: token, from: keyRoom, to: hall, text: "Back to the hall")
        let openDoor = try await choice(api, token, from: hall, to: door, text: "Open the door", order: 1,
                                        condition: #"{"==": [{"var": "vars.hasKey"}, true]}"#)
        return House(scenario: scenario, hall: hall, keyRoom: keyRoom, door: door, takeKey: takeKey, goBack: goBack, openDoor: openDoor)
    }

    static func choice(
        _ api: TestAPI, _ token: String, from: String, to: String, text: String, order: Int,
        condition: String = "{}", effects: String = "[]"
    ) async throws -> String {
        let r = try await api.graphql(
            """
            mutation($f: ID!, $t: ID!, $x: String!, $o: Int, $c: JSONString, $e: JSONString) {
              createChoice(input: {fromSceneId: $f, toSceneId: $t, text: $x, order: $o, condition: $c, effects: $e}) {
                success message choice { mongoId effects condition } } }
            """,
            ["f": .string(from), "t": .string(to), "x": .string(text), "o": .int(order), "c": .string(condition), "e": .string(effects)],
            token: token)
        guard let id = r.string("data.createChoice.choice.mongoId") else { throw TestFailure("createChoice failed: \(r)") }
        return id
    }

    static let progressFields = "success message progress { mongoId isCompleted vars currentSceneId { mongoId } }"

    static func options(_ api: TestAPI, _ progress: String, token: String) async throws -> [String: (Bool, String?)] {
        let r = try await api.graphql(
            "query($p: ID!) { availableChoices(progressId: $p) { available reason choice { text } } }",
            ["p": .string(progress)], token: token)
        #expect(r.errors.isEmpty, "\(r)")
        var out: [String: (Bool, String?)] = [:]
        for item in r["data.availableChoices"]?.arrayValue ?? [] {
            out[item["choice"]?["text"]?.stringValue ?? ""] = (item["available"] == .bool(true), item["reason"]?.stringValue)
        }
        return out
    }

    static func makeChoice(_ api: TestAPI, _ progress: String, _ choice: String, token: String) async throws -> GraphQLResponse {
        try await api.graphql(
            "mutation($p: ID!, $c: ID!) { makeChoice(progressId: $p, choiceId: $c) { \(progressFields) } }",
            ["p": .string(progress), "c": .string(choice)], token: token)
    }

    @Test("the door opens only after the key is picked up; going back puts the key back", arguments: Backend.allCases)
    func lockedDoor(backend: Backend) async throws {
        try await OldClientOperationsTests.with(backend) { api in
            let author = try await api.admin("author@example.com")
            let house = try await Self.house(api, token: author.token)
            let problems = try await api.graphql(
                "query($s: ID!) { validateScenario(scenarioId: $s) { code severity } }", ["s": .string(house.scenario)], token: author.token)
            #expect(problems.count("data.validateScenario") == 0, "a clean story has no problems: \(problems)")
            let published = try await api.graphql(
                "mutation($s: ID!) { updateScenario(scenarioId: $s, input: {isPublished: true}) { success message } }",
                ["s": .string(house.scenario)], token: author.token)
            #expect(published.bool("data.updateScenario.success") == true, "\(published)")

            let player = try await api.player()
            let created = try await api.graphql(
                "mutation($s: ID!) { createProgress(input: {scenarioId: $s}) { \(Self.progressFields) } }",
                ["s": .string(house.scenario)], token: player.token)
            let progress = try #require(created.string("data.createProgress.progress.mongoId"), "\(created)")
            #expect(try JSONValue(parsing: created.string("data.createProgress.progress.vars") ?? "") == ["hasKey": false])

            // Locked: listed as unavailable, without the reason (that is for the author), and refused.
            var options = try await Self.options(api, progress, token: player.token)
            #expect(options["Open the door"]?.0 == false && options["Open the door"]?.1 == nil)
            #expect(options["Take the key"]?.0 == true)
            let locked = try await Self.makeChoice(api, progress, house.openDoor, token: player.token)
            #expect(locked.bool("data.makeChoice.success") == false)
            #expect(locked.string("data.makeChoice.message") == "This choice is not available now")
            let lockedRecord = try await api.graphql(
                "mutation($p: ID!, $s: ID!) { recordProgress(input: {progressId: $p, sceneId: $s}) { success message } }",
                ["p": .string(progress), "s": .string(house.door)], token: player.token)
            #expect(lockedRecord.string("data.recordProgress.message") == "This choice is not available now", "\(lockedRecord)")

            // The key: its effect lands with the move.
            let took = try await Self.makeChoice(api, progress, house.takeKey, token: player.token)
            #expect(took.bool("data.makeChoice.success") == true, "\(took)")
            #expect(try JSONValue(parsing: took.string("data.makeChoice.progress.vars") ?? "") == ["hasKey": true])
            let back = try await api.graphql(
                "mutation($p: ID!, $s: ID!, $c: ID) { recordProgress(input: {progressId: $p, sceneId: $s, choiceId: $c}) { \(Self.progressFields) } }",
                ["p": .string(progress), "s": .string(house.hall), "c": .string(house.goBack)], token: player.token)
            #expect(back.bool("data.recordProgress.success") == true, "\(back)")
            #expect(try JSONValue(parsing: back.string("data.recordProgress.progress.vars") ?? "") == ["hasKey": true], "\(back)")
            options = try await Self.options(api, progress, token: player.token)
            let seen = try await Self.options(api, progress, token: author.token)
            #expect(options["Open the door"]?.0 == true, "\(seen)")

            // Going back before the key takes the key away again (read back from the store).
            let undone = try await api.graphql(
                "mutation($p: ID!) { goBackInHistory(progressId: $p, stepsBack: 2) { \(Self.progressFields) } }",
                ["p": .string(progress)], token: player.token)
            #expect(try JSONValue(parsing: undone.string("data.goBackInHistory.progress.vars") ?? "") == ["hasKey": false], "\(undone)")
            let reread = try await api.graphql(
                "query($p: ID!) { progressById(progressId: $p) { vars history { sceneId { mongoId } } } }", ["p": .string(progress)], token: player.token)
            #expect(try JSONValue(parsing: reread.string("data.progressById.vars") ?? "") == ["hasKey": false])
            #expect(reread.count("data.progressById.history") == 1)
            options = try await Self.options(api, progress, token: player.token)
            #expect(options["Open the door"]?.0 == false)

            // Again, through the door this time.
            _ = try await Self.makeChoice(api, progress, house.takeKey, token: player.token)
            _ = try await Self.makeChoice(api, progress, house.goBack, token: player.token)
            let opened = try await Self.makeChoice(api, progress, house.openDoor, token: player.token)
            #expect(opened.bool("data.makeChoice.success") == true, "\(opened)")
            #expect(opened.bool("data.makeChoice.progress.isCompleted") == true)
            #expect(opened.string("data.makeChoice.progress.currentSceneId.mongoId") == house.door)
        }
    }

    @Test("the author is told why a choice is closed; a player is not", arguments: Backend.allCases)
    func reasonForTheAuthor(backend: Backend) async throws {
        try await OldClientOperationsTests.with(backend) { api in
            let author = try await api.admin("author@example.com")
            let house = try await Self.house(api, token: author.token)
            let created = try await api.graphql(
                "mutation($s: ID!) { createProgress(input: {scenarioId: $s}) { progress { mongoId } } }",
                ["s": .string(house.scenario)], token: author.token)
            let progress = try #require(created.string("data.createProgress.progress.mongoId"), "\(created)")
            let options = try await Self.options(api, progress, token: author.token)
            let reason = try #require(options["Open the door"]?.1)
            #expect(reason.contains("vars.hasKey = false"), "\(reason)")
            let locked = try await Self.makeChoice(api, progress, house.openDoor, token: author.token)
            #expect(locked.string("data.makeChoice.message")?.hasPrefix("This choice is not available now: the condition") == true, "\(locked)")
        }
    }

    @Test("concurrent moves from one state: one lands, and its effect is applied once", arguments: Backend.allCases)
    func concurrentEffects(backend: Backend) async throws {
        try await OldClientOperationsTests.with(backend) { api in
            let author = try await api.admin("author@example.com")
            let scenario = try await api.createScenario(token: author.token, title: "Coins", published: true)
            let room = try await api.createScene(token: author.token, scenario: scenario, title: "Room", start: true)
            let end = try await api.createScene(token: author.token, scenario: scenario, title: "End", order: 1, end: true)
            // A loop back to the same scene: the current scene does not change, the history does.
            let pick = try await Self.choice(api, author.token, from: room, to: room, text: "Pick a coin", order: 0,
                                             condition: #"{"<": [{"var": "vars.coins"}, 1]}"#, effects: #"[{"add": "coins", "value": 1}]"#)
            _ = try await api.createChoice(token: author.token, from: room, to: end, text: "Leave", order: 1)
            let player = try await api.player()
            let created = try await api.graphql(
                "mutation($s: ID!) { createProgress(input: {scenarioId: $s}) { progress { mongoId } } }", ["s": .string(scenario)], token: player.token)
            let progress = try #require(created.string("data.createProgress.progress.mongoId"), "\(created)")
            let answers = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await Self.makeChoice(api, progress, pick, token: player.token).bool("data.makeChoice.success") == true }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(answers.filter { $0 }.count == 1, "\(answers)")
            let reread = try await api.graphql(
                "query($p: ID!) { progressById(progressId: $p) { vars history { sceneId { mongoId } } } }", ["p": .string(progress)], token: player.token)
            #expect(try JSONValue(parsing: reread.string("data.progressById.vars") ?? "") == ["coins": 1], "\(reread)")
            #expect(reread.count("data.progressById.history") == 2)
        }
    }
}
