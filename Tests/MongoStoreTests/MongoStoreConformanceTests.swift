import MongoStore
import StoreConformance
import Testing

/// MongoStore passes the shared store suite, each case on a fresh database of `MONGODB_URI`.
@Suite("MongoStore conformance", .enabled(if: MongoTestEnvironment.shouldRun, "MONGODB_URI is not set"))
struct MongoStoreConformanceTests {
    @Test(arguments: StoreConformance.allCases)
    func conformance(_ conformanceCase: StoreConformanceCase) async throws {
        try await conformanceCase.run { try await MongoTestEnvironment.makeFreshStore() }
    }
}
