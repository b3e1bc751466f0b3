import AsyncHTTPClient
import Foundation
import Protocols

/// Files on Cloudinary (`STORAGE_TYPE=cloudinary`).
///
/// Uploads are signed and go to the folder `story-app/<type>` with the file's UUID as public id;
/// images are `image` resources, sound and video `video` resources (Cloudinary keeps audio there).
/// Public files are `upload` resources whose URL is Cloudinary's `secure_url`; private files are
/// `authenticated` resources delivered through signed URLs; ``setVisibility(key:isPublic:)`` moves a
/// file between the two with the `rename` API. The key (see `CloudinaryKey`) keeps the resource type,
/// delivery type, public id and format, so delete calls the destroy API.
public struct CloudinaryStorage: FileStorage {
    public let configuration: CloudinaryConfiguration
    let client: CloudinaryClient

    public init(configuration: CloudinaryConfiguration, httpClient: HTTPClient = .shared) {
        self.configuration = configuration
        client = CloudinaryClient(configuration: configuration, http: httpClient)
    }

    /// Reads the `CLOUDINARY_*` variables (see ``CloudinaryConfiguration/init(settings:)``).
    /// - Throws: ``PluginConfigurationError`` naming the variable that is missing or invalid.
    public static func make(settings: any PluginSettings) throws -> CloudinaryStorage {
        CloudinaryStorage(configuration: try CloudinaryConfiguration(settings: settings))
    }

    public func store(_ file: FileToStore) async throws -> StoredFile {
        guard FileToStore.isSafeName(file.fileName) else { throw FileStorageError.invalidName(file.fileName) }
        let resourceType = CloudinaryKey.resourceType(for: file.kind)
        let stem = file.fileName.lastIndex(of: ".").map { String(file.fileName[..<$0]) } ?? file.fileName
        let deliveryType = file.isPublic ? "upload" : "authenticated"
        var parameters = [("folder", "\(configuration.folder)/\(file.kind.rawValue)"), ("public_id", stem), ("overwrite", "true")]
        if !file.isPublic { parameters.append(("type", deliveryType)) }
        let source: MultipartFormBody.FileSource
        switch file.body {
        case .bytes(let bytes): source = .bytes(bytes)
        case .file(let path):
            guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber else {
                throw FileStorageError.backend("could not read the file to upload at \(path)")
            }
            source = .file(path: path, size: size.intValue)
        }
        let form = MultipartFormBody(fields: client.signed(parameters), fileName: file.fileName, contentType: file.contentType, file: source)
        let answer = try await client.postForm("\(resourceType)/upload", body: form, operation: "upload of \(file.fileName)")
        guard let publicID = answer["public_id"] as? String else {
            throw FileStorageError.backend("Cloudinary upload of \(file.fileName) failed: the answer has no public_id")
        }
        let format = (answer["format"] as? String) ?? file.fileName.split(separator: ".").dropFirst().last.map(String.init) ?? ""
        let key = CloudinaryKey(resourceType: (answer["resource_type"] as? String) ?? resourceType,
                                deliveryType: (answer["type"] as? String) ?? deliveryType, publicID: publicID, format: format)
        let url = file.isPublic ? (answer["secure_url"] as? String) ?? deliveryURL(key) : deliveryURL(key)
        return StoredFile(key: key.text, url: url)
    }

    public func load(key: String) async throws -> [UInt8] {
        guard let parsed = CloudinaryKey(key) else { throw FileStorageError.notFound(key) }
        let response = try await client.send(HTTPClientRequest(url: deliveryURL(parsed)), operation: "download of \(key)")
        if response.status == 404 { throw FileStorageError.notFound(key) }
        guard response.status == 200 else {
            throw CloudinaryErrorMessage.error(status: response.status, body: response.body, operation: "download of \(key)")
        }
        return response.body
    }

    public func delete(key: String) async throws -> Bool {
        guard let parsed = CloudinaryKey(key) else { return false }
        let parameters = client.signed([("public_id", parsed.publicID), ("type", parsed.deliveryType), ("invalidate", "true")])
        let answer = try await client.postParameters("\(parsed.resourceType)/destroy", parameters, operation: "delete of \(key)")
        switch answer["result"] as? String {
        case "ok": return true
        case "not found": return false
        case let other: throw FileStorageError.backend("Cloudinary delete of \(key) failed: result \(other ?? "missing")")
        }
    }

