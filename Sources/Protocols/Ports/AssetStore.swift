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
    /// Every `storage_key` held in asset metadata (for garbage collection of files).
    func referencedStorageKeys() async throws -> Set<String>
}
