import Protocols

/// What the MongoDB store is configured with.
public struct MongoSettings: Sendable, Equatable {
    /// `mongodb://…` or `mongodb+srv://…`; TLS and timeouts pass through its options.
    public var uri: String
    /// The database; when `nil`, the URI's database, else `veh_tpi` (the old server's).
    public var databaseName: String?
    /// How many driver threads and pooled connections (`MONGODB_POOL_SIZE`, default 10).
    public var poolSize: Int

    /// Whether multi-document writes use transactions: `nil` asks the server (replica set or mongos).
    /// Tests force it to exercise either path.
    var forceTransactions: Bool?

    public init(uri: String, databaseName: String? = nil, poolSize: Int = 10) {
        self.uri = uri
        self.databaseName = databaseName
        self.poolSize = poolSize
    }

    /// Reads `MONGODB_URI` (required), `MONGODB_DB_NAME` and `MONGODB_POOL_SIZE`.
    /// - Throws: ``PluginConfigurationError`` naming the variable that is missing or wrong.
    public init(settings: any PluginSettings) throws {
        let uri = try settings.required("MONGODB_URI", for: "mongo")
        let poolSize = try settings.int("MONGODB_POOL_SIZE", default: 10)
        guard (1...1000).contains(poolSize) else {
            throw PluginConfigurationError.invalid(variable: "MONGODB_POOL_SIZE", reason: "must be between 1 and 1000")
        }
        self.init(uri: uri, databaseName: settings.string("MONGODB_DB_NAME"), poolSize: poolSize)
    }

    /// The database name when the URI names none and `MONGODB_DB_NAME` is unset.
    public static let defaultDatabaseName = "veh_tpi"
}
