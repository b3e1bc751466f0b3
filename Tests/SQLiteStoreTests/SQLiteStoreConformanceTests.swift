import Foundation
import Protocols
import SQLiteStore
import StoreConformance
import Testing

/// SQLiteStore passes the shared store suite, each case on a fresh database file.
@Suite("SQLiteStore conformance")
struct SQLiteStoreConformanceTests {
    @Test(arguments: StoreConformance.allCases)
    func conformance(_ conformanceCase: StoreConformanceCase) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await conformanceCase.run { try SQLiteStore(path: directory.path("story.sqlite")) }
    }
}
