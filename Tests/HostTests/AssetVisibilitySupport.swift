import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Protocols

@testable import Host

/// GraphQL for the visibility tests: uploads with `isPublic`, and `updateAsset(isPublic:)`.
enum VisibilityRequests {
    static let upload = """
        mutation($file: Upload!, $type: String!, $name: String!, $isPublic: Boolean) {
          uploadAsset(file: $file, type: $type, name: $name, isPublic: $isPublic) {
            success message asset { mongoId url isPublic metadata } } }
        """

    static let update = """
        mutation($id: ID!, $isPublic: Boolean) {
          updateAsset(assetId: $id, input: {isPublic: $isPublic}) { success message asset { url isPublic metadata } } }
        """

    static let read = "query($id: ID!) { assetById(assetId: $id) { url isPublic metadata } }"

    /// A multipart upload; `isPublic` left out of the variables when `nil`.
    static func multipart(_ content: [UInt8], type: String = "image", isPublic: Bool?) -> MultipartBody {
        var variables: [String: JSONValue] = ["file": .null, "type": .string(type), "name": .string("visibility")]
        if let isPublic { variables["isPublic"] = .bool(isPublic) }
        var body = MultipartBody()
        body.field("operations", JSONValue.object(["query": .string(upload), "variables": .object(variables)]).jsonString)
        body.field("map", #"{"0": ["variables.file"]}"#)
        body.file("0", filename: "picture.png", contentType: "image/png", content)
        body.close()
        return body
    }

    /// The `storage_key` in an answer's `metadata` (a JSON string).
    static func storageKey(_ response: GraphQLResponse, _ path: String) -> String? {
        guard let text = response.string(path), let metadata = try? JSONValue(parsing: text) else { return nil }
        return metadata["storage_key"]?.stringValue
    }
}

/// A plain, unsigned GET of an absolute URL, as a browser would make it (for URLs S3 hands out).
enum BrowserGET {
    static func get(_ url: String) async throws -> (status: Int, body: [UInt8]) {
        guard let target = URL(string: url) else { throw TestFailure("not a URL: \(url)") }
        return try await withCheckedThrowingContinuation { continuation in
            URLSession.shared.dataTask(with: target) { data, response, error in
                if let error { return continuation.resume(throwing: error) }
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                continuation.resume(returning: (status, [UInt8](data ?? Data())))
            }.resume()
        }
    }
}

/// The moto server `scripts/services/s3.sh` starts (`S3_TEST_*`), as the server's own variables.
enum S3ServerEnvironment {
    static let environment = ProcessInfo.processInfo.environment
    static let available = environment["S3_TEST_ENDPOINT"].map { !$0.isEmpty } ?? false
    /// Runs the tests when moto is there, or when `REQUIRE_TEST_SERVICES=1` (they then fail without it).
    static let enabled = available || environment["REQUIRE_TEST_SERVICES"] == "1"

    /// `STORAGE_TYPE=s3` and the `AWS_*` variables for a server storing in the test bucket: switching
    /// storage takes only these.
    static func variables() throws -> [String: String] {
        guard available else { throw TestFailure("REQUIRE_TEST_SERVICES=1 but S3_TEST_ENDPOINT is unset: run scripts/services/s3.sh start") }
        return [
            "STORAGE_TYPE": "s3",
            "AWS_ACCESS_KEY_ID": environment["S3_TEST_ACCESS_KEY_ID"] ?? "",
            "AWS_SECRET_ACCESS_KEY": environment["S3_TEST_SECRET_ACCESS_KEY"] ?? "",
            "AWS_BUCKET_NAME": environment["S3_TEST_BUCKET"] ?? "",
            "AWS_REGION": environment["S3_TEST_REGION"] ?? "eu-west-1",
            "AWS_S3_ENDPOINT_URL": environment["S3_TEST_ENDPOINT"] ?? "",
        ]
    }
}

/// A file storage that records visibility changes and, like Cloudinary, moves a file to a new key
/// when its visibility changes (`<name>` public, `private/<name>` private).
actor MovingStorage: FileStorage {
    private(set) var files: [String: [UInt8]] = [:]
    private(set) var calls: [String] = []
    var failVisibilityChanges = false

    func put(_ key: String, _ bytes: [UInt8]) { files[key] = bytes }
    func failingVisibilityChanges() { failVisibilityChanges = true }

    func store(_ file: FileToStore) async throws -> StoredFile {
        let key = (file.isPublic ? "" : "private/") + file.fileName
        files[key] = file.body.bytes
        return StoredFile(key: key, url: "https://files.example/\(key)")
    }

    func load(key: String) async throws -> [UInt8] {
        guard let bytes = files[key] else { throw FileStorageError.notFound(key) }
        return bytes
    }

    func delete(key: String) async throws -> Bool { files.removeValue(forKey: key) != nil }

    func url(forKey key: String, isPublic: Bool) async throws -> String {
        "https://files.example/\(key)" + (isPublic ? "" : "?signed")
    }

    func allKeys() async throws -> [String] { files.keys.sorted() }

    func setVisibility(key: String, isPublic: Bool) async throws -> StoredFile {
        calls.append("\(key) -> \(isPublic ? "public" : "private")")
        if failVisibilityChanges { throw FileStorageError.backend("visibility changes are down") }
        guard let bytes = files.removeValue(forKey: key) else { throw FileStorageError.notFound(key) }
        let name = key.hasPrefix("private/") ? String(key.dropFirst("private/".count)) : key
        let moved = (isPublic ? "" : "private/") + name
        files[moved] = bytes
        return StoredFile(key: moved, url: "https://files.example/\(moved)")
    }
}

extension FileBody {
    var bytes: [UInt8] {
        switch self {
        case .bytes(let bytes): bytes
        case .file(let path): (try? [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))) ?? []
        }
    }
}

/// An asset store whose updates fail, or succeed and are kept.
actor UpdatableAssetStore: AssetStore {
    private(set) var written: [Asset] = []
    let failUpdates: Bool

    init(failUpdates: Bool) { self.failUpdates = failUpdates }

    func insertAsset(_ asset: Asset) async throws { written.append(asset) }
    func assets(ids: [ObjectId]) async throws -> [Asset] { written.filter { ids.contains($0.id) } }
    func assets(_ filter: AssetFilter) async throws -> [Asset] { written }
    func updateAsset(_ asset: Asset) async throws {
        if failUpdates { throw StoreError.unavailable("database is down") }
        written.append(asset)
    }
    func deleteAsset(id: ObjectId) async throws -> Asset? { nil }
    func deleteAssetIfUnused(id: ObjectId) async throws -> Asset? { nil }
    func fileReferences() async throws -> FileReferences { FileReferences() }
}
