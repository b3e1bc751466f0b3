import Crypto
import Foundation

/// AWS Signature Version 4 (header and query-string forms), as the AWS General Reference describes it.
///
/// It signs exactly the headers it is given plus `x-amz-date` (which it adds); S3 callers add `host`
/// and `x-amz-content-sha256` themselves. Paths are URI-encoded once, segment by segment, as S3
/// wants (no `.`/`..` normalisation).
public struct SigV4Signer: Sendable {
    public let accessKeyID: String
    public let secretAccessKey: String
    public let region: String
    public let service: String
    /// The session token of temporary credentials (an IAM role's), signed as `x-amz-security-token`.
    public let sessionToken: String?

    /// The payload hash S3 accepts when the body is not hashed (presigned URLs).
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"
    static let algorithm = "AWS4-HMAC-SHA256"

    public init(accessKeyID: String, secretAccessKey: String, region: String, service: String = "s3", sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.region = region
        self.service = service
        self.sessionToken = sessionToken
    }

    /// A request's parts that are signed.
    public struct Request: Sendable {
        public var method: String
        /// The path, not yet percent-encoded (`/bucket/image/a.png`).
        public var path: String
        /// Query parameters, not yet percent-encoded; a parameter with no value has `""`.
        public var query: [(String, String)]
        /// Headers to sign, names in any case; `host` must be among them.
        public var headers: [(String, String)]
        /// Lowercase hex SHA-256 of the body, or ``SigV4Signer/unsignedPayload``.
        public var payloadHash: String

        public init(method: String, path: String, query: [(String, String)] = [], headers: [(String, String)], payloadHash: String) {
            self.method = method
            self.path = path
            self.query = query
            self.headers = headers
            self.payloadHash = payloadHash
        }
    }

    /// What signing produced; the intermediate texts are kept for tests and debugging.
    public struct Signature: Sendable {
        public var canonicalRequest: String
        public var stringToSign: String
        public var signature: String
        /// The `Authorization` header value (header signing) — empty for presigning.
        public var authorization: String
        /// The headers to send: the ones given plus `x-amz-date` and `Authorization`.
        public var headers: [(String, String)]
        /// The encoded query to send (with the `X-Amz-*` parameters when presigning).
        public var encodedQuery: String
    }

    /// Signs with an `Authorization` header (and adds `x-amz-security-token` with a session token).
    public func sign(_ request: Request, date: Date) -> Signature {
        let timestamp = AmzDate(date)
        var headers = request.headers
        headers.append(("x-amz-date", timestamp.full))
        if let sessionToken { headers.append(("x-amz-security-token", sessionToken)) }
        let canonicalHeaders = Self.canonicalHeaders(headers)
        let query = Self.canonicalQuery(request.query)
        let canonical = [
            request.method, Self.encodePath(request.path), query, canonicalHeaders.text, canonicalHeaders.signed,
            request.payloadHash,
        ].joined(separator: "\n")
        let scope = "\(timestamp.day)/\(region)/\(service)/aws4_request"
        let toSign = [Self.algorithm, timestamp.full, scope, Self.hex(SHA256.hash(data: Data(canonical.utf8)))]
            .joined(separator: "\n")
        let signature = sign(toSign, day: timestamp.day)
        let authorization = "\(Self.algorithm) Credential=\(accessKeyID)/\(scope), SignedHeaders=\(canonicalHeaders.signed), Signature=\(signature)"
        headers.append(("Authorization", authorization))
        return Signature(canonicalRequest: canonical, stringToSign: toSign, signature: signature,
                         authorization: authorization, headers: headers, encodedQuery: query)
    }

    /// Signs in the query string (a presigned URL): only `host` (and the headers given) are signed,
    /// the payload is unsigned, and the URL works for `expires` seconds.
    public func presign(_ request: Request, date: Date, expires: Int) -> Signature {
        let timestamp = AmzDate(date)
        let scope = "\(timestamp.day)/\(region)/\(service)/aws4_request"
        let canonicalHeaders = Self.canonicalHeaders(request.headers)
        var query = request.query
        query += [
            ("X-Amz-Algorithm", Self.algorithm), ("X-Amz-Credential", "\(accessKeyID)/\(scope)"),
            ("X-Amz-Date", timestamp.full), ("X-Amz-Expires", String(expires)),
            ("X-Amz-SignedHeaders", canonicalHeaders.signed),
        ]
        if let sessionToken { query.append(("X-Amz-Security-Token", sessionToken)) }
        let canonicalQuery = Self.canonicalQuery(query)
        let canonical = [
            request.method, Self.encodePath(request.path), canonicalQuery, canonicalHeaders.text, canonicalHeaders.signed,
            Self.unsignedPayload,
        ].joined(separator: "\n")
        let toSign = [Self.algorithm, timestamp.full, scope, Self.hex(SHA256.hash(data: Data(canonical.utf8)))]
            .joined(separator: "\n")
        let signature = sign(toSign, day: timestamp.day)
        return Signature(canonicalRequest: canonical, stringToSign: toSign, signature: signature, authorization: "",
                         headers: request.headers, encodedQuery: canonicalQuery + "&X-Amz-Signature=\(signature)")
    }

    func sign(_ stringToSign: String, day: String) -> String {
        var key = SymmetricKey(data: Data("AWS4\(secretAccessKey)".utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        return Self.hex(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key))
    }
}
