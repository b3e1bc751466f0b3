import Foundation
import GraphQL
import Graphiti
import Logging

/// Runs requests against the schema, each within a budget decided before any work starts: the
/// document's nesting is bounded before the (recursive) parser runs, the operation's cost before
/// validation and execution, and its run time by a deadline. It turns every error into the message
/// a client may see (the one place where errors are mapped).
struct GraphQLExecutor: Sendable {
    let schema: Schema<RootResolver, APIContext>
    let shape: SchemaShape
    let budget: QueryBudget
    let maxListSize: Int
    let logger: Logger

    init(settings: ServerSettings, logger: Logger) throws {
        self.schema = try APISchema.make()
        let errors = validateSchema(schema: schema.schema)
        guard errors.isEmpty else { throw errors[0] }
        try CancellableResolvers.install(in: schema.schema)
        self.shape = try SchemaShape(schema.schema)
        self.budget = QueryBudget(limits: settings.graphQL, maxDepth: settings.limits.maxQueryDepth)
        self.maxListSize = settings.limits.maxListSize
        self.logger = logger
    }

    private var limits: GraphQLLimits { budget.limits }

    func execute(_ request: GraphQLRequest, context: APIContext, allowMutations: Bool = true) async -> GraphQLResult {
        let document: Document
        switch prepare(request, allowMutations: allowMutations) {
        case .success(let prepared): document = prepared
        case .failure(let refusal): return refusal.result
        }
        let schema = self.schema.schema
        let variables = request.variables ?? [:]
        let outcome = await BoundedRun.run(within: .seconds(limits.requestTimeoutSeconds), logger: logger) {
            do {
                return try await GraphQL.execute(
                    schema: schema, documentAST: document, rootValue: RootResolver(), context: context,
                    variableValues: variables, operationName: request.operationName)
            } catch {
                return GraphQLResult(errors: [(error as? GraphQLError) ?? GraphQLError(error)])
            }
        }
        switch outcome {
        case .finished(let result): return present(result)
        case .timedOut:
            return GraphQLResult(errors: [GraphQLError(
                message: "The request ran longer than REQUEST_TIMEOUT_SECONDS \(limits.requestTimeoutSeconds) and was stopped")])
        case .cancelled:
            return GraphQLResult(errors: [GraphQLError(message: APIError.from(CancellationError()).message)])
        }
    }

    /// A request refused before it runs, with the errors to answer.
    struct Refusal: Error {
        var result: GraphQLResult
        init(_ message: String) { result = GraphQLResult(errors: [GraphQLError(message: message)]) }
        init(_ errors: [GraphQLError]) { result = GraphQLResult(errors: errors) }
    }

    /// The request's document once it has passed every check that comes before execution, cheapest
    /// first: text nesting, variables nesting, parsing, the cost budget, then validation (whose
    /// rules can take time exponential in the fragments' fan-out, hence after the budget).
    func prepare(_ request: GraphQLRequest, allowMutations: Bool) -> Result<Document, Refusal> {
        let nesting = DocumentNesting.depth(of: request.query)
        if nesting > limits.maxDocumentNesting {
            return .failure(Refusal("Query nesting \(nesting) exceeds MAX_DOCUMENT_NESTING \(limits.maxDocumentNesting)"))
        }
        if let variables = request.variables {
            let depth = MapNesting.depth(of: variables)
            if depth > limits.maxDocumentNesting {
                return .failure(Refusal("Variables nesting \(depth) exceeds MAX_DOCUMENT_NESTING \(limits.maxDocumentNesting)"))
            }
        }
        let document: Document
        do {
            document = try parse(source: Source(body: request.query, name: "GraphQL request"))
        } catch let error as GraphQLError {
            return .failure(Refusal([error]))
        } catch {
            return .failure(Refusal("Syntax error in the query"))
        }
        if let refusal = DefinitionNames.refusal(of: document) { return .failure(Refusal(refusal)) }
        let cost = QueryCost(
            shape: shape, variables: request.variables ?? [:], listSizeEstimate: limits.listSizeEstimate,
            maxListSize: maxListSize, maxNesting: limits.maxDocumentNesting)
        do throws(QueryCost.Failure) {
            if let refusal = budget.refusal(of: try cost.measure(document)) { return .failure(Refusal(refusal)) }
        } catch {
            switch error {
            case .fragmentCycle(let name):
                return .failure(Refusal("Cannot spread fragment \"\(name)\" within itself"))
            case .tooNested:
                return .failure(Refusal("Query nesting exceeds MAX_DOCUMENT_NESTING \(limits.maxDocumentNesting) (fragment spreads included)"))
            }
        }
        if !allowMutations, document.definitions.contains(where: { ($0 as? OperationDefinition)?.operation == .mutation }) {
            return .failure(Refusal("Mutations must be sent with POST"))
        }
        let errors = validate(schema: schema.schema, ast: document)
        guard errors.isEmpty else { return .failure(Refusal(errors)) }
        return .success(document)
    }

    /// Replaces errors thrown by resolvers with their public message.
    private func present(_ result: GraphQLResult) -> GraphQLResult {
        guard !result.errors.isEmpty else { return result }
        return GraphQLResult(data: result.data, errors: result.errors.map(present))
    }

    private func present(_ error: any Error) -> GraphQLError {
        guard let graphQLError = error as? GraphQLError else {
            return GraphQLError(message: publicMessage(error))
        }
        guard let original = graphQLError.originalError else { return graphQLError }
        if original is GraphQLError { return graphQLError }
        return GraphQLError(message: publicMessage(original), locations: graphQLError.locations, path: graphQLError.path)
    }

    private func publicMessage(_ error: any Error) -> String {
        let apiError = APIError.from(error)
        if case .unavailable = apiError, !(error is APIError) {
            logger.error("request failed: \(String(reflecting: error))")
        }
        if let decoding = error as? DecodingError { return Self.describe(decoding) }
        return apiError.message
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).filter { !$0.isEmpty }.joined(separator: ".")
            if let underlying = context.underlyingError as? JSONValueErrorDescribable { return "\(path): \(underlying.text)" }
            return path.isEmpty ? "Invalid input: \(context.debugDescription)" : "Invalid value for \(path): \(context.debugDescription)"
        case .keyNotFound(let key, _):
            return "\(key.stringValue) is required"
        @unknown default:
            return "Invalid input"
        }
    }
}

/// Errors whose text may be shown inside an input error.
protocol JSONValueErrorDescribable { var text: String { get } }
