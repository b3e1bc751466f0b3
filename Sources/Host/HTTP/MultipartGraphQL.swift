import Foundation
import GraphQL
import HTTPTypes
import Hummingbird
import Logging
import OrderedCollections
import Protocols

/// `POST /graphql` with `multipart/form-data`: the GraphQL multipart request spec, as
/// apollo-upload-client and graphene-file-upload send it. The `operations` field holds the request
/// with `null` where files go, `map` says which file part goes where (`{"0": ["variables.file"]}`),
/// then come the file parts. Each file becomes an ``Upload`` handle in the variables.
///
/// Browsers send multipart forms across origins without a preflight, so a request must carry an
/// `Apollo-Require-Preflight` or `X-Apollo-Operation-Name` header (Apollo's CSRF convention). Only an
/// authenticated user's body is read; it is streamed and refused as soon as a limit is passed.
struct MultipartGraphQL: Sendable {
    let services: Services
    /// The request's logger: a server fault is logged here, with the request id it is answered with.
    var logger: Logger

    static let preflightHeaders = ["Apollo-Require-Preflight", "X-Apollo-Operation-Name"]
    static let csrfMessage = "Multipart requests must carry an 'Apollo-Require-Preflight' or 'X-Apollo-Operation-Name' header (CSRF protection)"

    /// Whether `contentType` is a multipart form.
    static func accepts(contentType: String?) -> Bool {
        contentType?.lowercased().hasPrefix("multipart/form-data") == true
    }

    /// Reads the request and runs its operation with `execute`; the spooled files are deleted after.
    func handle(_ request: Request, execute: (GraphQLRequest, RequestUploads) async throws -> Response) async throws -> Response {
        let hasPreflightHeader = Self.preflightHeaders.contains { name in
            HTTPField.Name(name).flatMap { request.headers[$0] }.map { !$0.isEmpty } ?? false
        }
        guard hasPreflightHeader else { return GraphQLRoutes.errorResponse(.badRequest, Self.csrfMessage) }
        guard let boundary = Self.boundary(of: request.headers[.contentType] ?? "") else {
            return GraphQLRoutes.errorResponse(.badRequest, "The multipart/form-data Content-Type has no boundary")
        }
        do {
            guard try await ViewerResolver(services: services).user(for: request) != nil else {
                return GraphQLRoutes.errorResponse(.unauthorized, APIError.authenticationRequired.message)
            }
        } catch {
            return GraphQLRoutes.errorResponse(.serviceUnavailable, APIError.from(error).message)
        }
        let content: MultipartContent
        do {
            content = try await reader(boundary: boundary).read(request.body)
        } catch let error as MultipartRequestError {
            guard let cause = error.cause else { return GraphQLRoutes.errorResponse(error.status, error.message) }
            let message = InternalErrorReporter(logger: logger).report(SpoolFailure(cause: cause))
            return GraphQLRoutes.errorResponse(error.status, message)
        }
        var handles: [String: String] = [:]
        var uploads = RequestUploads()
        for (name, file) in content.files { handles[name] = uploads.add(file) }
        defer { uploads.deleteFiles() }
        let graphQLRequest: GraphQLRequest
        do {
            graphQLRequest = try Self.request(
                from: content, handles: handles, maxFiles: services.settings.graphQL.maxUploadsPerRequest)
        } catch let error as MultipartRequestError {
            return GraphQLRoutes.errorResponse(error.status, error.message)
        }
        return try await execute(graphQLRequest, uploads)
    }

    /// Why a file part could not be spooled (logged only).
    struct SpoolFailure: Error, CustomStringConvertible {
        let cause: String
        var description: String { "the upload could not be spooled to UPLOAD_TMP_DIR: \(cause)" }
    }

