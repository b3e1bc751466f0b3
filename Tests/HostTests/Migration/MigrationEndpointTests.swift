import Protocols
import Testing

@testable import Host

/// How `migrate-data` reads its `--from`, `--to`, `--media-from` and `--media-to` arguments, and shows progress.
@Suite("Migration endpoints and progress")
struct MigrationEndpointTests {
    @Test("sqlite:PATH names a SQLite file; a MongoDB URI its database")
    func storeEndpoints() throws {
        #expect(try StoreEndpoint(parsing: "sqlite:./data/story.sqlite", option: "--from").variables == ["SQLITE_PATH": "./data/story.sqlite"])
        let mongo = try StoreEndpoint(parsing: "mongodb://u:p@db.example:27017/prod?tls=true", option: "--to")
        #expect(mongo.plugin == "mongo")
        #expect(mongo.variables["MONGODB_DB_NAME"] == "prod")
        #expect(!mongo.description.contains("u:p"), "no credentials in messages")
        #expect(try StoreEndpoint(parsing: "mongodb+srv://cluster.example/", option: "--to").variables["MONGODB_DB_NAME"] == nil)
    }

    @Test("an unknown endpoint is refused naming the option and the accepted forms")
    func unknownEndpoints() {
        #expect(throws: MigrationError.invalidEndpoint(option: "--to", value: "postgres://x", reason: "expected sqlite:PATH, mongodb://… or mongodb+srv://…")) {
            try StoreEndpoint(parsing: "postgres://x", option: "--to")
        }
        #expect(throws: MigrationError.self) { try StorageEndpoint(parsing: "ftp", option: "--media-to") }
        #expect(throws: MigrationError.self) { try StoreEndpoint(parsing: "sqlite:", option: "--from") }
    }

    @Test("local:PATH names a media folder; s3 and cloudinary read their usual variables")
    func storageEndpoints() throws {
        #expect(try StorageEndpoint(parsing: "local:./media", option: "--media-from").variables == ["MEDIA_ROOT": "./media"])
        #expect(try StorageEndpoint(parsing: "s3", option: "--media-to").plugin == "s3")
        #expect(try StorageEndpoint(parsing: "cloudinary", option: "--media-to").variables.isEmpty)
    }

    @Test("the same store as source and target, or media given on one side only, is refused")
    func refusedCombinations() async {
        let env = DictionarySettings([:])
        await #expect(throws: MigrationError.sameEndpoint("store (sqlite:/tmp/x.sqlite)")) {
            _ = try await MigrateDataCommand.migrate(
                from: "sqlite:/tmp/x.sqlite", to: "sqlite:/tmp/x.sqlite", mediaFrom: nil, mediaTo: nil, environment: env, observer: SilentObserver())
        }
        await #expect(throws: MigrationError.incompleteMedia) {
            _ = try await MigrateDataCommand.migrate(
                from: "sqlite:/tmp/a.sqlite", to: "sqlite:/tmp/b.sqlite", mediaFrom: "local:./media", mediaTo: nil, environment: env,
                observer: SilentObserver())
        }
    }

    @Test("the progress bar fills with the step")
    func progressBar() {
        #expect(ConsoleProgress.bar("copying scenes", done: 5, total: 10) == "copying scenes  [###############---------------]  5/10")
        #expect(ConsoleProgress.bar("copying users", done: 0, total: 0).contains("[" + String(repeating: "#", count: 30) + "]"))
    }

    @Test("an entity's digest is its stored form: equal for equal values, whatever the number's spelling")
    func digests() {
        let a = Choice(fromSceneId: ObjectId(), toSceneId: ObjectId(), text: "Go", condition: ["<": [["var": "gold"], 2]])
        var b = a
        b.condition = ["<": [["var": "gold"], 2.0]]
        #expect(EntityDigest.of(a) == EntityDigest.of(b))
        b.text = "Go!"
        #expect(EntityDigest.of(a) != EntityDigest.of(b))
        #expect(DataMigration.difference(expected: a, stored: b) == "the target holds it with different content (text)")
    }
}
