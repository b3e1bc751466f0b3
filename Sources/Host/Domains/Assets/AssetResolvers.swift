import Foundation
import Graphiti
import Logging
import Protocols

struct TypeFilterArgs: Codable, Sendable { var typeFilter: String? }
struct AssetTypeArgs: Codable, Sendable { var type: String? }
struct AssetIDArgs: Codable, Sendable { var assetId: GraphID }
/// `asset(id: String!)`, as the editor's integration plan declares it: a Relay id or an ObjectId.
struct AssetRelayIDArgs: Codable, Sendable { var id: String }
struct UploaderArgs: Codable, Sendable { var uploaderId: GraphID }
struct CreateAssetArgs: Codable, Sendable { var input: AssetInput<Op.Create> }
struct UpdateAssetArgs: Codable, Sendable { var assetId: GraphID; var input: AssetInput<Op.Update> }
/// `deleteAsset`: the old server's `assetId: ID` or the integration plan's `id: String`, exactly one.
struct DeleteAssetArgs: Codable, Sendable { var assetId: GraphID?; var id: String? }

extension RootResolver {
    func allAssets(context: APIContext, arguments: TypeFilterArgs) async throws -> [AssetType]? {
        try await context.listAssets(type: arguments.typeFilter, argument: "typeFilter")
    }

    func assetsByType(context: APIContext, arguments: AssetTypeArgs) async throws -> [AssetType]? {
        try await context.listAssets(type: arguments.type, argument: "type")
    }

    func assets(context: APIContext, arguments: AssetTypeArgs) async throws -> [AssetType]? {
        try await context.listAssets(type: arguments.type, argument: "type")
    }

    func publicAssets(context: APIContext, arguments: TypeFilterArgs) async throws -> [AssetType]? {
        let kind = try AssetKind.parse(arguments.typeFilter, argument: "typeFilter")
        return try await context.store.assets(AssetFilter(type: kind, isPublic: true)).map(AssetType.init)
    }

    func myAssets(context: APIContext, arguments: NoArguments) async throws -> [AssetType]? {
        let viewer = try context.requireUser()
        return try await context.store.assets(AssetFilter(uploadedBy: viewer.id)).map(AssetType.init)
    }

    func assetsByUploader(context: APIContext, arguments: UploaderArgs) async throws -> [AssetType]? {
        let viewer = try context.requireUser()
        let id = try NodeID.decode(arguments.uploaderId, as: "UserType", argument: "uploaderId")
        let mayList = viewer.role == .admin || viewer.id == id
        return try await context.store.assets(AssetFilter(uploadedBy: id, isPublic: mayList ? nil : true)).map(AssetType.init)
    }

    func assetById(context: APIContext, arguments: AssetIDArgs) async throws -> AssetType? {
        try await context.visibleAsset(arguments.assetId, argument: "assetId")
    }

    func asset(context: APIContext, arguments: AssetRelayIDArgs) async throws -> AssetType? {
        try await context.visibleAsset(GraphID(arguments.id), argument: "id")
    }

    func createAsset(context: APIContext, arguments: CreateAssetArgs) async throws -> AssetPayload<Op.Create> {
        let viewer = try context.requireUser()
        return try await context.mutation {
            let input = arguments.input
            guard let kind = try AssetKind.parse(input.type, argument: "type") else { throw APIError.invalidInput("type is required") }
            guard let name = input.name else { throw APIError.invalidInput("name is required") }
            var asset = Asset(type: kind, name: name, uploadedBy: viewer.id)
            try Self.apply(input, to: &asset)
            try await context.store.insertAsset(asset)
            return AssetPayload(asset: AssetType(asset: asset), success: true, message: "Asset created", job: nil)
        }
    }

    /// Updates an asset's record. When `isPublic` changes for an asset whose bytes are in the file
    /// storage (`storage_key`), the stored file's visibility changes too (see ``AssetUpdate``).
    func updateAsset(context: APIContext, arguments: UpdateAssetArgs) async throws -> AssetPayload<Op.Update> {
        let previous = try await context.ownedAsset(arguments.assetId, argument: "assetId")
        return try await context.mutation {
            var asset = previous
            if let type = try AssetKind.parse(arguments.input.type, argument: "type") { asset.type = type }
            try Self.apply(arguments.input, to: &asset)
            asset.updatedAt = Date()
            let saved = try await AssetUpdate(asset: asset, previous: previous, urlGiven: arguments.input.url != nil)
                .save(storage: context.services.storage, store: context.store, logger: context.services.logger)
            return AssetPayload(asset: AssetType(asset: saved), success: true, message: "Asset updated", job: nil)
        }
    }

    func deleteAsset(context: APIContext, arguments: DeleteAssetArgs) async throws -> DeletePayload<Asset> {
        let ref: GraphID
        switch (arguments.assetId, arguments.id) {
        case (let assetId?, nil): ref = assetId
        case (nil, let id?): ref = GraphID(id)
        case (nil, nil):
            _ = try context.requireUser()
            return .failure("assetId or id is required")
        case (_?, _?):
            _ = try context.requireUser()
            return .failure("Give assetId or id, not both")
        }
        let asset = try await context.ownedAsset(ref, argument: arguments.assetId == nil ? "id" : "assetId")
        return try await context.mutation {
            guard let deleted = try await context.store.deleteAsset(id: asset.id) else { throw APIError.notFound("Asset") }
            await context.removeFiles(of: [deleted])
            return DeletePayload(success: true, message: "Asset deleted")
        }
    }

