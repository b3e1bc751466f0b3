import Foundation
import GRDB
import Protocols
@testable import SQLiteStore
import Testing

/// The connections reads run on, apart from the pool (``ReaderConnections``).
@Suite("SQLiteStore readers")
struct ReaderConnectionsTests {
    @Test("a read sees what a write committed just before it, on a connection that is read-only")
    func readsSeeCommittedWrites() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.path("story.sqlite"))
        let readers = ReaderConnections(path: store.path, configuration: Configuration(), limit: 2)
        for i in 0..<3 {
            let user = User(email: "reader\(i)@example.com", passwordHash: "x", role: .player)
            try await store.insertUser(user)
            let count = try readers.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM users") }
            #expect(count == i + 1)
            #expect(try await store.users(ids: [user.id]).map(\.email) == [user.email])
        }
        #expect(throws: DatabaseError.self) {
            try readers.read { db in try db.execute(sql: "DELETE FROM users") }
        }
        try readers.close()
        try await store.close()
    }

    @Test("when every connection is lent, a read is left to the pool; a returned one is lent again")
    func beyondTheLimitTheReadGoesToThePool() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.path("story.sqlite"))
        let readers = ReaderConnections(path: store.path, configuration: Configuration(), limit: 1)
        let inner = try readers.read { _ in try readers.read { _ in 1 } }
        #expect(inner == .some(nil))
        #expect(try readers.read { db in try Int.fetchOne(db, sql: "SELECT 1") } == 1)
        try readers.close()
    }

    @Test("after the store is closed, a read fails as unavailable instead of opening a new connection")
    func closedStoreRefusesReads() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.path("story.sqlite"))
        try await store.ping()
        let readers = ReaderConnections(path: store.path, configuration: Configuration(), limit: 2)
        // A connection lent while the readers close is closed when it comes back, not lent again.
        let lentDuringClose = try readers.read { _ in try readers.close() }
        #expect(lentDuringClose != nil)
        #expect(throws: ReaderConnectionsClosed.self) { try readers.read { _ in 1 } }
        try await store.close()
        await #expect(throws: StoreError.self) { try await store.ping() }
        await #expect(throws: StoreError.self) { try await store.users(ids: [ObjectId()]) }
    }

    @Test("the store's reads run on them, and the store counts their statements as the pool's")
    func storeReadsUseThem() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let counter = StatementCounter()
        let store = try SQLiteStore(path: directory.path("story.sqlite"), onStatement: { counter.record($0) })
        let user = User(email: "lent@example.com", passwordHash: "x", role: .player)
        try await store.insertUser(user)
        counter.reset()
        _ = try await store.users(ids: [user.id])
        _ = try await store.user(email: user.email)
        #expect(counter.queries.count == 2, "\(counter.queries)")
        #expect(store.readers.opened == 1)
        try await store.close()
    }
}
