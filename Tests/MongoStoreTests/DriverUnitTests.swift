import Foundation
@testable import MongoStore
import Protocols
import Testing

/// The Swift layer over libmongoc, without a server: BSON building, error labels, the transaction
/// retry decisions, the URI's defaults and the database name, and the plan for writing `history`.
@Suite("MongoStore driver layer")
struct DriverUnitTests {
    @Test("nested documents and arrays survive building and reading (the children outlive their append)")
    func nestedRoundTrip() {
        let id = ObjectId()
        var deep: BSONValue = .document(["leaf": .string("x"), "id": .objectId(id)])
        for level in 0..<20 {
            deep = level % 2 == 0 ? .array([deep, .int32(Int32(level)), .null]) : .document(["level\(level)": deep, "b": .bool(true)])
        }
        let fields: BSONFields = [
            "deep": deep, "list": .array((0..<100).map { .document(["i": .int32(Int32($0)), "s": .string(String($0))]) }),
            "date": .date(Date(timeIntervalSince1970: 1_700_000_000.123)), "big": .int64(1 << 40), "d": .double(2.5),
        ]
        for _ in 0..<50 {
            #expect(BSONDocument(fields).fields == fields)
        }
    }

    @Test("a failure's error labels are read from its reply with mongoc_error_has_label")
    func labelsFromReply() {
        let reply = BSONDocument(["ok": .double(0), "errorLabels": .array([.string("TransientTransactionError")])])
        #expect(reply.withPointer { MongoError.labels(in: $0) } == ["TransientTransactionError"])
        let both = BSONDocument([
            "errorLabels": .array([.string("UnknownTransactionCommitResult"), .string("TransientTransactionError")]),
        ])
        #expect(both.withPointer { MongoError.labels(in: $0) } == ["TransientTransactionError", "UnknownTransactionCommitResult"])
        #expect(BSONDocument(["ok": .double(0)]).withPointer { MongoError.labels(in: $0) }.isEmpty)
    }

    @Test("transaction retries: labels decide, as in the drivers' withTransaction, within the time limit")
    func retryDecisions() {
        let transient = MongoError(domain: 17, code: 9001, message: "injected", labels: ["TransientTransactionError"])
        let unknown = MongoError(domain: 17, code: 91, message: "shutting down", labels: ["UnknownTransactionCommitResult"])
        let unknownTimeout = MongoError(domain: 17, code: 50, message: "MaxTimeMSExpired", labels: ["UnknownTransactionCommitResult"])
        let plain = MongoError(domain: 17, code: 9001, message: "some failure")
        let unlabelledConflict = MongoError(domain: 17, code: 0, message: "Write conflict during transaction commit")

        #expect(TransactionRetry.afterBody(transient, elapsed: 1, limit: 60) == .retryTransaction)
        #expect(TransactionRetry.afterBody(plain, elapsed: 1, limit: 60) == .giveUp)
        #expect(TransactionRetry.afterBody(unknown, elapsed: 1, limit: 60) == .giveUp)
        #expect(TransactionRetry.afterBody(StoreError.notFound(entity: "scene", id: ObjectId()), elapsed: 1, limit: 60) == .giveUp)
        #expect(TransactionRetry.afterBody(transient, elapsed: 61, limit: 60) == .giveUp)

        #expect(TransactionRetry.afterCommit(unknown, elapsed: 1, limit: 60) == .retryCommit)
        #expect(TransactionRetry.afterCommit(unknownTimeout, elapsed: 1, limit: 60) == .giveUp)
        #expect(TransactionRetry.afterCommit(transient, elapsed: 1, limit: 60) == .retryTransaction)
        #expect(TransactionRetry.afterCommit(plain, elapsed: 1, limit: 60) == .giveUp)
        #expect(TransactionRetry.afterCommit(unknown, elapsed: 60, limit: 60) == .giveUp)
        // Servers that send no labels (mongoeco) are still retried on a write conflict.
        #expect(TransactionRetry.afterCommit(unlabelledConflict, elapsed: 1, limit: 60) == .retryTransaction)
        #expect(TransactionRetry.afterBody(MongoError(domain: 17, code: 112, message: "WriteConflict"), elapsed: 1, limit: 60) == .retryTransaction)
    }

    @Test("socketTimeoutMS defaults to 30 s unless the URI sets it; the URI's own timeouts always win")
    func socketTimeoutDefault() throws {
        let plain = try MongoURI("mongodb://db.example:27017/stories")
        MongoStore.applyDefaultTimeouts(to: plain)
        #expect(plain.intOption("socketTimeoutMS") == 30_000)
        #expect(plain.intOption("serverSelectionTimeoutMS") == 5000 && plain.intOption("connectTimeoutMS") == 5000)

        let own = try MongoURI("mongodb://db.example:27017/stories?socketTimeoutMS=1234&connectTimeoutMS=777")
        MongoStore.applyDefaultTimeouts(to: own)
        #expect(own.intOption("socketTimeoutMS") == 1234)
        #expect(own.intOption("connectTimeoutMS") == 777 && own.intOption("serverSelectionTimeoutMS") == 5000)

        let none = try MongoURI("mongodb://db.example:27017/?socketTimeoutMS=0")
        MongoStore.applyDefaultTimeouts(to: none)
        #expect(none.intOption("socketTimeoutMS") == 0, "an explicit 0 (no timeout) is the URI's choice")
    }

