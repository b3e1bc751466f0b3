import CMongoC
import Protocols

/// The store port on MongoDB, through libmongoc, reading and writing the old Django/mongoengine
/// server's documents (see ``Collection`` for the layout).
///
/// libmongoc is blocking: every call runs on a fixed pool of `poolSize` threads, each borrowing a
/// client from a `mongoc_client_pool_t` of the same size, never on Swift's cooperative pool.
/// Operations that touch several documents run in a transaction when the deployment supports them
/// (replica set or sharded cluster); otherwise they write in an order that never leaves a dangling
/// reference: children first, then the parents' arrays, then the parent.
public final class MongoStore: StoryStore {
    let executor: BlockingExecutor
    let pool: MongoClientPool
    /// The database holding the collections.
    public let databaseName: String
    /// Whether multi-document writes run in transactions (the server reported a replica set name or mongos).
    public let supportsTransactions: Bool
    /// The host(s) of the URI, for messages.
    public let host: String
    /// Indexes that could not be created at start-up (e.g. an old index with other options); the host may log them.
    public let indexWarnings: [String]

    /// The indexes that could not be created, for the host to log: the store serves without them.
    public var startUpWarnings: [String] { indexWarnings.map { "MongoDB index not created: \($0)" } }

    /// Serialises in-process "check, then insert" sequences (email, progress per user and scenario),
    /// which old data without unique indexes forces on us.
    let uniquenessLock = NSLockBox()

    private init(
        executor: BlockingExecutor, pool: MongoClientPool, databaseName: String, supportsTransactions: Bool,
        host: String, indexWarnings: [String]
    ) {
        self.executor = executor
        self.pool = pool
        self.databaseName = databaseName
        self.supportsTransactions = supportsTransactions
        self.host = host
        self.indexWarnings = indexWarnings
    }

    deinit {
        // A store dropped without close(): let the threads finish what is queued and exit.
        executor.stopAccepting()
    }

    /// Makes the store from `MONGODB_URI`, `MONGODB_DB_NAME` and `MONGODB_POOL_SIZE`.
    /// - Throws: ``PluginConfigurationError`` for a missing or malformed variable, or
    ///   ``StoreError/unavailable(_:)`` naming the host when the server does not answer.
    public static func make(settings: any PluginSettings) async throws -> MongoStore {
        try await connect(MongoSettings(settings: settings))
    }

    /// Connects, checks the server answers (within `serverSelectionTimeoutMS`, 5 s unless the URI
    /// says otherwise), learns whether it supports transactions, and creates the indexes.
    public static func connect(_ settings: MongoSettings) async throws -> MongoStore {
        let uri = try MongoURI(settings.uri)
        applyDefaultTimeouts(to: uri)
        let databaseName = Self.databaseName(settings, uri: uri)
        let host = uri.hostDescription
        let executor = BlockingExecutor(threadCount: settings.poolSize, name: "mongo")
        do {
            // On a driver thread: making the pool resolves a mongodb+srv:// name, which blocks.
            let (pool, transactions, warnings) = try await executor.run {
                let pool = try MongoClientPool(uri: uri, maxSize: settings.poolSize)
                return try pool.withClient { client in
                    let hello = try Self.hello(client)
                    let transactions = settings.forceTransactions
                        ?? (hello["setName"] != nil || hello.string("msg") == "isdbgrid")
                    return (pool, transactions, Self.createIndexes(client, database: databaseName))
                }
            }
            return MongoStore(
                executor: executor, pool: pool, databaseName: databaseName, supportsTransactions: transactions,
                host: host, indexWarnings: warnings)
        } catch let error as StoreError {
            await executor.shutdown()
            throw error
        } catch {
            await executor.shutdown()
            throw StoreError.unavailable("cannot reach MongoDB at \(host): \(Self.describe(error))")
        }
    }

    /// Asks the server for `ping`. - Throws: ``StoreError/unavailable(_:)`` naming the host, after at most
    /// `serverSelectionTimeoutMS` when the server is down.
    public func ping() async throws {
        let host = host
        do {
            _ = try await executor.run { [pool] in
                try pool.withClient { client in try client.command(["ping": .int32(1)], database: "admin") }
            }
        } catch {
            throw StoreError.unavailable("MongoDB at \(host) does not answer: \(Self.describe(error))")
        }
    }

    /// Lets running calls finish, stops the threads and closes the connections.
    public func close() async throws {
        await executor.shutdown()
    }

    // MARK: Start-up

    /// The timeouts this store sets when the URI does not: `serverSelectionTimeoutMS` and
    /// `connectTimeoutMS` (5 s, so that start-up and `/healthz` fail fast), and `socketTimeoutMS`
    /// (30 s, so that a server that stops answering mid-call cannot hold a driver thread for libmongoc's
    /// default of 5 minutes). A value the URI gives always wins.
    static let defaultTimeouts: [(option: String, milliseconds: Int32)] = [
        ("serverSelectionTimeoutMS", 5000), ("connectTimeoutMS", 5000), ("socketTimeoutMS", 30_000),
    ]

    static func applyDefaultTimeouts(to uri: MongoURI) {
        for (option, milliseconds) in defaultTimeouts {
            uri.setDefault(option, milliseconds)
        }
    }

    /// `MONGODB_DB_NAME`, else the database in the URI's path, else ``MongoSettings/defaultDatabaseName``.
    static func databaseName(_ settings: MongoSettings, uri: MongoURI) -> String {
        settings.databaseName ?? uri.database ?? MongoSettings.defaultDatabaseName
    }

    private static func hello(_ client: MongoClient) throws -> BSONFields {
        do {
            return try client.command(["hello": .int32(1)], database: "admin")
        } catch let error as MongoError where !error.isUnreachable {
            // Servers before 4.4.2 know only the legacy name.
            return try client.command(["isMaster": .int32(1)], database: "admin")
        }
    }

    private static func createIndexes(_ client: MongoClient, database: String) -> [String] {
        var warnings: [String] = []
        for index in IndexSpec.all {
            do {
                _ = try client.command(index.command, database: database)
            } catch {
                warnings.append("index \(index.name) on \(index.collection): \(describe(error))")
            }
        }
        return warnings
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as MongoError: error.message
        case let error as StoreError:
            if case .unavailable(let message) = error { message } else { String(describing: error) }
        default: String(describing: error)
        }
    }
}
