import Foundation
import Protocols

/// A database as seen by one job on a driver thread: a borrowed client, the database name, and the
/// session of the running transaction, if any.
struct MongoDatabase {
    let client: MongoClient
    let name: String
    let session: MongoSession?

    func collection(_ collection: String) -> MongoCollection {
        client.collection(collection, database: name, session: session)
    }

    var users: MongoCollection { collection(Collection.users) }
    var scenarios: MongoCollection { collection(Collection.scenarios) }
    var scenes: MongoCollection { collection(Collection.scenes) }
    var choices: MongoCollection { collection(Collection.choices) }
    var progress: MongoCollection { collection(Collection.progress) }
    var assets: MongoCollection { collection(Collection.assets) }
    var jobs: MongoCollection { collection(Collection.jobs) }
    var loginAttempts: MongoCollection { collection(Collection.loginAttempts) }
}

extension MongoStore {
    /// Runs `body` on a driver thread with a pooled client. Errors leave as ``StoreError``.
    func withDatabase<T: Sendable>(_ body: @escaping @Sendable (MongoDatabase) throws -> T) async throws -> T {
        let name = databaseName
        do {
            return try await executor.run { [pool] in
                try pool.withClient { client in try body(MongoDatabase(client: client, name: name, session: nil)) }
            }
        } catch {
            throw StoreError.wrapping(error)
        }
    }

    /// Runs `body` in one transaction when the deployment supports them; otherwise plainly, relying on
    /// `body` writing in a safe order.
    ///
    /// Retries follow the drivers' convenient transaction API (`withTransaction`), reading the error
    /// labels of the server's replies: a `TransientTransactionError` (from `body` or from the commit)
    /// runs the whole transaction again, after a short growing pause; an `UnknownTransactionCommitResult`
    /// from the commit retries the commit only (the transaction may have been applied). Both stop after
    /// ``transactionRetryLimit`` seconds in all; any other error aborts and is thrown.
    func inTransaction<T: Sendable>(_ body: @escaping @Sendable (MongoDatabase) throws -> T) async throws -> T {
        guard supportsTransactions else { return try await withDatabase(body) }
        let name = databaseName
        do {
            return try await executor.run { [pool] in
                try pool.withClient { client in
                    try Self.runTransaction(client: client) { session in
                        try body(MongoDatabase(client: client, name: name, session: session))
                    }
                }
            }
        } catch {
            throw StoreError.wrapping(error)
        }
    }

    /// The retry loop of ``inTransaction(_:)``, on the calling (driver) thread.
    static func runTransaction<T>(
        client: MongoClient, limit: Double = transactionRetryLimit, _ body: (MongoSession) throws -> T
    ) throws -> T {
        let started = Date()
        let session = try client.startSession()
        var attempt = 0
        transaction: while true {
            attempt += 1
            try session.startTransaction()
            let result: T
            do {
                result = try body(session)
            } catch {
                session.abortTransaction()
                let elapsed = Date().timeIntervalSince(started)
                guard TransactionRetry.afterBody(error, elapsed: elapsed, limit: limit) == .retryTransaction else {
                    throw error
                }
                backOff(attempt)
                continue transaction
            }
            while true {
                do {
                    try session.commitTransaction()
                    return result
                } catch {
                    switch TransactionRetry.afterCommit(error, elapsed: Date().timeIntervalSince(started), limit: limit) {
                    case .retryCommit:
                        continue
                    case .retryTransaction:
                        backOff(attempt)
                        continue transaction
                    case .giveUp:
                        throw error
                    }
                }
            }
        }
    }

    /// A random pause of 1 to 10 ms times the attempt number (at most 20), so that conflicting
    /// transactions do not collide again in step.
    private static func backOff(_ attempt: Int) {
        usleep(UInt32.random(in: 1_000...10_000) * UInt32(min(attempt, 20)))
    }

    /// How long a transaction is retried on transient conflicts, in seconds.
    static var transactionRetryLimit: Double { 60 }
}

/// What to do after a failure inside a transaction (the decisions of the drivers' `withTransaction`).
enum TransactionRetry: Equatable {
    case retryTransaction
    case retryCommit
    case giveUp

    /// After `body` failed: run the transaction again on a transient error, within the time limit.
    static func afterBody(_ error: any Error, elapsed: Double, limit: Double) -> TransactionRetry {
        guard elapsed < limit, let error = error as? MongoError, error.isTransientTransactionError else { return .giveUp }
        return .retryTransaction
    }

    /// After the commit failed: commit again when its result is unknown, run the transaction again on a
    /// transient error, within the time limit.
    static func afterCommit(_ error: any Error, elapsed: Double, limit: Double) -> TransactionRetry {
        guard elapsed < limit, let error = error as? MongoError else { return .giveUp }
        if error.isUnknownCommitResult { return .retryCommit }
        if error.isTransientTransactionError { return .retryTransaction }
        return .giveUp
    }
}

