import Foundation
import GRDB
import Protocols

/// Reading domain values: users, scenarios, scenes and choices, which every request reads, by
/// position from their `selectedColumns` (``StatementColumns``); the others from rows selected
/// with `SELECT *`, by name.
extension User: ColumnDecodable {
    static let selectedColumns = "id, email, password_hash, role, first_name, last_name, created_at, updated_at, token_version"

    init(columns: StatementColumns) throws {
        self.init(
            id: try columns.id(0), email: try columns.string(1), passwordHash: try columns.string(2),
            role: try columns.enumValue(Role.self, 3), firstName: try columns.string(4),
            lastName: try columns.string(5), createdAt: try columns.date(6),
            updatedAt: try columns.date(7), tokenVersion: try columns.int(8))
        // The initialiser lowercases; keep exactly what was stored.
        self.email = try columns.string(1)
    }
}

extension Scenario: ColumnDecodable {
    static let selectedColumns = "id, title, description, author_id, is_published, variables, ifid, created_at, updated_at"

    init(columns: StatementColumns) throws {
        self.init(
            id: try columns.id(0), title: try columns.string(1), description: try columns.string(2),
            authorId: try columns.id(3), isPublished: try columns.bool(4),
            variables: try columns.json(5), ifid: columns.optionalString(6),
            createdAt: try columns.date(7), updatedAt: try columns.date(8))
    }
}

extension Scene: ColumnDecodable {
    static let selectedColumns = #"id, scenario_id, title, text, "order", image_id, sound_id, music_id, is_start_scene, is_end_scene, position_x, position_y, created_at, updated_at"#

    init(columns: StatementColumns) throws {
        var position: Position?
        if let x = columns.optionalDouble(10), let y = columns.optionalDouble(11) {
            position = Position(x: x, y: y)
        }
        self.init(
            id: try columns.id(0), scenarioId: try columns.id(1), title: try columns.string(2),
            text: try columns.string(3), order: try columns.int(4), imageId: try columns.optionalId(5),
            soundId: try columns.optionalId(6), musicId: try columns.optionalId(7),
            isStartScene: try columns.bool(8), isEndScene: try columns.bool(9),
            position: position, createdAt: try columns.date(12), updatedAt: try columns.date(13))
    }
}

extension Choice: ColumnDecodable {
    static let selectedColumns = #"id, from_scene_id, to_scene_id, text, condition, effects, "order", created_at"#

    init(columns: StatementColumns) throws {
        self.init(
            id: try columns.id(0), fromSceneId: try columns.id(1), toSceneId: try columns.id(2),
            text: try columns.string(3), condition: try columns.json(4), effects: try columns.json(5),
            order: try columns.int(6), createdAt: try columns.date(7))
    }
}

extension PlayerProgress {
    /// A record without its history, which lives in `progress_history`.
    init(row: Row) throws {
        self.init(
            id: try row.id("id"), userId: try row.id("user_id"), scenarioId: try row.id("scenario_id"),
            currentSceneId: try row.id("current_scene_id"), history: [],
            isCompleted: try row.bool("is_completed"), completedAt: try row.optionalDate("completed_at"),
            totalTimeSpent: try row.int("total_time_spent"), vars: try row.json("vars"),
            createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"))
    }
}

extension HistoryEntry {
    init(row: Row) throws {
        self.init(
            sceneId: try row.id("scene_id"), choiceId: try row.optionalId("choice_id"),
            timestamp: try row.date("timestamp"), metadata: try row.json("metadata"),
            vars: try row.optionalJSON("vars"))
    }
}

extension Asset {
    init(row: Row) throws {
        self.init(
            id: try row.id("id"), type: try row.enumValue(AssetKind.self, "type"), name: try row.string("name"),
            filename: try row.string("filename"), url: try row.string("url"), fileSize: try row.int("file_size"),
            mimeType: try row.string("mime_type"), metadata: try row.json("metadata"),
            uploadedBy: try row.optionalId("uploaded_by"), isPublic: try row.bool("is_public"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }
}

extension GenerationJob {
    init(row: Row) throws {
        var target: JobTarget?
        if let sceneId = try row.optionalId("target_scene_id"), let slotName = try row.optionalString("target_slot") {
            guard let slot = SceneSlot(rawValue: slotName) else {
                throw StoreError.unavailable("unknown value in column target_slot")
            }
            target = JobTarget(sceneId: sceneId, slot: slot)
        }
        self.init(
            id: try row.id("id"), kind: try row.enumValue(GenerationKind.self, "kind"),
            parameters: try row.json("parameters"), requestedBy: try row.id("requested_by"), target: target,
            status: try row.enumValue(JobStatus.self, "status"), attempts: try row.int("attempts"),
            maxAttempts: try row.int("max_attempts"), errorMessage: try row.optionalString("error_message"),
            resultAssetId: try row.optionalId("result_asset_id"), progress: try row.optionalDouble("progress"),
            leaseOwner: try row.optionalString("lease_owner"), leaseExpiresAt: try row.optionalDate("lease_expires_at"),
            runAfter: try row.date("run_after"), createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"))
    }
}
