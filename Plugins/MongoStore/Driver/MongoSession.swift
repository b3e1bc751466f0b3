import CMongoC

/// A `mongoc_client_session_t`, ended when this object goes. Only on the thread that holds its client.
final class MongoSession {
    let pointer: OpaquePointer
    private var inTransaction = false

    init(pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        if inTransaction { abortTransaction() }
        mongoc_client_session_destroy(pointer)
    }

    /// Adds the session id to an operation's options.
    func append(to options: BSONDocument) throws {
        try mongoCall { mongoc_client_session_append(pointer, options.pointer, $0) }
    }

    func startTransaction() throws {
        try mongoCall { mongoc_client_session_start_transaction(pointer, nil, $0) }
        inTransaction = true
    }

    func commitTransaction() throws {
        let reply = BSONDocument.reply()
        inTransaction = false
        try mongoCall { mongoc_client_session_commit_transaction(pointer, reply.pointer, $0) }
    }

    func abortTransaction() {
        inTransaction = false
        var error = bson_error_t()
        _ = mongoc_client_session_abort_transaction(pointer, &error)
    }
}
