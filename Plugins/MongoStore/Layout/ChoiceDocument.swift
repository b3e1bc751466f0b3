import Foundation
import Protocols

extension Choice {
    /// Reads a `choices` document; `condition` is an embedded document, `{}` when absent; `effects`
    /// (a field the old server did not have) an array, `[]` when absent.
    init(document d: BSONFields) throws {
        guard let id = d.id else { throw StoreError.unavailable("a choices document has no ObjectId _id") }
        self.init(
            id: id, fromSceneId: d.objectId("from_scene_id") ?? id, toSceneId: d.objectId("to_scene_id") ?? id,
            text: d.string("text") ?? "", condition: d.jsonDocument("condition"), effects: d.jsonArray("effects"),
            order: d.int("order") ?? 0,
            createdAt: d.date("created_at") ?? id.timestamp)
    }

    var stored: StoredFields {
        StoredFields(set: [
            "from_scene_id": .objectId(fromSceneId),
            "to_scene_id": .objectId(toSceneId),
            "text": .string(text),
            "condition": BSONValue(json: condition),
            "effects": BSONValue(json: effects),
            "order": .int(order),
            "created_at": .date(createdAt),
        ])
    }
}
