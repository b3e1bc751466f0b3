@testable import MongoStore
import StoreConformance
import Testing

/// The conformance suite again with multi-document writes forced into transactions, so that the
/// transactional path runs even where the test server is not a replica set (mongoeco accepts
/// transactions on its single node). Only the cases of multi-document writes run again (users, jobs
/// and login attempts are single-document writes, which transactions do not change). On mongoeco it uses a private server, serially: its memory engine
/// fails a commit after any other write anywhere, so the other suites' writes would make it retry.
@Suite("MongoStore conformance in transactions", .serialized, .enabled(if: MongoTestEnvironment.shouldRun, "MONGODB_URI is not set"))
struct TransactionalConformanceTests {
    @Test(arguments: StoreConformance.multiRecordCases)
    func conformance(_ conformanceCase: StoreConformanceCase) async throws {
        guard let uri = try await Self.transactionalURI() else { return }
        try await MongoTestEnvironment.withFreshDatabase(uri: uri) { name in
            var settings = MongoSettings(uri: uri, databaseName: name, poolSize: 4)
            settings.forceTransactions = true
            try await conformanceCase.run { [settings] in try await MongoStore.connect(settings) }
        }
    }

    /// Where to run: the test server when it is a replica set or mongos, a private mongoeco server when
    /// it is mongoeco, `nil` for a real standalone server (which refuses transactions).
    static func transactionalURI() async throws -> String? {
        let uri = try MongoTestEnvironment.requireURI()
        let store = try await MongoStore.connect(MongoSettings(uri: uri, poolSize: 1))
        let hello = try await store.withDatabase { db in try db.client.command(["hello": .int32(1)], database: "admin") }
        try await store.close()
        if store.supportsTransactions { return uri }
        return hello.string("gitVersion") == "mongoeco" ? try await SharedWireServer.shared.uri() : nil
    }
}
