import Protocols

/// What a Cloudinary file's storage key encodes: `<resource_type>:<public_id>.<format>` for
/// public files, `<resource_type>:authenticated:<public_id>.<format>` for private ones, e.g.
/// `video:story-app/sound/3f2a….mp3`. Everything delete and delivery need is in it.
struct CloudinaryKey: Equatable {
    var resourceType: String
    /// `upload` (public) or `authenticated` (private, delivered through signed URLs).
    var deliveryType: String
    var publicID: String
    var format: String

    var text: String {
        let type = deliveryType == "upload" ? "" : "\(deliveryType):"
        return "\(resourceType):\(type)\(publicID)\(format.isEmpty ? "" : "." + format)"
    }

    init(resourceType: String, deliveryType: String, publicID: String, format: String) {
        self.resourceType = resourceType
        self.deliveryType = deliveryType
        self.publicID = publicID
        self.format = format
    }

    /// Parses a key; `nil` when it is not one this plugin made.
    init?(_ key: String) {
        let parts = key.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 || parts.count == 3, ["image", "video", "raw"].contains(parts[0]) else { return nil }
        resourceType = parts[0]
        deliveryType = parts.count == 3 ? parts[1] : "upload"
        guard ["upload", "authenticated"].contains(deliveryType) else { return nil }
        let file = parts[parts.count - 1]
        let segments = file.split(separator: "/", omittingEmptySubsequences: false)
        guard !segments.isEmpty, segments.allSatisfy({ FileToStore.isSafeName(String($0)) }) else { return nil }
        if let dot = file.lastIndex(of: "."), file[dot...].firstIndex(of: "/") == nil {
            publicID = String(file[..<dot])
            format = String(file[file.index(after: dot)...])
        } else {
            publicID = file
            format = ""
        }
    }

    /// Cloudinary's resource type for an asset kind: audio is uploaded as `video`.
    static func resourceType(for kind: AssetKind) -> String {
        kind == .image ? "image" : "video"
    }
}
