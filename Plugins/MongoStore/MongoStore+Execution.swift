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
    /// `body` writing in a safe order. A transaction that fails on a transient conflict runs again, with
    /// a growing pause, for up to ``transactionRetryLimit`` seconds (as the drivers' `withTransaction` does).
    func inTransaction<T: Sendable>(_ body: @escaping @Sendable (MongoDatabase) throws -> T) async throws -> T {
        guard supportsTransactions else { return try await withDatabase(body) }
        let name = databaseName
        do {
            return try await executor.run { [pool] in
                try pool.withClient { client in
                    let started = Date()
                    var attempt = 0
                    while true {
                        attempt += 1
                        let session = try client.startSession()
                        do {
                            try session.startTransaction()
                            let result = try body(MongoDatabase(client: client, name: name, session: session))
                            try session.commitTransaction()
                            return result
                        } catch let error as MongoError
                            where error.isTransient && Date().timeIntervalSince(started) < Self.transactionRetryLimit
                        {
                            session.abortTransaction()
                            usleep(UInt32.random(in: 1_000...10_000) * UInt32(min(attempt, 20)))
                        }
                    }
                }
            }
        } catch {
            throw StoreError.wrapping(error)
        }
    }

    /// How long a transaction is retried on transient conflicts, in seconds.
    static var transactionRetryLimit: Double { 60 }
}

extension MongoError {
    /// A write conflict or aborted transaction, worth running the transaction again.
    var isTransient: Bool {
        code == 112 || code == 244 || code == 251 || message.contains("Write conflict")
            || message.contains("TransientTransactionError")
    }
}

// MARK: - Filters shared by the aggregates

extension BSONValue {
    /// `{$in: [ids]}`.
    static func anyOf(_ ids: [ObjectId]) -> BSONValue {
        .document(["$in": .array(ids.map(BSONValue.objectId))])
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
}
