import Protocols

/// Deleting files, present or not.
enum DeletionCases {
    static let all: [FileStorageConformanceCase] = [deleteThenLoad, deleteMissing]

    static let deleteThenLoad = FileStorageConformanceCase("a deleted file no longer loads (notFound)") { c in
        let stored = try await c.storage.store(TestData.image(.bytes(TestData.png(500, seed: 7))))
        let removed = try await c.storage.delete(key: stored.key)
        try check(removed, "delete of a stored file must return true")
        try await checkThrows(.notFound(stored.key), "load after delete") {
            _ = try await c.storage.load(key: stored.key)
        }
    }

    static let deleteMissing = FileStorageConformanceCase("deleting a missing file returns false") { c in
        let stored = try await c.storage.store(TestData.image(.bytes(TestData.png(500, seed: 8))))
        _ = try await c.storage.delete(key: stored.key)
        let again = try await c.storage.delete(key: stored.key)
        try check(!again, "a second delete of \(stored.key) must return false")
    }
}