extension MongoError {
    /// The transaction failed as a whole and may succeed if run again: the reply's
    /// `TransientTransactionError` label. Servers that send no labels (mongoeco, whose commit conflicts
    /// carry only a message) are recognised by the codes MongoDB always labels so (WriteConflict 112,
    /// TransactionAborted 244, NoSuchTransaction 251) and by the write-conflict message.
    var isTransientTransactionError: Bool {
        hasLabel(Self.transientTransactionError)
            || (labels.isEmpty && (code == 112 || code == 244 || code == 251 || message.contains("Write conflict")))
    }

    /// The commit's outcome is unknown (e.g. the connection dropped): commit again. Not after
    /// MaxTimeMSExpired (50), as the drivers' specification says.
    var isUnknownCommitResult: Bool {
        hasLabel(Self.unknownTransactionCommitResult) && code != 50
    }
}

// MARK: - Filters shared by the aggregates

extension BSONValue {
    /// `{$in: [ids]}`.
    static func anyOf(_ ids: [ObjectId]) -> BSONValue {
        anyOf(values: ids.map(BSONValue.objectId))
    }

    /// `{$in: [values]}`.
    static func anyOf(values: [BSONValue]) -> BSONValue {
        .document(["$in": .array(values)])
    }
}

extension BSONFields {
    /// The filter selecting the document with this id.
    static func byId(_ id: ObjectId) -> BSONFields { ["_id": .objectId(id)] }
    /// Oldest first, then by id.
    static let oldestFirst: BSONFields = ["created_at": .int32(1), "_id": .int32(1)]
    /// Newest first, then by id descending.
    static let newestFirst: BSONFields = ["created_at": .int32(-1), "_id": .int32(-1)]
    /// By `order`, then by creation.
    static let byOrder: BSONFields = ["order": .int32(1), "created_at": .int32(1), "_id": .int32(1)]
}

extension MongoCollection {
    /// The documents selected, sorted.
    func find(_ filter: BSONFields, sort: BSONFields) throws -> [BSONFields] {
        try find(filter, options: ["sort": .document(sort)])
    }

    /// Inserts `document`; a clash on `_id` or another unique index throws `duplicate`.
    ///
    /// A clash with a document identical to this one is our own write landing twice (libmongoc retries
    /// a write whose answer was lost, and on a standalone server nothing deduplicates the retry), so it
    /// counts as success.
    func insert(_ document: BSONFields, duplicate: (MongoError) -> StoreError) throws {
        do {
            try insertOne(document)
        } catch let error as MongoError where error.isDuplicateKey {
            if case .objectId(let id)? = document["_id"], let existing = try findOne(.byId(id)),
                existing == BSONDocument(document).fields
            {
                return
            }
            throw duplicate(error)
        }
    }

    /// Whether a document with this id exists.
    func exists(_ id: ObjectId) throws -> Bool {
        try count(.byId(id)) > 0
    }

    /// Adds `value` to the array `field` of document `id` (`$addToSet`).
    ///
    /// The update selects the document only when `field` is an array, so healthy data costs one write.
    /// Old documents may hold `null` (or nothing) there, on which `$addToSet` would fail: the update then
    /// selects nothing, ``ensureArray(field:in:id:)`` makes the field `[]`, and the value is added again.
    /// A failing write cannot be caught and retried here, as ``MongoStore/appendStep(_:toProgress:at:)``
    /// does: this runs inside transactions, which a failed write aborts on a replica set.
    func addToArray(_ field: String, _ value: ObjectId, of id: ObjectId) throws {
        let add: BSONFields = ["$addToSet": .document([field: .objectId(value)])]
        if try updateOne(["_id": .objectId(id), field: .document(["$type": .string("array")])], add) > 0 { return }
        guard try ensureArray(field: field, in: id) else { return }  // no such document
        try updateOne(.byId(id), add)
    }

    /// Makes `field` of document `id` an empty array when it is not an array (`null`, missing, another
    /// type: old data); whether it changed something. The repair after a write that needs an array
    /// (`$addToSet`, `$push`) did not apply; healthy data never pays for it.
    @discardableResult
    func ensureArray(field: String, in id: ObjectId) throws -> Bool {
        try updateOne(
            ["_id": .objectId(id), field: .document(["$not": .document(["$type": .string("array")])])],
            ["$set": .document([field: .array([])])]) > 0
    }

    /// Removes `value` from the array `field` of document `id` (`$pull`); the filter only selects the
    /// document when that array holds `value`, so a `null` left by old data is no error.
    func pullFromArray(_ field: String, _ value: ObjectId, of id: ObjectId) throws {
        try updateOne(["_id": .objectId(id), field: .objectId(value)], ["$pull": .document([field: .objectId(value)])])
    }
}

extension Array where Element == BSONFields {
    /// The documents as values. A document whose `_id` is not an ObjectId (written by hand or by another
    /// tool: the store could not address it anyway) is skipped instead of failing the whole listing.
    func decoded<T>(_ decode: (BSONFields) throws -> T) rethrows -> [T] {
        try compactMap { $0.id == nil ? nil : try decode($0) }
    }
}
