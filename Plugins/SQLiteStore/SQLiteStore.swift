import Foundation
import GRDB
import Protocols

/// The zero-configuration ``StoryStore``: one SQLite file, through GRDB.
///
/// - The file is opened as a `DatabasePool` in WAL mode (many readers, one writer) with foreign keys on.
/// - The schema is built by named migrations (``SQLiteSchema``); opening an existing file runs only the
///   migrations it lacks.
/// - Ids are 24-character hex `TEXT` keys, dates are UTC milliseconds since 1970 (`INTEGER`), JSON
///   values are `TEXT`.
/// - Every operation that touches several rows runs in one transaction; errors come out as
///   ``StoreError`` only, with no SQL in their text.
public final class SQLiteStore: StoryStore {
    /// The variable naming the database file.
    public static let pathVariable = "SQLITE_PATH"
    /// The file used when ``pathVariable`` is unset.
    public static let defaultPath = "./data/story.sqlite"

    /// Where the database file is.
    public let path: String
    let pool: DatabasePool
    /// The connections reads run on (``ReaderConnections``); the pool's readers beyond them.
    let readers: ReaderConnections
    /// Whether SQLite's memory statistics are off (``SQLiteProcessSettings/memoryStatisticsOff``).
    let memoryStatisticsOff: Bool

    /// SQLite was opened in this process before the first store: its memory statistics stay on.
    public var startUpWarnings: [String] {
        memoryStatisticsOff ? [] : [
            "SQLite was initialised before the store opened, so its memory statistics stay on: concurrent reads queue on their process-wide mutex"
        ]
    }

    /// Opens (or creates) the database at `path`, creating its directory when missing, and migrates it.
    ///
    /// - Parameters:
    ///   - path: The database file.
    ///   - onStatement: Called with the SQL text (placeholders, never values) of every statement the
    ///     store runs, on the connection's thread. Tests count store round trips with it. GRDB's own
    ///     statements are included: every access runs `BEGIN …`, `PRAGMA schema_version` and `COMMIT …`,
    ///     and each new pooled connection runs `PRAGMA synchronous` and `SELECT * FROM sqlite_master
    ///     LIMIT 1` once. To count the store's queries, keep the statements that start with `SELECT` and
    ///     do not mention `sqlite_master`.
    /// - Throws: ``StoreError/unavailable(_:)`` when the file cannot be opened or migrated.
    public init(path: String, onStatement: (@Sendable (String) -> Void)? = nil) throws {
        self.path = path
        // Before the first connection of the process, or never.
        memoryStatisticsOff = SQLiteProcessSettings.memoryStatisticsOff
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError.unavailable("cannot create the directory \(directory.path): \(error.localizedDescription)")
        }
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        config.label = "SQLiteStore"
        config.prepareDatabase { db in
            if let onStatement {
                db.trace(options: .statement) { event in onStatement(event.description) }
            }
            // In WAL mode, NORMAL never corrupts the file; a power cut may lose the last commits only.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
            try SQLiteSchema.migrator.migrate(pool)
            readers = ReaderConnections(path: path, configuration: config, limit: config.maximumReaderCount)
        } catch {
            throw StoreError.unavailable("cannot open the SQLite database at \(path): \(Self.describe(error))")
        }
    }

    /// Makes the store from the host's settings: `SQLITE_PATH`, default `./data/story.sqlite`.
    /// - Throws: ``PluginConfigurationError/invalid(variable:reason:)`` when the file cannot be opened.
    public static func make(settings: any PluginSettings) throws -> SQLiteStore {
        let path = settings.string(pathVariable) ?? defaultPath
        do {
            return try SQLiteStore(path: path)
        } catch let StoreError.unavailable(reason) {
            throw PluginConfigurationError.invalid(variable: pathVariable, reason: reason)
        }
    }

    /// Whether a statement reported to `onStatement` is one of the store's own queries: a `SELECT`
    /// that is not GRDB's connection set-up.
    public static func isQuery(_ sql: String) -> Bool {
        sql.hasPrefix("SELECT") && !sql.contains("sqlite_master")
    }

    public func ping() async throws {
        _ = try await read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    public func close() async throws {
        do {
            try readers.close()
            try pool.close()
        } catch {
            throw StoreError.unavailable("cannot close the SQLite database: \(Self.describe(error))")
        }
    }
}

