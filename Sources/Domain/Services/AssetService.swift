import Foundation
import Protocols

/// Media assets: their records and, in the file storage, their bytes. Every sequence that touches
/// both ("store the file, write the record, undo on failure") lives here: uploads and generation
/// results (``keep(_:uploadedBy:)``), visibility changes (``update(_:_:by:)``), deletions.
public struct AssetService: Sendable {
    let store: any StoryStore
    let storage: any FileStorage
    /// Where failures that leave something to clean up are reported (the host's logger).
    let report: @Sendable (String) -> Void

    public init(store: any StoryStore, storage: any FileStorage, report: @escaping @Sendable (String) -> Void = { _ in }) {
        self.store = store
        self.storage = storage
        self.report = report
    }

    // MARK: Reading

    /// The assets the viewer may read (public ones, their own, all for an admin), of `type` if set.
    public func assets(type: AssetKind?, by access: AccessPolicy) async throws -> [Asset] {
        try await DomainError.translating { try await store.assets(access.readableAssets(type: type)) }
    }

    /// The public assets, of `type` if set.
    public func publicAssets(type: AssetKind?) async throws -> [Asset] {
        try await DomainError.translating { try await store.assets(AssetFilter(type: type, isPublic: true)) }
    }

    /// The viewer's own assets. - Throws: `forbidden(.signInRequired)`.
    public func mine(by access: AccessPolicy) async throws -> [Asset] {
        try await DomainError.translating {
            let viewer = try access.signedIn()
            return try await store.assets(AssetFilter(uploadedBy: viewer.id))
        }
    }

    /// The assets of an uploader that the viewer may read. - Throws: `forbidden(.signInRequired)`.
    public func assets(uploadedBy uploaderId: ObjectId, by access: AccessPolicy) async throws -> [Asset] {
        try await DomainError.translating {
            _ = try access.signedIn()
            return try await store.assets(access.readableAssets(uploadedBy: uploaderId))
        }
    }

    /// The asset when the viewer may read it, else `nil`.
    public func asset(_ id: ObjectId, by access: AccessPolicy) async throws -> Asset? {
        try await DomainError.translating {
            guard let asset = try await store.assets(ids: [id]).first, access.canRead(asset) else { return nil }
            return asset
        }
    }

    // MARK: Records

    /// A record of an asset whose bytes are elsewhere (an external URL), uploaded by the viewer.
    /// - Throws: `forbidden`, `invalid`.
    public func create(_ changes: AssetChanges, by access: AccessPolicy) async throws -> Asset {
        try await DomainError.translating {
            let viewer = try access.signedIn()
            guard let kind = changes.type else { throw DomainError.invalid(field: "type", reason: "type is required") }
            guard let name = changes.name else { throw DomainError.invalid(field: "name", reason: "name is required") }
            var asset = Asset(type: kind, name: name, uploadedBy: viewer.id)
            try Self.apply(changes, to: &asset)
            try await store.insertAsset(asset)
            return asset
        }
    }

    /// Changes an asset of the viewer's. When `isPublic` changes for an asset whose bytes are in the
    /// file storage, the stored file's visibility changes first (a private asset must not stay
    /// readable at its old public URL; a storage that moves the file hands back a new key and URL),
    /// then the record; when the record cannot be written the storage change is undone.
    /// - Throws: `forbidden`, `notFound("Asset")`, `invalid`, `unavailable`.
    public func update(_ id: ObjectId, _ changes: AssetChanges, by access: AccessPolicy) async throws -> Asset {
        try await DomainError.translating {
            let previous = try await ownedAsset(id, by: access)
            var asset = previous
            if let type = changes.type { asset.type = type }
            try Self.apply(changes, to: &asset)
            asset.updatedAt = Date()
            return try await Replacement(asset: asset, previous: previous, urlGiven: changes.url != nil)
                .save(storage: storage, store: store, report: report)
        }
    }

