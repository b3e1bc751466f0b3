import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Protocols

/// Sends signed requests to the bucket and turns failures into ``FileStorageError``.
struct S3Client: Sendable {
    let configuration: S3Configuration
    let signer: SigV4Signer
    let http: HTTPClient

    /// What a request carries.
    enum Body {
        case empty
        case bytes([UInt8])
        /// `length` bytes of a file from `offset`, streamed; `sha256` is their hash, computed beforehand.
        case file(path: String, offset: UInt64, length: Int, sha256: String)

        var sha256: String {
            switch self {
            case .empty: SigV4Signer.sha256Hex([UInt8]())
            case .bytes(let bytes): SigV4Signer.sha256Hex(bytes)
            case .file(_, _, _, let hash): hash
            }
        }
    }

    struct Response {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// The largest body read back into memory.
    static let maxResponseBytes = 1 << 30

    /// Sends a request to `key` (or the bucket) and returns the answer, whatever its status.
    func send(
        _ method: HTTPMethod, key: String?, query: [(String, String)] = [], headers extra: [(String, String)] = [],
        body: Body = .empty, operation: String
    ) async throws -> Response {
        let location = configuration.location(ofKey: key)
        var headers = [("host", location.host), ("x-amz-content-sha256", body.sha256)] + extra
        let signed = signer.sign(
            SigV4Signer.Request(method: method.rawValue, path: location.path, query: query, headers: headers, payloadHash: body.sha256),
            date: Date())
        headers = signed.headers
        var request = HTTPClientRequest(url: location.url.absoluteString + (signed.encodedQuery.isEmpty ? "" : "?" + signed.encodedQuery))
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        switch body {
        case .empty: break
        case .bytes(let bytes): request.body = .bytes(bytes)
        case .file(let path, let offset, let length, _):
            request.body = .stream(FileChunks(path: path, offset: offset, length: length), length: .known(Int64(length)))
        }
        do {
            let response = try await http.execute(request, timeout: .seconds(300))
            let buffer = try await response.body.collect(upTo: Self.maxResponseBytes)
            return Response(status: Int(response.status.code), headers: response.headers, body: Array(buffer.readableBytesView))
        } catch let error as FileStorageError {
            throw error
        } catch {
            throw FileStorageError.backend("S3 \(operation) failed: could not reach \(location.url.host ?? "S3"): \(error)")
        }
    }

    /// Like ``send(_:key:query:headers:body:operation:)`` but throws unless the status is 2xx.
    func expectSuccess(
        _ method: HTTPMethod, key: String?, query: [(String, String)] = [], headers: [(String, String)] = [],
        body: Body = .empty, operation: String
    ) async throws -> Response {
        let response = try await send(method, key: key, query: query, headers: headers, body: body, operation: operation)
        guard (200..<300).contains(response.status) else { throw failure(response, operation: operation) }
        return response
    }

    func failure(_ response: Response, operation: String) -> FileStorageError {
        S3ErrorMessage.error(status: response.status, body: response.text, bucket: configuration.bucket, operation: operation)
    }

    /// A GET URL for `key` valid for ``S3Configuration/signedURLExpires`` seconds.
    func presignedGetURL(key: String, date: Date = Date()) -> String {
        let location = configuration.location(ofKey: key)
        let signed = signer.presign(
            SigV4Signer.Request(method: "GET", path: location.path, headers: [("host", location.host)], payloadHash: SigV4Signer.unsignedPayload),
            date: date, expires: configuration.signedURLExpires)
        return location.url.absoluteString + "?" + signed.encodedQuery
    }
}
