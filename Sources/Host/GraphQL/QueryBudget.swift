/// The limits a request's ``QueryMeasure`` must stay within, and the message that names the limit
/// and the measured value when it does not.
struct QueryBudget: Sendable {
    var limits: GraphQLLimits
    var maxDepth: Int

    /// Why `measure` is refused, `nil` when it is within every limit.
    func refusal(of measure: QueryMeasure) -> String? {
        if measure.introspection && !limits.introspection {
            return "GraphQL introspection is disabled on this server (GRAPHQL_INTROSPECTION is off)"
        }
        if measure.nesting > limits.maxDocumentNesting {
            return "Query nesting \(Self.show(measure.nesting)) exceeds MAX_DOCUMENT_NESTING \(limits.maxDocumentNesting)"
        }
        if measure.depth > maxDepth {
            return "Query is too deep: nesting exceeds the maximum of \(maxDepth)"
        }
        if measure.aliases > limits.maxAliases {
            return "Query alias count \(Self.show(measure.aliases)) exceeds MAX_ALIASES \(limits.maxAliases)"
        }
        if measure.nodes > limits.maxQueryNodes {
            return "Query field count \(Self.show(measure.nodes)) exceeds MAX_QUERY_NODES \(limits.maxQueryNodes)"
        }
        if measure.cost > limits.maxQueryCost {
            return "Query cost \(Self.show(measure.cost)) exceeds MAX_QUERY_COST \(limits.maxQueryCost)"
        }
        if measure.uploads > limits.maxUploadsPerRequest {
            return "Upload field count \(Self.show(measure.uploads)) exceeds MAX_UPLOADS_PER_REQUEST \(limits.maxUploadsPerRequest)"
        }
        if let (variable, uses) = measure.uploadVariables.filter({ $0.value > 1 }).min(by: { $0.key < $1.key }) {
            return "The file in $\(variable) is used by \(Self.show(uses)) upload fields: each file may be stored once per request"
        }
        return nil
    }

    /// A count as shown in a message (`Int.max` stands for "more than can be counted").
    static func show(_ value: Int) -> String {
        value == .max ? "over \(Int.max - 1)" : "\(value)"
    }
}
