import AsyncHTTPClient
import Foundation
import Protocols

/// Files in an S3 bucket, or an S3-compatible service (`STORAGE_TYPE=s3`).
///
/// Keys are `<type>/<fileName>`; only those prefixes are listed (``allKeys()``), so the bucket may
/// hold other objects. Public files are uploaded `public-read` and their URL is the object's URL (or
/// `AWS_S3_PUBLIC_URL/<key>`); private files are uploaded `private` and handed out as presigned GET
/// URLs made at read time; ``setVisibility(key:isPublic:)`` switches the ACL of a stored file. Files above the multipart threshold go up in parts.
/// Requests are signed with ``SigV4Signer``.
public struct S3Storage: FileStorage {
    public let configuration: S3Configuration
    let client: S3Client

    /// - Parameter httpClient: the client requests go through; the shared one by default.
    public init(configuration: S3Configuration, httpClient: HTTPClient = .shared) {
        self.configuration = configuration
        client = S3Client(
            configuration: configuration,
            signer: SigV4Signer(accessKeyID: configuration.accessKeyID, secretAccessKey: configuration.secretAccessKey,
                                region: configuration.region, service: "s3", sessionToken: configuration.sessionToken),
            http: httpClient)
    }

    /// Reads the `AWS_*` variables (see ``S3Configuration/init(settings:)``).
    /// - Throws: ``PluginConfigurationError`` naming the variable that is missing or invalid.
    public static func make(settings: any PluginSettings) throws -> S3Storage {
        S3Storage(configuration: try S3Configuration(settings: settings))
    }

    public func store(_ file: FileToStore) async throws -> StoredFile {
        guard FileToStore.isSafeName(file.fileName) else { throw FileStorageError.invalidName(file.fileName) }
        let key = "\(file.kind.rawValue)/\(file.fileName)"
        var headers = [("content-type", file.contentType)]
        if configuration.usesACL { headers.append(("x-amz-acl", file.isPublic ? "public-read" : "private")) }
        switch file.body {
        case .bytes(let bytes):
            _ = try await client.expectSuccess(.PUT, key: key, headers: headers, body: .bytes(bytes), operation: "upload of \(key)")
        case .file(let path):
            let size: Int
            do { size = try FileChunks.size(of: path) } catch {
                throw FileStorageError.backend("could not read the file to upload: \(error.localizedDescription)")
            }
            if size > configuration.multipartThreshold {
                try await MultipartUpload(client: client, key: key, headers: headers, partSize: configuration.partSize)
                    .run(path: path, size: size)
            } else {
                let hash = try Self.sha256(ofFile: path, length: size)
                _ = try await client.expectSuccess(
                    .PUT, key: key, headers: headers, body: .file(path: path, offset: 0, length: size, sha256: hash),
                    operation: "upload of \(key)")
            }
        }
        return StoredFile(key: key, url: try await url(forKey: key, isPublic: file.isPublic))
    }

    public func load(key: String) async throws -> [UInt8] {
        let response = try await client.send(.GET, key: key, operation: "download of \(key)")
        if response.status == 404, S3XML.value("Code", in: response.text) != "NoSuchBucket" {
            throw FileStorageError.notFound(key)
        }
        guard response.status == 200 else { throw client.failure(response, operation: "download of \(key)") }
        return response.body
    }

    /// Asks for the object first (S3's DELETE answers 204 whether or not it existed).
    public func delete(key: String) async throws -> Bool {
        let head = try await client.send(.HEAD, key: key, operation: "delete of \(key)")
        if head.status == 404 { return false }
        guard head.status == 200 else { throw client.failure(head, operation: "delete of \(key)") }
        _ = try await client.expectSuccess(.DELETE, key: key, operation: "delete of \(key)")
        return true
    }

    public func url(forKey key: String, isPublic: Bool) async throws -> String {
        if !isPublic { return client.presignedGetURL(key: key) }
        if let base = configuration.publicURL { return base + "/" + SigV4Signer.encodePath(key) }
        return configuration.location(ofKey: key).url.absoluteString
    }

    /// The keys this storage made: one listing (ListObjectsV2, page by page) per `<type>/` prefix,
    /// so that `story-server gc` never sees, let alone deletes, other objects in a shared bucket.
    public func allKeys() async throws -> [String] {
        try await allKeys(pageSize: nil)
    }

    /// ``allKeys()`` with pages of at most `pageSize` keys (S3's default, 1000, when `nil`).
    func allKeys(pageSize: Int?) async throws -> [String] {
        var keys: [String] = []
        for kind in AssetKind.allCases {
            let prefix = kind.rawValue + "/"
            var token: String?
            repeat {
                var query = [("list-type", "2"), ("prefix", prefix)]
                if let pageSize { query.append(("max-keys", String(pageSize))) }
                if let token { query.append(("continuation-token", token)) }
                let response = try await client.expectSuccess(.GET, key: nil, query: query, operation: "listing of \(prefix) in the bucket")
                keys += S3XML.values("Key", in: response.text).filter { $0.hasPrefix(prefix) }
                token = S3XML.value("IsTruncated", in: response.text) == "true" ? S3XML.value("NextContinuationToken", in: response.text) : nil
            } while token != nil
        }
        return keys
    }

    /// With ACLs on (`AWS_S3_USE_ACL`, the default) sets the object's canned ACL with PutObjectAcl,
    /// `public-read` or `private`: a private object's plain URL is then refused by S3 and only
    /// presigned URLs read it. The key never changes.
    ///
    /// With ACLs off (``S3Configuration/usesACL`` false, for buckets whose object ownership is
    /// "bucket owner enforced") objects have no visibility of their own: the bucket policy, or the
    /// CDN in front of it, decides who reads them, for public and private assets alike. This then
    /// only checks that the object exists and returns the same key; a private asset is private only
    /// in that the API hands out presigned URLs for it. Keep such a bucket closed to anonymous reads
    /// (and serve public files through `AWS_S3_PUBLIC_URL`) if private files must stay private.
    /// - Throws: ``FileStorageError/notFound(_:)`` when the object does not exist.
    public func setVisibility(key: String, isPublic: Bool) async throws -> StoredFile {
        let operation = "visibility change of \(key)"
        let response: S3Client.Response
        if configuration.usesACL {
            response = try await client.send(
                .PUT, key: key, query: [("acl", "")], headers: [("x-amz-acl", isPublic ? "public-read" : "private")],
                operation: operation)
        } else {
            response = try await client.send(.HEAD, key: key, operation: operation)
        }
        if response.status == 404, S3XML.value("Code", in: response.text) != "NoSuchBucket" {
            throw FileStorageError.notFound(key)
        }
        guard (200..<300).contains(response.status) else { throw client.failure(response, operation: operation) }
        return StoredFile(key: key, url: try await url(forKey: key, isPublic: isPublic))
    }

    static func sha256(ofFile path: String, length: Int, offset: UInt64 = 0) throws -> String {
        var hasher = SHA256Stream()
        do {
            try FileChunks.forEachChunk(path: path, offset: offset, length: length) { hasher.update($0) }
        } catch {
            throw FileStorageError.backend("could not read the file to upload: \(error.localizedDescription)")
        }
        return hasher.hex()
    }
}
