import Foundation
@testable import MongoStore
import Protocols
import Testing

/// Documents written by MongoStore are what the old server wrote: its field names, its BSON types,
/// and the denormalised arrays `scenarios.scenes` and `scenes.choices` in step.
@Suite("MongoStore writes the old server's layout", .enabled(if: MongoTestEnvironment.shouldRun, "MONGODB_URI is not set"))
struct LayoutWriteTests {
    let database = MongoTestEnvironment.freshDatabaseName()

    func store() async throws -> MongoStore {
        try await MongoStore.connect(MongoSettings(uri: try MongoTestEnvironment.requireURI(), databaseName: database))
    }

    /// Where multi-document writes run: the test server, plainly or in transactions. For transactions,
    /// the test server when it supports them, else a private mongoeco server (returned, to stop).
    func store(transactions: Bool) async throws -> (store: MongoStore, uri: String, server: WireServerProcess?) {
        let uri = try MongoTestEnvironment.requireURI()
        guard transactions else { return (try await store(), uri, nil) }
        var settings = MongoSettings(uri: uri, databaseName: database, poolSize: 4)
        settings.forceTransactions = true
        let probe = try await MongoStore.connect(MongoSettings(uri: uri, databaseName: database, poolSize: 1))
        try await probe.close()
        if probe.supportsTransactions { return (try await MongoStore.connect(settings), uri, nil) }
        let server = try await WireServerProcess()
        settings.uri = server.uri
        return (try await MongoStore.connect(settings), server.uri, server)
    }

    func at(_ seconds: Double) -> Date { Date(timeIntervalSince1970: 1_709_294_400 + seconds) }

