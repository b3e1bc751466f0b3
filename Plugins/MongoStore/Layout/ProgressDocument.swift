import Foundation
import Protocols

extension HistoryEntry {
    /// Reads one `history` item: `{scene_id, choice_id, timestamp, metadata}`, and `vars` where the
    /// step changed the story variables (a field the old server did not have).
    init?(document d: BSONFields) {
        guard let sceneId = d.objectId("scene_id") else { return nil }
        self.init(
            sceneId: sceneId, choiceId: d.objectId("choice_id"),
            timestamp: d.date("timestamp") ?? Date(timeIntervalSince1970: 0), metadata: d.jsonDocument("metadata"),
            vars: d.document("vars").map { .object($0.jsonObject) })
    }

    /// The stored item; `choice_id` is null for the first step, as the old server wrote it.
    var document: BSONFields {
        var fields: BSONFields = [
            "scene_id": .objectId(sceneId),
            "choice_id": .optionalId(choiceId),
            "timestamp": .date(timestamp),
            "metadata": BSONValue(json: metadata),
        ]
        if let vars { fields["vars"] = BSONValue(json: vars) }
        return fields
    }
}

extension PlayerProgress {
    /// Reads a `player_progress` document; history items without a scene are skipped.
    init(document d: BSONFields) throws {
        guard let id = d.id else { throw StoreError.unavailable("a player_progress document has no ObjectId _id") }
        let createdAt = d.date("created_at") ?? id.timestamp
        let history = (d.array("history") ?? []).compactMap { item -> HistoryEntry? in
            guard case .document(let entry) = item else { return nil }
            return HistoryEntry(document: entry)
        }
        self.init(
            id: id, userId: d.objectId("user_id") ?? id, scenarioId: d.objectId("scenario_id") ?? id,
            currentSceneId: d.objectId("current_scene_id") ?? history.last?.sceneId ?? id, history: history,
            isCompleted: d.bool("is_completed") ?? false, completedAt: d.date("completed_at"),
            totalTimeSpent: d.int("total_time_spent") ?? 0, vars: d.jsonDocument("vars"), createdAt: createdAt,
            updatedAt: d.date("updated_at") ?? createdAt)
    }

    var stored: StoredFields {
        var fields = StoredFields(set: [
            "user_id": .objectId(userId),
            "scenario_id": .objectId(scenarioId),
            "current_scene_id": .objectId(currentSceneId),
            "history": .array(history.map { .document($0.document) }),
            "is_completed": .bool(isCompleted),
        ])
        fields.put("completed_at", completedAt.map(BSONValue.date))
        fields.put("total_time_spent", .int(totalTimeSpent))
        fields.put("created_at", .date(createdAt))
        fields.put("updated_at", .date(updatedAt))
        fields.put("vars", BSONValue(json: vars))
        return fields
    }
}
