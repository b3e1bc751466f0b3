import Foundation
import GRDB
import Protocols

/// Reading domain values from rows selected with `SELECT *` (scenes and choices: with their `selectedColumns`).
extension User {
    init(row: Row) throws {
        self.init(
            id: try row.id("id"), email: try row.string("email"), passwordHash: try row.string("password_hash"),
            role: try row.enumValue(Role.self, "role"), firstName: try row.string("first_name"),
            lastName: try row.string("last_name"), createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"), tokenVersion: try row.int("token_version"))
        // The initialiser lowercases; keep exactly what was stored.
        self.email = try row.string("email")
    }
}

extension Scenario {
    init(row: Row) throws {
        self.init(
            id: try row.id("id"), title: try row.string("title"), description: try row.string("description"),
            authorId: try row.id("author_id"), isPublished: try row.bool("is_published"),
            variables: try row.json("variables"), ifid: try row.optionalString("ifid"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }
}

extension Scene {
    /// The columns ``init(row:)`` reads, in its order: queries of scenes select these (by position,
    /// a row of many scenes is read without a lookup by name per column).
    static let selectedColumns = #"id, scenario_id, title, text, "order", image_id, sound_id, music_id, is_start_scene, is_end_scene, position_x, position_y, created_at, updated_at"#

    init(row: Row) throws {
        var position: Position?
        if let x = try row.optionalDouble(at: 10), let y = try row.optionalDouble(at: 11) {
            position = Position(x: x, y: y)
        }
        self.init(
            id: try row.id(at: 0, "id"), scenarioId: try row.id(at: 1, "scenario_id"), title: try row.string(at: 2),
            text: try row.string(at: 3), order: try row.int(at: 4), imageId: try row.optionalId(at: 5, "image_id"),
            soundId: try row.optionalId(at: 6, "sound_id"), musicId: try row.optionalId(at: 7, "music_id"),
            isStartScene: try row.bool(at: 8), isEndScene: try row.bool(at: 9),
            position: position, createdAt: try row.date(at: 12), updatedAt: try row.date(at: 13))
    }
}

extension Choice {
    /// The columns ``init(row:)`` reads, in its order (see ``Scene/selectedColumns``).
    static let selectedColumns = #"id, from_scene_id, to_scene_id, text, condition, effects, "order", created_at"#

    init(row: Row) throws {
        self.init(
            id: try row.id(at: 0, "id"), fromSceneId: try row.id(at: 1, "from_scene_id"), toSceneId: try row.id(at: 2, "to_scene_id"),
            text: try row.string(at: 3), condition: try row.json(at: 4, "condition"), effects: try row.json(at: 5, "effects"),
            order: try row.int(at: 6),
            createdAt: try row.date(at: 7))
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
