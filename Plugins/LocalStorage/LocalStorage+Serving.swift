import Foundation
import Protocols

extension LocalStorage {
    /// The host serves these files: under ``mediaURL``, through ``key(forURLPath:)`` and ``fileURL(forKey:)``.
    public var localFileServing: LocalFileServing? {
        let storage = self
        return LocalFileServing(
            mediaURL: mediaURL, key: { storage.key(forURLPath: $0) }, fileURL: { storage.fileURL(forKey: $0) })
    }

    /// The file a key names, or `nil` when the key is malformed, names no regular file, or would
    /// resolve (through `..` or a symbolic link) outside ``root``. The host serves this file.
    public func fileURL(forKey key: String) -> URL? {
        guard Self.isValidKey(key) else { return nil }
        let candidate = root.appendingPathComponent(key).resolvingSymlinksInPath()
        let base = root.resolvingSymlinksInPath().path
        guard candidate.path.hasPrefix(base.hasSuffix("/") ? base : base + "/") else { return nil }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            return nil
        }
        return candidate
    }

    /// The key a request path names, e.g. `/media/assets/x.png` → `assets/x.png`; `nil` when the
    /// path is not under ``mediaURL`` (percent-escapes are decoded first).
    public func key(forURLPath path: String) -> String? {
        let prefix = Self.pathPart(of: mediaURL)
        let decoded = path.removingPercentEncoding ?? path
        guard decoded.hasPrefix(prefix) else { return nil }
        let key = String(decoded.dropFirst(prefix.count))
        return Self.isValidKey(key) ? key : nil
    }

    /// The path of `MEDIA_URL`, which may be absolute (`https://cdn/media/`) or a path (`/media/`).
    static func pathPart(of mediaURL: String) -> String {
        if let url = URL(string: mediaURL), url.scheme != nil {
            let path = url.path
            return path.hasSuffix("/") ? path : path + "/"
        }
        return mediaURL.hasPrefix("/") ? mediaURL : "/" + mediaURL
    }

    /// Whether `key` is `assets/<safe name>`.
    static func isValidKey(_ key: String) -> Bool {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 2 && parts[0] == Substring(folder) && FileToStore.isSafeName(String(parts[1]))
    }
}
