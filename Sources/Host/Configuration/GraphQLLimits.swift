import Protocols

/// What one GraphQL request may cost, decided before any work starts (issue 10, hostile clients).
/// Each value is checked against a range at start-up. The defaults let every operation of the old
/// server's clients through with room to spare (see `GraphQLBudgetTests`).
struct GraphQLLimits: Sendable, Equatable {
    /// Deepest nesting of brackets, braces and parentheses in the document text, checked by a linear
    /// scan before the (recursive) parser runs; also bounds the nesting of `variables`.
    var maxDocumentNesting: Int
    /// Most expected result values: each field counts 1, a list field multiplies its selection by its
    /// expected length (``listSizeEstimate`` or the `first`/`last` argument).
    var maxQueryCost: Int
    /// Most fields selected, fragments expanded.
    var maxQueryNodes: Int
    /// Most aliased fields, fragments expanded.
    var maxAliases: Int
    /// Length assumed for a list field that has no `first`/`last` argument.
    var listSizeEstimate: Int
    /// Validated documents kept by their text (`DOCUMENT_CACHE_ENTRIES`, 0 for none).
    var documentCacheEntries: Int
    /// Most fields with an `Upload` argument in one request.
    var maxUploadsPerRequest: Int
    /// How long an operation may run before it is stopped (above `GENERATION_WAIT_SECONDS`).
    var requestTimeoutSeconds: Int
    /// How long a request runs before its connection is watched for a disconnect (which then closes
    /// the connection after the answer; see ``ClientDisconnect``).
    var disconnectCheckSeconds: Int
    /// Whether `__schema` and `__type` may be queried (`__typename` always may).
    var introspection: Bool
    /// Whether the queries the compiled path covers run on it (`GRAPHQL_COMPILED`, on by default).
    var compiledQueries: Bool
    /// Whether each compiled query is also run on the general executor and the answers compared
    /// (`GRAPHQL_DIFFERENTIAL`, off by default; the test suite turns it on). Doubles a query's cost.
    var differentialCheck: Bool

    /// - Parameter generationWaitSeconds: how long generate mutations wait for their job; the
    ///   request deadline must leave them that long, so it defaults to 30 s past it (at least 30 s).
    init(_ env: any PluginSettings, debug: Bool, generationWaitSeconds: Int = 0) throws {
        maxDocumentNesting = try env.int("MAX_DOCUMENT_NESTING", default: 64, in: 8...256)
        maxQueryCost = try env.int("MAX_QUERY_COST", default: 50_000, in: 10...100_000_000)
        maxQueryNodes = try env.int("MAX_QUERY_NODES", default: 2_500, in: 10...10_000_000)
        maxAliases = try env.int("MAX_ALIASES", default: 200, in: 0...1_000_000)
        listSizeEstimate = try env.int("QUERY_COST_LIST_SIZE", default: 20, in: 1...10_000)
        documentCacheEntries = try env.int("DOCUMENT_CACHE_ENTRIES", default: 512, in: 0...100_000)
        maxUploadsPerRequest = try env.int("MAX_UPLOADS_PER_REQUEST", default: 10, in: 1...1_000)
        requestTimeoutSeconds = try env.int("REQUEST_TIMEOUT_SECONDS", default: max(30, generationWaitSeconds + 10), in: 1...3_600)
        guard requestTimeoutSeconds > generationWaitSeconds else {
            throw PluginConfigurationError.invalid(
                variable: "REQUEST_TIMEOUT_SECONDS",
                reason: "\(requestTimeoutSeconds) must be above GENERATION_WAIT_SECONDS \(generationWaitSeconds), which generate mutations may wait")
        }
        disconnectCheckSeconds = try env.int("DISCONNECT_CHECK_AFTER_SECONDS", default: 2, in: 1...3_600)
        introspection = try env.bool("GRAPHQL_INTROSPECTION", default: debug)
        compiledQueries = try env.bool("GRAPHQL_COMPILED", default: true)
        differentialCheck = try env.bool("GRAPHQL_DIFFERENTIAL", default: false)
    }
}
