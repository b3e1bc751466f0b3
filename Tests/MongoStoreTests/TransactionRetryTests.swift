import Foundation
@testable import MongoStore
import Protocols
import Testing

/// Transactions are retried on the server's error labels (as the drivers' `withTransaction` does), not on
/// error codes: failures are injected with `configureFailPoint` on a private mongoeco server, with a code
/// no fallback knows, so only the label can make the store run the transaction again.
@Suite("MongoStore retries transactions by error label", .serialized, .enabled(if: MongoTestEnvironment.shouldRun, "MONGODB_URI is not set"))
struct TransactionRetryTests {
    /// A store forced into transactions on a private server, a scenario in it, and the server.
    func transactionalStore() async throws -> (MongoStore, Scenario, WireServerProcess) {
        let server = try await WireServerProcess()
        var settings = MongoSettings(uri: server.uri, databaseName: "retry_test", poolSize: 2)
        settings.forceTransactions = true
        let store = try await MongoStore.connect(settings)
        let scenario = Scenario(title: "T", authorId: ObjectId())
        try await store.insertScenario(scenario)
        return (store, scenario, server)
    }

    /// Makes the next `command` fail once with `code` and `labels`.
    func failNext(_ command: String, code: Int32, labels: [String], _ store: MongoStore) async throws {
        _ = try await store.withDatabase { db in
            try db.client.command([
                "configureFailPoint": .string("failCommand"), "mode": .document(["times": .int32(1)]),
                "data": .document([
                    "failCommands": .array([.string(command)]), "errorCode": .int32(code),
                    "errorMessage": .string("injected failure"), "errorLabels": .array(labels.map(BSONValue.string)),
                ]),
            ], database: "admin")
        }
    }

    @Test("a TransientTransactionError inside the transaction runs it again: the scene lands once, in step")
    func transientLabelRetried() async throws {
        let (store, scenario, server) = try await transactionalStore()
        try await failNext("update", code: 9001, labels: ["TransientTransactionError"], store)
        let scene = Scene(scenarioId: scenario.id, title: "S")
        try await store.insertScene(scene)
        #expect(try await store.scenes(scenarioIds: [scenario.id]).map(\.id) == [scene.id])
        let dump = try PyMongo.dump(database: "retry_test", uri: server.uri)
        #expect(oids(dump["scenarios"]?.document(scenario.id)?["scenes"]) == [scene.id.hexString])
        #expect(dump["scenes"]?.count == 1)
        try await store.close()
        server.stop()
    }

    @Test("the same failure without the label is not retried: the transaction is aborted and nothing lands")
    func unlabelledFailureNotRetried() async throws {
        let (store, scenario, server) = try await transactionalStore()
        try await failNext("update", code: 9001, labels: [], store)
        await #expect(throws: StoreError.self) {
            try await store.insertScene(Scene(scenarioId: scenario.id, title: "S"))
        }
        #expect(try await store.scenes(scenarioIds: [scenario.id]).isEmpty)
        try await store.close()
        server.stop()
    }

    @Test("the failure's labels reach the caller's error (read from the reply)")
    func labelsCarried() async throws {
        let (store, _, server) = try await transactionalStore()
        try await failNext("insert", code: 9001, labels: ["TransientTransactionError"], store)
        let error = try await store.withDatabase { db -> MongoError? in
            do {
                try db.collection("labels").insertOne(["_id": .objectId(ObjectId())])
                return nil
            } catch let error as MongoError {
                return error
            }
        }
        #expect(error?.code == 9001 && error?.labels == ["TransientTransactionError"])
        try await failNext("find", code: 9002, labels: ["TransientTransactionError"], store)
        let findError = try await store.withDatabase { db -> MongoError? in
            do {
                _ = try db.collection("labels").find([:])
                return nil
            } catch let error as MongoError {
                return error
            }
        }
        #expect(findError?.code == 9002 && findError?.labels == ["TransientTransactionError"])
        try await store.close()
        server.stop()
    }
}
