import Foundation
import GraphQL
import Graphiti
import Logging

/// Runs requests against the schema, each within a budget decided before any work starts: the
/// document's nesting is bounded before the (recursive) parser runs, the operation's cost before
/// validation and execution, and its run time by a deadline. It turns every error into the message
/// a client may see (the one place where errors are mapped).
final class GraphQLExecutor: Sendable {
    let schema: Schema<RootResolver, APIContext>
    let shape: SchemaShape
    let budget: QueryBudget
    let maxListSize: Int
    let logger: Logger
    let metrics = GraphQLMetrics()
    let documents: DocumentCache
    /// Compiles the queries it covers (``QueryPlanner``); `nil` when `GRAPHQL_COMPILED=false`.
    let planner: QueryPlanner?
    /// Whether every compiled query also runs on the general executor and the two answers are
    /// compared (`GRAPHQL_DIFFERENTIAL`, for tests): a difference is answered as an error.
    let differential: Bool

    init(settings: ServerSettings, logger: Logger) throws {
        self.schema = try APISchema.make()
        let errors = validateSchema(schema: schema.schema)
        guard errors.isEmpty else { throw errors[0] }
        try CancellableResolvers.install(in: schema.schema)
        self.shape = try SchemaShape(schema.schema)
        self.budget = QueryBudget(limits: settings.graphQL, maxDepth: settings.limits.maxQueryDepth)
        self.maxListSize = settings.limits.maxListSize
        self.documents = DocumentCache(maxEntries: settings.graphQL.documentCacheEntries)
        self.logger = logger
        self.planner = settings.graphQL.compiledQueries
            ? QueryPlanner(schema: schema.schema, fields: APISchema.compiledFields(), cacheEntries: settings.graphQL.documentCacheEntries)
            : nil
        self.differential = settings.graphQL.differentialCheck
    }

    private var limits: GraphQLLimits { budget.limits }

    /// Runs `request`. - Parameters:
    ///   - logger: the request's logger (its metadata carries the request id that internal errors
    ///     are logged and answered with); the executor's own by default.
    ///   - watch: what watches the run once it is slow (the client's connection), if anything.
    func execute(
        _ request: GraphQLRequest, context: APIContext, allowMutations: Bool = true, logger requestLogger: Logger? = nil,
        watch: (any SlowRunWatch)? = nil
    ) async -> EncodedResponse {
        let started = ContinuousClock.now
        let result = await Traces.span(
            "graphql \(request.operationName ?? "anonymous")",
            attributes: { $0["graphql.operation.name"] = request.operationName ?? "" }
        ) {
            await run(request, context: context, allowMutations: allowMutations, logger: requestLogger ?? logger, watch: watch)
        }
        let elapsed = ContinuousClock.now - started
        metrics.recordDuration(
            elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000,
            operation: request.operationName)
        return result
    }

    private func run(
        _ request: GraphQLRequest, context: APIContext, allowMutations: Bool, logger requestLogger: Logger,
        watch: (any SlowRunWatch)?
    ) async -> EncodedResponse {
        let reporter = InternalErrorReporter(logger: requestLogger)
        let document: Document
        switch prepare(request, allowMutations: allowMutations) {
        case .success(let prepared): document = prepared
        case .failure(let refusal):
            metrics.recordError(refusal.isValidation ? .validation : .refused)
            return EncodedResponse(refusal.result)
        }
        let variables = request.variables ?? [:]
        let prepared = planner?.prepare(document, text: request.query, operationName: request.operationName, variables: variables)
        // A plan that never waits (`{ __typename }`, which clients send as a ping) cannot outlast a
        // deadline, its time being bounded by its size: it runs here, without a task and timers.
        if let prepared, prepared.plan.neverWaits {
            return await answer(prepared, document, request, context, reporter)
        }
        let outcome = await BoundedRun.run(within: .seconds(limits.requestTimeoutSeconds), logger: logger, watch: watch) { [self] in
            await withTaskCancellationHandler {
                await answer(prepared, document, request, context, reporter)
            } onCancel: {
                context.stop()
            }
        }
        switch outcome {
        case .finished(let response): return response
        case .timedOut:
            metrics.recordError(.timeout)
            return EncodedResponse(errors: [GraphQLError(
                message: "The request ran longer than REQUEST_TIMEOUT_SECONDS \(limits.requestTimeoutSeconds) and was stopped")])
        case .cancelled:
            metrics.recordError(.cancelled)
            return EncodedResponse(errors: [GraphQLError(message: APIError.from(CancellationError()).message)])
        }
    }

    /// The answer: the compiled plan's when there is one (checked against the general executor's
    /// under `GRAPHQL_DIFFERENTIAL`), else the general executor's.
    private func answer(
        _ prepared: QueryPlanner.Prepared?, _ document: Document, _ request: GraphQLRequest, _ context: APIContext,
        _ reporter: InternalErrorReporter
    ) async -> EncodedResponse {
        guard let prepared else {
            return EncodedResponse(present(await general(document, request, context), reporter))
        }
        let written: JSONWriter
        let dataStart: Int
        let runErrors: [GraphQLError]
        do {
            if prepared.plan.listsScenesWithChoices { context.loaders.readChoicesWithScenes() }
            var run = QueryPlanRun(context: context, variables: prepared.variables, capacity: prepared.plan.sizeHint.bytes)
            (written, dataStart, runErrors) = try await LoaderRun.$inOrder.withValue(true) { try await run.run(prepared.plan) }
        } catch {
            return EncodedResponse(errors: [CancellableResolvers.cancelled])
        }
        let errors = runErrors.map { present($0, reporter) }
        // Copied only for the differential check, before the response takes the buffer.
        let data = differential ? Array(written.bytes[dataStart...]) : []
        let response = EncodedResponse(compiled: consume written, errors: errors)
        prepared.plan.sizeHint.record(response.bytes.count)
        guard differential else { return response }
        let reference = present(await general(document, request, context), reporter, record: false)
        return DifferentialCheck.checked(
            response, data: data, errors, reference: reference, query: request.query, logger: logger)
    }

