import Foundation
import GraphQL
import Graphiti
import Logging

/// One GraphQL request as clients send it (POST JSON or GET query string).
struct GraphQLRequest: Decodable, Sendable {
    var query: String
    var variables: [String: Map]?
    var operationName: String?
}

/// Runs requests against the schema: bounds depth, executes, and turns every error into the
/// message a client may see (the one place where errors are mapped).
struct GraphQLExecutor: Sendable {
    let schema: Schema<RootResolver, APIContext>
    let maxDepth: Int
    let logger: Logger

    init(maxDepth: Int, logger: Logger) throws {
        self.schema = try APISchema.make()
        self.maxDepth = maxDepth
        self.logger = logger
    }

    func execute(_ request: GraphQLRequest, context: APIContext, allowMutations: Bool = true) async -> GraphQLResult {
        let document: Document
        do {
            document = try parse(source: Source(body: request.query, name: "GraphQL request"))
        } catch let error as GraphQLError {
            return GraphQLResult(errors: [error])
        } catch {
            return GraphQLResult(errors: [GraphQLError(message: "Syntax error in the query")])
        }
        let depth = QueryDepth.of(document, limit: maxDepth)
        if depth > maxDepth {
            return GraphQLResult(errors: [GraphQLError(message: "Query is too deep: nesting exceeds the maximum of \(maxDepth)")])
        }
        if !allowMutations, document.definitions.contains(where: { ($0 as? OperationDefinition)?.operation == .mutation }) {
            return GraphQLResult(errors: [GraphQLError(message: "Mutations must be sent with POST")])
        }
        do {
            let result = try await schema.execute(
                request: request.query, resolver: RootResolver(), context: context,
                variables: request.variables ?? [:], operationName: request.operationName)
            return present(result)
        } catch {
            return GraphQLResult(errors: [present(error)])
        }
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
