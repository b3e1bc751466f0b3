import Foundation
import Protocols

extension Scenario {
    /// Reads a `scenarios` document (its `scenes` array is kept by the store, not by the value);
    /// `variables` and `ifid`, fields the old server did not have, read as `{}` and `nil` when absent.
    init(document d: BSONFields) throws {
        guard let id = d.id else { throw StoreError.unavailable("a scenarios document has no ObjectId _id") }
        let createdAt = d.date("created_at") ?? id.timestamp
        self.init(
            id: id, title: d.string("title") ?? "", description: d.string("description") ?? "",
            authorId: d.objectId("author_id") ?? id, isPublished: d.bool("is_published") ?? false,
            variables: d.jsonDocument("variables"), ifid: d.string("ifid"),
            createdAt: createdAt, updatedAt: d.date("updated_at") ?? createdAt)
    }

    var stored: StoredFields {
        var fields = StoredFields(set: [
            "title": .string(title),
            "description": .string(description),
            "author_id": .objectId(authorId),
            "is_published": .bool(isPublished),
            "created_at": .date(createdAt),
            "updated_at": .date(updatedAt),
            "variables": BSONValue(json: variables),
        ])
        fields.put("ifid", ifid.map(BSONValue.string))
        return fields
    }
}
