import CMongoC

/// A `mongoc_cursor_t`, destroyed (and its server cursor killed) when this object goes.
final class MongoCursor {
    private let pointer: OpaquePointer

    init(pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        mongoc_cursor_destroy(pointer)
    }

    /// The next document, `nil` at the end. - Throws: the cursor's error, with the labels of its reply.
    func next() throws -> BSONFields? {
        var document: OpaquePointer?
        if mongoc_cursor_next(pointer, &document), let document {
            return BSONDocument.read(document)
        }
        var error = bson_error_t()
        var reply: OpaquePointer?
        // The reply document belongs to the cursor, which lives on (this method runs on it).
        if mongoc_cursor_error_document(pointer, &error, &reply) { throw MongoError(error, reply: reply) }
        return nil
    }

    /// Every remaining document.
    func all() throws -> [BSONFields] {
        var out: [BSONFields] = []
        while let document = try next() { out.append(document) }
        return out
    }
}
