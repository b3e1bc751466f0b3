import Foundation
import Protocols
import Testing

@testable import Host

/// Runs a script of `scripts/mongo/` with the test virtualenv's python (pymongo, bcrypt) and returns its JSON output.
func pymongo(_ script: String, _ arguments: [String]) throws -> JSONValue {
    let env = ProcessInfo.processInfo.environment
    let python = try #require(env["MONGODB_TEST_PYTHON"])
    var root = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { root.deleteLastPathComponent() }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = [root.appendingPathComponent("scripts/mongo/\(script)").path] + arguments
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw TestFailure("\(script) failed with status \(process.terminationStatus)") }
    return try JSONDecoder().decode(JSONValue.self, from: data)
}

/// The server, pointed at a MongoDB database written by the old Django/mongoengine server, serves it as it is;
/// what the server writes, the old server's readers read.
@Suite("MongoDB data compatibility through GraphQL")
struct MongoCompatibilityTests {
    static var uri: String? {
        let env = ProcessInfo.processInfo.environment
        guard let uri = env["MONGODB_URI"], env["MONGODB_TEST_PYTHON"] != nil else { return nil }
        return uri
    }

    static var skipped: Bool {
        if uri != nil { return false }
        if ProcessInfo.processInfo.environment["REQUIRE_TEST_SERVICES"] == "1" { return false }
        print("MongoCompatibilityTests skipped: MONGODB_URI and MONGODB_TEST_PYTHON are not set (scripts/test.sh sets them)")
        return true
    }

    func env(database: String) throws -> [String: String] {
        let uri = try #require(Self.uri, "MONGODB_URI and MONGODB_TEST_PYTHON must be set")
        return ["DB_TYPE": "mongo", "MONGODB_URI": uri, "MONGODB_DB_NAME": database, "GENERATION_WORKERS": "0"]
    }

    @Test("documents written by the old server are served: login with its bcrypt hash, the story with its choices")
    func readsOldDocuments() async throws {
        guard !Self.skipped else { return }
        let database = "compat_read_\(UInt32.random(in: 0...UInt32.max))"
        let seeded = try pymongo("seed_old_layout.py", [try #require(Self.uri), database])
        defer { _ = try? pymongo("drop_database.py", [Self.uri ?? "", database]) }
        try await TestServer.with(try env(database: database)) { api in
            let password = try #require(seeded["password"]?.stringValue)
            let token = try await api.login("old.admin@example.com", password)
            let scenario = try #require(seeded["scenario"]?.stringValue)
            let r = try await api.graphql(
                """
                query($id: ID!) { scenarioById(scenarioId: $id) { title authorId { email firstName }
                  scenesList { mongoId title isStartScene isEndScene position { x y } imageId { mongoId dimensions }
                    choices { text condition toSceneId { mongoId } } } } }
                """, ["id": .string(scenario)], token: token)
            #expect(r.errors.isEmpty, "\(r)")
            #expect(r.string("data.scenarioById.title") == "The Old Forest")
            #expect(r.string("data.scenarioById.authorId.firstName") == "Ada")
            guard case .array(let scenes)? = seeded["scenes"], case .object(let choices)? = seeded["choices"] else {
                throw TestFailure("unexpected seed output \(seeded)")
            }
            #expect(r["data.scenarioById.scenesList"].map { v -> [String?] in
                guard case .array(let a) = v else { return [] }
                return a.map { $0["mongoId"]?.stringValue }
            } == scenes.map(\.stringValue))
            #expect(r.string("data.scenarioById.scenesList.0.choices.0.toSceneId.mongoId") == scenes[1].stringValue)
            #expect(r.string("data.scenarioById.scenesList.0.choices.1.toSceneId.mongoId") == scenes[2].stringValue)
            #expect(r.string("data.scenarioById.scenesList.0.choices.0.condition") == #"{"var":"brave"}"#)
            #expect(r.string("data.scenarioById.scenesList.0.choices.1.condition") == "{}")
            #expect(r.string("data.scenarioById.scenesList.0.imageId.dimensions") == "640x480")
            #expect(r["data.scenarioById.scenesList.1.position"] == .null)
            #expect(choices["left"] != nil)
            // The player (no names, no dates) logs in and reads their progress.
            let playerToken = try await api.login("player@example.com", password)
            let progress = try await api.graphql("{ myProgress { totalTimeSpent history { sceneId { title } choiceId { text } metadata } currentSceneId { title } } }", token: playerToken)
            #expect(progress["data.myProgress.0.totalTimeSpent"]?.intValue == 42, "\(progress)")
            #expect(progress.string("data.myProgress.0.history.1.choiceId.text") == "Left")
            #expect(progress.string("data.myProgress.0.history.1.metadata") == #"{"mood":"brave"}"#)
        }
    }

