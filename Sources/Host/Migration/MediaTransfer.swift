import Foundation
import Protocols

/// The two storages files move between, and how an asset's file is found and copied.
struct MediaTransfer: Sendable {
    let source: any FileStorage
    let target: any FileStorage

    /// The source key of an asset's file: its storage key, else (records of the old server, which kept
    /// only `filename` and `url`) the key among `sourceKeys` whose name is the asset's `filename` or ends
    /// its URL's path; `nil` for an asset with no file in the source storage (an external URL).
    static func sourceKey(of asset: Asset, among sourceKeys: [Substring: String]) -> String? {
        if let key = asset.migrationStorageKey { return key }
        if !asset.filename.isEmpty, let key = sourceKeys[Substring(asset.filename)] { return key }
        let path = FileCollector.path(of: asset.url)
        if let name = path.split(separator: "/").last, let key = sourceKeys[name], path.hasSuffix(key) { return key }
        return nil
    }

    /// The source's keys by their last path component.
    func sourceKeysByName() async throws -> [Substring: String] {
        var byName: [Substring: String] = [:]
        for key in try await source.allKeys() {
            byName[key.split(separator: "/").last ?? Substring(key)] = key
        }
        return byName
    }

    /// The bytes of a source file. - Throws: ``MigrationError/missingSourceFile(asset:key:)``.
    func load(sourceKey: String, of asset: Asset) async throws -> [UInt8] {
        do {
            return try await source.load(key: sourceKey)
        } catch FileStorageError.notFound {
            throw MigrationError.missingSourceFile(asset: asset.id, key: sourceKey)
        }
    }

    /// The bytes of a target file, `nil` when there is none under `key`.
    func loadTarget(key: String) async throws -> [UInt8]? {
        do {
            return try await target.load(key: key)
        } catch FileStorageError.notFound {
            return nil
        }
    }

    /// Stores `bytes` in the target under the source file's name (so a rerun after an interruption
    /// writes the same key again) and returns the asset as the target must hold it: the new storage key
    /// and URL, everything else unchanged.
    func copy(_ bytes: [UInt8], of asset: Asset, sourceKey: String) async throws -> Asset {
        let name = String(sourceKey.split(separator: "/").last ?? Substring(sourceKey))
        let fileName = FileToStore.isSafeName(name) ? name : asset.id.hexString + Self.fileExtension(of: name)
        let stored = try await target.store(FileToStore(
            body: .bytes(bytes), kind: asset.type, fileName: fileName,
            contentType: asset.mimeType.isEmpty ? "application/octet-stream" : asset.mimeType, isPublic: asset.isPublic))
        return Self.rewritten(asset, key: stored.key, url: stored.url)
    }

    /// `asset` pointing at the target file `key`, fetched at `url`.
    static func rewritten(_ asset: Asset, key: String, url: String) -> Asset {
        var copy = asset
        copy.migrationStorageKey = key
        copy.url = url
        return copy
    }

    /// `.png` of `a b.png`, when it is made of letters and digits; empty otherwise.
    private static func fileExtension(of name: String) -> String {
        guard let dot = name.lastIndex(of: ".") else { return "" }
        let ext = name[name.index(after: dot)...]
        return !ext.isEmpty && ext.count <= 10 && ext.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) ? "." + ext : ""
    }
}
