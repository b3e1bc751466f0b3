import GRDB
import Protocols

extension SQLiteStore {
    public func insertChoice(_ choice: Choice) async throws {
        try await write(onUnique: Self.idTaken(choice.id)) { db in
            try Self.requireScenes(of: choice, db)
            try db.execute(
                sql: """
                    INSERT INTO choices (id, from_scene_id, to_scene_id, text, condition, "order", created_at, effects)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: Self.choiceArguments(choice))
        }
    }

    public func choices(ids: [ObjectId]) async throws -> [Choice] {
        guard !ids.isEmpty else { return [] }
        return try await selectRows(Self.choicesByIds, ids: ids, as: Choice.self)
    }

    private static let choicesByIds = SelectByIds {
        #"SELECT \#(Choice.selectedColumns) FROM choices WHERE id \#($0) ORDER BY "order", created_at, id"#
    }

    public func choices(fromSceneIds: [ObjectId]) async throws -> [Choice] {
        guard !fromSceneIds.isEmpty else { return [] }
        return try await selectRows(Self.choicesFromScenes, ids: fromSceneIds, as: Choice.self)
    }

    static let choicesFromScenes = SelectByIds {
        #"SELECT \#(Choice.selectedColumns) FROM choices WHERE from_scene_id \#($0) ORDER BY "order", created_at, id"#
    }

    public func updateChoice(_ choice: Choice) async throws {
        try await write { db in
            guard try Self.exists("choices", choice.id, db) else {
                throw StoreError.notFound(entity: "choice", id: choice.id)
            }
            try Self.requireScenes(of: choice, db)
            try db.execute(
                sql: """
                    UPDATE choices SET from_scene_id = ?2, to_scene_id = ?3, text = ?4, condition = ?5, "order" = ?6,
                        created_at = ?7, effects = ?8
                    WHERE id = ?1
                    """,
                arguments: Self.choiceArguments(choice))
        }
    }

    public func deleteChoices(ids: [ObjectId]) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try await write { db in
            try db.execute(sql: "DELETE FROM choices WHERE id \(inIdList)", arguments: [Stored.idList(ids)])
            return db.changesCount
        }
    }

    private static func requireScenes(of choice: Choice, _ db: Database) throws {
        for sceneId in [choice.fromSceneId, choice.toSceneId] where try !exists("scenes", sceneId, db) {
            throw StoreError.notFound(entity: "scene", id: sceneId)
        }
    }

    private static func choiceArguments(_ choice: Choice) -> StatementArguments {
        [
            Stored.id(choice.id), Stored.id(choice.fromSceneId), Stored.id(choice.toSceneId), choice.text,
            Stored.json(choice.condition), choice.order, Stored.date(choice.createdAt), Stored.json(choice.effects),
        ]
    }
}
