import Foundation

/// The bytes to store: a file already on disk (uploads are streamed to one) or bytes in memory.
public enum FileBody: Sendable {
    case file(path: String)
    case bytes([UInt8])
}

/// What a storage returns for a stored file.
public struct StoredFile: Hashable, Sendable {
    /// The storage's own name for the file, kept by the host (as `storage_key`) to fetch or delete it.
    public var key: String
    /// Where clients fetch it (for private files, see ``FileStorage/url(forKey:isPublic:)``).
    public var url: String

    public init(key: String, url: String) {
        self.key = key
        self.url = url
    }
}

/// What the host asks a storage to keep.
public struct FileToStore: Sendable {
    public var body: FileBody
    /// `image`, `sound` or `video`: storages use it to lay files out.
    public var kind: AssetKind
    /// The name to store under, `<uuid>.<ext>`, made by the host; never a client's file name.
    public var fileName: String
    public var contentType: String
    public var isPublic: Bool

    public init(body: FileBody, kind: AssetKind, fileName: String, contentType: String, isPublic: Bool = true) {
        self.body = body
        self.kind = kind
        self.fileName = fileName
        self.contentType = contentType
        self.isPublic = isPublic
    }
}

/// Why a storage refused or failed.
public enum FileStorageError: Error, Equatable, Sendable {
    /// The name has characters a storage path must not have.
    case invalidName(String)
    /// No file under that key.
    case notFound(String)
    /// The backend refused or failed; the text says why (e.g. "access denied", "no such bucket").
    case backend(String)
}

/// The file-storage port: where asset bytes live. Adapters pass `FileStorageConformance`.
public protocol FileStorage: Sendable {
    /// Stores a file. - Throws: ``FileStorageError/invalidName(_:)`` for a name with `/`, `..`,
    /// control characters or anything outside letters, digits, `-`, `_` and `.`.
    func store(_ file: FileToStore) async throws -> StoredFile
    /// The stored bytes. - Throws: ``FileStorageError/notFound(_:)``.
    func load(key: String) async throws -> [UInt8]
    /// Deletes a file; `false` when there was none.
    func delete(key: String) async throws -> Bool
    /// The URL clients use now: the public URL, or a short-lived signed one for private files.
    func url(forKey key: String, isPublic: Bool) async throws -> String
    /// Every key stored (for garbage collection).
    func allKeys() async throws -> [String]
    /// Makes a stored file public (readable by anyone with its URL) or private (readable only
    /// through ``load(key:)`` and the signed URLs of ``url(forKey:isPublic:)``), for an asset whose
    /// `isPublic` changes.
    ///
    /// Changing visibility may move the file: the returned key replaces `key` (the host updates
    /// the asset's `storage_key`), and the old key no longer names a file when they differ. The
    /// returned URL is where clients fetch the file now, as ``store(_:)`` would return it (for a
    /// private file, ask ``url(forKey:isPublic:)`` again when it is read). Setting the
    /// visibility a file already has succeeds and changes nothing. How each storage does it, and
    /// what "private" means there, is in its own documentation (on some, such as a bucket whose
    /// access is governed by a policy rather than per-object ACLs, it cannot mean more than
    /// handing out signed URLs).
    /// - Throws: ``FileStorageError/notFound(_:)`` when no file is stored under `key`.
    func setVisibility(key: String, isPublic: Bool) async throws -> StoredFile
    /// How the host serves this storage's files itself, for a storage on the server's disk that has
    /// no web server of its own; `nil` (the default) when clients fetch files at their URLs elsewhere.
    var localFileServing: LocalFileServing? { get }
}

extension FileStorage {
    public var localFileServing: LocalFileServing? { nil }
}

extension FileToStore {
    /// Whether `name` is safe as the last part of a storage path.
    public static func isSafeName(_ name: String) -> Bool {
        guard !name.isEmpty, name.count <= 200, name != ".", name != "..", !name.hasPrefix(".") else { return false }
        return name.unicodeScalars.allSatisfy { s in
            (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9") || s == "-" || s == "_" || s == "."
        }
    }
}
