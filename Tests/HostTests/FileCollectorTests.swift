import Foundation
import Protocols
import Testing

@testable import Host

/// `story-server gc`: files no asset references are deleted; referenced ones, however they are
/// referenced, are kept.
@Suite("Garbage collection of stored files")
struct FileCollectorTests {
    func put(_ name: String, in server: TestServer) async throws -> StoredFile {
        try await server.services.storage.store(FileToStore(
            body: .bytes(Array("bytes of \(name)".utf8)), kind: .image, fileName: name, contentType: "image/png"))
    }

    @Test("only unreferenced files go: a storage_key, a URL ending with the key, or an old record's file name keep a file")
    func collectsOrphansOnly() async throws {
        let server = try await TestServer.make()
        defer { try? FileManager.default.removeItem(at: server.directory) }
        let store = server.services.store
        let byKey = try await put("\(UUID().uuidString.lowercased()).png", in: server)
        try await store.insertAsset(Asset(
            type: .image, name: "new", filename: "x.png", url: byKey.url, fileSize: 1, mimeType: "image/png",
            metadata: .object(["storage_key": .string(byKey.key)])))
        // Written by the old server: no storage_key, a URL under MEDIA_URL.
        let byURL = try await put("old-upload.png", in: server)
        try await store.insertAsset(Asset(
            type: .image, name: "old", filename: "renamed-on-upload.png", url: "https://cdn.example.com/media/\(byURL.key)?v=2",
            fileSize: 1, mimeType: "image/png"))
        let byName = try await put("legacy-name.png", in: server)
        try await store.insertAsset(Asset(
            type: .image, name: "older", filename: "legacy-name.png", url: "https://elsewhere.example.com/a", fileSize: 1,
            mimeType: "image/png"))
        let orphan = try await put("\(UUID().uuidString.lowercased()).png", in: server)

        let collector = FileCollector(store: store, storage: server.services.storage)
        #expect(try await collector.collect(dryRun: true) == [orphan.key])
        #expect(try await server.services.storage.load(key: orphan.key).isEmpty == false, "a dry run deletes nothing")
        #expect(try await collector.collect() == [orphan.key])
        await #expect(throws: FileStorageError.self) { try await server.services.storage.load(key: orphan.key) }
        for kept in [byKey, byURL, byName] {
            #expect(try await server.services.storage.load(key: kept.key).isEmpty == false, "\(kept.key) kept")
        }
        #expect(try await collector.collect().isEmpty)
    }

    @Test("a file whose asset record is written during the grace period is kept")
    func graceProtectsUploadsInProgress() async throws {
        let server = try await TestServer.make()
        defer { try? FileManager.default.removeItem(at: server.directory) }
        let store = server.services.store
        let uploading = try await put("\(UUID().uuidString.lowercased()).png", in: server)
        let collector = FileCollector(store: store, storage: server.services.storage)
        async let removed = collector.collect(grace: .milliseconds(500))
        try await Task.sleep(for: .milliseconds(50))
        try await store.insertAsset(Asset(
            type: .image, name: "late", filename: "late.png", url: uploading.url, fileSize: 1, mimeType: "image/png",
            metadata: .object(["storage_key": .string(uploading.key)])))
        #expect(try await removed.isEmpty)
        #expect(try await server.services.storage.load(key: uploading.key).isEmpty == false)
    }

    @Test("URL paths are compared without query and percent-encoding")
    func urlPaths() {
        #expect(FileCollector.path(of: "https://cdn.example.com/media/assets/a%20b.png?sig=1") == "/media/assets/a b.png")
        #expect(FileCollector.path(of: "/media/assets/x.png") == "/media/assets/x.png")
    }
}
