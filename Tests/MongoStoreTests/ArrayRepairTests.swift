import Foundation
@testable import MongoStore
import Protocols
import Testing

/// `addToArray` on the denormalised arrays: one update on healthy data, and the `ensureArray` repair
/// (with a second `$addToSet`) only where old data holds something else. Updates are counted with the
/// server's `opcounters`, so each case runs on a private mongoeco server no other test writes to.
@Suite("MongoStore repairs odd arrays only when needed", .enabled(if: MongoTestEnvironment.shouldRun, "MONGODB_URI is not set"))
struct ArrayRepairTests {
    /// The server's count of update statements so far.
    static func updates(_ store: MongoStore) async throws -> Int {
        let status = try await store.withDatabase { db in try db.client.command(["serverStatus": .int32(1)], database: "admin") }
        return try #require(status.document("opcounters")?.int("update"))
    }

    /// The `scenes` array of scenario `id` as stored.
    static func scenes(_ store: MongoStore, of id: ObjectId) async throws -> BSONValue? {
        try await store.withDatabase { db in try db.scenarios.findOne(.byId(id))?["scenes"] }
    }

    /// Runs `body` with a store on a private server; forced into transactions when asked.
    func withPrivateStore(transactions: Bool, _ body: (MongoStore) async throws -> Void) async throws {
        let server = try await WireServerProcess()
        defer { server.stop() }
        var settings = MongoSettings(uri: server.uri, databaseName: MongoTestEnvironment.freshDatabaseName(), poolSize: 2)
        settings.forceTransactions = transactions
        let store = try await MongoStore.connect(settings)
        do {
            try await body(store)
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }

    @Test("healthy data: one update per addToArray; null, absent or another type: repaired, then added", arguments: [false, true])
    func addToArray(transactions: Bool) async throws {
        try await withPrivateStore(transactions: transactions) { store in
            let scenario = Scenario(title: "T", authorId: ObjectId())
            try await store.insertScenario(scenario)
            let first = ObjectId()
            let second = ObjectId()
            let add: @Sendable (ObjectId) async throws -> Void = { value in
                try await store.inTransaction { db in try db.scenarios.addToArray("scenes", value, of: scenario.id) }
            }

            var before = try await Self.updates(store)
            try await add(first)
            try await add(first)  // already there: still one update, no duplicate
            #expect(try await Self.updates(store) - before == 2)
            #expect(try await Self.scenes(store, of: scenario.id) == .array([.objectId(first)]))

            let odd: [(String, BSONFields)] = [
                ("null", ["$set": .document(["scenes": .null])]),
                ("absent", ["$unset": .document(["scenes": .string("")])]),
                ("a string", ["$set": .document(["scenes": .string("x")])]),
            ]
            for (what, spoil) in odd {
                try await store.withDatabase { db in _ = try db.scenarios.updateOne(.byId(scenario.id), spoil) }
                before = try await Self.updates(store)
                try await add(second)
                // The $addToSet that selected nothing, ensureArray, the $addToSet again.
                #expect(try await Self.updates(store) - before == 3, "\(what)")
                #expect(try await Self.scenes(store, of: scenario.id) == .array([.objectId(second)]), "\(what)")
            }

            // A document that does not exist: nothing is written, nothing created, no error.
            let missing = ObjectId()
            try await store.inTransaction { db in try db.scenarios.addToArray("scenes", first, of: missing) }
            #expect(try await store.withDatabase { db in try db.scenarios.exists(missing) } == false)
        }
    }
}
