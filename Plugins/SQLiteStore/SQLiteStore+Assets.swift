import GRDB
import Protocols

extension SQLiteStore {
    public func insertAsset(_ asset: Asset) async throws {
        try await write(onUnique: Self.idTaken(asset.id)) { db in
            try db.execute(
                sql: """
                    INSERT INTO assets (id, type, name, filename, url, file_size, mime_type, metadata, uploaded_by,
                        is_public, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: Self.assetArguments(asset))
        }
    }

    public func assets(ids: [ObjectId]) async throws -> [Asset] {
        guard !ids.isEmpty else { return [] }
        return try await selectRows("SELECT * FROM assets WHERE id \(inIdList) ORDER BY created_at DESC, id DESC", arguments: [Stored.idList(ids)], as: Asset.init(row:))
    }

    public func assets(_ filter: AssetFilter) async throws -> [Asset] {
        var conditions = ["1"]
        var arguments: StatementArguments = []
        if let type = filter.type {
            conditions.append("type = ?")
            arguments += [type.rawValue]
        }
        if let uploadedBy = filter.uploadedBy {
            conditions.append("uploaded_by = ?")
            arguments += [Stored.id(uploadedBy)]
        }
        if let isPublic = filter.isPublic {
            conditions.append("is_public = ?")
            arguments += [isPublic]
        }
        if let viewer = filter.visibleTo {
            conditions.append("(is_public = 1 OR uploaded_by = ?)")
            arguments += [Stored.id(viewer)]
        }
        let condition = conditions.joined(separator: " AND ")
        return try await read { [arguments] db in
            try db.decodedRows("SELECT * FROM assets WHERE \(condition) ORDER BY created_at DESC, id DESC", arguments: arguments, as: Asset.init(row:))
        }
    }

    public func updateAsset(_ asset: Asset) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE assets SET type = ?2, name = ?3, filename = ?4, url = ?5, file_size = ?6, mime_type = ?7,
                        metadata = ?8, uploaded_by = ?9, is_public = ?10, created_at = ?11, updated_at = ?12
                    WHERE id = ?1
                    """,
                arguments: Self.assetArguments(asset))
            guard db.changesCount > 0 else { throw StoreError.notFound(entity: "asset", id: asset.id) }
        }
    }

    public func deleteAsset(id: ObjectId) async throws -> Asset? {
        try await write { db in try Self.deleteAssets(hexIds: [Stored.id(id)], db).first }
    }

    /// The check is a `NOT EXISTS` on the slots' indexes, in the same write transaction as the delete.
    public func deleteAssetIfUnused(id: ObjectId) async throws -> Asset? {
        try await write { db in
            let used = try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM scenes WHERE image_id = ?1 OR sound_id = ?1 OR music_id = ?1)",
                arguments: [Stored.id(id)]) ?? false
            return used ? nil : try Self.deleteAssets(hexIds: [Stored.id(id)], db).first
        }
    }

    public func fileReferences() async throws -> FileReferences {
        try await read { db in
            var references = FileReferences()
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT CASE WHEN json_valid(metadata) AND json_type(metadata, '$.storage_key') = 'text'
                                THEN json_extract(metadata, '$.storage_key') END AS storage_key,
                           filename, url
                    FROM assets
                    """)
            while let row = try rows.next() {
                if let key: String = row["storage_key"] { references.storageKeys.insert(key) }
                if let name: String = row["filename"], !name.isEmpty { references.fileNames.insert(name) }
                if let url: String = row["url"], !url.isEmpty { references.urls.insert(url) }
            }
            return references
        }
    }

    /// Deletes these assets and clears the scene slots that held them; returns the deleted assets.
    static func deleteAssets(hexIds: [String], _ db: Database) throws -> [Asset] {
        guard !hexIds.isEmpty else { return [] }
        let list = "[" + hexIds.map { "\"\($0)\"" }.joined(separator: ",") + "]"
        let assets = try db.decodedRows("SELECT * FROM assets WHERE id \(inIdList) ORDER BY created_at DESC, id DESC", arguments: [list], as: Asset.init(row:))
        guard !assets.isEmpty else { return [] }
        for slot in SceneSlot.allCases {
            let column = column(of: slot)
            try db.execute(sql: "UPDATE scenes SET \(column) = NULL WHERE \(column) \(inIdList)", arguments: [list])
        }
        try db.execute(sql: "DELETE FROM assets WHERE id \(inIdList)", arguments: [list])
        return assets
    }

    private static func assetArguments(_ asset: Asset) -> StatementArguments {
        [
            Stored.id(asset.id), asset.type.rawValue, asset.name, asset.filename, asset.url, asset.fileSize,
            asset.mimeType, Stored.json(asset.metadata), Stored.optionalId(asset.uploadedBy), asset.isPublic,
            Stored.date(asset.createdAt), Stored.date(asset.updatedAt),
        ]
    }
}