    private static func apply<Kind>(_ input: AssetInput<Kind>, to asset: inout Asset) throws {
        if let name = input.name {
            try Validate.length(name, field: "name", max: 200, required: true)
            asset.name = name
        }
        if let filename = input.filename {
            try Validate.length(filename, field: "filename", max: 255)
            asset.filename = filename
        }
        if let url = input.url {
            try Validate.length(url, field: "url", max: 2048)
            let lower = url.lowercased()
            guard lower.hasPrefix("https://") || lower.hasPrefix("http://") || lower.hasPrefix("/") else {
                throw APIError.invalidInput("url must be an http(s) URL or an absolute path")
            }
            asset.url = url
        }
        if let size = input.fileSize {
            guard size >= 0 else { throw APIError.invalidInput("fileSize must not be negative") }
            asset.fileSize = size
        }
        if let mime = input.mimeType {
            try Validate.length(mime, field: "mimeType", max: 100)
            asset.mimeType = mime
        }
        if let metadata = input.metadata {
            guard var members = metadata.value.objectValue else { throw APIError.invalidInput("metadata must be a JSON object") }
            // Where the bytes live is the server's business, not the client's.
            members["storage_key"] = asset.metadata["storage_key"]
            asset.metadata = .object(members)
        }
        if let isPublic = input.isPublic { asset.isPublic = isPublic }
    }
}

/// An asset record about to replace `previous`, and the change of its stored file's visibility.
///
/// A private asset must not stay readable at its old public URL, so when `isPublic` changes and
/// the bytes are in the file storage (`metadata.storage_key`), the file itself is made public or
/// private (``FileStorage/setVisibility(key:isPublic:)``); storages that move the file on such a
/// change (Cloudinary) hand back a new key, kept as the new `storage_key`, and a new URL. Neither
/// write may leave the asset pointing at a file that is gone: the storage changes first, then the
/// record; when the record cannot be written the storage change is undone.
struct AssetUpdate {
    var asset: Asset
    let previous: Asset
    /// Whether the client set `url` itself: it is then kept rather than replaced by the storage's URL.
    let urlGiven: Bool

    /// Changes the stored file's visibility when needed, then writes the record; returns what was written.
    func save(storage: any FileStorage, store: any AssetStore, logger: Logger) async throws -> Asset {
        var asset = self.asset
        var moved: (from: String, to: String)?
        if asset.isPublic != previous.isPublic, let key = previous.metadata["storage_key"]?.stringValue {
            let stored = try await storage.setVisibility(key: key, isPublic: asset.isPublic)
            moved = (key, stored.key)
            if stored.key != key {
                var members = asset.metadata.objectValue ?? [:]
                members["storage_key"] = .string(stored.key)
                asset.metadata = .object(members)
            }
            if !urlGiven { asset.url = stored.url }
        }
        do {
            try await store.updateAsset(asset)
        } catch {
            if let moved {
                do {
                    let back = try await storage.setVisibility(key: moved.to, isPublic: previous.isPublic)
                    if back.key != moved.from {
                        logger.error("""
                            asset \(asset.id): its record could not be written and its file came back under \(back.key), \
                            not \(moved.from) as the record says
                            """)
                    }
                } catch let revertError {
                    logger.error("""
                        asset \(asset.id): its record could not be written and its file could not be made \
                        \(previous.isPublic ? "public" : "private") again (\(revertError)); the file is under \(moved.to), \
                        the record says \(moved.from)
                        """)
                }
            }
            throw error
        }
        return asset
    }
}

extension AssetKind {
    /// Reads `image`, `sound` or `video`; `nil` for `nil`. - Throws: `invalidInput` naming the argument.
    static func parse(_ text: String?, argument: String) throws -> AssetKind? {
        guard let text, !text.isEmpty else { return nil }
        guard let kind = AssetKind(rawValue: text.lowercased()) else {
            throw APIError.invalidInput("\(argument) must be 'image', 'sound' or 'video' (got '\(text.prefix(50))')")
        }
        return kind
    }
}

extension APIContext {
    func listAssets(type: String?, argument: String) async throws -> [AssetType] {
        let kind = try AssetKind.parse(type, argument: argument)
        var filter = AssetFilter(type: kind)
        if !isAdmin {
            if let viewer { filter.visibleTo = viewer.id } else { filter.isPublic = true }
        }
        return try await store.assets(filter).map(AssetType.init)
    }

    func visibleAsset(_ ref: GraphID, argument: String) async throws -> AssetType? {
        let id = try NodeID.decode(ref, as: "AssetType", argument: argument)
        guard let asset = try await loaders.assets.load(id), canSee(asset) else { return nil }
        return AssetType(asset: asset)
    }

    /// The asset when the viewer uploaded it or is an admin.
    func ownedAsset(_ ref: GraphID, argument: String) async throws -> Asset {
        let viewer = try requireUser()
        let id = try NodeID.decode(ref, as: "AssetType", argument: argument)
        guard let asset = try await store.assets(ids: [id]).first, canSee(asset) else { throw APIError.notFound("Asset") }
        guard asset.uploadedBy == viewer.id || viewer.role == .admin else { throw APIError.permissionDenied }
        return asset
    }
}
