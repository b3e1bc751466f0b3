import CMongoC

/// A `mongoc_collection_t`, destroyed with this object; every operation joins the session given
/// at creation (and so its transaction, if one is open).
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

    /// Inserts one document. - Throws: a ``MongoError`` whose `isDuplicateKey` tells a unique-index clash.
    func insertOne(_ document: BSONFields) throws {
        let doc = BSONDocument(document)
        let opts = try options()
        let reply = BSONDocument.reply()
        try mongoCall { mongoc_collection_insert_one(pointer, doc.pointer, opts.pointer, reply.pointer, $0) }
    }

    /// The documents `filter` selects; `options` as for the `find` command (`sort`, `limit`, `projection`…).
    func find(_ filter: BSONFields, options findOptions: BSONFields = [:]) throws -> [BSONFields] {
        let query = BSONDocument(filter)
        let opts = try options(findOptions)
        guard let cursor = mongoc_collection_find_with_opts(pointer, query.pointer, opts.pointer, nil) else {
            throw MongoError(domain: 0, code: 0, message: "libmongoc returned no cursor")
        }
        return try MongoCursor(pointer: cursor).all()
    }

    /// The first document `filter` selects in `sort` order.
    func findOne(_ filter: BSONFields, sort: BSONFields? = nil) throws -> BSONFields? {
        var findOptions: BSONFields = ["limit": .int32(1)]
        if let sort { findOptions["sort"] = .document(sort) }
        return try find(filter, options: findOptions).first
    }

    /// How many documents `filter` selects.
    func count(_ filter: BSONFields) throws -> Int {
        let query = BSONDocument(filter)
        let opts = try options()
        let reply = BSONDocument.reply()
        var error = bson_error_t()
        let n = mongoc_collection_count_documents(pointer, query.pointer, opts.pointer, nil, reply.pointer, &error)
        if n < 0 { throw MongoError(error) }
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
        let selector = BSONDocument(filter)
        let changes = BSONDocument(update)
        let opts = try options()
        let reply = BSONDocument.reply()
        if many {
            try mongoCall { mongoc_collection_update_many(pointer, selector.pointer, changes.pointer, opts.pointer, reply.pointer, $0) }
        } else {
            try mongoCall { mongoc_collection_update_one(pointer, selector.pointer, changes.pointer, opts.pointer, reply.pointer, $0) }
        }
        return reply.fields.int("matchedCount") ?? 0
    }

    /// Deletes every document `filter` selects; returns how many.
    @discardableResult
    func deleteMany(_ filter: BSONFields) throws -> Int {
        let selector = BSONDocument(filter)
        let opts = try options()
        let reply = BSONDocument.reply()
        try mongoCall { mongoc_collection_delete_many(pointer, selector.pointer, opts.pointer, reply.pointer, $0) }
        return reply.fields.int("deletedCount") ?? 0
    }

    /// One atomic `findAndModify`: applies `update` (or removes, when `update` is `nil`) to the first
    /// document `query` selects in `sort` order, and returns it as it is after (`returnNew`) or before.
    func findAndModify(
        _ query: BSONFields, update: BSONFields?, sort: BSONFields? = nil, returnNew: Bool = true
    ) throws -> BSONFields? {
        let selector = BSONDocument(query)
        guard let fam = mongoc_find_and_modify_opts_new() else {
            throw MongoError(domain: 0, code: 0, message: "libmongoc could not allocate findAndModify options")
        }
        defer { mongoc_find_and_modify_opts_destroy(fam) }
        // Kept alive until the call: the options refer to copies, but keep ownership obvious.
        let changes = update.map(BSONDocument.init)
        let order = sort.map(BSONDocument.init)
        if let changes { _ = mongoc_find_and_modify_opts_set_update(fam, changes.pointer) }
        if let order { _ = mongoc_find_and_modify_opts_set_sort(fam, order.pointer) }
        var flags = MONGOC_FIND_AND_MODIFY_NONE.rawValue
        if update == nil { flags |= MONGOC_FIND_AND_MODIFY_REMOVE.rawValue }
        if returnNew && update != nil { flags |= MONGOC_FIND_AND_MODIFY_RETURN_NEW.rawValue }
        _ = mongoc_find_and_modify_opts_set_flags(fam, mongoc_find_and_modify_flags_t(rawValue: flags))
        if session != nil {
            let extra = try options()
            _ = mongoc_find_and_modify_opts_append(fam, extra.pointer)
        }
        let reply = BSONDocument.reply()
        try mongoCall { mongoc_collection_find_and_modify_with_opts(pointer, selector.pointer, fam, reply.pointer, $0) }
        return reply.fields.document("value")
    }
}
