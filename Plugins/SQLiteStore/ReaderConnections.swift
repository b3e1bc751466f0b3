import Foundation
import GRDB
import Synchronization

/// Read-only connections to the store's file, each lent to one read at a time.
///
/// `DatabasePool` lends its readers through GCD: a concurrent queue, a semaphore, a group and a
/// lock made of barrier blocks, taken twice a read. When two threads read at once, the barrier
/// blocks make one of them sleep and be woken (measured in the server: a token's user read cost
/// ~110 µs of CPU a request, ~10 µs of it SQLite's). Here a read takes a connection from a free list
/// under a mutex, and runs on it in the calling thread (the connection's own queue is idle, since no
/// other read holds it). When every connection is lent, the read goes to the pool, which waits.
///
/// The file is in WAL mode (the pool sets it), so these readers see every committed write, and a
/// read never waits for the writer.
final class ReaderConnections: Sendable {
    private let path: String
    private let configuration: Configuration
    private let limit: Int
    private let state = Mutex<(free: [DatabaseQueue], opened: Int, closed: Bool)>(([], 0, false))

    /// - Parameters:
    ///   - limit: how many connections at most; the pool serves the reads beyond.
    init(path: String, configuration: Configuration, limit: Int) {
        var configuration = configuration
        configuration.readonly = true
        configuration.label = (configuration.label ?? "SQLiteStore") + ".reader"
        self.path = path
        self.configuration = configuration
        self.limit = limit
    }

    /// How many connections are open (lent or free).
    var opened: Int { state.withLock { $0.opened } }

    /// Runs `body` on a lent connection, outside a transaction (as `unsafeRead` does); `nil` when
    /// none is free and no more may be opened.
    func read<T>(_ body: (Database) throws -> T) throws -> T? {
        guard let connection = try borrow() else { return nil }
        defer { giveBack(connection) }
        return try connection.unsafeRead(body)
    }

    private func borrow() throws -> DatabaseQueue? {
        enum Next { case lent(DatabaseQueue), open, none }
        let next: Next = try state.withLock { state throws(ReaderConnectionsClosed) in
            if state.closed { throw ReaderConnectionsClosed() }
            if let connection = state.free.popLast() { return .lent(connection) }
            guard state.opened < limit else { return .none }
            state.opened += 1
            return .open
        }
        switch next {
        case .lent(let connection): return connection
        case .none: return nil
        case .open:
            do {
                return try DatabaseQueue(path: path, configuration: configuration)
            } catch {
                state.withLock { $0.opened -= 1 }
                throw error
            }
        }
    }

    /// A lent connection back: free again, or closed when the readers were closed meanwhile.
    private func giveBack(_ connection: DatabaseQueue) {
        let keep = state.withLock { state in
            if state.closed { return false }
            state.free.append(connection)
            return true
        }
        if !keep { try? connection.close() }
    }

    /// Closes the free connections, and each lent one when it comes back; later reads throw.
    func close() throws {
        let connections = state.withLock { state in
            state.closed = true
            defer { state.free = [] }
            return state.free
        }
        for connection in connections { try connection.close() }
    }
}

/// A read after ``ReaderConnections/close()``.
struct ReaderConnectionsClosed: Error, CustomStringConvertible {
    var description: String { "the database is closed" }
}
