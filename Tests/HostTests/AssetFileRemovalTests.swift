import Foundation
import Hummingbird
import HummingbirdTesting
import Protocols
import Testing

@testable import Host

/// `deleteAsset` when the stored file cannot be removed: the asset is deleted all the same, the failure
/// is logged, and `story-server gc` removes the file later.
@Suite("Asset deletion when the file cannot be removed")
struct AssetFileRemovalTests {
    /// A storage whose deletions fail, over a real one.
    struct UndeletableStorage: FileStorage {
        let wrapped: any FileStorage
        func store(_ file: FileToStore) async throws -> StoredFile { try await wrapped.store(file) }
        func load(key: String) async throws -> [UInt8] { try await wrapped.load(key: key) }
        func delete(key: String) async throws -> Bool { throw FileStorageError.backend("the disk is read-only") }
        func url(forKey key: String, isPublic: Bool) async throws -> String { try await wrapped.url(forKey: key, isPublic: isPublic) }
        func allKeys() async throws -> [String] { try await wrapped.allKeys() }
        func setVisibility(key: String, isPublic: Bool) async throws -> StoredFile {
            try await wrapped.setVisibility(key: key, isPublic: isPublic)
        }
    }

    @Test("the asset goes, the failure is logged naming the file, the file stays for gc, which then removes it")
    func failedRemovalIsLoggedAndCollected() async throws {
        let made = try await TestServer.make()
        defer { try? FileManager.default.removeItem(at: made.directory) }
        let log = LogRecorder()
        let real = made.services
        let services = Services(
            settings: real.settings, store: real.store, storage: UndeletableStorage(wrapped: real.storage), tokens: real.tokens,
            passwords: real.passwords, loginThrottle: real.loginThrottle, generation: nil, logger: log.logger())
        let server = TestServer(services: services, statements: made.statements, directory: made.directory)
        let app = Application(router: try StoryApplication.makeRouter(services: services))
        try await app.test(.router) { client in
            let api = TestAPI(client: client, server: server)
            let ann = try await api.player()
            let uploaded = try await api.upload(SampleMedia.png(), type: "image", token: ann.token)
            let id = try #require(uploaded.string("data.uploadAsset.asset.mongoId"), "\(uploaded)")
            let keys = try await real.storage.allKeys()
            #expect(keys.count == 1)

            let deleted = try await api.graphql("mutation($id: String!) { deleteAsset(id: $id) { success message } }", ["id": .string(id)], token: ann.token)
            #expect(deleted.bool("data.deleteAsset.success") == true, "\(deleted)")
            #expect(try await real.store.assets(ids: [try #require(ObjectId(id))]).isEmpty)
            #expect(log.warnings.contains { $0.contains(keys[0]) && $0.contains("story-server gc") }, "\(log.all)")
            #expect(try await real.storage.allKeys() == keys, "the file is left for gc")

            #expect(try await FileCollector(store: real.store, storage: real.storage).collect() == keys)
            #expect(try await real.storage.allKeys().isEmpty)
        }
    }
}
