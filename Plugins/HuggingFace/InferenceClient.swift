import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Protocols

/// Posts JSON to a model of the inference API and returns the raw answer, turning what the API
/// really answers into ``GenerationError``s: it waits (bounded) for a loading model, and maps rate
/// limits, refused tokens, timeouts and errors.
struct InferenceClient: Sendable {
    var settings: HuggingFaceSettings
    var httpClient: HTTPClient
    /// Largest answer accepted.
    var maxBodyBytes = 64 * 1024 * 1024

    /// An answer with status 200.
    struct Answer: Sendable {
        var body: [UInt8]
        var contentType: String?
    }

    /// Posts `body` to `model`, waiting for it to load when the API answers 503; `onWait` is told each wait.
    func post(model: String, body: JSONValue, accept: String, onWait: @Sendable (Double) -> Void = { _ in }) async throws -> Answer {
        var waited = 0.0
        var attempt = 0
        while true {
            try Task.checkCancellation()
            let (status, headers, bytes) = try await send(model: model, body: body, accept: accept)
            switch status {
            case 200..<300:
                return Answer(body: bytes, contentType: headers.first(name: "content-type"))
            case 503:
                // The model is loading (or the service is busy): wait as the API says, within the budget.
                let estimated = Self.json(bytes)?["estimated_time"]?.doubleValue
                attempt += 1
                let backoff = min(30, pow(2, Double(attempt - 1)))
                let wait = max(0.1, min(estimated ?? backoff, 30))
                guard waited + wait <= settings.maxLoadingWait else {
                    throw GenerationError.transient(
                        "\(model) is still loading after \(Int(waited)) s of waiting: \(Self.errorText(bytes))",
                        retryAfter: estimated ?? backoff)
                }
                onWait(wait)
                try await Task.sleep(for: .seconds(wait))
                waited += wait
            case 429:
                throw GenerationError.transient(
                    "the Hugging Face API limits the rate of requests: \(Self.errorText(bytes))",
                    retryAfter: Self.retryAfter(headers) ?? 60)
            case 401, 403:
                throw GenerationError.notConfigured(
                    "HUGGINGFACE_API_TOKEN: the Hugging Face API refused the token (HTTP \(status)): \(Self.errorText(bytes))")
            case 404:
                throw GenerationError.permanent("the Hugging Face API has no model \(model) (HTTP 404): \(Self.errorText(bytes))")
            case 408, 500..<600:
                throw GenerationError.transient("the Hugging Face API failed (HTTP \(status)): \(Self.errorText(bytes))",
                                                retryAfter: Self.retryAfter(headers))
            default:
                throw GenerationError.permanent("the Hugging Face API refused the request (HTTP \(status)): \(Self.errorText(bytes))")
            }
        }
    }

    private func send(model: String, body: JSONValue, accept: String) async throws -> (Int, HTTPHeaders, [UInt8]) {
        var request = HTTPClientRequest(url: "\(settings.baseURL)/\(model)")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(settings.token)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: accept)
        request.body = .bytes(ByteBuffer(string: body.jsonString))
        do {
            let response = try await httpClient.execute(request, timeout: .milliseconds(Int64(settings.requestTimeout * 1000)))
            let buffer = try await response.body.collect(upTo: maxBodyBytes)
            return (Int(response.status.code), response.headers, Array(buffer.readableBytesView))
        } catch {
            if Task.isCancelled || error is CancellationError { throw CancellationError() }
            if let error = error as? HTTPClientError {
                switch error {
                case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout:
                    throw GenerationError.transient("the Hugging Face API did not answer within \(Int(settings.requestTimeout)) s")
                case .cancelled:
                    throw CancellationError()
                default:
                    break
                }
            }
            throw GenerationError.transient("the Hugging Face API could not be reached: \(error)")
        }
    }

    /// `Retry-After` in seconds, from a number or an HTTP date.
    static func retryAfter(_ headers: HTTPHeaders) -> Double? {
        retryAfter(headers.first(name: "retry-after"))
    }

    /// A `Retry-After` value in seconds, from a number or an HTTP date.
    static func retryAfter(_ header: String?) -> Double? {
        guard let value = header?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let seconds = Double(value) { return max(0, seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: value).map { max(0, $0.timeIntervalSinceNow) }
    }

    static func json(_ bytes: [UInt8]) -> JSONValue? {
        try? JSONValue(parsing: String(decoding: bytes, as: UTF8.self))
    }

    /// The API's `error` member, or the start of the body.
    static func errorText(_ bytes: [UInt8]) -> String {
        if let error = json(bytes)?["error"] {
            if let text = error.stringValue { return text }
            return error.jsonString
        }
        return bodyStart(bytes)
    }

    /// The first 200 characters of a body, printable.
    static func bodyStart(_ bytes: [UInt8]) -> String {
        guard !bytes.isEmpty else { return "(empty body)" }
        let text = String(decoding: bytes.prefix(200), as: UTF8.self)
            .map { $0.isASCII && ($0.asciiValue! < 32 && $0 != "\n") ? "·" : $0 }
        return String(text) + (bytes.count > 200 ? "…" : "")
    }
}
