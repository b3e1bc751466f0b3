import Foundation
import MongoStore
import Protocols
import Testing

/// Documents written by the old server (here: by pymongo in exactly its layout) are served as they are.
@Suite("MongoStore reads the old server's documents", .enabled(if: MongoTestEnvironment.shouldRun, "MONGODB_URI is not set"))
struct OldLayoutReadTests {
    let database = MongoTestEnvironment.freshDatabaseName()

    func seededStore() async throws -> (MongoStore, PyMongo.Seed) {
        let seed = try PyMongo.seedOldLayout(database: database)
        let store = try await MongoStore.connect(MongoSettings(uri: try MongoTestEnvironment.requireURI(), databaseName: database))
        return (store, seed)
    }

    @Test("users: an email stored as typed is found in any case, with its $2b$ bcrypt hash and role")
    func users() async throws {
        let (store, seed) = try await seededStore()
        let admin = try #require(try await store.user(email: "old.admin@example.com"))
        #expect(admin.id == (try seed.id(seed.users["admin"]!)))
        #expect(admin.passwordHash == seed.password_hash)
        #expect(admin.passwordHash.hasPrefix("$2b$"))
        #expect(admin.role == .admin)
        #expect(admin.firstName == "Ada" && admin.lastName == "Lovelace")
        #expect(admin.tokenVersion == 0, "no token_version in the old documents: version 0")
        #expect(admin.createdAt == Date(timeIntervalSince1970: 1_709_294_400))
        #expect(try await store.user(email: "OLD.ADMIN@EXAMPLE.COM")?.id == admin.id)
        #expect(try await store.user(email: "old.admin@example.co") == nil)
        #expect(try await store.user(email: "old.admin@example.com.") == nil)
        #expect(try await store.user(email: ".*") == nil)

        // The player document lacks names and dates: defaults, and the id's time for creation.
        let playerId = try seed.id(seed.users["player"]!)
        let player = try #require(try await store.users(ids: [playerId]).first)
        #expect(player.firstName == "" && player.lastName == "")
        #expect(player.role == .player)
        #expect(player.createdAt == playerId.timestamp && player.updatedAt == playerId.timestamp)
        #expect(try await store.allUsers().count == 2)
        try await store.close()
        await MongoTestEnvironment.dropDatabase(database)
    }

    @Test("the same email in another case cannot be registered again")
    func emailTakenInAnyCase() async throws {
        let (store, _) = try await seededStore()
        let clash = User(email: "old.admin@EXAMPLE.com", passwordHash: "$2b$04$x", role: .player)
        await #expect(throws: StoreError.duplicate(field: "email", value: "old.admin@example.com")) {
            try await store.insertUser(clash)
        }
        try await store.close()
        await MongoTestEnvironment.dropDatabase(database)
    }

    @Test("scenario, scenes and choices: references, order, defaults for missing fields, conditions")
    func story() async throws {
        let (store, seed) = try await seededStore()
        let scenarioId = try seed.id(seed.scenario)
        let scenario = try #require(try await store.scenarios(ids: [scenarioId]).first)
        #expect(scenario.title == "The Old Forest")
        #expect(scenario.authorId == (try seed.id(seed.users["admin"]!)))
        #expect(scenario.isPublished)
        #expect(try await store.scenarios(.published).map(\.id) == [scenarioId])

        let scenes = try await store.scenes(scenarioIds: [scenarioId])
        #expect(scenes.map(\.id.hexString) == seed.scenes)
        #expect(scenes[0].isStartScene && scenes[0].position == Position(x: 10.5, y: 20))
        #expect(scenes[0].imageId == (try seed.id(seed.asset)))
        #expect(!scenes[1].isStartScene && !scenes[1].isEndScene && scenes[1].position == nil && scenes[1].imageId == nil)
        #expect(scenes[2].isEndScene)

        let choices = try await store.choices(fromSceneIds: [scenes[0].id])
        #expect(choices.map(\.id.hexString) == [seed.choices["left"]!, seed.choices["right"]!])
        #expect(choices[0].toSceneId == scenes[1].id && choices[1].toSceneId == scenes[2].id)
        #expect(choices[0].condition == .object(["var": .string("brave")]))
        #expect(choices[1].condition == .emptyObject)
        // Fields the old server did not have (the story engine's) read as empty.
        #expect(choices.allSatisfy { $0.effects == .emptyArray })
        #expect(scenario.variables == .emptyObject && scenario.ifid == nil)
        try await store.close()
        await MongoTestEnvironment.dropDatabase(database)
    }

    @Test("progress and assets: history entries, metadata, counters")
    func progressAndAssets() async throws {
        let (store, seed) = try await seededStore()
        let progress = try #require(try await store.progress(ids: [try seed.id(seed.progress)]).first)
        #expect(progress.userId == (try seed.id(seed.users["player"]!)))
        #expect(progress.currentSceneId == (try seed.id(seed.scenes[1])))
        #expect(progress.history.map(\.sceneId.hexString) == Array(seed.scenes[0...1]))
        #expect(progress.history[0].choiceId == nil)
        #expect(progress.history[1].choiceId == (try seed.id(seed.choices["left"]!)))
        #expect(progress.history[1].metadata == .object(["mood": .string("brave")]))
        #expect(progress.totalTimeSpent == 42 && !progress.isCompleted && progress.completedAt == nil)
        #expect(progress.vars == .emptyObject && progress.history.allSatisfy { $0.vars == nil })

        let asset = try #require(try await store.assets(ids: [try seed.id(seed.asset)]).first)
        #expect(asset.type == .image && asset.fileSize == 2048 && asset.mimeType == "image/png")
        #expect(asset.metadata["width"] == .int(640))
        #expect(try await store.fileReferences().storageKeys == ["forest.png"])
        try await store.close()
        await MongoTestEnvironment.dropDatabase(database)
    }

    @Test("writing onto old documents keeps their unknown fields and the denormalised arrays")
    func writesKeepOldFields() async throws {
        let (store, seed) = try await seededStore()
        let clearing = try #require(try await store.scenes(ids: [try seed.id(seed.scenes[1])]).first)
        var renamed = clearing
        renamed.title = "The sunny clearing"
        try await store.updateScene(renamed)
        let choice = Choice(fromSceneId: clearing.id, toSceneId: try seed.id(seed.scenes[0]), text: "Back", order: 1)
        try await store.insertChoice(choice)

        let scenes = try PyMongo.dump(database: database)["scenes"] ?? []
        let stored = try #require(scenes.document(clearing.id))
        #expect(stored["title"] as? String == "The sunny clearing")
        #expect(stored["legacy_notes"] as? String == "kept by the new server")
        #expect(oids(stored["choices"]) == [seed.choices["home"]!, choice.id.hexString])
        try await store.close()
        await MongoTestEnvironment.dropDatabase(database)
    }
}
