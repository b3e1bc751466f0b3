import Protocols

/// Finds stored files that no asset references and deletes them (`story-server gc`).
struct FileCollector: Sendable {
    let store: any StoryStore
    let storage: any FileStorage

    /// The unreferenced keys, deleted unless `dryRun`.
    func collect(dryRun: Bool = false) async throws -> [String] {
        let referenced = try await store.referencedStorageKeys()
        let orphans = try await storage.allKeys().filter { !referenced.contains($0) }.sorted()
        if !dryRun {
            for key in orphans { _ = try await storage.delete(key: key) }
        }
        return orphans
    }
}
