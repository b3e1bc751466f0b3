import Foundation

/// The kinds of media an asset holds.
public enum AssetKind: String, Codable, Sendable, CaseIterable {
    case image
    case sound
    case video
}

/// A media file: uploaded, generated, or pointing at an external URL.
///
/// Where the bytes live is ``storageKey``, kept in `metadata` under `storage_key` so that the stored
/// document keeps the old server's fields; nothing else reads or writes that key.
public struct Asset: Hashable, Codable, Sendable, Identifiable {
    public var id: ObjectId
    public var type: AssetKind
    public var name: String
    public var filename: String
    public var url: String
    public var fileSize: Int
    public var mimeType: String
    public var metadata: JSONValue
    public var uploadedBy: ObjectId?
    public var isPublic: Bool
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: ObjectId = ObjectId(), type: AssetKind, name: String, filename: String = "", url: String = "",
        fileSize: Int = 0, mimeType: String = "", metadata: JSONValue = .emptyObject, uploadedBy: ObjectId? = nil,
        isPublic: Bool = true, createdAt: Date = Date(), updatedAt: Date? = nil
    ) {
        self.id = id
        self.type = type
        self.name = name
        self.filename = filename
        self.url = url
        self.fileSize = fileSize
        self.mimeType = mimeType
        self.metadata = metadata
        self.uploadedBy = uploadedBy
        self.isPublic = isPublic
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }
}

extension Asset {
    /// The key of the asset's file in the ``FileStorage``; `nil` for an asset whose bytes are
    /// elsewhere (an external URL, a record of the old server).
    public var storageKey: String? {
        get { metadata["storage_key"]?.stringValue }
        set {
            var members = metadata.objectValue ?? [:]
            members["storage_key"] = newValue.map(JSONValue.string)
            metadata = .object(members)
        }
    }
}
