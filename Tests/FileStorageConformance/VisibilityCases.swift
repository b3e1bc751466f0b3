import Protocols

/// Changing a stored file's visibility (``FileStorage/setVisibility(key:isPublic:)``).
enum VisibilityCases {
    static let all: [FileStorageConformanceCase] = [publicToPrivateAndBack, privateToPublic, missingFile]

    static let publicToPrivateAndBack = FileStorageConformanceCase(
        "setVisibility: a public file made private keeps its bytes, its public URL stops serving them, and it goes back to public"
    ) { c in
        let bytes = TestData.png(3500, seed: 20)
        let stored = try await c.storage.store(TestData.image(.bytes(bytes)))
        try await c.checkURL(stored.url, returns: bytes, "the public URL before the change")

        let hidden = try await c.storage.setVisibility(key: stored.key, isPublic: false)
        try check(!hidden.key.isEmpty, "setVisibility returned an empty key")
        let loaded = try await c.storage.load(key: hidden.key)
        try check(loaded == bytes, "the private file's key loads \(loaded.count) bytes, not the \(bytes.count) stored")
        let signed = try await c.storage.url(forKey: hidden.key, isPublic: false)
        try await c.checkURL(signed, returns: bytes, "url(forKey:isPublic: false) of the now private file")
        if c.enforcesPrivateFiles {
            try await c.checkURLRefused(stored.url, "the old public URL of a file made private")
        }
        if hidden.key != stored.key {
            try await checkThrows(.notFound(stored.key), "load of the key the file had before it moved") {
                _ = try await c.storage.load(key: stored.key)
            }
        }

        let shown = try await c.storage.setVisibility(key: hidden.key, isPublic: true)
        let reloaded = try await c.storage.load(key: shown.key)
        try check(reloaded == bytes, "the file made public again loads \(reloaded.count) bytes, not the \(bytes.count) stored")
        try await c.checkURL(shown.url, returns: bytes, "the URL setVisibility(isPublic: true) returned")
        let again = try await c.storage.url(forKey: shown.key, isPublic: true)
        try await c.checkURL(again, returns: bytes, "url(forKey:isPublic: true) of the file made public again")

        let unchanged = try await c.storage.setVisibility(key: shown.key, isPublic: true)
        try check(unchanged.key == shown.key, "asking for the visibility a file has must keep its key (\(shown.key) became \(unchanged.key))")
        let keys = Set(try await c.storage.allKeys())
        try check(keys.contains(shown.key), "allKeys must list \(shown.key)")
        if hidden.key != shown.key { try check(!keys.contains(hidden.key), "allKeys still lists the private key \(hidden.key)") }
        let removed = try await c.storage.delete(key: shown.key)
        try check(removed, "delete of the file made public again must return true")
    }

    static let privateToPublic = FileStorageConformanceCase("setVisibility: a file stored private becomes publicly readable") { c in
        let bytes = TestData.png(2500, seed: 21)
        let stored = try await c.storage.store(TestData.image(.bytes(bytes), isPublic: false))
        let shown = try await c.storage.setVisibility(key: stored.key, isPublic: true)
        try await c.checkURL(shown.url, returns: bytes, "the URL of a private file made public")
        let loaded = try await c.storage.load(key: shown.key)
        try check(loaded == bytes, "the file made public loads \(loaded.count) bytes, not the \(bytes.count) stored")
        _ = try await c.storage.delete(key: shown.key)
    }

    static let missingFile = FileStorageConformanceCase("setVisibility of a missing file throws notFound") { c in
        let stored = try await c.storage.store(TestData.image(.bytes(TestData.png(300, seed: 22))))
        _ = try await c.storage.delete(key: stored.key)
        for isPublic in [false, true] {
            try await checkThrows(.notFound(stored.key), "setVisibility(isPublic: \(isPublic)) of a deleted file") {
                _ = try await c.storage.setVisibility(key: stored.key, isPublic: isPublic)
            }
        }
    }
}
