import Foundation
import Protocols

/// Files on the local disk, the default storage (`STORAGE_TYPE=local`).
///
/// Files live in `<root>/assets/<fileName>` and their key is `assets/<fileName>`. Their URL is
/// `MEDIA_URL` + the key (`/media/assets/<file>`, as the old server produced), absolute when
/// `PUBLIC_BASE_URL` is set. The host serves them: it maps a request path to a key with
/// ``key(forURLPath:)`` and the key to a file with ``fileURL(forKey:)``.
public struct LocalStorage: FileStorage {
    /// The directory every file lives under (`MEDIA_ROOT`).
    public let root: URL
    /// The URL path prefix the host serves files under, always ending in `/` (`MEDIA_URL`).
    public let mediaURL: String
    /// Prefixed to URLs when set (`PUBLIC_BASE_URL`), without a trailing `/`.
    public let publicBaseURL: String?

    static let folder = "assets"

    /// - Parameters:
    ///   - root: where files are kept; created on the first write.
    ///   - mediaURL: the URL prefix of files, `/media/` by default.
    ///   - publicBaseURL: e.g. `https://stories.example.com`, to hand out absolute URLs.
    public init(root: URL, mediaURL: String = "/media/", publicBaseURL: String? = nil) {
        self.root = root.standardizedFileURL
        self.mediaURL = mediaURL.hasSuffix("/") ? mediaURL : mediaURL + "/"
        self.publicBaseURL = publicBaseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    }

    /// Reads `MEDIA_ROOT` (default `./media`), `MEDIA_URL` (default `/media/`) and `PUBLIC_BASE_URL`.
    public static func make(settings: any PluginSettings) throws -> LocalStorage {
        let rootPath = settings.string("MEDIA_ROOT") ?? "./media"
        let root = URL(fileURLWithPath: rootPath, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        let mediaURL = settings.string("MEDIA_URL") ?? "/media/"
        if let base = settings.string("PUBLIC_BASE_URL"), !(base.hasPrefix("http://") || base.hasPrefix("https://")) {
            throw PluginConfigurationError.invalid(variable: "PUBLIC_BASE_URL", reason: "'\(base)' must start with http:// or https://")
        }
        return LocalStorage(root: root, mediaURL: mediaURL, publicBaseURL: settings.string("PUBLIC_BASE_URL"))
    }

    public func store(_ file: FileToStore) async throws -> StoredFile {
        guard FileToStore.isSafeName(file.fileName) else { throw FileStorageError.invalidName(file.fileName) }
        let key = "\(Self.folder)/\(file.fileName)"
        let destination = root.appendingPathComponent(key)
        try AtomicWrite.write(file.body, to: destination)
        return StoredFile(key: key, url: publicURL(forKey: key))
    }

    public func load(key: String) async throws -> [UInt8] {
        guard let url = fileURL(forKey: key) else { throw FileStorageError.notFound(key) }
        do {
            return [UInt8](try Data(contentsOf: url))
        } catch {
            throw FileStorageError.notFound(key)
        }
    }

    public func delete(key: String) async throws -> Bool {
        guard let url = fileURL(forKey: key) else { return false }
        do {
            try FileManager.default.removeItem(at: url)
            return true
        } catch {
            if !FileManager.default.fileExists(atPath: url.path) { return false }
            throw FileStorageError.backend("could not delete \(key): \(error.localizedDescription)")
        }
    }

    /// The same URL for public and private files: the host decides who may fetch them.
    public func url(forKey key: String, isPublic: Bool) async throws -> String {
        guard Self.isValidKey(key) else { throw FileStorageError.invalidName(key) }
        return publicURL(forKey: key)
    }

    public func allKeys() async throws -> [String] {
        let directory = root.appendingPathComponent(Self.folder)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        return names.filter(FileToStore.isSafeName).map { "\(Self.folder)/\($0)" }.sorted()
    }

    /// Changes nothing and returns the same key: local files have no visibility of their own.
    ///
    /// - Important: a private local file is **not** protected. The host's media route serves every
    ///   file under `MEDIA_ROOT` to anyone who has its URL (`/media/assets/<uuid>.<ext>`); what
    ///   keeps a private asset from strangers is only that its URL is unguessable and that the API
    ///   lists and resolves private assets for their uploader and admins alone. A deployment that
    ///   needs private files enforced by the storage should use S3 or Cloudinary.
    /// - Throws: ``FileStorageError/notFound(_:)`` when no file is stored under `key`.
    public func setVisibility(key: String, isPublic: Bool) async throws -> StoredFile {
        guard fileURL(forKey: key) != nil else { throw FileStorageError.notFound(key) }
        return StoredFile(key: key, url: publicURL(forKey: key))
    }

    func publicURL(forKey key: String) -> String {
        (publicBaseURL ?? "") + mediaURL + key
    }
}