    @Test("every collection holds the old field names with ObjectId references, UTC datetimes and embedded documents")
    func fieldNamesAndTypes() async throws {
        let store = try await store()
        let user = User(email: "Mixed.Case@Example.com", passwordHash: "$2b$12$hash", role: .admin, firstName: "A", lastName: "B", createdAt: at(0))
        try await store.insertUser(user)
        let scenario = Scenario(title: "T", description: "D", authorId: user.id, isPublished: true, createdAt: at(1))
        try await store.insertScenario(scenario)
        let asset = Asset(type: .image, name: "img", filename: "a.png", url: "/media/a.png", fileSize: 10, mimeType: "image/png",
                          metadata: .object(["width": .int(4)]), uploadedBy: user.id, createdAt: at(2))
        try await store.insertAsset(asset)
        let a = Scene(scenarioId: scenario.id, title: "A", text: "a", order: 0, imageId: asset.id, isStartScene: true,
                      position: Position(x: 1.5, y: 2), createdAt: at(3))
        let b = Scene(scenarioId: scenario.id, title: "B", order: 1, isEndScene: true, createdAt: at(4))
        try await store.insertScene(a)
        try await store.insertScene(b)
        let ab = Choice(fromSceneId: a.id, toSceneId: b.id, text: "go", condition: .object(["var": .string("x")]), createdAt: at(5))
        try await store.insertChoice(ab)
        let progress = PlayerProgress(userId: user.id, scenarioId: scenario.id, currentSceneId: a.id,
                                      history: [HistoryEntry(sceneId: a.id, timestamp: at(6))], totalTimeSpent: 7, createdAt: at(6))
        try await store.insertProgress(progress)
        _ = try await store.appendStep(
            ProgressStep(entry: HistoryEntry(sceneId: b.id, choiceId: ab.id, timestamp: at(7), metadata: .object(["k": .int(1)])),
                         isCompleted: true, completedAt: at(7)),
            toProgress: progress.id, at: at(7))
        try await store.insertJob(GenerationJob(kind: .image, parameters: .object(["prompt": .string("p")]), requestedBy: user.id,
                                                target: JobTarget(sceneId: a.id, slot: .image), createdAt: at(8)))
        try await store.close()

        let dump = try PyMongo.dump(database: database)
        await MongoTestEnvironment.dropDatabase(database)
        let u = try #require(dump["users"]?.document(user.id))
        #expect(u["email"] as? String == "mixed.case@example.com")
        #expect(u["password"] as? String == "$2b$12$hash")
        #expect(u["role"] as? String == "admin")
        #expect(bsonType(u["first_name"]) == "string" && bsonType(u["last_name"]) == "string")
        #expect(bsonType(u["created_at"]) == "date" && bsonType(u["updated_at"]) == "date")
        #expect(bsonType(u["token_version"]) == "int", "the new field, an int32 as mongoengine's IntField")

        let s = try #require(dump["scenarios"]?.document(scenario.id))
        #expect(oid(s["author_id"]) == user.id.hexString)
        #expect(oids(s["scenes"]) == [a.id.hexString, b.id.hexString])
        #expect(bsonType(s["is_published"]) == "bool" && bsonType(s["created_at"]) == "date")
        #expect(s["title"] as? String == "T" && s["description"] as? String == "D")

        let sa = try #require(dump["scenes"]?.document(a.id))
        #expect(oid(sa["scenario_id"]) == scenario.id.hexString)
        #expect(oid(sa["image_id"]) == asset.id.hexString)
        #expect(bsonType(sa["sound_id"]) == "missing" && bsonType(sa["music_id"]) == "missing")
        #expect(oids(sa["choices"]) == [ab.id.hexString])
        #expect(bsonType(sa["order"]) == "int" && bsonType(sa["is_start_scene"]) == "bool" && bsonType(sa["is_end_scene"]) == "bool")
        #expect(sa["text"] as? String == "a" && sa["title"] as? String == "A")
        #expect(bsonType((sa["position"] as? [String: Any])?["x"]) == "double")
        #expect(bsonType((sa["position"] as? [String: Any])?["y"]) == "double")
        #expect(((sa["position"] as? [String: Any])?["y"] as? [String: Any])?["$numberDouble"] as? String == "2.0")
        #expect(bsonType(sa["created_at"]) == "date" && bsonType(sa["updated_at"]) == "date")
        let sb = try #require(dump["scenes"]?.document(b.id))
        #expect(oids(sb["choices"]) == [] && bsonType(sb["choices"]) == "array")

        let c = try #require(dump["choices"]?.document(ab.id))
        #expect(oid(c["from_scene_id"]) == a.id.hexString && oid(c["to_scene_id"]) == b.id.hexString)
        #expect(bsonType(c["condition"]) == "object" && (c["condition"] as? [String: Any])?["var"] as? String == "x")
        #expect(bsonType(c["order"]) == "int" && bsonType(c["created_at"]) == "date" && c["text"] as? String == "go")

        let p = try #require(dump["player_progress"]?.document(progress.id))
        #expect(oid(p["user_id"]) == user.id.hexString && oid(p["scenario_id"]) == scenario.id.hexString)
        #expect(oid(p["current_scene_id"]) == b.id.hexString)
        let history = try #require(p["history"] as? [[String: Any]])
        #expect(history.count == 2)
        #expect(oid(history[0]["scene_id"]) == a.id.hexString && bsonType(history[0]["choice_id"]) == "null")
        #expect(oid(history[1]["choice_id"]) == ab.id.hexString)
        #expect(bsonType(history[1]["timestamp"]) == "date" && bsonType(history[1]["metadata"]) == "object")
        #expect(bsonType(p["is_completed"]) == "bool" && bsonType(p["completed_at"]) == "date")
        #expect(bsonType(p["total_time_spent"]) == "int")
        #expect(bsonType(p["created_at"]) == "date" && bsonType(p["updated_at"]) == "date")
        #expect(millis(p["created_at"]) == millis(at: at(6)) && millis(p["updated_at"]) == millis(at: at(7)))

        let asDoc = try #require(dump["assets"]?.document(asset.id))
        #expect(asDoc["type"] as? String == "image" && asDoc["filename"] as? String == "a.png" && asDoc["url"] as? String == "/media/a.png")
        #expect(bsonType(asDoc["file_size"]) == "int" && asDoc["mime_type"] as? String == "image/png")
        #expect(bsonType(asDoc["metadata"]) == "object" && oid(asDoc["uploaded_by"]) == user.id.hexString)
        #expect(bsonType(asDoc["is_public"]) == "bool" && bsonType(asDoc["created_at"]) == "date")
        #expect(asDoc["name"] as? String == "img" && bsonType(asDoc["updated_at"]) == "date")
        #expect(millis(asDoc["updated_at"]) == millis(at: at(2)))

        let job = try #require(dump["generation_jobs"]?.first)
        #expect(job["kind"] as? String == "image" && job["status"] as? String == "queued")
        #expect(oid((job["target"] as? [String: Any])?["scene_id"]) == a.id.hexString)
        #expect(bsonType(job["run_after"]) == "date")
    }