// MARK: - Access with error mapping

extension SQLiteStore {
    /// Maps a unique-constraint failure (its SQLite message) to the ``StoreError`` the caller reports.
    typealias UniqueViolation = @Sendable (String) -> StoreError

    /// Runs `body` in a read transaction, on the calling thread: a read is short (a statement or
    /// two over indexed columns), and GRDB's asynchronous read sends it to a reader's queue and
    /// back, two thread hops that cost more than the read (measured: a third of a small request's
    /// CPU). It runs on one of ``readers`` (see ``ReaderConnections`` for why not the pool's), or
    /// on the pool's when all are lent; writes stay asynchronous (they wait on the writer).
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await mapErrors(nil) {
            try Task.checkCancellation()
            let transaction: (Database) throws -> T = { db in
                var value: T?
                try db.inTransaction(.deferred) {
                    value = try body(db)
                    return .commit
                }
                guard let value else { throw StoreError.unavailable("the read transaction ended without a value") }
                return value
            }
            if let value = try self.readers.read(transaction) { return value }
            return try self.pool.read(body)
        }
    }

    /// The rows of one `SELECT`, each decoded, read as ``read(_:)`` reads but outside a
    /// transaction: SQLite reads a single statement from one snapshot by itself, and the `BEGIN`
    /// and `COMMIT` around it cost two more statements a call. Only for a single statement.
    func selectRows<T: Sendable>(
        _ sql: String, arguments: StatementArguments, as decode: @escaping @Sendable (Row) throws -> T
    ) async throws -> [T] {
        try await select { db in try db.decodedRows(sql, arguments: arguments, as: decode) }
    }

    /// The rows of one `SELECT` of `T.selectedColumns`, read by position (``StatementColumns``), as
    /// ``selectRows(_:arguments:as:)-(_,_,(Row)->T)`` reads.
    func selectRows<T: ColumnDecodable & Sendable>(
        _ sql: String, arguments: StatementArguments, as _: T.Type
    ) async throws -> [T] {
        try await select { db in try db.columnRows(sql, arguments: arguments, as: T.self) }
    }

    /// Runs `body`'s statements on one connection as ``selectRows(_:arguments:as:)-(_,_,(Row)->T)``
    /// runs one, outside a transaction: each statement reads its own snapshot.
    func selectStatements<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await select(body)
    }

    /// The rows of `select` (see ``SelectByIds``) for `ids`, read by position as
    /// ``selectRows(_:arguments:as:)-(_,_,T.Type)`` reads them, the statement's one argument bound
    /// without a copy (``Database/columnRows(_:text:as:)``).
    func selectRows<T: ColumnDecodable & Sendable>(_ select: SelectByIds, ids: [ObjectId], as _: T.Type) async throws -> [T] {
        let (sql, text) = select.statement(for: ids)
        return try await self.select { db in try db.columnRows(sql, text: text, as: T.self) }
    }

    private func select<T: Sendable>(_ select: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await mapErrors(nil) {
            try Task.checkCancellation()
            if let rows = try self.readers.read(select) { return rows }
            return try self.pool.unsafeRead(select)
        }
    }

    /// Runs `body` in a write transaction (rolled back when it throws).
    func write<T: Sendable>(
        onUnique: UniqueViolation? = nil, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws -> T {
        try await mapErrors(onUnique) { try await self.pool.write(body) }
    }

    private func mapErrors<T>(_ onUnique: UniqueViolation?, _ operation: () async throws -> T) async throws -> T {
        do {
            return try await operation()
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError
            where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE
            || error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY
        {
            let message = error.message ?? ""
            throw onUnique?(message) ?? StoreError.duplicate(field: "id", value: "")
        } catch is CancellationError {
            throw StoreError.unavailable("the SQLite operation was cancelled")
        } catch {
            throw StoreError.unavailable("SQLite failed: \(Self.describe(error))")
        }
    }

    /// An error's text without the SQL or arguments GRDB adds to its description.
    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return "\(error.extendedResultCode): \(error.message ?? "no message")"
        }
        return String(describing: error)
    }
}
