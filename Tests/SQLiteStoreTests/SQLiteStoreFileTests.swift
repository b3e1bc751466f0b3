import Foundation
import GRDB
import Protocols
@testable import SQLiteStore
import Testing

/// What is particular to SQLite: the file, its settings, reopening, configuration.
@Suite("SQLiteStore file")
struct SQLiteStoreFileTests {
    @Test("opening creates the database file and its missing directories")
    func createsFileAndDirectory() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("nested/deeper/story.sqlite")
        let store = try SQLiteStore(path: path)
        try await store.ping()
        #expect(FileManager.default.fileExists(atPath: path))
        try await store.close()
    }

    @Test("the database is in WAL mode with foreign keys enforced")
    func walAndForeignKeys() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.path("story.sqlite"))
        let (journalMode, foreignKeys) = try await store.pool.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Bool.fetchOne(db, sql: "PRAGMA foreign_keys"))
        }
        #expect(journalMode == "wal")
        #expect(foreignKeys == true)
        try await store.close()
    }

    @Test("every lookup the API does is served by an index")
    func lookupsUseIndexes() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.path("story.sqlite"))
        let lookups = [
            #"SELECT * FROM scenes WHERE scenario_id = 'x' ORDER BY "order", created_at"#,
            "SELECT * FROM choices WHERE from_scene_id = 'x'",
            "SELECT * FROM choices WHERE to_scene_id = 'x'",
            "SELECT * FROM progress WHERE user_id = 'x' AND scenario_id = 'y'",
            "SELECT * FROM progress WHERE scenario_id = 'x'",
            "SELECT * FROM progress_history WHERE progress_id = 'x'",
            "SELECT * FROM users WHERE lower(email) = lower('A@b.c')",
            "SELECT * FROM scenarios WHERE author_id = 'x'",
            "SELECT * FROM assets WHERE type = 'image'",
            "SELECT * FROM assets WHERE uploaded_by = 'x'",
            "SELECT * FROM scenes WHERE image_id = 'x'",
            "SELECT * FROM generation_jobs WHERE status = 'queued' AND run_after <= 5",
            "SELECT * FROM generation_jobs WHERE target_scene_id = 'x'",
            "SELECT * FROM login_attempts WHERE key = 'x'",
            "SELECT * FROM login_attempts WHERE expires_at <= 5",
        ]
        for sql in lookups {
            let plan = try await store.pool.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String? ?? "" }
            }
            #expect(plan.contains { $0.contains("USING INDEX") || $0.contains("USING COVERING INDEX") || $0.contains("PRIMARY KEY") }, "\(sql): \(plan)")
            #expect(!plan.contains { $0.hasPrefix("SCAN") }, "\(sql) scans a table: \(plan)")
        }
        try await store.close()
    }

    @Test("reopening an existing file keeps its data, and migrating again changes nothing")
    func reopenKeepsData() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("story.sqlite")
        let user = User(email: "ada@example.com", passwordHash: "$2b$12$x", role: .admin)
        let first = try SQLiteStore(path: path)
        try await first.insertUser(user)
        try await first.close()

        let second = try SQLiteStore(path: path)
        #expect(try await second.user(email: "ada@example.com")?.id == user.id)
        let migrations = try await second.pool.read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        }
        #expect(migrations == ["v1-story-schema", "v2-user-token-version", "v3-login-attempts", "v4-progress-scenario-fk", "v5-story-engine"])
        try SQLiteSchema.migrator.migrate(second.pool)
        #expect(try await second.allUsers().map(\.id) == [user.id])
        try await second.close()
    }

    @Test("a file made before token versions migrates: its users keep their data, at token version 0")
    func migratesTokenVersion() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("story.sqlite")
        let old = try DatabaseQueue(path: path)
        var v1Only = DatabaseMigrator()
        v1Only.registerMigration("v1-story-schema") { db in
            for statement in SQLiteSchema.v1 { try db.execute(sql: statement) }
        }
        try v1Only.migrate(old)
        let id = ObjectId()
        try await old.write { db in
            try db.execute(
                sql: "INSERT INTO users VALUES (?, 'old@example.com', '$2b$12$x', 'player', 'Ada', 'King', 0, 0)",
                arguments: [id.hexString])
        }
        try old.close()

        let store = try SQLiteStore(path: path)
        let user = try #require(try await store.users(ids: [id]).first)
        #expect(user.email == "old@example.com" && user.firstName == "Ada")
        #expect(user.tokenVersion == 0)
        try await store.close()
    }

    @Test("a reservation deletes the login attempt counters whose window ended")
    func prunesLoginAttempts() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.path("story.sqlite"))
        let t0 = Date()
        for key in ["a", "b"] {
            _ = try await store.reserveLoginAttempt([LoginLimit(key: key, maxAttempts: 5)], window: 60, now: t0)
        }
        _ = try await store.reserveLoginAttempt([LoginLimit(key: "c", maxAttempts: 5)], window: 60, now: t0.addingTimeInterval(61))
        let keys = try await store.pool.read { db in try String.fetchAll(db, sql: "SELECT key FROM login_attempts ORDER BY key") }
        #expect(keys == ["c"])
        try await store.close()
    }

    @Test("make(settings:) reads SQLITE_PATH")
    func makeReadsPath() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("configured/story.sqlite")
        let store = try SQLiteStore.make(settings: DictionarySettings(["SQLITE_PATH": path]))
        #expect(store.path == path)
        #expect(FileManager.default.fileExists(atPath: path))
        try await store.close()
    }

    @Test("without SQLITE_PATH the store lives in ./data/story.sqlite")
    func defaultPath() {
        #expect(SQLiteStore.defaultPath == "./data/story.sqlite")
    }

    @Test("a path that cannot be opened stops start-up with a message naming SQLITE_PATH")
    func unusablePath() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let blocker = directory.path("file")
        FileManager.default.createFile(atPath: blocker, contents: Data("x".utf8))
        #expect(throws: PluginConfigurationError.self) {
            try SQLiteStore.make(settings: DictionarySettings(["SQLITE_PATH": blocker + "/story.sqlite"]))
        }
    }

    @Test("the statement hook reports one query per batched lookup, whatever the number of ids")
    func statementHook() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let counter = StatementCounter()
        let store = try SQLiteStore(path: directory.path("story.sqlite"), onStatement: { counter.record($0) })
        let story = Scenario(title: "t", authorId: ObjectId())
        try await store.insertScenario(story)
        var sceneIds: [ObjectId] = []
        for order in 0..<50 {
            let scene = Scene(scenarioId: story.id, title: "s", order: order)
            try await store.insertScene(scene)
            sceneIds.append(scene.id)
        }
        counter.reset()
        _ = try await store.scenarios(.all)
        _ = try await store.scenes(ids: sceneIds)
        _ = try await store.choices(fromSceneIds: sceneIds)
        #expect(counter.queries.count == 3, "\(counter.queries)")
        #expect(counter.queries.allSatisfy { !$0.contains("'") }, "statements carry placeholders, not values")
        try await store.close()
    }

    @Test("a store error never carries SQL text")
    func errorsHideSQL() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.path("story.sqlite"))
        try await store.pool.write { db in try db.execute(sql: "DROP TABLE assets") }
        do {
            _ = try await store.assets(AssetFilter())
            Issue.record("expected an error")
        } catch let StoreError.unavailable(message) {
            #expect(!message.contains("SELECT"), "\(message)")
        }
        try await store.close()
    }
}

/// Collects the statements a store reports.
final class StatementCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var statements: [String] = []

    func record(_ sql: String) {
        lock.lock()
        statements.append(sql)
        lock.unlock()
    }

    func reset() {
        lock.lock()
        statements = []
        lock.unlock()
    }

    /// The store's own queries, as the host's tests count them.
    var queries: [String] {
        lock.lock()
        defer { lock.unlock() }
        return statements.filter(SQLiteStore.isQuery)
    }
}