    @Test("deletes keep scenarios.scenes and scenes.choices in step, plainly and in transactions", arguments: [false, true])
    func arraysStayInStep(transactions: Bool) async throws {
        let (store, uri, server) = try await store(transactions: transactions)
        defer { server?.stop() }
        #expect(store.supportsTransactions == transactions)
        let author = ObjectId()
        let scenario = Scenario(title: "T", authorId: author, createdAt: at(0))
        try await store.insertScenario(scenario)
        let scenes = (0..<3).map { Scene(scenarioId: scenario.id, title: "S\($0)", order: $0, createdAt: at(Double($0 + 1))) }
        for scene in scenes { try await store.insertScene(scene) }
        let c01 = Choice(fromSceneId: scenes[0].id, toSceneId: scenes[1].id, text: "01", order: 0)
        let c02 = Choice(fromSceneId: scenes[0].id, toSceneId: scenes[2].id, text: "02", order: 1)
        let c12 = Choice(fromSceneId: scenes[1].id, toSceneId: scenes[2].id, text: "12")
        let c21 = Choice(fromSceneId: scenes[2].id, toSceneId: scenes[1].id, text: "21")
        for choice in [c01, c02, c12, c21] { try await store.insertChoice(choice) }

        var dump = try PyMongo.dump(database: database, uri: uri)
        #expect(oids(dump["scenarios"]?.document(scenario.id)?["scenes"]) == scenes.map(\.id.hexString))
        #expect(oids(dump["scenes"]?.document(scenes[0].id)?["choices"]) == [c01.id.hexString, c02.id.hexString])

        #expect(try await store.deleteChoices(ids: [c01.id]) == 1)
        var moved = c21
        moved.fromSceneId = scenes[0].id
        try await store.updateChoice(moved)
        dump = try PyMongo.dump(database: database, uri: uri)
        #expect(oids(dump["scenes"]?.document(scenes[0].id)?["choices"]) == [c02.id.hexString, c21.id.hexString])
        #expect(oids(dump["scenes"]?.document(scenes[2].id)?["choices"]) == [])

        // Deleting scene 2 removes c02 and c12 (to it), their ids from scenes 0 and 1, its id from the scenario.
        let summary = try #require(try await store.deleteScene(id: scenes[2].id))
        #expect(summary.choices == 2)
        dump = try PyMongo.dump(database: database, uri: uri)
        #expect(oids(dump["scenarios"]?.document(scenario.id)?["scenes"]) == [scenes[0].id.hexString, scenes[1].id.hexString])
        #expect(oids(dump["scenes"]?.document(scenes[0].id)?["choices"]) == [c21.id.hexString])
        #expect(oids(dump["scenes"]?.document(scenes[1].id)?["choices"]) == [])
        #expect(dump["choices"]?.map { oid($0["_id"]) } == [c21.id.hexString])

        _ = try await store.deleteScenario(id: scenario.id)
        dump = try PyMongo.dump(database: database, uri: uri)
        #expect(dump["scenarios"]?.isEmpty == true && dump["scenes"]?.isEmpty == true && dump["choices"]?.isEmpty == true)
        try await store.close()
        await MongoTestEnvironment.dropDatabase(database, uri: uri)
    }

    @Test("a scene moved to another scenario moves its id between the scenarios' scenes arrays, plainly and in transactions",
          arguments: [false, true])
    func sceneMovesBetweenScenarios(transactions: Bool) async throws {
        let (store, uri, server) = try await store(transactions: transactions)
        defer { server?.stop() }
        let author = ObjectId()
        let from = Scenario(title: "From", authorId: author, createdAt: at(0))
        let to = Scenario(title: "To", authorId: author, createdAt: at(1))
        try await store.insertScenario(from)
        try await store.insertScenario(to)
        let stays = Scene(scenarioId: from.id, title: "Stays", order: 0, createdAt: at(2))
        var moves = Scene(scenarioId: from.id, title: "Moves", order: 1, createdAt: at(3))
        let there = Scene(scenarioId: to.id, title: "There", order: 0, createdAt: at(4))
        for scene in [stays, moves, there] { try await store.insertScene(scene) }
        let choice = Choice(fromSceneId: moves.id, toSceneId: stays.id, text: "back")
        try await store.insertChoice(choice)

        moves.scenarioId = to.id
        moves.title = "Moved"
        try await store.updateScene(moves)
        var dump = try PyMongo.dump(database: database, uri: uri)
        #expect(oids(dump["scenarios"]?.document(from.id)?["scenes"]) == [stays.id.hexString])
        #expect(oids(dump["scenarios"]?.document(to.id)?["scenes"]) == [there.id.hexString, moves.id.hexString])
        let moved = try #require(dump["scenes"]?.document(moves.id))
        #expect(oid(moved["scenario_id"]) == to.id.hexString && moved["title"] as? String == "Moved")
        #expect(oids(moved["choices"]) == [choice.id.hexString], "the scene keeps its choices")

        // Updating it again without a move leaves both arrays as they are (no duplicate).
        moves.title = "Moved again"
        try await store.updateScene(moves)
        dump = try PyMongo.dump(database: database, uri: uri)
        #expect(oids(dump["scenarios"]?.document(to.id)?["scenes"]) == [there.id.hexString, moves.id.hexString])
        #expect(oids(dump["scenarios"]?.document(from.id)?["scenes"]) == [stays.id.hexString])

        // A move to a scenario that does not exist is refused and changes nothing.
        var lost = moves
        lost.scenarioId = ObjectId()
        await #expect(throws: StoreError.self) { try await store.updateScene(lost) }
        dump = try PyMongo.dump(database: database, uri: uri)
        #expect(oid(dump["scenes"]?.document(moves.id)?["scenario_id"]) == to.id.hexString)
        #expect(oids(dump["scenarios"]?.document(to.id)?["scenes"]) == [there.id.hexString, moves.id.hexString])
        try await store.close()
        await MongoTestEnvironment.dropDatabase(database, uri: uri)
    }
}

/// The milliseconds of a canonical Extended JSON date, `{"$date": {"$numberLong": "…"}}`.
func millis(_ value: Any?) -> Int64? {
    ((value as? [String: Any])?["$date"] as? [String: Any])?["$numberLong"].flatMap { ($0 as? String).flatMap { Int64($0) } }
}

/// The milliseconds of a date, as BSON stores it.
func millis(at date: Date) -> Int64 {
    Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
}
