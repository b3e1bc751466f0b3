import Foundation
import Protocols

/// Storing, loading and the URLs clients use.
enum RoundTripCases {
    static let all: [FileStorageConformanceCase] = [putBytes, putFile, publicURL, privateURL, listing]

    static let putBytes = FileStorageConformanceCase("stored bytes load back the same") { c in
        let bytes = TestData.png(3000, seed: 1)
        let stored = try await c.storage.store(TestData.image(.bytes(bytes)))
        try check(!stored.key.isEmpty, "store returned an empty key")
        let loaded = try await c.storage.load(key: stored.key)
        try check(loaded == bytes, "load returned \(loaded.count) bytes, not the \(bytes.count) stored")
        _ = try await c.storage.delete(key: stored.key)
    }

    static let putFile = FileStorageConformanceCase("a file on disk stores and loads back the same bytes") { c in
        let bytes = TestData.png(200_000, seed: 2)
        let path = try TestData.temporaryFile(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let stored = try await c.storage.store(TestData.image(.file(path: path)))
        try check(FileManager.default.fileExists(atPath: path), "store must leave the source file to its owner")
        let loaded = try await c.storage.load(key: stored.key)
        try check(loaded == bytes, "load returned \(loaded.count) bytes, not the \(bytes.count) stored")
        _ = try await c.storage.delete(key: stored.key)
    }

    static let publicURL = FileStorageConformanceCase("the URL of a public file returns its bytes") { c in
        let bytes = TestData.png(5000, seed: 3)
        let stored = try await c.storage.store(TestData.image(.bytes(bytes)))
        try await c.checkURL(stored.url, returns: bytes, "the URL store() returned")
        let again = try await c.storage.url(forKey: stored.key, isPublic: true)
        try await c.checkURL(again, returns: bytes, "url(forKey:isPublic: true)")
        _ = try await c.storage.delete(key: stored.key)
    }

    static let privateURL = FileStorageConformanceCase("the URL of a private file returns its bytes") { c in
        let bytes = TestData.png(4000, seed: 4)
        let stored = try await c.storage.store(TestData.image(.bytes(bytes), isPublic: false))
        let url = try await c.storage.url(forKey: stored.key, isPublic: false)
        try await c.checkURL(url, returns: bytes, "url(forKey:isPublic: false)")
        let loaded = try await c.storage.load(key: stored.key)
        try check(loaded == bytes, "a private file must load back the same bytes")
        _ = try await c.storage.delete(key: stored.key)
    }

    static let listing = FileStorageConformanceCase("allKeys lists stored files and forgets deleted ones") { c in
        let first = try await c.storage.store(TestData.image(.bytes(TestData.png(100, seed: 5))))
        let second = try await c.storage.store(
            FileToStore(body: .bytes(TestData.bytes(100, seed: 6)), kind: .sound, fileName: TestData.fileName("mp3"),
                        contentType: "audio/mpeg"))
        var keys = Set(try await c.storage.allKeys())
        try check(keys.contains(first.key) && keys.contains(second.key),
                  "allKeys must contain \(first.key) and \(second.key); it has \(keys.count) keys")
        _ = try await c.storage.delete(key: first.key)
        keys = Set(try await c.storage.allKeys())
        try check(!keys.contains(first.key), "allKeys still lists the deleted \(first.key)")
        try check(keys.contains(second.key), "allKeys lost \(second.key)")
        _ = try await c.storage.delete(key: second.key)
    }
}