    /// The streaming reader with this server's limits: per field the JSON body limit, per file the
    /// limit of the declared type (the largest while unknown), for the body the largest limit plus the JSON limit.
    func reader(boundary: String) -> MultipartStreamReader {
        let uploads = services.settings.uploads
        let largest = AssetKind.allCases.map(uploads.limit(for:)).max() ?? 0
        let limits = MultipartStreamReader.Limits(
            maxFieldBytes: services.settings.limits.maxBodyBytes,
            maxBodyBytes: largest + services.settings.limits.maxBodyBytes,
            maxFileBytes: { kind in kind.map(uploads.limit(for:)) ?? largest },
            tooLargeMessage: { kind, limit in
                kind.map { UploadRefusal.tooLarge(kind: $0, limit: limit).description }
                    ?? "The file is larger than the \(UploadRefusal.megabytes(limit)) upload limit"
            })
        return MultipartStreamReader(
            boundary: boundary, limits: limits,
            spoolDirectory: spoolDirectory)
    }

    /// Where file parts are spooled: `UPLOAD_TMP_DIR`, by default `story-uploads` in the system temporary folder.
    var spoolDirectory: URL { services.settings.uploads.spoolDirectory }

    /// The `boundary` parameter of a `multipart/form-data` Content-Type.
    static func boundary(of contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            return value.isEmpty || value.count > 200 ? nil : value
        }
        return nil
    }

    /// The operation of `operations` with each mapped path set to its file's ``Upload`` handle.
    ///
    /// Each file is stored at most once per request: a file part mapped to more than one path is
    /// refused here (the spec allows it, for a file used twice), a variable feeding more than one
    /// upload field is refused with the cost budget, and so are more than `maxFiles` upload fields;
    /// more than `maxFiles` file parts are refused here.
    static func request(from content: MultipartContent, handles: [String: String], maxFiles: Int = .max) throws -> GraphQLRequest {
        if content.map.count > maxFiles {
            throw MultipartRequestError.badRequest(
                "File count \(content.map.count) exceeds MAX_UPLOADS_PER_REQUEST \(maxFiles)")
        }
        if let (name, paths) = content.map.filter({ $0.value.count > 1 }).min(by: { $0.key < $1.key }) {
            throw MultipartRequestError.badRequest(
                "The file '\(name)' is mapped to \(paths.count) paths: each file may be stored once per request")
        }
        var request: GraphQLRequest
        do {
            request = try JSONDecoder().decode(GraphQLRequest.self, from: Data(content.operations))
        } catch DecodingError.keyNotFound(let key, _) {
            throw MultipartRequestError.badRequest("Missing '\(key.stringValue)' in the 'operations' field")
        } catch is DecodingError {
            if (try? JSONSerialization.jsonObject(with: Data(content.operations))) is [Any] {
                throw MultipartRequestError.badRequest("Batched operations are not supported in multipart requests")
            }
            throw MultipartRequestError.badRequest("The 'operations' field is not valid JSON for a GraphQL request")
        }
        var variables = Map.dictionary(OrderedDictionary(uniqueKeysWithValues: (request.variables ?? [:]).map { ($0.key, $0.value) }))
        for (name, paths) in content.map.sorted(by: { $0.key < $1.key }) {
            guard let handle = handles[name] else { continue }
            for path in paths {
                let parts = path.split(separator: ".").map(String.init)
                guard parts.first == "variables", parts.count > 1,
                    let updated = setting(.string(handle), at: parts.dropFirst(), in: variables)
                else {
                    throw MultipartRequestError.badRequest("The 'map' path '\(path)' does not name a null variable of 'operations'")
                }
                variables = updated
            }
        }
        if case .dictionary(let members) = variables {
            request.variables = Dictionary(uniqueKeysWithValues: members.map { ($0.key, $0.value) })
        }
        return request
    }

    /// `map` with `value` at `path`, which must lead to an existing `null` (or absent last key).
    private static func setting(_ value: Map, at path: ArraySlice<String>, in map: Map) -> Map? {
        guard let key = path.first else {
            if case .null = map { return value }
            if case .undefined = map { return value }
            return nil
        }
        switch map {
        case .dictionary(var members):
            guard let updated = setting(value, at: path.dropFirst(), in: members[key] ?? .undefined) else { return nil }
            members[key] = updated
            return .dictionary(members)
        case .array(var items):
            guard let index = Int(key), items.indices.contains(index),
                let updated = setting(value, at: path.dropFirst(), in: items[index])
            else { return nil }
            items[index] = updated
            return .array(items)
        default:
            return nil
        }
    }
}
