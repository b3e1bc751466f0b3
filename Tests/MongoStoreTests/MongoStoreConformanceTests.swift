import MongoStore
import StoreConformance
import Testing

/// MongoStore passes the shared store suite, each case on a fresh database of `MONGODB_URI`.
@Suite("MongoStore conformance", .enabled(if: MongoTestEnvironment.shouldRun, "MONGODB_URI is not set"))
struct MongoStoreConformanceTests {
    @Test(arguments: StoreConformance.allCases)
    func conformance(_ conformanceCase: StoreConformanceCase) async throws {
        let uri = try MongoTestEnvironment.requireURI()
        try await MongoTestEnvironment.withFreshDatabase { name in
            try await conformanceCase.run { try await MongoStore.connect(MongoSettings(uri: uri, databaseName: name, poolSize: 4)) }
        }
    }
}
