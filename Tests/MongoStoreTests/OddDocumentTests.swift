import Foundation
import MongoStore
import Protocols
import Testing

/// Documents that old or hand-edited data may hold: `null` where the old server's arrays belong, and
/// `_id`s that are not ObjectIds. Writes normalise the arrays; listings skip what they cannot address.
@Suite("MongoStore survives odd old documents", .enabled(if: MongoTestEnvironment.shouldRun, "MONGODB_URI is not set"))
struct OddDocumentTests {
    let database = MongoTestEnvironment.freshDatabaseName()

    func seededStore() async throws -> (MongoStore, PyMongo.OddSeed) {
        let seed = try PyMongo.seedOddDocuments(database: database)
        let store = try await MongoStore.connect(MongoSettings(uri: try MongoTestEnvironment.requireURI(), databaseName: database))
        return (store, seed)
    }

    @Test("$addToSet and $pull on scenes and choices stored as null (or absent) work, leaving arrays")
    func nullArrays() async throws {
        let (store, seed) = try await seededStore()
        let scenarioId = try seed.id(seed.scenario)
        let nullChoices = try seed.id(seed.null_choices)
        let noChoices = try seed.id(seed.no_choices)

        // scenarios.scenes is null: inserting a scene makes it [scene].
        let scene = Scene(scenarioId: scenarioId, title: "New", order: 2)
        try await store.insertScene(scene)
        // scenes.choices is null: inserting a choice from it makes it [choice].
        let choice = Choice(fromSceneId: nullChoices, toSceneId: noChoices, text: "On")
        try await store.insertChoice(choice)
        var dump = try PyMongo.dump(database: database)
        #expect(oids(dump["scenarios"]?.document(scenarioId)?["scenes"]) == [scene.id.hexString])
        #expect(oids(dump["scenes"]?.document(nullChoices)?["choices"]) == [choice.id.hexString])

        // Moving the choice to a scene without `choices`: added there, pulled from the old one.
        var moved = choice
        moved.fromSceneId = noChoices
        try await store.updateChoice(moved)
        // Deleting the new scene pulls it from the scenario's (now normalised) array.
        _ = try await store.deleteScene(id: scene.id)
        dump = try PyMongo.dump(database: database)
        #expect(oids(dump["scenes"]?.document(noChoices)?["choices"]) == [choice.id.hexString])
        #expect(oids(dump["scenes"]?.document(nullChoices)?["choices"]) == [])
        #expect(oids(dump["scenarios"]?.document(scenarioId)?["scenes"]) == [])
        try await store.close()
        await MongoTestEnvironment.dropDatabase(database)
    }

    @Test("pulling from a null array (a scene leaving a scenario whose scenes is null) is no error")
    func pullFromNull() async throws {
        let (store, seed) = try await seededStore()
        var scene = try #require(try await store.scenes(ids: [try seed.id(seed.null_choices)]).first)
        scene.scenarioId = try seed.id(seed.other)
        try await store.updateScene(scene)
        let dump = try PyMongo.dump(database: database)
        #expect(bsonType(dump["scenarios"]?.document(try seed.id(seed.scenario))?["scenes"]) == "null")
        #expect(oids(dump["scenarios"]?.document(try seed.id(seed.other))?["scenes"]) == [seed.no_choices, seed.null_choices])
        try await store.close()
        await MongoTestEnvironment.dropDatabase(database)
    }

    @Test("a step appended to a progress whose history is null starts the history")
    func appendToNullHistory() async throws {
        let (store, seed) = try await seededStore()
        let step = ProgressStep(entry: HistoryEntry(sceneId: try seed.id(seed.null_choices)), isCompleted: false, completedAt: nil)
        let updated = try await store.appendStep(step, toProgress: try seed.id(seed.null_history), at: Date())
        #expect(updated.history.map(\.sceneId) == [step.entry.sceneId])
        try await store.close()
        await MongoTestEnvironment.dropDatabase(database)
    }

    @Test("listings skip a document whose _id is not an ObjectId instead of failing")
    func nonObjectIdsSkipped() async throws {
        let (store, seed) = try await seededStore()
        #expect(try await store.allUsers().map(\.id.hexString) == [seed.author])
        #expect(try await store.user(email: "odd@example.com") == nil)
        #expect(try await store.scenarios(.all).map(\.id.hexString) == [seed.scenario, seed.other])
        #expect(try await store.scenes(scenarioIds: [try seed.id(seed.scenario)]).map(\.id.hexString) == [seed.null_choices])
        #expect(try await store.choices(fromSceneIds: [try seed.id(seed.null_choices)]).isEmpty)
        #expect(Set(try await store.progress(.all).map(\.id.hexString)) == [seed.null_history, seed.legacy_history])
        #expect(try await store.assets(AssetFilter()).map(\.id.hexString) == [seed.asset])
        // Garbage collection still sees the skipped record's file.
        #expect(try await store.fileReferences().fileNames == ["f.png", "o.png"])
        // Deleting the scenario deletes its odd scene too, and the odd choice leaving its scene: no
        // document is left pointing at what is gone.
        let summary = try #require(try await store.deleteScenario(id: try seed.id(seed.scenario)))
        #expect(summary.scenes == 2 && summary.choices == 1)
        let dump = try PyMongo.dump(database: database)
        #expect(dump["scenes"]?.contains { oid($0["scenario_id"]) == seed.scenario } == false)
        #expect(dump["choices"]?.isEmpty == true)
        try await store.close()
        await MongoTestEnvironment.dropDatabase(database)
    }

    @Test("updateProgress leaves an unchanged history as stored (old items' extra fields stay) and goes back in place")
    func historyNotRewritten() async throws {
        let (store, seed) = try await seededStore()
        let id = try seed.id(seed.legacy_history)
        var progress = try #require(try await store.progress(ids: [id]).first)
        #expect(progress.history.count == 3)
        progress.totalTimeSpent = 99
        try await store.updateProgress(progress)
        var stored = try #require(try PyMongo.dump(database: database)["player_progress"]?.document(id))
        var history = try #require(stored["history"] as? [[String: Any]])
        #expect(history.map { ($0["legacy"] as? [String: Any])?["$numberInt"] as? String } == ["1", "2", "3"])
        #expect((stored["total_time_spent"] as? [String: Any])?["$numberInt"] as? String == "99")

        // A step lands after the record was read; an update with the history as read now is the same
        // history, so the step stays.
        let step = ProgressStep(entry: HistoryEntry(sceneId: try seed.id(seed.no_choices)), isCompleted: false, completedAt: nil)
        progress = try await store.appendStep(step, toProgress: id, at: Date())
        progress.totalTimeSpent = 100
        try await store.updateProgress(progress)
        #expect(try await store.progress(ids: [id]).first?.history.count == 4)

        // Going back two steps cuts the stored array: the remaining items keep their extra fields.
        progress.history.removeLast(2)
        try await store.updateProgress(progress)
        stored = try #require(try PyMongo.dump(database: database)["player_progress"]?.document(id))
        history = try #require(stored["history"] as? [[String: Any]])
        #expect(history.map { ($0["legacy"] as? [String: Any])?["$numberInt"] as? String } == ["1", "2"])
        #expect(try await store.progress(ids: [id]).first?.history == progress.history)
        try await store.close()
        await MongoTestEnvironment.dropDatabase(database)
    }
}
