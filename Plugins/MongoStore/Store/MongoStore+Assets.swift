import Protocols

/// `assets`. Deleting one first clears the scene slots that reference it, then removes it.
extension MongoStore {
    public func insertAsset(_ asset: Asset) async throws {
        try await withDatabase { db in
            try db.assets.insert(
                asset.stored.insertDocument(id: .objectId(asset.id)),
                duplicate: { _ in .duplicate(field: "id", value: asset.id.hexString) })
        }
    }

    public func assets(ids: [ObjectId]) async throws -> [Asset] {
        guard !ids.isEmpty else { return [] }
        return try await withDatabase { db in
            try db.assets.find(["_id": .anyOf(ids)], sort: .newestFirst).decoded(Asset.init(document:))
        }
    }

    public func assets(_ filter: AssetFilter) async throws -> [Asset] {
        var query: BSONFields = [:]
        if let type = filter.type { query["type"] = .string(type.rawValue) }
        if let uploadedBy = filter.uploadedBy { query["uploaded_by"] = .objectId(uploadedBy) }
        if let isPublic = filter.isPublic { query["is_public"] = .bool(isPublic) }
        if let viewer = filter.visibleTo {
            query["$or"] = .array([.document(["is_public": .bool(true)]), .document(["uploaded_by": .objectId(viewer)])])
        }
        return try await withDatabase { [query] db in
            try db.assets.find(query, sort: .newestFirst).decoded(Asset.init(document:))
        }
    }

    public func updateAsset(_ asset: Asset) async throws {
        try await withDatabase { db in
            guard try db.assets.updateOne(.byId(asset.id), asset.stored.update) > 0 else {
                throw StoreError.notFound(entity: "asset", id: asset.id)
            }
        }
    }

    public func deleteAsset(id: ObjectId) async throws -> Asset? {
        try await inTransaction { db in try Self.deleteAssets(ids: [id], db).first }
    }

    /// The slots are looked at, then the asset deleted, in a transaction where the server has them.
    public func deleteAssetIfUnused(id: ObjectId) async throws -> Asset? {
        try await inTransaction { db in
            let fields = SceneSlot.allCases.map(Scene.field(of:))
            let users = try db.scenes.count(["$or": .array(fields.map { .document([$0: .objectId(id)]) })])
            return users > 0 ? nil : try Self.deleteAssets(ids: [id], db).first
        }
    }

    public func fileReferences() async throws -> FileReferences {
        try await withDatabase { db in
            // Raw documents, not decoded assets: a record a listing would skip (an `_id` that is not an
            // ObjectId) still keeps its file.
            let documents = try db.assets.find(
                [:], options: ["projection": .document(["metadata.storage_key": .int32(1), "filename": .int32(1), "url": .int32(1)])])
            var references = FileReferences()
            for document in documents {
                if let key = document.document("metadata")?.string("storage_key") { references.storageKeys.insert(key) }
                if let name = document.string("filename"), !name.isEmpty { references.fileNames.insert(name) }
                if let url = document.string("url"), !url.isEmpty { references.urls.insert(url) }
            }
            return references
        }
    }

    /// Clears the scene slots holding these assets, then deletes them; returns the deleted assets, newest first.
    static func deleteAssets(ids: [ObjectId], _ db: MongoDatabase) throws -> [Asset] {
        guard !ids.isEmpty else { return [] }
        let assets = try db.assets.find(["_id": .anyOf(ids)], sort: .newestFirst).decoded(Asset.init(document:))
        guard !assets.isEmpty else { return [] }
        let found = assets.map(\.id)
        for slot in SceneSlot.allCases {
            let field = Scene.field(of: slot)
            try db.scenes.updateMany([field: .anyOf(found)], ["$unset": .document([field: .string("")])])
        }
        try db.assets.deleteMany(["_id": .anyOf(found)])
        return assets
    }
}
