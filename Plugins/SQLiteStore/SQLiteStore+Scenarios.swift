import GRDB
import Protocols

extension SQLiteStore {
    public func insertScenario(_ scenario: Scenario) async throws {
        try await write(onUnique: Self.idTaken(scenario.id)) { db in
            try db.execute(
                sql: """
                    INSERT INTO scenarios (id, title, description, author_id, is_published, created_at, updated_at,
                        variables, ifid)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: Self.scenarioArguments(scenario))
        }
    }

    public func scenarios(ids: [ObjectId]) async throws -> [Scenario] {
        guard !ids.isEmpty else { return [] }
        return try await selectRows(Self.scenariosByIds, ids: ids, as: Scenario.self)
    }

    private static let scenariosByIds = SelectByIds {
        "SELECT \(Scenario.selectedColumns) FROM scenarios WHERE id \($0) ORDER BY created_at, id"
    }

    public func scenarios(_ filter: ScenarioFilter) async throws -> [Scenario] {
        let (condition, arguments): (String, StatementArguments) =
            switch filter {
            case .all: ("1", [])
            case .published: ("is_published = 1", [])
            case .author(let authorId): ("author_id = ?", [Stored.id(authorId)])
            case .visible(let userId): ("(is_published = 1 OR author_id = ?)", [Stored.id(userId)])
            }
        return try await selectRows("SELECT \(Scenario.selectedColumns) FROM scenarios WHERE \(condition) ORDER BY created_at, id", arguments: arguments, as: Scenario.self)
    }

    public func updateScenario(_ scenario: Scenario) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE scenarios SET title = ?2, description = ?3, author_id = ?4, is_published = ?5,
                        created_at = ?6, updated_at = ?7, variables = ?8, ifid = ?9
                    WHERE id = ?1
                    """,
                arguments: Self.scenarioArguments(scenario))
            guard db.changesCount > 0 else { throw StoreError.notFound(entity: "scenario", id: scenario.id) }
        }
    }

    public func deleteScenario(id: ObjectId) async throws -> DeletionSummary? {
        try await write { db in
            let scenarioId = Stored.id(id)
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM scenarios WHERE id = ?", arguments: [scenarioId]) != nil
            else { return nil }
            let sceneIds = try String.fetchAll(db, sql: "SELECT id FROM scenes WHERE scenario_id = ?", arguments: [scenarioId])
            let referenced = try String.fetchAll(
                db,
                sql: """
                    SELECT image_id FROM scenes WHERE scenario_id = ?1 AND image_id IS NOT NULL
                    UNION SELECT sound_id FROM scenes WHERE scenario_id = ?1 AND sound_id IS NOT NULL
                    UNION SELECT music_id FROM scenes WHERE scenario_id = ?1 AND music_id IS NOT NULL
                    """,
                arguments: [scenarioId])
            let choices = try Self.deleteChoices(touchingScenesOf: scenarioId, db)
            try db.execute(sql: "DELETE FROM scenes WHERE scenario_id = ?", arguments: [scenarioId])
            try db.execute(sql: "DELETE FROM progress WHERE scenario_id = ?", arguments: [scenarioId])
            try db.execute(sql: "DELETE FROM scenarios WHERE id = ?", arguments: [scenarioId])
            return DeletionSummary(
                scenes: sceneIds.count, choices: choices, referencedAssetIds: Set(referenced.compactMap(ObjectId.init)))
        }
    }

    /// Deletes the choices from and to the scenes of a scenario; returns how many.
    private static func deleteChoices(touchingScenesOf scenarioId: String, _ db: Database) throws -> Int {
        try db.execute(
            sql: """
                DELETE FROM choices
                WHERE from_scene_id IN (SELECT id FROM scenes WHERE scenario_id = ?1)
                   OR to_scene_id IN (SELECT id FROM scenes WHERE scenario_id = ?1)
                """,
            arguments: [scenarioId])
        return db.changesCount
    }

    private static func scenarioArguments(_ scenario: Scenario) -> StatementArguments {
        [
            Stored.id(scenario.id), scenario.title, scenario.description, Stored.id(scenario.authorId),
            scenario.isPublished, Stored.date(scenario.createdAt), Stored.date(scenario.updatedAt),
            Stored.json(scenario.variables), scenario.ifid,
        ]
    }

    /// The error for a second insert with the same id.
    static func idTaken(_ id: ObjectId) -> UniqueViolation {
        { _ in .duplicate(field: "id", value: id.hexString) }
    }
}
