import CMongoC

/// A client borrowed from the pool (not owned: the pool takes it back).
struct MongoClient {
    let pointer: OpaquePointer

    /// Runs a command on database `database`, returning the server's reply.
    /// - Throws: a ``MongoError`` carrying the reply's error labels.
    func command(_ command: BSONFields, database: String) throws -> BSONFields {
        let cmd = BSONDocument(command)
        let reply = BSONDocument.reply()
        try cmd.withPointer { cmd in
            try reply.withPointer { reply in
                try mongoCall(reply: reply) { mongoc_client_command_simple(pointer, database, cmd, nil, reply, $0) }
            }
        }
        return reply.fields
    }

    /// The collection `name` of `database`, whose operations join `session` when given.
    func collection(_ name: String, database: String, session: MongoSession? = nil) -> MongoCollection {
        MongoCollection(pointer: mongoc_client_get_collection(pointer, database, name), session: session)
    }

    /// Starts a causally consistent session.
    func startSession() throws -> MongoSession {
        var error = bson_error_t()
        guard let session = mongoc_client_start_session(pointer, nil, &error) else { throw MongoError(error) }
        return MongoSession(pointer: session)
    }
}
