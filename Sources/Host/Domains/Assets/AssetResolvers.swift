import Foundation
import Graphiti
import Protocols

struct TypeFilterArgs: Codable, Sendable { var typeFilter: String? }
struct AssetTypeArgs: Codable, Sendable { var type: String? }
struct AssetIDArgs: Codable, Sendable { var assetId: GraphID }
struct AssetRelayIDArgs: Codable, Sendable { var id: GraphID }
struct UploaderArgs: Codable, Sendable { var uploaderId: GraphID }
struct CreateAssetArgs: Codable, Sendable { var input: AssetInput }
struct UpdateAssetArgs: Codable, Sendable { var assetId: GraphID; var input: AssetInput }
struct DeleteAssetArgs: Codable, Sendable { var assetId: GraphID?; var id: GraphID? }

extension RootResolver {
    func allAssets(context: APIContext, arguments: TypeFilterArgs) async throws -> [AssetType] {
        try await context.listAssets(type: arguments.typeFilter, argument: "typeFilter")
    }

    func assetsByType(context: APIContext, arguments: AssetTypeArgs) async throws -> [AssetType] {
        try await context.listAssets(type: arguments.type, argument: "type")
    }

    func assets(context: APIContext, arguments: AssetTypeArgs) async throws -> [AssetType] {
        try await context.listAssets(type: arguments.type, argument: "type")
    }

    func publicAssets(context: APIContext, arguments: TypeFilterArgs) async throws -> [AssetType] {
        let kind = try AssetKind.parse(arguments.typeFilter, argument: "typeFilter")
        return try await context.store.assets(AssetFilter(type: kind, isPublic: true)).map(AssetType.init)
    }

    func myAssets(context: APIContext, arguments: NoArguments) async throws -> [AssetType] {
        let viewer = try context.requireUser()
        return try await context.store.assets(AssetFilter(uploadedBy: viewer.id)).map(AssetType.init)
    }

    func assetsByUploader(context: APIContext, arguments: UploaderArgs) async throws -> [AssetType] {
        let viewer = try context.requireUser()
        let id = try NodeID.decode(arguments.uploaderId, as: "UserType", argument: "uploaderId")
        let mayList = viewer.role == .admin || viewer.id == id
        return try await context.store.assets(AssetFilter(uploadedBy: id, isPublic: mayList ? nil : true)).map(AssetType.init)
    }

    func assetById(context: APIContext, arguments: AssetIDArgs) async throws -> AssetType? {
        try await context.visibleAsset(arguments.assetId, argument: "assetId")
    }

    func asset(context: APIContext, arguments: AssetRelayIDArgs) async throws -> AssetType? {
        try await context.visibleAsset(arguments.id, argument: "id")
    }

    func createAsset(context: APIContext, arguments: CreateAssetArgs) async throws -> AssetPayload {
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

    func updateAsset(context: APIContext, arguments: UpdateAssetArgs) async throws -> AssetPayload {
        var asset = try await context.ownedAsset(arguments.assetId, argument: "assetId")
        return try await context.mutation {
            if let type = try AssetKind.parse(arguments.input.type, argument: "type") { asset.type = type }
            try Self.apply(arguments.input, to: &asset)
            asset.updatedAt = Date()
            try await context.store.updateAsset(asset)
            return AssetPayload(asset: AssetType(asset: asset), success: true, message: "Asset updated", job: nil)
        }
    }

    func deleteAsset(context: APIContext, arguments: DeleteAssetArgs) async throws -> DeletePayload {
        guard let ref = arguments.assetId ?? arguments.id else {
            _ = try context.requireUser()
            return .failure("assetId or id is required")
        }
        let asset = try await context.ownedAsset(ref, argument: arguments.assetId == nil ? "id" : "assetId")
        return try await context.mutation {
            guard let deleted = try await context.store.deleteAsset(id: asset.id) else { throw APIError.notFound("Asset") }
            await context.removeFiles(of: [deleted])
            return DeletePayload(success: true, message: "Asset deleted")
        }
    }

    private static func apply(_ input: AssetInput, to asset: inout Asset) throws {
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
