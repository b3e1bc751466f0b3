import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Protocols

/// Calls Cloudinary's upload, rename, destroy and admin APIs and its delivery URLs.
struct CloudinaryClient: Sendable {
    let configuration: CloudinaryConfiguration
    let http: HTTPClient

    struct Response {
        var status: Int
        var body: [UInt8]
        var json: [String: Any]? { try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] }
    }

    /// Parameters with `timestamp`, `api_key` and `signature` added.
    func signed(_ parameters: [(String, String)], now: Date = Date()) -> [(String, String)] {
        var all = parameters + [("timestamp", String(Int(now.timeIntervalSince1970)))]
        let signature = CloudinarySignature.sign(Dictionary(all, uniquingKeysWith: { a, _ in a }), secret: configuration.apiSecret)
        all += [("api_key", configuration.apiKey), ("signature", signature)]
        return all
    }

    func apiURL(_ path: String) -> String {
        "\(configuration.apiBaseURL)/v1_1/\(configuration.cloudName)/\(path)"
    }

    func send(_ request: HTTPClientRequest, operation: String) async throws -> Response {
        do {
            let response = try await http.execute(request, timeout: .seconds(300))
            let body = try await response.body.collect(upTo: 1 << 30)
            return Response(status: Int(response.status.code), body: Array(body.readableBytesView))
        } catch {
            throw FileStorageError.backend("Cloudinary \(operation) failed: could not reach \(request.url): \(error)")
        }
    }

    /// POSTs a multipart form to an API path and returns the JSON answer, or throws Cloudinary's error.
    func postForm(_ path: String, body: MultipartFormBody, operation: String) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: apiURL(path))
        request.method = .POST
        request.headers.add(name: "Content-Type", value: body.contentType)
        request.body = body.requestBody
        return try json(await send(request, operation: operation), operation: operation)
    }

    /// POSTs `application/x-www-form-urlencoded` parameters and returns the JSON answer, or throws Cloudinary's error.
    func postParameters(_ path: String, _ parameters: [(String, String)], operation: String) async throws -> [String: Any] {
        try json(await sendParameters(path, parameters, operation: operation), operation: operation)
    }

    /// POSTs `application/x-www-form-urlencoded` parameters and returns the answer, whatever its status.
    func sendParameters(_ path: String, _ parameters: [(String, String)], operation: String) async throws -> Response {
        var request = HTTPClientRequest(url: apiURL(path))
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(Array(Self.formEncode(parameters).utf8))
        return try await send(request, operation: operation)
    }

    /// GETs an admin API path with HTTP Basic authentication (api_key:api_secret).
    func adminGet(_ path: String, query: [(String, String)], operation: String) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: apiURL(path) + "?" + Self.formEncode(query))
        let credentials = Data("\(configuration.apiKey):\(configuration.apiSecret)".utf8).base64EncodedString()
        request.headers.add(name: "Authorization", value: "Basic \(credentials)")
        return try json(await send(request, operation: operation), operation: operation)
    }

    func json(_ response: Response, operation: String) throws -> [String: Any] {
        guard (200..<300).contains(response.status), let json = response.json else {
            throw CloudinaryErrorMessage.error(status: response.status, body: response.body, operation: operation)
        }
        return json
    }

    static func formEncode(_ parameters: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return parameters.map { name, value in
            "\(name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
        }.joined(separator: "&")
    }
}

/// Cloudinary answers errors as `{"error": {"message": "…"}}` with a 4xx status.
enum CloudinaryErrorMessage {
    static func error(status: Int, body: [UInt8], operation: String) -> FileStorageError {
        let json = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
        let message = ((json?["error"] as? [String: Any])?["message"] as? String) ?? String(decoding: body.prefix(300), as: UTF8.self)
        let advice: String
        switch status {
        case 401 where message.localizedCaseInsensitiveContains("signature"):
            advice = "Cloudinary refused the signature: check CLOUDINARY_API_SECRET"
        case 401 where message.localizedCaseInsensitiveContains("api_key") || message.localizedCaseInsensitiveContains("api key"):
            advice = "Cloudinary does not know the API key: check CLOUDINARY_API_KEY"
        case 401, 403:
            advice = "Cloudinary refused the credentials: check CLOUDINARY_API_KEY and CLOUDINARY_API_SECRET"
        case 404:
            advice = "Cloudinary does not know this cloud or resource: check CLOUDINARY_CLOUD_NAME"
        case 420, 429:
            advice = "Cloudinary's rate limit was reached"
        default:
            advice = "Cloudinary refused the request"
        }
        return .backend("Cloudinary \(operation) failed: \(advice) [HTTP \(status): \(message)]")
    }
}
