import Protocols

/// What an asset record creation or update sets; `nil` leaves a field as it is (a creation needs
/// `type` and `name`).
public struct AssetChanges: Sendable {
    public var type: AssetKind?
    public var name: String?
    public var filename: String?
    public var url: String?
    public var fileSize: Int?
    public var mimeType: String?
    /// A JSON object; its `storage_key` is ignored (where the bytes live is the server's business).
    public var metadata: JSONValue?
    public var isPublic: Bool?

    public init(
        type: AssetKind? = nil, name: String? = nil, filename: String? = nil, url: String? = nil, fileSize: Int? = nil,
        mimeType: String? = nil, metadata: JSONValue? = nil, isPublic: Bool? = nil
    ) {
        self.type = type
        self.name = name
        self.filename = filename
        self.url = url
        self.fileSize = fileSize
        self.mimeType = mimeType
        self.metadata = metadata
        self.isPublic = isPublic
    }
}

/// A file to keep as a new asset (an upload already checked by the host, or a generated medium).
public struct NewAssetFile: Sendable {
    public var body: FileBody
    public var kind: AssetKind
    /// Without the dot: `png`, `mp3`.
    public var fileExtension: String
    public var mimeType: String
    public var size: Int
    public var name: String
    public var isPublic: Bool
    /// What is known of the medium (dimensions, duration, original name…); ``Asset/storageKey`` is
    /// added by the service.
    public var metadata: [String: JSONValue]

    public init(
        body: FileBody, kind: AssetKind, fileExtension: String, mimeType: String, size: Int, name: String,
        isPublic: Bool = true, metadata: [String: JSONValue] = [:]
    ) {
        self.body = body
        self.kind = kind
        self.fileExtension = fileExtension
        self.mimeType = mimeType
        self.size = size
        self.name = name
        self.isPublic = isPublic
        self.metadata = metadata
    }
}
