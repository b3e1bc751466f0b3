import Foundation
import Protocols

extension Scene {
    /// Reads a `scenes` document (its `choices` array is kept by the store, not by the value).
    init(document d: BSONFields) throws {
        guard let id = d.id else { throw StoreError.unavailable("a scenes document has no ObjectId _id") }
        let createdAt = d.date("created_at") ?? id.timestamp
        var position: Position?
        if let p = d.document("position"), let x = p.double("x"), let y = p.double("y") {
            position = Position(x: x, y: y)
        }
        self.init(
            id: id, scenarioId: d.objectId("scenario_id") ?? id, title: d.string("title") ?? "",
            text: d.string("text") ?? "", order: d.int("order") ?? 0,
            imageId: d.objectId("image_id"), soundId: d.objectId("sound_id"), musicId: d.objectId("music_id"),
            isStartScene: d.bool("is_start_scene") ?? false, isEndScene: d.bool("is_end_scene") ?? false,
            position: position, createdAt: createdAt, updatedAt: d.date("updated_at") ?? createdAt)
    }

    var stored: StoredFields {
        var fields = StoredFields(set: [
            "scenario_id": .objectId(scenarioId),
            "title": .string(title),
            "text": .string(text),
            "order": .int(order),
        ])
        for slot in SceneSlot.allCases {
            fields.put(Self.field(of: slot), self[slot].map(BSONValue.objectId))
        }
        fields.put("is_start_scene", .bool(isStartScene))
        fields.put("is_end_scene", .bool(isEndScene))
        fields.put("position", position.map { .document(["x": .double($0.x), "y": .double($0.y)]) })
        fields.put("created_at", .date(createdAt))
        fields.put("updated_at", .date(updatedAt))
        return fields
    }

    /// The field holding a slot's asset id.
    static func field(of slot: SceneSlot) -> String {
        switch slot {
        case .image: "image_id"
        case .sound: "sound_id"
        case .music: "music_id"
        }
    }
}