    @Test("the database: MONGODB_DB_NAME, else the URI's path, else veh_tpi")
    func databaseNameFallback() throws {
        func name(_ uri: String, _ setting: String? = nil) throws -> String {
            MongoStore.databaseName(MongoSettings(uri: uri, databaseName: setting), uri: try MongoURI(uri))
        }
        #expect(try name("mongodb://db.example:27017/foo") == "foo")
        #expect(try name("mongodb://db.example:27017/foo?replicaSet=rs0&authSource=admin") == "foo")
        #expect(try name("mongodb://db.example:27017") == "veh_tpi")
        #expect(try name("mongodb://db.example:27017/") == "veh_tpi")
        #expect(try name("mongodb://db.example:27017/?authSource=admin") == "veh_tpi")
        #expect(try name("mongodb://db.example:27017/foo", "stories") == "stories")
        #expect(try name("mongodb://db.example:27017", "stories") == "stories")
        let settings = try MongoSettings(settings: DictionarySettings(["MONGODB_URI": "mongodb://db.example/bar"]))
        #expect(MongoStore.databaseName(settings, uri: try MongoURI(settings.uri)) == "bar")
    }

    // MARK: The history write of updateProgress

    let a = HistoryEntry(sceneId: ObjectId(), timestamp: Date(timeIntervalSince1970: 1_700_000_000))
    let b = HistoryEntry(sceneId: ObjectId(), choiceId: ObjectId(), timestamp: Date(timeIntervalSince1970: 1_700_000_001))
    let c = HistoryEntry(sceneId: ObjectId(), choiceId: ObjectId(), timestamp: Date(timeIntervalSince1970: 1_700_000_002),
                         metadata: .object(["k": .int(1)]))

    func stored(_ entries: [HistoryEntry]) -> BSONValue { .array(entries.map { .document($0.document) }) }

    @Test("updateProgress leaves an unchanged history out of the update, so a concurrent $push stays")
    func historyUnchanged() {
        let plan = HistoryUpdate.plan(new: [a, b], stored: stored([a, b]))
        #expect(plan == HistoryUpdate())
        let update = plan.update(with: StoredFields(set: ["total_time_spent": .int32(3)]))
        #expect(update == ["$set": .document(["total_time_spent": .int32(3)])])
        #expect(HistoryUpdate.plan(new: [], stored: nil) == HistoryUpdate())
        #expect(HistoryUpdate.plan(new: [], stored: .null) == HistoryUpdate())
    }

    @Test("going back cuts the stored array in place, on the condition that its length is still the one read")
    func historyGoingBack() {
        let plan = HistoryUpdate.plan(new: [a], stored: stored([a, b, c]))
        #expect(plan.condition == ["history": .document(["$size": .int32(3)])])
        #expect(plan.operators == ["$push": .document(["$each": .array([]), "$slice": .int32(1)])])
        let update = plan.update(with: StoredFields(set: ["is_completed": .bool(false)], unset: ["completed_at"]))
        #expect(update == [
            "$set": .document(["is_completed": .bool(false)]),
            "$unset": .document(["completed_at": .string("")]),
            "$push": .document(["history": .document(["$each": .array([]), "$slice": .int32(1)])]),
        ])
    }

    @Test("a longer history pushes the new steps; a different one replaces it; both on the length read")
    func historyExtendedOrReplaced() {
        let longer = HistoryUpdate.plan(new: [a, b, c], stored: stored([a]))
        #expect(longer.condition == ["history": .document(["$size": .int32(1)])])
        #expect(longer.operators == ["$push": .document(["$each": .array([.document(b.document), .document(c.document)])])])
        let other = HistoryUpdate.plan(new: [c], stored: stored([a, b]))
        #expect(other.condition == ["history": .document(["$size": .int32(2)])])
        #expect(other.operators == ["$set": .array([.document(c.document)])])
        let fromNull = HistoryUpdate.plan(new: [a], stored: .null)
        #expect(fromNull.condition == ["history": .null] && fromNull.operators == ["$set": .array([.document(a.document)])])
        let fromMissing = HistoryUpdate.plan(new: [a], stored: nil)
        #expect(fromMissing.condition == ["history": .document(["$exists": .bool(false)])])
    }

    @Test("stored items that do not read as steps are kept while the history read is unchanged")
    func historyWithUnreadableItems() {
        let raw: BSONValue = .array([.document(a.document), .string("junk"), .document(b.document)])
        #expect(HistoryUpdate.plan(new: [a, b], stored: raw) == HistoryUpdate())
        let back = HistoryUpdate.plan(new: [a], stored: raw)
        #expect(back.condition == ["history": .document(["$size": .int32(3)])])
        #expect(back.operators == ["$set": .array([.document(a.document)])])
    }
}
