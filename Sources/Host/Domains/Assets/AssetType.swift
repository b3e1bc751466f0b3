import Foundation
import Graphiti
import Protocols

/// `AssetType`: a media file.
struct AssetType: RelayNode {
    let asset: Asset

    var id: GraphID { NodeID.encode("AssetType", asset.id) }
    var mongoId: String { asset.id.hexString }
    var type: String { asset.type.rawValue }
    var name: String { asset.name }
    var filename: String { asset.filename }
    var fileSize: Int { asset.fileSize }
    var mimeType: String { asset.mimeType }
    var metadata: JSONString { JSONString(asset.metadata) }
    var isPublic: Bool { asset.isPublic }
    var createdAt: DateTime { DateTime(asset.createdAt) }
    var updatedAt: DateTime { DateTime(asset.updatedAt) }
    var fileSizeMb: Double { (Double(asset.fileSize) / 1_048_576 * 100).rounded() / 100 }

    var fileExtension: String {
        let name = asset.filename.isEmpty ? asset.url : asset.filename
        guard let dot = name.lastIndex(of: "."), !name[dot...].contains("/") else { return "" }
        return String(name[name.index(after: dot)...]).lowercased()
    }

    /// `WxH` when the metadata holds the width and height.
    var dimensions: String? {
        guard let w = asset.metadata["width"]?.intValue, let h = asset.metadata["height"]?.intValue else { return nil }
        return "\(w)x\(h)"
    }

    /// Seconds, when the metadata holds a duration.
    var durationSeconds: Double? {
        asset.metadata["duration"]?.doubleValue ?? asset.metadata["duration_seconds"]?.doubleValue
    }

    /// The old server's `duration: String`: the seconds as text (`"12.5"`), when known.
    var duration: String? {
        durationSeconds.map { $0.rounded() == $0 && abs($0) < 1e15 ? String(Int($0)) : String($0) }
    }

    /// The URL clients fetch: a short-lived signed one for private files of storages that sign.
    func url(context: APIContext, arguments: NoArguments) async throws -> String {
        guard let key = asset.storageKey, !asset.isPublic else { return asset.url }
        return (try? await context.privateURL(forKey: key)) ?? asset.url
    }

    func uploadedBy(context: APIContext, arguments: NoArguments) async throws -> UserType {
        guard let id = asset.uploadedBy else { throw APIError.notFound("Uploader of asset \(asset.id.hexString)") }
        return UserType(user: try await context.loaders.users.required(
            id, "User", referencedBy: "uploadedBy of asset \(asset.id.hexString)"))
    }
}

/// `CreateAssetInput` and `UpdateAssetInput`.
struct AssetInput<Kind>: Codable, Sendable {
    var type: String?
    var name: String?
    var filename: String?
    var url: String?
    var fileSize: Int?
    var mimeType: String?
    var metadata: JSONString?
    var isPublic: Bool?
}

/// `CreateAsset`, `UpdateAsset`, `GenerateAsset`, `UploadAsset`, `GenerateImageWithAI`, `GenerateSoundWithAI`.
struct AssetPayload<Kind>: MutationPayload {
    var asset: AssetType?
    var success: Bool
    var message: String
    var job: GenerationJobType?

    static func failure(_ message: String) -> Self { Self(asset: nil, success: false, message: message, job: nil) }
}