    /// Public files: the delivery URL. Private ones: a signed delivery URL of the authenticated resource.
    public func url(forKey key: String, isPublic: Bool) async throws -> String {
        guard let parsed = CloudinaryKey(key) else { throw FileStorageError.notFound(key) }
        return deliveryURL(parsed)
    }

    /// Moves the resource between the `upload` delivery type (public: its URL works for anyone) and
    /// `authenticated` (private: only signed delivery URLs work) with the upload API's signed
    /// `rename`, keeping its public id (`from_public_id` = `to_public_id`, `type` → `to_type`,
    /// `invalidate` to drop CDN copies of the old URL). The key records the delivery type, so it
    /// changes: the host must keep the returned one. The old URL stops serving the file. When the
    /// file already has the asked visibility, nothing moves and the same key comes back.
    /// - Throws: ``FileStorageError/notFound(_:)`` when Cloudinary has no such resource.
    public func setVisibility(key: String, isPublic: Bool) async throws -> StoredFile {
        guard let parsed = CloudinaryKey(key) else { throw FileStorageError.notFound(key) }
        let target = isPublic ? "upload" : "authenticated"
        let operation = "visibility change of \(key)"
        if parsed.deliveryType == target {
            var head = HTTPClientRequest(url: deliveryURL(parsed))
            head.method = .HEAD
            let response = try await client.send(head, operation: operation)
            if response.status == 404 { throw FileStorageError.notFound(key) }
            guard response.status == 200 else {
                throw CloudinaryErrorMessage.error(status: response.status, body: response.body, operation: operation)
            }
            return StoredFile(key: key, url: deliveryURL(parsed))
        }
        let parameters = client.signed([
            ("from_public_id", parsed.publicID), ("to_public_id", parsed.publicID), ("type", parsed.deliveryType),
            ("to_type", target), ("overwrite", "true"), ("invalidate", "true"),
        ])
        let response = try await client.sendParameters("\(parsed.resourceType)/rename", parameters, operation: operation)
        if response.status == 404 { throw FileStorageError.notFound(key) }
        let answer = try client.json(response, operation: operation)
        let moved = CloudinaryKey(
            resourceType: (answer["resource_type"] as? String) ?? parsed.resourceType, deliveryType: (answer["type"] as? String) ?? target,
            publicID: (answer["public_id"] as? String) ?? parsed.publicID, format: (answer["format"] as? String) ?? parsed.format)
        guard moved.deliveryType == target else {
            throw FileStorageError.backend("Cloudinary \(operation) failed: the resource is now of type '\(moved.deliveryType)', not '\(target)'")
        }
        let url = isPublic ? (answer["secure_url"] as? String) ?? deliveryURL(moved) : deliveryURL(moved)
        return StoredFile(key: moved.text, url: url)
    }

    /// Every file under the folder, from the admin API (image and video, public and authenticated).
    public func allKeys() async throws -> [String] {
        var keys: [String] = []
        for resourceType in ["image", "video"] {
            for deliveryType in ["upload", "authenticated"] {
                var cursor: String?
                repeat {
                    var query = [("prefix", configuration.folder + "/"), ("max_results", "500")]
                    if let cursor { query.append(("next_cursor", cursor)) }
                    let page = try await client.adminGet("resources/\(resourceType)/\(deliveryType)", query: query, operation: "listing")
                    for resource in page["resources"] as? [[String: Any]] ?? [] {
                        guard let publicID = resource["public_id"] as? String else { continue }
                        keys.append(CloudinaryKey(resourceType: resourceType, deliveryType: deliveryType, publicID: publicID,
                                                  format: resource["format"] as? String ?? "").text)
                    }
                    cursor = page["next_cursor"] as? String
                } while cursor != nil
            }
        }
        return keys
    }

    /// `<delivery>/<cloud>/<resource_type>/<type>/[s--sig--/]<public_id>.<format>`.
    func deliveryURL(_ key: CloudinaryKey) -> String {
        let file = key.publicID + (key.format.isEmpty ? "" : "." + key.format)
        let signature = key.deliveryType == "upload" ? "" : CloudinarySignature.deliveryComponent(for: file, secret: configuration.apiSecret) + "/"
        return "\(configuration.deliveryBaseURL)/\(configuration.cloudName)/\(key.resourceType)/\(key.deliveryType)/\(signature)\(file)"
    }
}
