import Foundation
import Protocols
import Testing

@testable import Host

/// Twine interchange through GraphQL: `exportScenario` and `importScenario`, on SQLite and MongoDB.
@Suite("Story engine: Twine through GraphQL")
struct TwineAPITests {
    typealias Backend = OldClientOperationsTests.Backend

    static func export(_ api: TestAPI, _ scenario: String, _ format: String, token: String) async throws -> String {
        let r = try await api.graphql(
            "query($s: ID!, $f: String!) { exportScenario(scenarioId: $s, format: $f) }",
            ["s": .string(scenario), "f": .string(format)], token: token)
        return try #require(r.string("data.exportScenario"), "\(r)")
    }

    static func `import`(_ api: TestAPI, _ format: String, _ content: String, token: String) async throws -> GraphQLResponse {
        try await api.graphql(
            "mutation($f: String!, $c: String!) { importScenario(format: $f, content: $c) { success message scenario { mongoId title isPublished ifid variables } } }",
            ["f": .string(format), "c": .string(content)], token: token)
    }

    @Test("export → import → export gives the same text, in Twee 3 and Twine 2 JSON, conditions and effects kept", arguments: Backend.allCases)
    func roundTrip(backend: Backend) async throws {
        try await OldClientOperationsTests.with(backend) { api in
            let author = try await api.admin("author@example.com")
            let house = try await LockedDoorTests.house(api, token: author.token)
            for format in ["twee", "json"] {
                let first = try await Self.export(api, house.scenario, format, token: author.token)
                #expect(first.contains("Open the door"))
                #expect(first.contains("hasKey"))
                let imported = try await Self.import(api, format, first, token: author.token)
                #expect(imported.bool("data.importScenario.success") == true, "\(imported)")
                #expect(imported.bool("data.importScenario.scenario.isPublished") == false)
                let copy = try #require(imported.string("data.importScenario.scenario.mongoId"))
                #expect(copy != house.scenario)
                let second = try await Self.export(api, copy, format, token: author.token)
                #expect(second == first)
            }
            // The imported story plays like the original: the door is locked until the key is taken.
            let imported = try await Self.import(api, "twee", try await Self.export(api, house.scenario, "twee", token: author.token), token: author.token)
            let copy = try #require(imported.string("data.importScenario.scenario.mongoId"))
            let problems = try await api.graphql(
                "query($s: ID!) { validateScenario(scenarioId: $s) { code } }", ["s": .string(copy)], token: author.token)
            #expect(problems.count("data.validateScenario") == 0, "\(problems)")
            let choices = try await api.graphql(
                "query($s: ID!) { scenarioById(scenarioId: $s) { scenesList { title choices { text condition effects } } } }",
                ["s": .string(copy)], token: author.token)
            let scenes = choices["data.scenarioById.scenesList"]?.arrayValue ?? []
            let hall = try #require(scenes.first { $0["title"] == "Hall" })
            let door = try #require(hall["choices"]?.arrayValue?.first { $0["text"] == "Open the door" })
            #expect(try JSONValue(parsing: door["condition"]?.stringValue ?? "") == ["==": [["var": "vars.hasKey"], true]])
        }
    }

    /// The example of the Twee 3 specification's "StoryData" and passage header sections, as a person writes it.
    static let handWritten = """
        :: StoryTitle
        The Lighthouse

        :: StoryData
        {
          "ifid": "D674C58C-DEFA-4F70-B7A2-27742230C0FC",
          "format": "Harlowe",
          "format-version": "3.3.9",
          "start": "Shore",
          "zoom": 1
        }

        :: Shore [start] {"position":"600,400","size":"100,100"}
        Waves break on the rocks. A lighthouse stands on the cliff.

        [[Climb the cliff->Cliff]]
        [[Swim->Sea]]

        :: Cliff {"position":"800,400"}
        The wind howls. The door of the lighthouse is ajar.

        [[Go in|Lamp room]]

        :: Sea [end]
        The current takes you.

        :: Lamp room [end] {"position":"1000,400"}
        The lamp is lit. You are home.
        """

    @Test("a hand-written Twee 3 file imports: links become choices, tags start and end, positions kept")
    func handWrittenTwee() async throws {
        try await TestServer.with { api in
            let author = try await api.admin()
            let r = try await Self.import(api, "twee", Self.handWritten, token: author.token)
            #expect(r.bool("data.importScenario.success") == true, "\(r)")
            #expect(r.string("data.importScenario.scenario.title") == "The Lighthouse")
            #expect(r.string("data.importScenario.scenario.ifid") == "D674C58C-DEFA-4F70-B7A2-27742230C0FC")
            let id = try #require(r.string("data.importScenario.scenario.mongoId"))
            let story = try await api.graphql(
                "query($s: ID!) { scenarioById(scenarioId: $s) { scenesList { title text isStartScene isEndScene position { x y } choices { text toSceneId { title } } } } }",
                ["s": .string(id)], token: author.token)
            let scenes = story["data.scenarioById.scenesList"]?.arrayValue ?? []
            #expect(scenes.map { $0["title"]?.stringValue ?? "" } == ["Shore", "Cliff", "Sea", "Lamp room"])
            let shore = try #require(scenes.first)
            #expect(shore["isStartScene"] == true && shore["isEndScene"] == false)
            #expect(shore["position"] == ["x": 600.0, "y": 400.0] || shore["position"] == ["x": 600, "y": 400])
            #expect(shore["text"]?.stringValue == "Waves break on the rocks. A lighthouse stands on the cliff.")
            #expect(shore["choices"]?.arrayValue?.map { $0["text"]?.stringValue ?? "" } == ["Climb the cliff", "Swim"])
            #expect(scenes[1]["choices"]?.arrayValue?.first?["toSceneId"]?["title"] == "Lamp room")
            #expect(scenes[3]["isEndScene"] == true)
        }
    }

    @Test("bad input is reported with its line and nothing is imported")
    func badInput() async throws {
        try await TestServer.with { api in
            let author = try await api.admin()
            let before = try await api.graphql("{ allScenarios { mongoId } }", token: author.token).count("data.allScenarios")
            let duplicate = Self.handWritten + "\n\n:: Cliff\nAgain.\n"
            let cases: [(String, String, String)] = [
                ("twee", duplicate, "two passages are named 'Cliff'"),
                ("twee", Self.handWritten.replacingOccurrences(of: "[[Swim->Sea]]", with: "[[Swim->Ocean]]"), "Ocean"),
                ("ink", Self.handWritten, "unknown format"),
                ("json", "{\"name\": \"x\",\n \"passages\": [}", "line 2"),
            ]
            for (format, content, expected) in cases {
                let r = try await Self.import(api, format, content, token: author.token)
                #expect(r.bool("data.importScenario.success") == false, "\(r)")
                let message = r.string("data.importScenario.message") ?? ""
                #expect(message.contains(expected), "\(format): \(message)")
            }
            let player = try await api.player()
            let refused = try await Self.import(api, "twee", Self.handWritten, token: player.token)
            #expect(refused.errors.first?.contains(permissionDenied) == true, "\(refused)")
            let after = try await api.graphql("{ allScenarios { mongoId } }", token: author.token).count("data.allScenarios")
            #expect(after == before)
        }
    }
}
