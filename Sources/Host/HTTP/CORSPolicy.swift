import Hummingbird

/// Answers CORS for the origins in `CORS_ALLOWED_ORIGINS` (`*` allows any), preflights included.
///
/// An origin listed by name is echoed with `Access-Control-Allow-Credentials: true`. An origin let in
/// by `*` alone gets `Access-Control-Allow-Origin: *` and no credentials header: the Fetch rules
/// forbid credentials with a wildcard, and echoing any origin with credentials would let every site
/// call the API as the user.
struct CORSPolicy<Context: RequestContext>: RouterMiddleware {
    let allowedOrigins: Set<String>

    // `@concurrent`, as Hummingbird's protocol declares it (Host makes nonisolated async functions nonsending).
    @concurrent func handle(_ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin], allowedOrigins.contains("*") || allowedOrigins.contains(origin) else {
            return try await next(request, context)
        }
        var response: Response
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            response = Response(status: .noContent)
            response.headers[.accessControlAllowMethods] = "GET, POST, OPTIONS"
            response.headers[.accessControlAllowHeaders] =
                "Authorization, Content-Type, Accept, Apollo-Require-Preflight, X-Apollo-Operation-Name, Range"
            response.headers[.accessControlMaxAge] = "600"
        } else {
            response = try await next(request, context)
        }
        if allowedOrigins.contains(origin) {
            response.headers[.accessControlAllowOrigin] = origin
            response.headers[.accessControlAllowCredentials] = "true"
        } else {
            response.headers[.accessControlAllowOrigin] = "*"
        }
        response.headers[.vary] = "Origin"
        return response
    }
}