    /// Deletes an asset of the viewer's (emptying the scene slots that used it), then its file.
    /// - Throws: `forbidden`, `notFound("Asset")`.
    public func delete(_ id: ObjectId, by access: AccessPolicy) async throws {
        try await DomainError.translating {
            _ = try await ownedAsset(id, by: access)
            guard let deleted = try await store.deleteAsset(id: id) else { throw DomainError.notFound("Asset") }
            await removeFiles(of: [deleted])
        }
    }

    /// The rule of what a deleted story takes with it: of the assets its scenes held, those its author
    /// uploaded that no remaining scene uses (an author may attach another user's public asset, or
    /// use one asset in two stories: those stay), records and files. Each goes only if still unused
    /// at that moment (``AssetStore/deleteAssetIfUnused(id:)``). Returns the deleted assets.
    public func deleteUnused(_ ids: Set<ObjectId>, uploadedBy author: ObjectId) async throws -> [Asset] {
        try await DomainError.translating {
            guard !ids.isEmpty else { return [] }
            var deleted: [Asset] = []
            for asset in try await store.assets(ids: Array(ids)) where asset.uploadedBy == author {
                if let gone = try await store.deleteAssetIfUnused(id: asset.id) { deleted.append(gone) }
            }
            await removeFiles(of: deleted)
            return deleted
        }
    }

    /// The asset when the viewer may change it (they uploaded it).
    /// - Throws: `forbidden(.signInRequired)`, `notFound("Asset")` (also when the viewer may not read
    ///   it), `forbidden(.notPermitted)`.
    public func ownedAsset(_ id: ObjectId, by access: AccessPolicy) async throws -> Asset {
        try await DomainError.translating {
            _ = try access.signedIn()
            guard let asset = try await store.assets(ids: [id]).first, access.canRead(asset) else {
                throw DomainError.notFound("Asset")
            }
            try access.require(access.canChange(asset))
            return asset
        }
    }

    // MARK: Files

    /// Stores a file as `<uuid>.<ext>`, then records the asset, uploaded by `uploader`; when the
    /// record cannot be written, the stored file is deleted again. - Throws: `invalid`, `unavailable`.
    public func keep(_ file: NewAssetFile, uploadedBy uploader: ObjectId) async throws -> Asset {
        try await DomainError.translating {
            try Validate.length(file.name, field: "name", max: 200, required: true)
            return try await Self.keep(file, uploadedBy: uploader, storage: storage, store: store, report: report)
        }
    }

    /// ``keep(_:uploadedBy:)`` on any asset store, throwing what the ports throw.
    public static func keep(
        _ file: NewAssetFile, uploadedBy uploader: ObjectId, storage: any FileStorage, store: any AssetStore,
        report: @Sendable (String) -> Void = { _ in }
    ) async throws -> Asset {
        let fileName = "\(UUID().uuidString.lowercased()).\(file.fileExtension)"
        let stored = try await storage.store(FileToStore(
            body: file.body, kind: file.kind, fileName: fileName, contentType: file.mimeType, isPublic: file.isPublic))
        do {
            var asset = Asset(
                type: file.kind, name: file.name, filename: fileName, url: stored.url, fileSize: file.size,
                mimeType: file.mimeType, metadata: .object(file.metadata), uploadedBy: uploader, isPublic: file.isPublic)
            asset.storageKey = stored.key
            try await store.insertAsset(asset)
            return asset
        } catch {
            do {
                _ = try await storage.delete(key: stored.key)
            } catch let undo {
                report("file \(stored.key) has no asset (its record could not be written) and could not be deleted (\(undo)); run `story-server gc`")
            }
            throw error
        }
    }

    /// Deletes the stored files of removed assets, after the database change. A file that cannot be
    /// removed is reported and left for `story-server gc`.
    public func removeFiles(of assets: [Asset]) async {
        for asset in assets {
            guard let key = asset.storageKey else { continue }
            do {
                _ = try await storage.delete(key: key)
            } catch {
                report("could not delete file \(key) of asset \(asset.id): \(error); run `story-server gc`")
            }
        }
    }

