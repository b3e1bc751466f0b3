import Foundation
import Protocols

/// Finds stored files that no asset references and deletes them (`story-server gc`).
///
/// A file counts as referenced when an asset names it in `metadata.storage_key`, when an asset's `url`
/// ends with its key, or when an asset's `filename` is its name (records written by the old server have
/// no `storage_key`). A file is deleted only if it was unreferenced at the first look and still is after
/// `grace`, so an upload whose record is being written at that moment keeps its file.
struct FileCollector: Sendable {
    let store: any StoryStore
    let storage: any FileStorage

    /// The unreferenced keys, deleted unless `dryRun`.
    func collect(dryRun: Bool = false, grace: Duration = .zero) async throws -> [String] {
        var orphans = try await unreferenced(among: Set(try await storage.allKeys()))
        if grace > .zero && !orphans.isEmpty {
            try await Task.sleep(for: grace)
            orphans = try await unreferenced(among: orphans)
        }
        let sorted = orphans.sorted()
        if !dryRun {
            for key in sorted { _ = try await storage.delete(key: key) }
        }
        return sorted
    }

    private func unreferenced(among keys: Set<String>) async throws -> Set<String> {
        let references = try await store.fileReferences()
        // URL paths by their last component, so each key is compared only with the URLs that could end with it.
        var pathsByName: [Substring: [String]] = [:]
        for url in references.urls {
            let path = Self.path(of: url)
            pathsByName[Self.lastComponent(path), default: []].append(path)
        }
        return keys.filter { key in
            if references.storageKeys.contains(key) { return false }
            let name = Self.lastComponent(key)
            if references.fileNames.contains(String(name)) { return false }
            return !(pathsByName[name] ?? []).contains { $0 == key || $0.hasSuffix("/" + key) }
        }
    }

    private static func lastComponent(_ path: String) -> Substring {
        path.split(separator: "/").last ?? Substring(path)
    }

    /// A URL's path without query, percent-decoded (`https://cdn/x/assets/a.png?sig=…` → `/x/assets/a.png`).
    static func path(of url: String) -> String {
        let withoutQuery = url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
        let path = URLComponents(string: withoutQuery)?.path ?? withoutQuery
        return path.removingPercentEncoding ?? path
    }
}
