import Foundation
import Protocols

/// Where the bucket is and how to reach it (`STORAGE_TYPE=s3`).
public struct S3Configuration: Sendable {
    /// How the bucket appears in URLs: `https://host/bucket/key` or `https://bucket.host/key`.
    public enum AddressingStyle: String, Sendable {
        case path
        case virtual
    }

    public var accessKeyID: String
    public var secretAccessKey: String
    /// The session token of temporary credentials (`AWS_SESSION_TOKEN`), if any.
    public var sessionToken: String?
    public var bucket: String
    public var region: String
    /// The service's base URL; `https://s3.<region>.amazonaws.com` when `nil`.
    public var endpoint: URL?
    public var addressingStyle: AddressingStyle
    /// A CDN base that public files are served from (`<publicURL>/<key>`), instead of the bucket URL.
    public var publicURL: String?
    /// Lifetime of presigned URLs, in seconds.
    public var signedURLExpires: Int
    /// Files larger than this go up with a multipart upload.
    public var multipartThreshold: Int
    /// The size of each part of a multipart upload (S3 wants at least 5 MiB but for the last).
    public var partSize: Int
    /// Whether uploads carry `x-amz-acl` (`public-read` or `private`). Buckets with ACLs disabled
    /// (S3's default "bucket owner enforced" object ownership) refuse it: set `AWS_S3_USE_ACL=false`
    /// and make public files readable with a bucket policy or a CDN instead. Without ACLs, making an
    /// asset private (``S3Storage/setVisibility(key:isPublic:)``) cannot close its object: the bucket
    /// policy alone decides who reads it, and the API only stops handing out its plain URL.
    public var usesACL: Bool

    public init(
        accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, bucket: String, region: String = "eu-west-1",
        endpoint: URL? = nil, addressingStyle: AddressingStyle? = nil, publicURL: String? = nil,
        signedURLExpires: Int = 900, multipartThreshold: Int = 8 * 1024 * 1024, partSize: Int = 8 * 1024 * 1024,
        usesACL: Bool = true
    ) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.bucket = bucket
        self.region = region
        self.endpoint = endpoint
        self.addressingStyle = addressingStyle ?? (endpoint == nil ? .virtual : .path)
        self.publicURL = publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.signedURLExpires = signedURLExpires
        self.multipartThreshold = multipartThreshold
        self.partSize = partSize
        self.usesACL = usesACL
    }

    /// Reads `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_BUCKET_NAME` (required), `AWS_SESSION_TOKEN`, `AWS_REGION`
    /// (default `eu-west-1`), `AWS_S3_ENDPOINT_URL`, `AWS_S3_ADDRESSING_STYLE` (`path` or `virtual`;
    /// `path` when an endpoint is set), `AWS_S3_PUBLIC_URL`, `AWS_S3_SIGNED_URL_EXPIRES` (default 900)
    /// `AWS_S3_MULTIPART_THRESHOLD` (bytes, default 8 MiB) and `AWS_S3_USE_ACL` (default `true`).
    public init(settings: any PluginSettings) throws {
        let plugin = "S3 storage"
        var endpoint: URL?
        if let text = settings.string("AWS_S3_ENDPOINT_URL") {
            guard let url = URL(string: text), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                throw PluginConfigurationError.invalid(variable: "AWS_S3_ENDPOINT_URL", reason: "'\(text)' is not an http(s) URL")
            }
            endpoint = url
        }
        var style: AddressingStyle?
        if let text = settings.string("AWS_S3_ADDRESSING_STYLE") {
            guard let parsed = AddressingStyle(rawValue: text.lowercased()) else {
                throw PluginConfigurationError.invalid(variable: "AWS_S3_ADDRESSING_STYLE", reason: "'\(text)' is neither path nor virtual")
            }
            style = parsed
        }
        let expires = try settings.int("AWS_S3_SIGNED_URL_EXPIRES", default: 900)
        guard (1...604_800).contains(expires) else {
            throw PluginConfigurationError.invalid(variable: "AWS_S3_SIGNED_URL_EXPIRES", reason: "must be 1 to 604800 seconds")
        }
        let threshold = try settings.int("AWS_S3_MULTIPART_THRESHOLD", default: 8 * 1024 * 1024)
        guard threshold >= 5 * 1024 * 1024 else {
            throw PluginConfigurationError.invalid(variable: "AWS_S3_MULTIPART_THRESHOLD", reason: "must be at least 5 MiB (S3's smallest part)")
        }
        var usesACL = true
        if let text = settings.string("AWS_S3_USE_ACL") {
            switch text.lowercased() {
            case "true", "1", "yes": usesACL = true
            case "false", "0", "no": usesACL = false
            default: throw PluginConfigurationError.invalid(variable: "AWS_S3_USE_ACL", reason: "'\(text)' is neither true nor false")
            }
        }
        self.init(
            accessKeyID: try settings.required("AWS_ACCESS_KEY_ID", for: plugin),
            secretAccessKey: try settings.required("AWS_SECRET_ACCESS_KEY", for: plugin),
            sessionToken: settings.string("AWS_SESSION_TOKEN"),
            bucket: try settings.required("AWS_BUCKET_NAME", for: plugin),
            region: settings.string("AWS_REGION") ?? "eu-west-1",
            endpoint: endpoint, addressingStyle: style, publicURL: settings.string("AWS_S3_PUBLIC_URL"),
            signedURLExpires: expires, multipartThreshold: threshold, partSize: threshold, usesACL: usesACL
        )
    }

    /// The URL of an object (or of the bucket when `key` is `nil`) and the path that is signed.
    func location(ofKey key: String?) -> (url: URL, host: String, path: String) {
        let base = endpoint ?? URL(string: "https://s3.\(region).amazonaws.com")!
        let scheme = base.scheme ?? "https"
        var host = base.host ?? "s3.amazonaws.com"
        if let port = base.port { host += ":\(port)" }
        let basePath = base.path.hasSuffix("/") ? String(base.path.dropLast()) : base.path
        let path: String
        switch addressingStyle {
        case .path:
            path = basePath + "/" + bucket + (key.map { "/" + $0 } ?? "")
        case .virtual:
            host = bucket + "." + host
            path = basePath + "/" + (key ?? "")
        }
        let url = URL(string: "\(scheme)://\(host)\(SigV4Signer.encodePath(path))")!
        return (url, host, path)
    }
}
