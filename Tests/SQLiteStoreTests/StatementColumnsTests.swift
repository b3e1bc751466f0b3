import Foundation
import GRDB
import Protocols
@testable import SQLiteStore
import Testing

/// Reading users, scenarios, scenes and choices by position (``StatementColumns``): what a corrupt
/// row does, since the conformance suite only ever reads rows the store wrote.
@Suite("SQLiteStore column reads")
struct StatementColumnsTests {
    /// A store holding one user, their scenario, a scene in it and a choice from it to itself.
    private func story(_ directory: TemporaryDirectory) async throws -> (SQLiteStore, User, Scenario, Scene, Choice) {
        let store = try SQLiteStore(path: directory.path("story.sqlite"))
        let user = User(email: "Author@Example.com", passwordHash: "hash", role: .admin, firstName: "Ada", lastName: "L")
        try await store.insertUser(user)
        let scenario = Scenario(title: "T", description: "D", authorId: user.id, isPublished: true,
                                variables: .object(["gold": .int(3)]), ifid: "3F2A6B1C-0D4E-4F5A-8B9C-0D1E2F3A4B5C")
        try await store.insertScenario(scenario)
        let scene = Scene(scenarioId: scenario.id, title: "S", text: "Once", order: 2, isStartScene: true,
                          position: Position(x: 1.5, y: -2))
        try await store.insertScene(scene)
        let choice = Choice(fromSceneId: scene.id, toSceneId: scene.id, text: "Again", condition: .object(["==": .array([.int(1), .int(1)])]), order: 1)
        try await store.insertChoice(choice)
        return (store, user, scenario, scene, choice)
    }

    @Test("every column comes back as it was written, nullable ones as nil when they are NULL")
    func roundTrip() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (store, user, scenario, scene, choice) = try await story(directory)
        let readUser = try #require(try await store.users(ids: [user.id]).first)
        #expect(readUser.email == user.email)
        #expect(readUser.passwordHash == "hash" && readUser.role == .admin && readUser.firstName == "Ada")
        #expect(readUser.tokenVersion == user.tokenVersion)
        #expect(try await store.user(email: "author@example.com")?.id == user.id)
        let readScenario = try #require(try await store.scenarios(ids: [scenario.id]).first)
        #expect(readScenario.variables == scenario.variables && readScenario.ifid == scenario.ifid)
        #expect(readScenario.authorId == user.id && readScenario.isPublished)
        let readScene = try #require(try await store.scenes(ids: [scene.id]).first)
        #expect(readScene.position == Position(x: 1.5, y: -2) && readScene.imageId == nil && readScene.order == 2)
        #expect(readScene.isStartScene && !readScene.isEndScene)
        #expect(abs(readScene.createdAt.timeIntervalSince(scene.createdAt)) < 0.001)
        let readChoice = try #require(try await store.choices(ids: [choice.id]).first)
        #expect(readChoice.condition == choice.condition && readChoice.effects == choice.effects)
        #expect(readChoice.toSceneId == scene.id && readChoice.fromSceneId == scene.id)
        try await store.close()
    }

    @Test("a corrupt column fails the read as unavailable, naming the column", arguments: [
        ("UPDATE users SET role = 'wizard'", "unknown value in column role"),
        ("UPDATE users SET id = 'not-an-id'", "corrupt id in column id"),
        ("UPDATE scenarios SET author_id = 'xyz'", "corrupt id in column author_id"),
        ("UPDATE scenarios SET author_id = 42", "corrupt id in column author_id"),
        ("UPDATE scenarios SET variables = '{nope'", "corrupt JSON in column variables"),
        ("UPDATE scenes SET image_id = 'short'", "corrupt id in column image_id"),
        ("UPDATE choices SET condition = '['", "corrupt JSON in column condition"),
    ])
    func corruptColumn(update: String, message: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (store, user, scenario, scene, choice) = try await story(directory)
        try await store.pool.write { db in try db.execute(sql: update) }
        let error = await #expect(throws: StoreError.self) {
            _ = try await store.users(ids: [user.id])
            _ = try await store.scenarios(ids: [scenario.id])
            _ = try await store.scenes(ids: [scene.id])
            _ = try await store.choices(ids: [choice.id])
            _ = try await store.allUsers()
        }
        #expect(error == .unavailable(message))
        // The statement was left reset: the next read of a row that is sound succeeds.
        try await store.pool.write { db in try db.execute(sql: "DELETE FROM choices"); try db.execute(sql: "DELETE FROM scenes") }
        #expect(try await store.choices(ids: [choice.id]).isEmpty)
        try await store.close()
    }

    @Test("a NULL where a value must be fails the read as unavailable, naming the column")
    func unexpectedNull() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (store, _, _, scene, _) = try await story(directory)
        // The schema refuses NULL in `title`; a query that selects one anyway stands for a corrupt file.
        let error = await #expect(throws: StoreError.self) {
            try await store.pool.read { db in
                try db.columnRows(#"SELECT id, scenario_id, NULL AS title, text, "order", image_id, sound_id, music_id, is_start_scene, is_end_scene, position_x, position_y, created_at, updated_at FROM scenes"#, arguments: [], as: Scene.self)
            }
        }
        #expect(error == .unavailable("unexpected NULL in column title"))
        #expect(try await store.scenes(ids: [scene.id]).map(\.id) == [scene.id])
        try await store.close()
    }
}
