import CMongoC

/// A `mongoc_collection_t`, destroyed with this object; every operation joins the session given
/// at creation (and so its transaction, if one is open).
///
/// Every document handed to C is lent through ``BSONDocument/withPointer(_:)``, so it outlives the call.
/// Failures carry the error labels of the call's reply, which the transaction logic reads.
final class MongoCollection {
    private let pointer: OpaquePointer
    private let session: MongoSession?

    init(pointer: OpaquePointer, session: MongoSession?) {
        self.pointer = pointer
        self.session = session
    }

    deinit {
        mongoc_collection_destroy(pointer)
    }

    /// Operation options with the session id added.
    private func options(_ fields: BSONFields = [:]) throws -> BSONDocument {
        let options = BSONDocument(fields)
        try session?.append(to: options)
        return options
    }

    /// Runs `call` with the C pointers of `first` and `second`, and a fresh reply document, all kept alive
    /// until it returns; a failure carries the reply's labels. Returns the reply.
    private func call(
        _ first: BSONDocument, _ second: BSONDocument,
        _ body: (OpaquePointer, OpaquePointer, OpaquePointer, UnsafeMutablePointer<bson_error_t>) -> Bool
    ) throws -> BSONFields {
        let reply = BSONDocument.reply()
        try first.withPointer { a in
            try second.withPointer { b in
                try reply.withPointer { r in try mongoCall(reply: r) { body(a, b, r, $0) } }
            }
        }
        return reply.fields
    }

    /// Inserts one document. - Throws: a ``MongoError`` whose `isDuplicateKey` tells a unique-index clash.
    func insertOne(_ document: BSONFields) throws {
        _ = try call(BSONDocument(document), try options()) { doc, opts, reply, error in
            mongoc_collection_insert_one(pointer, doc, opts, reply, error)
        }
    }

    /// The documents `filter` selects; `options` as for the `find` command (`sort`, `limit`, `projection`…).
    func find(_ filter: BSONFields, options findOptions: BSONFields = [:]) throws -> [BSONFields] {
        let query = BSONDocument(filter)
        let opts = try options(findOptions)
        // The cursor copies both, but they are kept alive until it is drained all the same.
        return try query.withPointer { query in
            try opts.withPointer { opts in
                guard let cursor = mongoc_collection_find_with_opts(pointer, query, opts, nil) else {
                    throw MongoError(domain: 0, code: 0, message: "libmongoc returned no cursor")
                }
                return try MongoCursor(pointer: cursor).all()
            }
        }
    }

    /// The first document `filter` selects in `sort` order.
    func findOne(_ filter: BSONFields, sort: BSONFields? = nil, projection: BSONFields? = nil) throws -> BSONFields? {
        var findOptions: BSONFields = ["limit": .int32(1)]
        if let sort { findOptions["sort"] = .document(sort) }
        if let projection { findOptions["projection"] = .document(projection) }
        return try find(filter, options: findOptions).first
    }

    /// How many documents `filter` selects.
    func count(_ filter: BSONFields) throws -> Int {
        var n: Int64 = 0
        _ = try call(BSONDocument(filter), try options()) { query, opts, reply, error in
            n = mongoc_collection_count_documents(pointer, query, opts, nil, reply, error)
            return n >= 0
        }
        return Int(n)
    }

    /// Applies `update` to the first document `filter` selects; returns how many matched (0 or 1).
    @discardableResult
    func updateOne(_ filter: BSONFields, _ update: BSONFields) throws -> Int {
        try apply(update, to: filter, many: false)
    }

    /// Applies `update` to every document `filter` selects; returns how many matched.
    @discardableResult
    func updateMany(_ filter: BSONFields, _ update: BSONFields) throws -> Int {
        try apply(update, to: filter, many: true)
    }

    private func apply(_ update: BSONFields, to filter: BSONFields, many: Bool) throws -> Int {
        let changes = BSONDocument(update)
        let opts = try options()
        let reply = try changes.withPointer { changes in
            try call(BSONDocument(filter), opts) { selector, opts, reply, error in
                many
                    ? mongoc_collection_update_many(pointer, selector, changes, opts, reply, error)
                    : mongoc_collection_update_one(pointer, selector, changes, opts, reply, error)
            }
        }
        return reply.int("matchedCount") ?? 0
    }

    /// Deletes every document `filter` selects; returns how many.
    @discardableResult
    func deleteMany(_ filter: BSONFields) throws -> Int {
        let reply = try call(BSONDocument(filter), try options()) { selector, opts, reply, error in
            mongoc_collection_delete_many(pointer, selector, opts, reply, error)
        }
        return reply.int("deletedCount") ?? 0
    }

    /// One atomic `findAndModify`: applies `update` (or removes, when `update` is `nil`) to the first
    /// document `query` selects in `sort` order, and returns it as it is after (`returnNew`) or before.
    func findAndModify(
        _ query: BSONFields, update: BSONFields?, sort: BSONFields? = nil, returnNew: Bool = true
    ) throws -> BSONFields? {
        guard let fam = mongoc_find_and_modify_opts_new() else {
            throw MongoError(domain: 0, code: 0, message: "libmongoc could not allocate findAndModify options")
        }
        defer { mongoc_find_and_modify_opts_destroy(fam) }
        // The options keep copies of what they are given.
        if let update { BSONDocument(update).withPointer { _ = mongoc_find_and_modify_opts_set_update(fam, $0) } }
        if let sort { BSONDocument(sort).withPointer { _ = mongoc_find_and_modify_opts_set_sort(fam, $0) } }
        var flags = MONGOC_FIND_AND_MODIFY_NONE.rawValue
        if update == nil { flags |= MONGOC_FIND_AND_MODIFY_REMOVE.rawValue }
        if returnNew && update != nil { flags |= MONGOC_FIND_AND_MODIFY_RETURN_NEW.rawValue }
        _ = mongoc_find_and_modify_opts_set_flags(fam, mongoc_find_and_modify_flags_t(rawValue: flags))
        if session != nil {
            try options().withPointer { _ = mongoc_find_and_modify_opts_append(fam, $0) }
        }
        let reply = BSONDocument.reply()
        try BSONDocument(query).withPointer { selector in
            try reply.withPointer { reply in
                try mongoCall(reply: reply) { mongoc_collection_find_and_modify_with_opts(pointer, selector, fam, reply, $0) }
            }
        }
        return reply.fields.document("value")
    }
}
