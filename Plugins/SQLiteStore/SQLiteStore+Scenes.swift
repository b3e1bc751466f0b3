import GRDB
import Protocols

extension SQLiteStore {
    public func insertScene(_ scene: Scene) async throws {
        try await write(onUnique: Self.idTaken(scene.id)) { db in
            try Self.requireScenario(scene.scenarioId, db)
            try db.execute(
                sql: """
                    INSERT INTO scenes (id, scenario_id, title, text, "order", image_id, sound_id, music_id,
                        is_start_scene, is_end_scene, position_x, position_y, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: Self.sceneArguments(scene))
        }
    }

    public func scenes(ids: [ObjectId]) async throws -> [Scene] {
        guard !ids.isEmpty else { return [] }
        return try await selectRows(Self.scenesByIds, ids: ids, as: Scene.self)
    }

    private static let scenesByIds = SelectByIds {
        #"SELECT \#(Scene.selectedColumns) FROM scenes WHERE id \#($0) ORDER BY "order", created_at, id"#
    }

    public func scenes(scenarioIds: [ObjectId]) async throws -> [Scene] {
        guard !scenarioIds.isEmpty else { return [] }
        return try await selectRows(Self.scenesOfScenarios, ids: scenarioIds, as: Scene.self)
    }

    /// The two `SELECT`s of ``scenes(scenarioIds:)`` and ``choices(fromSceneIds:)`` on one
    /// borrowed connection. Not in a read transaction: its `BEGIN` and `COMMIT` cost more than
    /// the second call saved (StoreBench: 86 µs against 58 µs for the two calls), and the two
    /// calls were not one snapshot either.
    public func sceneGraph(scenarioIds: [ObjectId]) async throws -> SceneGraph {
        guard !scenarioIds.isEmpty else { return SceneGraph(scenes: [], choices: []) }
        return try await selectStatements { db in
            let (scenesSQL, scenesText) = Self.scenesOfScenarios.statement(for: scenarioIds)
            let scenes = try db.columnRows(scenesSQL, text: scenesText, as: Scene.self)
            guard !scenes.isEmpty else { return SceneGraph(scenes: [], choices: []) }
            let (choicesSQL, choicesText) = Self.choicesFromScenes.statement(for: scenes.map { $0.id })
            let choices = try db.columnRows(choicesSQL, text: choicesText, as: Choice.self)
            return SceneGraph(scenes: scenes, choices: choices)
        }
    }

    private static let scenesOfScenarios = SelectByIds {
        #"SELECT \#(Scene.selectedColumns) FROM scenes WHERE scenario_id \#($0) ORDER BY "order", created_at, id"#
    }

    /// One `UPDATE` of the scene's columns; the media columns of the slots not in `slots` are left out.
    public func updateScene(_ scene: Scene, slots: Set<SceneSlot>) async throws {
        // Placeholders are numbered as in `sceneArguments`; a slot's column is written only when asked.
        let media = [(SceneSlot.image, 6), (.sound, 7), (.music, 8)]
            .filter { slots.contains($0.0) }
            .map { "\(Self.column(of: $0.0)) = ?\($0.1), " }
            .joined()
        try await write { db in
            guard try Self.exists("scenes", scene.id, db) else { throw StoreError.notFound(entity: "scene", id: scene.id) }
            try Self.requireScenario(scene.scenarioId, db)
            try db.execute(
                sql: """
                    UPDATE scenes SET scenario_id = ?2, title = ?3, text = ?4, "order" = ?5, \(media)
                        is_start_scene = ?9, is_end_scene = ?10,
                        position_x = ?11, position_y = ?12, created_at = ?13, updated_at = ?14
                    WHERE id = ?1
                    """,
                arguments: Self.sceneArguments(scene))
        }
    }

    public func attachAsset(_ assetId: ObjectId, to slot: SceneSlot, ofScene sceneId: ObjectId) async throws -> Bool {
        let column = Self.column(of: slot)
        return try await write { db in
            try db.execute(
                sql: "UPDATE scenes SET \(column) = ? WHERE id = ? AND \(column) IS NULL",
                arguments: [Stored.id(assetId), Stored.id(sceneId)])
            return db.changesCount > 0
        }
    }

    public func deleteScene(id: ObjectId) async throws -> DeletionSummary? {
        try await write { db in
            let sceneId = Stored.id(id)
            try db.execute(
                sql: "DELETE FROM choices WHERE from_scene_id = ?1 OR to_scene_id = ?1", arguments: [sceneId])
            let choices = db.changesCount
            try db.execute(sql: "DELETE FROM scenes WHERE id = ?", arguments: [sceneId])
            guard db.changesCount > 0 else { return nil }
            return DeletionSummary(scenes: 1, choices: choices)
        }
    }

    /// The column holding a slot's asset id.
    static func column(of slot: SceneSlot) -> String {
        switch slot {
        case .image: "image_id"
        case .sound: "sound_id"
        case .music: "music_id"
        }
    }

    static func exists(_ table: String, _ id: ObjectId, _ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM \(table) WHERE id = ?", arguments: [Stored.id(id)]) != nil
    }

    static func requireScenario(_ id: ObjectId, _ db: Database) throws {
        guard try exists("scenarios", id, db) else { throw StoreError.notFound(entity: "scenario", id: id) }
    }

    private static func sceneArguments(_ scene: Scene) -> StatementArguments {
        [
            Stored.id(scene.id), Stored.id(scene.scenarioId), scene.title, scene.text, scene.order,
            Stored.optionalId(scene.imageId), Stored.optionalId(scene.soundId), Stored.optionalId(scene.musicId),
            scene.isStartScene, scene.isEndScene, scene.position?.x, scene.position?.y,
            Stored.date(scene.createdAt), Stored.date(scene.updatedAt),
        ]
    }
}
