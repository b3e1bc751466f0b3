import Foundation
import Protocols

extension User {
    /// Reads a `users` document; missing optional fields take their defaults, unknown ones are ignored.
    init(document d: BSONFields) throws {
        guard let id = d.id else { throw StoreError.unavailable("a users document has no ObjectId _id") }
        let createdAt = d.date("created_at") ?? id.timestamp
        self.init(
            id: id, email: d.string("email") ?? "", passwordHash: d.string("password") ?? "",
            role: d.string("role").flatMap(Role.init(rawValue:)) ?? .player,
            firstName: d.string("first_name") ?? "", lastName: d.string("last_name") ?? "",
            createdAt: createdAt, updatedAt: d.date("updated_at") ?? createdAt,
            tokenVersion: d.int("token_version") ?? 0)
    }

    /// The stored fields but `token_version` (written by ``insertDocument`` and raised by ``update``);
    /// the email lowercased, so that exact lookups find it.
    var stored: StoredFields {
        StoredFields(set: [
            "email": .string(email.lowercased()),
            "password": .string(passwordHash),
            "role": .string(role.rawValue),
            "first_name": .string(firstName),
            "last_name": .string(lastName),
            "created_at": .date(createdAt),
            "updated_at": .date(updatedAt),
        ])
    }

    /// The document to insert.
    var insertDocument: BSONFields {
        stored.insertDocument(id: .objectId(id), extra: ["token_version": .int(tokenVersion)])
    }

    /// The update replacing the stored fields; `token_version` becomes the larger of the stored and
    /// this one (`$max`), in the same atomic write, so a stale update never lowers it.
    var update: BSONFields {
        var update = stored.update
        update["$max"] = .document(["token_version": .int(tokenVersion)])
        return update
    }
}
