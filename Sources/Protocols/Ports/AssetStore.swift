/// Which assets a listing returns; every set criterion must hold.
public struct AssetFilter: Hashable, Sendable {
    public var type: AssetKind?
    public var uploadedBy: ObjectId?
    public var isPublic: Bool?
    /// When set, only public assets and those uploaded by this user.
    public var visibleTo: ObjectId?

    public init(type: AssetKind? = nil, uploadedBy: ObjectId? = nil, isPublic: Bool? = nil, visibleTo: ObjectId? = nil) {
        self.type = type
        self.uploadedBy = uploadedBy
        self.isPublic = isPublic
        self.visibleTo = visibleTo
    }
}

/// Persistence of asset records (the bytes live in a ``FileStorage``).
public protocol AssetStore: Sendable {
    func insertAsset(_ asset: Asset) async throws
    /// The assets with these ids; unknown ids are skipped.
    func assets(ids: [ObjectId]) async throws -> [Asset]
    /// The assets the filter selects, newest first.
    func assets(_ filter: AssetFilter) async throws -> [Asset]
    /// Replaces an asset. - Throws: `notFound`.
    func updateAsset(_ asset: Asset) async throws
    /// Deletes an asset and clears the scene slots that referenced it, in one transaction.
    /// Returns the deleted asset, `nil` when there was none.
    func deleteAsset(id: ObjectId) async throws -> Asset?
    /// Deletes an asset only if no scene's media slot holds it, the check and the delete in one
    /// transaction (on a MongoDB without transactions, one after the other). Returns the deleted
    /// asset; `nil` when it is in use (nothing is deleted) or there was none.
    func deleteAssetIfUnused(id: ObjectId) async throws -> Asset?
    /// What every asset record says about its file, for garbage collection of stored files. Read from
    /// all records as stored, including those a listing would skip (old data), so none loses its file.
    func fileReferences() async throws -> FileReferences
}

/// The ways asset records name their stored files.
public struct FileReferences: Equatable, Sendable {
    /// The `storage_key` strings of asset metadata.
    public var storageKeys: Set<String>
    /// The non-empty `filename`s (records of the old server have no `storage_key`).
    public var fileNames: Set<String>
    /// The non-empty `url`s.
    public var urls: Set<String>

    public init(storageKeys: Set<String> = [], fileNames: Set<String> = [], urls: Set<String> = []) {
        self.storageKeys = storageKeys
        self.fileNames = fileNames
        self.urls = urls
    }
}
