import Domain
import Foundation
import Graphiti
import Protocols

struct UploadAssetArgs: Codable, Sendable {
    var file: Upload
    var type: String
    var name: String
    /// `false` stores the file private from the start; `nil` (left out) and `true` store it public.
    var isPublic: Bool?
}

extension RootResolver {
    /// `uploadAsset(file:type:name:isPublic:)`: validates the spooled file (type, size, magic bytes),
    /// stores it as `<uuid>.<ext>`, public unless `isPublic` is `false`, and records the asset,
    /// uploaded by the viewer. A record that cannot be written leaves no file behind.
    func uploadAsset(context: APIContext, arguments: UploadAssetArgs) async throws -> AssetPayload<Op.Upload> {
        try await context.mutation {
            let viewer = try context.requireUser()
            guard let kind = try AssetKind.parse(arguments.type, argument: "type") else {
                throw APIError.invalidInput("type is required")
            }
            try Validate.length(arguments.name, field: "name", max: 200, required: true)
            guard let file = context.uploads.file(arguments.file) else { throw APIError.invalidInput(UploadRefusal.noFile.description) }
            let format: MediaFormat
            do {
                format = try UploadValidation.check(size: file.size, head: file.head, kind: kind, limits: context.services.settings.uploads)
            } catch let refusal as UploadRefusal {
                throw APIError.invalidInput(refusal.description)
            }
            let upload = UploadedAsset(file: file, format: format, name: arguments.name, uploader: viewer.id, isPublic: arguments.isPublic ?? true)
            let asset = try await context.services.assets.keep(try upload.newFile(), uploadedBy: viewer.id)
            return AssetPayload(asset: AssetType(asset: asset), success: true, message: "Asset uploaded", job: nil)
        }
    }
}

/// A validated upload on its way to the storage and the database.
struct UploadedAsset {
    let file: SpooledFile
    let format: MediaFormat
    let name: String
    let uploader: ObjectId
    /// Whether the file is stored public (the default) or private, from the start.
    var isPublic = true

    /// The file as ``AssetService`` keeps it, with what the record keeps of it: the extracted media
    /// facts, size, MIME type, original name (the service adds the storage key).
    func newFile() throws -> NewAssetFile {
        var members = MediaMetadata.extract(format, file: try RandomAccessFile(path: file.path))
        members["size"] = .int(file.size)
        members["mime_type"] = .string(format.mimeType)
        members["original_name"] = .string(Self.displayName(file.originalName))
        return NewAssetFile(
            body: .file(path: file.path), kind: format.kind, fileExtension: format.fileExtension, mimeType: format.mimeType,
            size: file.size, name: name, isPublic: isPublic, metadata: members)
    }

    /// Stores the file, then records the asset; deletes the stored file when the record fails
    /// (``AssetService/keep(_:uploadedBy:storage:store:report:)``).
    func save(storage: any FileStorage, store: any AssetStore) async throws -> Asset {
        try await AssetService.keep(try newFile(), uploadedBy: uploader, storage: storage, store: store)
    }

    /// The client's name of the file, as metadata: control characters and path parts removed, bounded.
    static func displayName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        return String(String(last.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }).prefix(255))
    }
}
