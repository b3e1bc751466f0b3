import Foundation
import Protocols

extension GenerationJob {
    /// Reads a `generation_jobs` document. Layout (new collection, same conventions as the others):
    /// `kind` ("image" | "speech" | "music"), `parameters` (embedded document), `requested_by` (ObjectId),
    /// `target` `{scene_id: ObjectId, slot: "image" | "sound" | "music"}` (absent when none),
    /// `status` ("queued" | "running" | "succeeded" | "failed"), `attempts`, `max_attempts`,
    /// `error_message`, `result_asset_id` (ObjectId), `progress` (double, 0 to 1), `lease_owner`,
    /// `lease_expires_at`, `run_after`, `created_at`, `updated_at` (datetimes). Unset optionals are absent.
    init(document d: BSONFields) throws {
        guard let id = d.id else { throw StoreError.unavailable("a generation_jobs document has no ObjectId _id") }
        let createdAt = d.date("created_at") ?? id.timestamp
        var target: JobTarget?
        if let t = d.document("target"), let sceneId = t.objectId("scene_id"),
            let slot = t.string("slot").flatMap(SceneSlot.init(rawValue:))
        {
            target = JobTarget(sceneId: sceneId, slot: slot)
        }
        self.init(
            id: id, kind: d.string("kind").flatMap(GenerationKind.init(rawValue:)) ?? .image,
            parameters: d.jsonDocument("parameters"), requestedBy: d.objectId("requested_by") ?? id, target: target,
            status: d.string("status").flatMap(JobStatus.init(rawValue:)) ?? .queued,
            attempts: d.int("attempts") ?? 0, maxAttempts: d.int("max_attempts") ?? 3,
            errorMessage: d.string("error_message"), resultAssetId: d.objectId("result_asset_id"),
            progress: d.double("progress"), leaseOwner: d.string("lease_owner"),
            leaseExpiresAt: d.date("lease_expires_at"), runAfter: d.date("run_after") ?? createdAt,
            createdAt: createdAt, updatedAt: d.date("updated_at") ?? createdAt)
    }

    var stored: StoredFields {
        var fields = StoredFields(set: [
            "kind": .string(kind.rawValue),
            "parameters": BSONValue(json: parameters),
            "requested_by": .objectId(requestedBy),
        ])
        fields.put("target", target.map { .document(["scene_id": .objectId($0.sceneId), "slot": .string($0.slot.rawValue)]) })
        fields.put("status", .string(status.rawValue))
        fields.put("attempts", .int(attempts))
        fields.put("max_attempts", .int(maxAttempts))
        fields.put("error_message", errorMessage.map(BSONValue.string))
        fields.put("result_asset_id", resultAssetId.map(BSONValue.objectId))
        fields.put("progress", progress.map(BSONValue.double))
        fields.put("lease_owner", leaseOwner.map(BSONValue.string))
        fields.put("lease_expires_at", leaseExpiresAt.map(BSONValue.date))
        fields.put("run_after", .date(runAfter))
        fields.put("created_at", .date(createdAt))
        fields.put("updated_at", .date(updatedAt))
        return fields
    }
}
