@testable import MongoStore
import StoreConformance
import Testing

/// The conformance suite again with multi-document writes forced into transactions, so that the
/// transactional path runs even where the test server is not a replica set (mongoeco accepts
/// transactions on its single node). Serialized: mongoeco's memory engine fails a commit after any
/// other write anywhere, which the store retries, but not endlessly.
@Suite("MongoStore conformance in transactions", .serialized, .enabled(if: MongoTestEnvironment.shouldRun, "MONGODB_URI is not set"))
struct TransactionalConformanceTests {
    @Test(arguments: StoreConformance.allCases)
    func conformance(_ conformanceCase: StoreConformanceCase) async throws {
        guard try await Self.serverTakesTransactions() else { return }
        var settings = MongoSettings(
            uri: try MongoTestEnvironment.requireURI(), databaseName: MongoTestEnvironment.freshDatabaseName(), poolSize: 4)
        settings.forceTransactions = true
        try await conformanceCase.run { [settings] in try await MongoStore.connect(settings) }
    }

    /// Whether the test server runs transactions: a replica set, mongos, or mongoeco (not a real standalone).
    static func serverTakesTransactions() async throws -> Bool {
        let store = try await MongoTestEnvironment.makeFreshStore(poolSize: 1)
        let hello = try await store.withDatabase { db in try db.client.command(["hello": .int32(1)], database: "admin") }
        try await store.close()
        return store.supportsTransactions || hello.string("gitVersion") == "mongoeco"
    }
}
