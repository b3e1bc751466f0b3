/// What a write sets and what it removes: unset optional values are absent from documents
/// (as mongoengine left them), so an update `$unset`s them.
struct StoredFields {
    var set: BSONFields
    var unset: [String] = []

    /// Puts `value` under `key`, or marks `key` for removal when `nil`.
    mutating func put(_ key: String, _ value: BSONValue?) {
        if let value { set[key] = value } else { unset.append(key) }
    }

    /// The document to insert: `_id`, the set fields, and `extra` (denormalised arrays).
    func insertDocument(id: BSONValue, extra: BSONFields = [:]) -> BSONFields {
        var doc: BSONFields = ["_id": id]
        doc.fields += set.fields
        doc.fields += extra.fields
        return doc
    }

    /// The update that replaces the known fields and leaves the others (arrays, unknown fields) alone.
    var update: BSONFields {
        var update: BSONFields = ["$set": .document(set)]
        if !unset.isEmpty {
            update["$unset"] = .document(BSONFields(unset.map { .init(key: $0, value: .string("")) }))
        }
        return update
    }
}
