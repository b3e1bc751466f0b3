import CMongoC

/// A `mongoc_client_session_t`, ended when this object goes. Only on the thread that holds its client.
final class MongoSession {
    private let pointer: OpaquePointer
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
        try options.withPointer { options in
            try mongoCall { mongoc_client_session_append(pointer, options, $0) }
        }
    }

    func startTransaction() throws {
        try mongoCall { mongoc_client_session_start_transaction(pointer, nil, $0) }
        inTransaction = true
    }

    /// Commits the running transaction; called again after an `UnknownTransactionCommitResult` failure,
    /// it retries the commit (libmongoc then asks for a majority write concern).
    /// - Throws: a ``MongoError`` carrying the reply's error labels.
    func commitTransaction() throws {
        let reply = BSONDocument.reply()
        // Once commit has been asked, the transaction can no longer be aborted, only committed again.
        inTransaction = false
        try reply.withPointer { reply in
            try mongoCall(reply: reply) { mongoc_client_session_commit_transaction(pointer, reply, $0) }
        }
    }

    /// Aborts the running transaction, if any; errors are ignored (the server drops it anyway).
    func abortTransaction() {
        guard inTransaction else { return }
        inTransaction = false
        var error = bson_error_t()
        _ = mongoc_client_session_abort_transaction(pointer, &error)
    }
}
