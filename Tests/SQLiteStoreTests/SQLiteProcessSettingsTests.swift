import GRDBSQLite
import Protocols
@testable import SQLiteStore
import Testing

/// SQLite's process-wide settings (``SQLiteProcessSettings``). Which test opens SQLite first in this
/// process is not fixed, so these check that the store says the truth either way; the server
/// process test checks that a server, where the store opens SQLite first, turns them off.
@Suite("SQLiteStore process settings")
struct SQLiteProcessSettingsTests {
    @Test("memory statistics are off exactly when the store says so: SQLite then counts no memory in use, and the store warns when they stayed on")
    func memoryStatisticsAreOffWhenTheStoreSaysSo() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.path("story.sqlite"))
        _ = try await store.users(ids: [ObjectId()])
        let counted = sqlite3_memory_used() > 0
        #expect(store.memoryStatisticsOff == !counted)
        #expect(store.startUpWarnings.contains { $0.contains("memory statistics stay on") } == counted)
        try await store.close()
    }
}
