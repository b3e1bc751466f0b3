@testable import MongoStore
import Testing

/// The indexes created at start-up are exactly the old server's (mongoengine's `meta['indexes']`).
@Suite("MongoStore creates the old server's indexes", .enabled(if: MongoTestEnvironment.shouldRun, "MONGODB_URI is not set"))
struct IndexTests {
    /// One index as `listIndexes` reports it: its keys in order, and whether it is unique.
    struct Index: Hashable, CustomStringConvertible {
        var keys: [String]
        var unique: Bool = false
        var description: String { keys.joined(separator: ",") + (unique ? " (unique)" : "") }
    }

    /// The issue's list, collection by collection; `_id_` aside.
    static let expected: [String: Set<Index>] = [
        "users": [Index(keys: ["email"], unique: true), Index(keys: ["role"])],
        "scenarios": [Index(keys: ["author_id"]), Index(keys: ["title"]), Index(keys: ["created_at"])],
        "scenes": [Index(keys: ["scenario_id"]), Index(keys: ["title"]), Index(keys: ["order"])],
        "choices": [Index(keys: ["from_scene_id"]), Index(keys: ["to_scene_id"]), Index(keys: ["text"])],
        "player_progress": [
            Index(keys: ["user_id"]), Index(keys: ["scenario_id"]), Index(keys: ["current_scene_id"]),
            Index(keys: ["user_id", "scenario_id"]),
        ],
        "assets": [Index(keys: ["type"]), Index(keys: ["name"]), Index(keys: ["uploaded_by"]), Index(keys: ["created_at"])],
        "login_attempts": [Index(keys: ["expires_at"])],
    ]

    @Test("listIndexes on a fresh database shows exactly the issue's indexes, users.email unique, all ascending")
    func indexesMatchTheOldServer() async throws {
        try await MongoTestEnvironment.withFreshDatabase { name in
            let store = try await MongoStore.connect(MongoSettings(uri: try MongoTestEnvironment.requireURI(), databaseName: name, poolSize: 1))
            #expect(store.indexWarnings.isEmpty, "\(store.indexWarnings)")
            for (collection, expected) in Self.expected {
                let listed = try await store.withDatabase { db in
                    try db.client.command(["listIndexes": .string(collection)], database: db.name)
                }
                let batch = listed.document("cursor")?.array("firstBatch") ?? []
                var found: Set<Index> = []
                for case .document(let spec) in batch where spec.string("name") != "_id_" {
                    let key = spec.document("key") ?? [:]
                    #expect(key.fields.allSatisfy { $0.value == .int32(1) || $0.value == .int64(1) || $0.value == .double(1) },
                            "\(collection).\(spec.string("name") ?? "?") is not ascending: \(key)")
                    found.insert(Index(keys: key.keys, unique: spec.bool("unique") ?? false))
                }
                #expect(found == expected, "indexes of \(collection)")
            }
            try await store.close()
        }
    }

    @Test("login_attempts has a TTL index on expires_at, so counters go when their window ends")
    func loginAttemptsExpire() async throws {
        try await MongoTestEnvironment.withFreshDatabase { name in
            let store = try await MongoStore.connect(MongoSettings(uri: try MongoTestEnvironment.requireURI(), databaseName: name, poolSize: 1))
            let listed = try await store.withDatabase { db in
                try db.client.command(["listIndexes": .string("login_attempts")], database: db.name)
            }
            let batch = listed.document("cursor")?.array("firstBatch") ?? []
            let ttl = batch.compactMap { value -> BSONFields? in
                if case .document(let spec) = value, spec.document("key")?.keys == ["expires_at"] { return spec }
                return nil
            }.first
            #expect(ttl?.int("expireAfterSeconds") == 0, "\(batch)")
            try await store.close()
        }
    }
}
