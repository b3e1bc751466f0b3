import Foundation

/// What a storage declares when its files live on the server's own disk and the host serves them
/// (``FileStorage/localFileServing``): the URL prefix its URLs start with, and how a request path
/// maps to a file. The host streams the file itself (ranges, ETags), so the port needs no range read.
public struct LocalFileServing: Sendable {
    /// The prefix of the storage's public URLs (`MEDIA_URL`, e.g. `/media/` or `https://cdn/media/`).
    public var mediaURL: String
    /// The storage key a request path names; `nil` when it names none (outside the prefix, malformed).
    public var key: @Sendable (_ urlPath: String) -> String?
    /// The regular file a key names; `nil` when it is unsafe (`..`, a link out of the storage) or absent.
    public var fileURL: @Sendable (_ key: String) -> URL?

    public init(
        mediaURL: String, key: @escaping @Sendable (_ urlPath: String) -> String?,
        fileURL: @escaping @Sendable (_ key: String) -> URL?
    ) {
        self.mediaURL = mediaURL
        self.key = key
        self.fileURL = fileURL
    }
}
