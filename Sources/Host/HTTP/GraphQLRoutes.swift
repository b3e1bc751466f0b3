import Foundation
import GraphQL
import Hummingbird

/// `/graphql` and `/graphql/`: POST JSON, GET with a query string, GraphiQL for browsers.
struct GraphQLRoutes: Sendable {
    let services: Services
    let executor: GraphQLExecutor

    func register(on router: Router<AppRequestContext>) {
        // Hummingbird's router matches `/graphql/` as well.
        router.post("/graphql") { request, context in try await self.post(request, context) }
        router.get("/graphql") { request, context in try await self.get(request, context) }
    }

    private func post(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        if MultipartGraphQL.accepts(contentType: request.headers[.contentType]) {
            return try await MultipartGraphQL(services: services, logger: context.logger).handle(request) { graphQLRequest, uploads in
                // Its body was streamed by the multipart reader: not watched (see ClientDisconnect).
                try await run(graphQLRequest, request, context, allowMutations: true, watchDisconnect: false, uploads: uploads)
            }
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: services.settings.limits.maxBodyBytes)
        } catch {
            return Self.errorResponse(.contentTooLarge, "Request body is larger than \(services.settings.limits.maxBodyBytes) bytes")
        }
        let contentType = request.headers[.contentType]?.lowercased() ?? "application/json"
        let graphQLRequest: GraphQLRequest
        if contentType.hasPrefix("application/graphql") {
            graphQLRequest = GraphQLRequest(query: String(buffer: body), variables: nil, operationName: nil)
        } else if let read = body.withUnsafeReadableBytes(GraphQLRequestReader.read) {
            graphQLRequest = read
        } else {
            do {
                graphQLRequest = try JSONDecoder().decode(GraphQLRequest.self, from: Data(buffer: body))
            } catch DecodingError.keyNotFound(let key, _) {
                return Self.errorResponse(.badRequest, "Missing '\(key.stringValue)' in the request body")
            } catch DecodingError.typeMismatch(_, let ctx) {
                let field = ctx.codingPath.first?.stringValue ?? "body"
                return Self.errorResponse(.badRequest, "Invalid '\(field)' in the request body")
            } catch {
                return Self.errorResponse(.badRequest, "Malformed JSON body")
            }
        }
        return try await run(graphQLRequest, request, context, allowMutations: true)
    }

    private func get(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        if query["query"] == nil, (request.headers[.accept] ?? "").contains("text/html") {
            guard services.settings.graphiql else {
                return Self.errorResponse(.notFound, "GraphiQL is disabled (set GRAPHIQL=true or DEBUG=true)")
            }
            return Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: GraphiQLPage.html)))
        }
        guard let text = query["query"].map(String.init) else {
            return Self.errorResponse(.badRequest, "Missing 'query' parameter")
        }
        var variables: [String: Map]?
        if let raw = query["variables"].map(String.init), !raw.isEmpty {
            guard let decoded = try? GraphQLRequest.variables(fromJSON: Data(raw.utf8)) else {
                return Self.errorResponse(.badRequest, "'variables' must be a JSON object")
            }
            variables = decoded
        }
        let graphQLRequest = GraphQLRequest(query: text, variables: variables, operationName: query["operationName"].map(String.init))
        return try await run(graphQLRequest, request, context, allowMutations: false)
    }

    private func run(
        _ graphQLRequest: GraphQLRequest, _ request: Request, _ context: AppRequestContext, allowMutations: Bool,
        watchDisconnect: Bool = true, uploads: RequestUploads = .none
    ) async throws -> Response {
        let viewers = ViewerResolver(services: services)
        let apiContext: APIContext
        do {
            apiContext = APIContext(
                services: services, viewer: try await viewers.user(for: request),
                clientAddress: viewers.clientAddress(for: request, peer: context.remoteAddress), uploads: uploads)
        } catch {
            return Self.errorResponse(.serviceUnavailable, APIError.from(error).message)
        }
        let watch = watchDisconnect
            ? ClientDisconnect(body: request.body, grace: .seconds(services.settings.graphQL.disconnectCheckSeconds), logger: services.logger)
            : nil
        let result = await executor.execute(graphQLRequest, context: apiContext, allowMutations: allowMutations, logger: context.logger, watch: watch)
        var headers: HTTPFields = [.contentType: "application/json"]
        if watch?.watched == true { headers[.connection] = "close" }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: result.bytes)))
    }

    static func errorResponse(_ status: HTTPResponse.Status, _ message: String) -> Response {
        let body = try! JSONEncoder().encode(["errors": [["message": message]]])
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