    /// Runs the document on GraphQLSwift's executor: everything the compiled path does not cover.
    private func general(_ document: Document, _ request: GraphQLRequest, _ context: APIContext) async -> GraphQLResult {
        do {
            return try await GraphQL.execute(
                schema: schema.schema, documentAST: document, rootValue: RootResolver(), context: context,
                variableValues: request.variables ?? [:], operationName: request.operationName)
        } catch {
            return GraphQLResult(errors: [(error as? GraphQLError) ?? GraphQLError(error)])
        }
    }

    /// A request refused before it runs, with the errors to answer.
    struct Refusal: Error {
        var result: GraphQLResult
        /// Whether GraphQL's validation (or parsing) refused it, rather than one of our limits.
        var isValidation = false
        init(_ message: String) { result = GraphQLResult(errors: [GraphQLError(message: message)]) }
        init(_ errors: [GraphQLError], validation: Bool = true) { result = GraphQLResult(errors: errors); isValidation = validation }
    }

    /// The request's document once it has passed every check that comes before execution, cheapest
    /// first: text nesting, variables nesting, parsing, the cost budget, then validation (whose
    /// rules can take time exponential in the fragments' fan-out, hence after the budget).
    func prepare(_ request: GraphQLRequest, allowMutations: Bool) -> Result<Document, Refusal> {
        if let variables = request.variables {
            let depth = MapNesting.depth(of: variables)
            if depth > limits.maxDocumentNesting {
                return .failure(Refusal("Variables nesting \(depth) exceeds MAX_DOCUMENT_NESTING \(limits.maxDocumentNesting)"))
            }
        }
        let cached = documents.document(for: request.query)
        let document: Document
        if let cached {
            document = cached.document
        } else {
            let (nesting, aliases) = DocumentNesting.measure(request.query)
            if nesting > limits.maxDocumentNesting {
                return .failure(Refusal("Query nesting \(nesting) exceeds MAX_DOCUMENT_NESTING \(limits.maxDocumentNesting)"))
            }
            if aliases > limits.maxAliases {
                return .failure(Refusal("Query alias count \(aliases) exceeds MAX_ALIASES \(limits.maxAliases)"))
            }
            do {
                document = try parse(source: Source(body: request.query, name: "GraphQL request"))
            } catch let error as GraphQLError {
                return .failure(Refusal([error]))
            } catch {
                return .failure(Refusal("Syntax error in the query"))
            }
            if let refusal = DefinitionNames.refusal(of: document) { return .failure(Refusal(refusal)) }
        }
        let measure: QueryMeasure
        let readsVariables: Bool
        if let known = cached?.measure {
            (measure, readsVariables) = (known, false)
        } else {
            let cost = QueryCost(
                shape: shape, variables: request.variables ?? [:], listSizeEstimate: limits.listSizeEstimate,
                maxListSize: maxListSize, maxNesting: limits.maxDocumentNesting)
            do throws(QueryCost.Failure) {
                (measure, readsVariables) = try cost.measured(document)
            } catch {
                switch error {
                case .fragmentCycle(let name):
                    return .failure(Refusal("Cannot spread fragment \"\(name)\" within itself"))
                case .tooNested:
                    return .failure(Refusal("Query nesting exceeds MAX_DOCUMENT_NESTING \(limits.maxDocumentNesting) (fragment spreads included)"))
                }
            }
        }
        if let refusal = budget.refusal(of: measure) { return .failure(Refusal(refusal)) }
        if !allowMutations, document.definitions.contains(where: { ($0 as? OperationDefinition)?.operation == .mutation }) {
            return .failure(Refusal("Mutations must be sent with POST"))
        }
        if cached == nil {
            let errors = validate(schema: schema.schema, ast: document)
            guard errors.isEmpty else { return .failure(Refusal(errors)) }
            documents.insert(CachedDocument(document: document, measure: readsVariables ? nil : measure), for: request.query)
        }
        return .success(document)
    }

    /// Replaces errors thrown by resolvers with their public message.
    /// - Parameter record: whether the errors count in the metrics (not for the differential
    ///   check's second run).
    private func present(_ result: GraphQLResult, _ reporter: InternalErrorReporter, record: Bool = true) -> GraphQLResult {
        guard !result.errors.isEmpty else { return result }
        return GraphQLResult(data: result.data, errors: result.errors.map { present($0, reporter, record: record) })
    }

    private func present(_ error: any Error, _ reporter: InternalErrorReporter, record: Bool = true) -> GraphQLError {
        guard let graphQLError = error as? GraphQLError else {
            if record { metrics.recordError(.init(APIError.from(error))) }
            return GraphQLError(message: reporter.publicMessage(error))
        }
        guard let original = graphQLError.originalError, !(original is GraphQLError) else {
            if record { metrics.recordError(.validation) }
            return graphQLError
        }
        if record { metrics.recordError(original is DecodingError ? .invalidInput : .init(APIError.from(original))) }
        return GraphQLError(message: reporter.publicMessage(original), locations: graphQLError.locations, path: graphQLError.path)
    }
}