    private static func apply(_ changes: AssetChanges, to asset: inout Asset) throws {
        if let name = changes.name {
            try Validate.length(name, field: "name", max: 200, required: true)
            asset.name = name
        }
        if let filename = changes.filename {
            try Validate.length(filename, field: "filename", max: 255)
            asset.filename = filename
        }
        if let url = changes.url {
            try Validate.length(url, field: "url", max: 2048)
            let lower = url.lowercased()
            guard lower.hasPrefix("https://") || lower.hasPrefix("http://") || lower.hasPrefix("/") else {
                throw DomainError.invalid(field: "url", reason: "url must be an http(s) URL or an absolute path")
            }
            asset.url = url
        }
        if let size = changes.fileSize {
            guard size >= 0 else { throw DomainError.invalid(field: "fileSize", reason: "fileSize must not be negative") }
            asset.fileSize = size
        }
        if let mime = changes.mimeType {
            try Validate.length(mime, field: "mimeType", max: 100)
            asset.mimeType = mime
        }
        if let metadata = changes.metadata {
            guard metadata.objectValue != nil else {
                throw DomainError.invalid(field: "metadata", reason: "metadata must be a JSON object")
            }
            // Where the bytes live is the server's business, not the client's.
            let key = asset.storageKey
            asset.metadata = metadata
            asset.storageKey = key
        }
        if let isPublic = changes.isPublic { asset.isPublic = isPublic }
    }
}

extension AssetService {
    /// An asset record about to replace `previous`, and the change of its stored file's visibility.
    ///
    /// A private asset must not stay readable at its old public URL, so when `isPublic` changes and
    /// the bytes are in the file storage (``Asset/storageKey``), the file itself is made public or
    /// private (``FileStorage/setVisibility(key:isPublic:)``); storages that move the file on such a
    /// change (Cloudinary) hand back a new key, kept as the new ``Asset/storageKey``, and a new URL.
    /// Neither write may leave the asset pointing at a file that is gone: the storage changes first,
    /// then the record; when the record cannot be written the storage change is undone.
    public struct Replacement: Sendable {
        public var asset: Asset
        public let previous: Asset
        /// Whether the client set `url` itself: it is then kept rather than replaced by the storage's URL.
        public let urlGiven: Bool

        public init(asset: Asset, previous: Asset, urlGiven: Bool) {
            self.asset = asset
            self.previous = previous
            self.urlGiven = urlGiven
        }

        /// Changes the stored file's visibility when needed, then writes the record; returns what was
        /// written. Throws what the ports throw.
        public func save(
            storage: any FileStorage, store: any AssetStore, report: @Sendable (String) -> Void = { _ in }
        ) async throws -> Asset {
            var asset = self.asset
            var moved: (from: String, to: String)?
            if asset.isPublic != previous.isPublic, let key = previous.storageKey {
                let stored = try await storage.setVisibility(key: key, isPublic: asset.isPublic)
                moved = (key, stored.key)
                if stored.key != key { asset.storageKey = stored.key }
                if !urlGiven { asset.url = stored.url }
            }
            do {
                try await store.updateAsset(asset)
            } catch {
                if let moved { await undo(moved, storage: storage, report: report) }
                throw error
            }
            return asset
        }

        private func undo(_ moved: (from: String, to: String), storage: any FileStorage, report: @Sendable (String) -> Void) async {
            do {
                let back = try await storage.setVisibility(key: moved.to, isPublic: previous.isPublic)
                if back.key != moved.from {
                    report("""
                        asset \(asset.id): its record could not be written and its file came back under \(back.key), \
                        not \(moved.from) as the record says
                        """)
                }
            } catch {
                report("""
                    asset \(asset.id): its record could not be written and its file could not be made \
                    \(previous.isPublic ? "public" : "private") again (\(error)); the file is under \(moved.to), \
                    the record says \(moved.from)
                    """)
            }
        }
    }
}