    @Test("documents written through the API are read back by pymongo with the old field names and BSON types")
    func writesOldLayout() async throws {
        guard !Self.skipped else { return }
        let database = "compat_write_\(UInt32.random(in: 0...UInt32.max))"
        defer { _ = try? pymongo("drop_database.py", [Self.uri ?? "", database]) }
        try await TestServer.with(try env(database: database)) { api in
            let admin = try await api.admin("writer@example.com")
            let player = try await api.player("reader@example.com")
            let story = try await api.story(token: admin.token)
            let created = try await api.graphql("mutation($s: ID!) { createProgress(input: {scenarioId: $s}) { progress { mongoId } } }", ["s": .string(story.scenario)], token: player.token)
            let progressId = try #require(created.string("data.createProgress.progress.mongoId"))
            _ = try await api.graphql(
                "mutation($p: ID!, $s: ID!, $c: ID) { recordProgress(input: {progressId: $p, sceneId: $s, choiceId: $c}) { success } }",
                ["p": .string(progressId), "s": .string(story.middle), "c": .string(story.toMiddle)], token: player.token)
            let dump = try pymongo("dump_collections.py", [try #require(Self.uri), database])
            let scenario = try #require(dump["scenarios"].flatMap { v -> JSONValue? in if case .array(let a) = v { a.first } else { nil } })
            #expect(scenario["author_id"]?["$oid"]?.stringValue == admin.id)
            #expect(scenario["is_published"] == .bool(true))
            #expect(scenario["created_at"]?["$date"] != nil)
            guard case .array(let sceneRefs)? = scenario["scenes"] else { throw TestFailure("scenarios.scenes missing: \(scenario)") }
            #expect(sceneRefs.compactMap { $0["$oid"]?.stringValue } == [story.start, story.middle, story.end])
            guard case .array(let scenes)? = dump["scenes"] else { throw TestFailure("no scenes") }
            let start = try #require(scenes.first { $0["_id"]?["$oid"]?.stringValue == story.start })
            #expect(start["scenario_id"]?["$oid"]?.stringValue == story.scenario)
            #expect(start["is_start_scene"] == .bool(true))
            #expect(start["order"]?["$numberInt"]?.stringValue == "0", "mongoengine's IntField is a BSON int32: \(start)")
            #expect(start["text"]?.stringValue != nil)
            #expect(start["updated_at"]?["$date"] != nil)
            guard case .array(let choiceRefs)? = start["choices"] else { throw TestFailure("scenes.choices missing: \(start)") }
            #expect(choiceRefs.compactMap { $0["$oid"]?.stringValue } == [story.toMiddle])
            guard case .array(let choices)? = dump["choices"] else { throw TestFailure("no choices") }
            let choice = try #require(choices.first { $0["_id"]?["$oid"]?.stringValue == story.toMiddle })
            #expect(choice["from_scene_id"]?["$oid"]?.stringValue == story.start)
            #expect(choice["to_scene_id"]?["$oid"]?.stringValue == story.middle)
            #expect(choice["condition"] == .object([:]))
            guard case .array(let progress)? = dump["player_progress"], let record = progress.first else { throw TestFailure("no progress") }
            #expect(record["user_id"]?["$oid"]?.stringValue == player.id)
            guard case .array(let history)? = record["history"] else { throw TestFailure("no history") }
            #expect(history.count == 2)
            #expect(history[1]["choice_id"]?["$oid"]?.stringValue == story.toMiddle)
            #expect(history[1]["timestamp"]?["$date"] != nil)
            #expect(history[1]["scene_id"]?["$oid"]?.stringValue == story.middle)
            #expect(record["is_completed"] == .bool(false))
            #expect(record["current_scene_id"]?["$oid"]?.stringValue == story.middle)
            #expect(record["total_time_spent"]?["$numberInt"] != nil, "\(record)")
            guard case .array(let users)? = dump["users"] else { throw TestFailure("no users") }
            #expect(users.contains { $0["email"]?.stringValue == "reader@example.com" && $0["password"]?.stringValue?.hasPrefix("$2") == true && $0["first_name"] != nil })
        }
    }
}
