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
            createdAt: createdAt, updatedAt: d.date("updated_at") ?? createdAt)
    }

    /// The stored fields; the email lowercased, so that exact lookups find it.
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
}
