import Foundation
import Protocols

extension Asset {
    /// Reads an `assets` document; `metadata` is an embedded document, `{}` when absent.
    init(document d: BSONFields) throws {
        guard let id = d.id else { throw StoreError.unavailable("an assets document has no ObjectId _id") }
        let createdAt = d.date("created_at") ?? id.timestamp
        self.init(
            id: id, type: d.string("type").flatMap(AssetKind.init(rawValue:)) ?? .image, name: d.string("name") ?? "",
            filename: d.string("filename") ?? "", url: d.string("url") ?? "", fileSize: d.int("file_size") ?? 0,
            mimeType: d.string("mime_type") ?? "", metadata: d.jsonDocument("metadata"),
            uploadedBy: d.objectId("uploaded_by"), isPublic: d.bool("is_public") ?? true,
            createdAt: createdAt, updatedAt: d.date("updated_at") ?? createdAt)
    }

    var stored: StoredFields {
        var fields = StoredFields(set: [
            "type": .string(type.rawValue),
            "name": .string(name),
            "filename": .string(filename),
            "url": .string(url),
            "file_size": .int(fileSize),
            "mime_type": .string(mimeType),
            "metadata": BSONValue(json: metadata),
        ])
        fields.put("uploaded_by", uploadedBy.map(BSONValue.objectId))
        fields.put("is_public", .bool(isPublic))
        fields.put("created_at", .date(createdAt))
        fields.put("updated_at", .date(updatedAt))
        return fields
    }
}
