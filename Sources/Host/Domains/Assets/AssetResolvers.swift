import Domain
import Foundation
import GraphQL
import Graphiti
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
        return try await context.assetTypes(context.services.assets.publicAssets(type: kind))
    }

    func myAssets(context: APIContext, arguments: NoArguments) async throws -> [AssetType]? {
        try await context.assetTypes(context.services.assets.mine(by: context.access))
    }

    func assetsByUploader(context: APIContext, arguments: UploaderArgs) async throws -> [AssetType]? {
        let id = try NodeID.decode(arguments.uploaderId, as: "UserType", argument: "uploaderId")
        return try await context.assetTypes(context.services.assets.assets(uploadedBy: id, by: context.access))
    }

    func assetById(context: APIContext, arguments: AssetIDArgs) async throws -> AssetType? {
        try await context.visibleAsset(arguments.assetId, argument: "assetId")
    }

    func asset(context: APIContext, arguments: AssetRelayIDArgs) async throws -> AssetType? {
        try await context.visibleAsset(GraphID(arguments.id), argument: "id")
    }

    func createAsset(context: APIContext, arguments: CreateAssetArgs) async throws -> AssetPayload<Op.Create> {
        try await context.mutation {
            let asset = try await context.services.assets.create(try arguments.input.changes(), by: context.access)
            return AssetPayload(asset: AssetType(asset: asset), success: true, message: "Asset created", job: nil)
        }
    }

    /// Updates an asset's record; when `isPublic` changes for an asset whose bytes are in the file
    /// storage, the stored file's visibility changes too (see ``AssetService/Replacement``).
    func updateAsset(context: APIContext, arguments: UpdateAssetArgs) async throws -> AssetPayload<Op.Update> {
        try await context.mutation {
            let id = try NodeID.decode(arguments.assetId, as: "AssetType", argument: "assetId")
            let saved = try await context.services.assets.update(id, try arguments.input.changes(), by: context.access)
            return AssetPayload(asset: AssetType(asset: saved), success: true, message: "Asset updated", job: nil)
        }
    }

    func deleteAsset(context: APIContext, arguments: DeleteAssetArgs) async throws -> DeletePayload<Asset> {
        try await context.mutation {
            let ref: GraphID
            switch (arguments.assetId, arguments.id) {
            case (let assetId?, nil): ref = assetId
            case (nil, let id?): ref = GraphID(id)
            case (nil, nil):
                _ = try context.requireUser()
                throw DomainError.invalid("assetId or id is required")
            case (_?, _?):
                _ = try context.requireUser()
                throw DomainError.invalid("Give assetId or id, not both")
            }
            let id = try NodeID.decode(ref, as: "AssetType", argument: arguments.assetId == nil ? "id" : "assetId")
            try await context.services.assets.delete(id, by: context.access)
            return DeletePayload(success: true, message: "Asset deleted")
        }
    }
}

extension AssetInput {
    /// The changes this input asks for.
    func changes() throws -> AssetChanges {
        AssetChanges(
            type: try AssetKind.parse(type, argument: "type"), name: name, filename: filename, url: url, fileSize: fileSize,
            mimeType: mimeType, metadata: metadata?.value, isPublic: isPublic)
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
        return try await assetTypes(services.assets.assets(type: kind, by: access))
    }

    func assetTypes(_ assets: [Asset]) async throws -> [AssetType] {
        assets.map(AssetType.init)
    }

    func visibleAsset(_ ref: GraphID, argument: String) async throws -> AssetType? {
        let id = try NodeID.decode(ref, as: "AssetType", argument: argument)
        guard let asset = try await loaders.assets.load(id), access.canRead(asset) else { return nil }
        return AssetType(asset: asset)
    }
}

// The compiled path reads these without `MapDecoder` (``PlainArguments``).
extension AssetIDArgs: PlainArguments {
    init?(plain arguments: Map) { guard let id = arguments.plainID("assetId") else { return nil }; self.init(assetId: id) }
}
