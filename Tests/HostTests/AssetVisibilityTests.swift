import Foundation
import Logging
import Domain
import Protocols
import Testing

@testable import Host

/// updateAsset's `isPublic` reaches the stored file, in an order that never leaves an asset
/// pointing at a file that is gone; uploadAsset's `isPublic` stores private from the start.
@Suite("Asset visibility: the stored file follows isPublic")
struct AssetVisibilityTests {
    static let logger = Logger(label: "test")

    static func uploaded(_ storage: MovingStorage, isPublic: Bool = true) async throws -> Asset {
        let stored = try await storage.store(FileToStore(body: .bytes([1, 2, 3]), kind: .image, fileName: "a1.png", contentType: "image/png",
                                                         isPublic: isPublic))
        return Asset(type: .image, name: "a", filename: "a1.png", url: stored.url,
                     metadata: .object(["storage_key": .string(stored.key), "width": .int(4)]), isPublic: isPublic)
    }

    @Test("making an asset private moves its file first, then writes the record with the new key and URL")
    func privateMovesTheFileAndRecordsTheNewKey() async throws {
        let storage = MovingStorage()
        let store = UpdatableAssetStore(failUpdates: false)
        let previous = try await Self.uploaded(storage)
        var asset = previous
        asset.isPublic = false
        let saved = try await AssetService.Replacement(asset: asset, previous: previous, urlGiven: false)
            .save(storage: storage, store: store, report: { _ in })
        #expect(await storage.calls == ["a1.png -> private"])
        #expect(saved.metadata["storage_key"]?.stringValue == "private/a1.png")
        #expect(saved.metadata["width"]?.intValue == 4, "the rest of the metadata is kept")
        #expect(saved.url == "https://files.example/private/a1.png")
        #expect(await store.written == [saved])
        #expect(await storage.files.keys.sorted() == ["private/a1.png"])
    }

    @Test("when the record cannot be written, the file's visibility change is undone and the error reported")
    func aFailedRecordWriteRevertsTheStorage() async throws {
        let storage = MovingStorage()
        let store = UpdatableAssetStore(failUpdates: true)
        let previous = try await Self.uploaded(storage)
        var asset = previous
        asset.isPublic = false
        await #expect(throws: StoreError.unavailable("database is down")) {
            _ = try await AssetService.Replacement(asset: asset, previous: previous, urlGiven: false).save(storage: storage, store: store, report: { _ in })
        }
        #expect(await storage.calls == ["a1.png -> private", "private/a1.png -> public"])
        #expect(await storage.files.keys.sorted() == ["a1.png"], "the file is back under the key the record holds")
    }

    @Test("when the storage refuses, the record is not written")
    func aFailedStorageChangeWritesNoRecord() async throws {
        let storage = MovingStorage()
        let store = UpdatableAssetStore(failUpdates: false)
        let previous = try await Self.uploaded(storage)
        await storage.failingVisibilityChanges()
        var asset = previous
        asset.isPublic = false
        await #expect(throws: FileStorageError.backend("visibility changes are down")) {
            _ = try await AssetService.Replacement(asset: asset, previous: previous, urlGiven: false).save(storage: storage, store: store, report: { _ in })
        }
        #expect(await store.written.isEmpty)
    }

    @Test("no storage call when isPublic does not change, or for an asset at an external URL; a URL the client sets is kept")
    func onlyRealChangesOfStoredFilesTouchTheStorage() async throws {
        let storage = MovingStorage()
        let store = UpdatableAssetStore(failUpdates: false)
        let previous = try await Self.uploaded(storage)
        var renamed = previous
        renamed.name = "b"
        _ = try await AssetService.Replacement(asset: renamed, previous: previous, urlGiven: false).save(storage: storage, store: store, report: { _ in })

        let external = Asset(type: .image, name: "x", url: "https://elsewhere.example/x.png")
        var hidden = external
        hidden.isPublic = false
        let saved = try await AssetService.Replacement(asset: hidden, previous: external, urlGiven: false).save(storage: storage, store: store, report: { _ in })
        #expect(saved.url == "https://elsewhere.example/x.png")
        #expect(await storage.calls.isEmpty)

        var both = previous
        both.isPublic = false
        both.url = "https://cdn.example/mine.png"
        let kept = try await AssetService.Replacement(asset: both, previous: previous, urlGiven: true).save(storage: storage, store: store, report: { _ in })
        #expect(kept.url == "https://cdn.example/mine.png")
        #expect(kept.metadata["storage_key"]?.stringValue == "private/a1.png")
    }

    @Test("uploadAsset(isPublic: false) stores private from the start; left out, it stores public as before")
    func uploadIsPublicArgument() async throws {
        try await TestServer.with { api in
            let ann = try await api.player("ann@example.com")
            let png = SampleMedia.png()
            let hidden = try await api.postMultipart(VisibilityRequests.multipart(png, isPublic: false), token: ann.token)
            #expect(hidden.bool("data.uploadAsset.success") == true, "\(hidden)")
            #expect(hidden.bool("data.uploadAsset.asset.isPublic") == false)
            let shown = try await api.postMultipart(VisibilityRequests.multipart(png, isPublic: nil), token: ann.token)
            #expect(shown.bool("data.uploadAsset.asset.isPublic") == true, "\(shown)")
            let old = try await api.upload(png, type: "image", token: ann.token)
            #expect(old.bool("data.uploadAsset.success") == true, "the old three-argument form still works: \(old)")

            let id = try #require(hidden.string("data.uploadAsset.asset.mongoId"))
            let anonymous = try await api.graphql(VisibilityRequests.read, ["id": .string(id)])
            #expect(anonymous["data.assetById"] == .null, "strangers do not see a private asset")
            let listed = try await api.graphql("{ publicAssets { mongoId } }")
            #expect(listed.count("data.publicAssets") == 2, "\(listed)")
        }
    }

    @Test("updateAsset isPublic on an uploaded local file: the record changes, the storage key stays (local files have no visibility)")
    func localUpdateKeepsTheKey() async throws {
        try await TestServer.with { api in
            let ann = try await api.player("ann@example.com")
            let up = try await api.upload(SampleMedia.png(), type: "image", token: ann.token)
            let id = try #require(up.string("data.uploadAsset.asset.mongoId"))
            let key = try #require(VisibilityRequests.storageKey(up, "data.uploadAsset.asset.metadata"))
            let r = try await api.graphql(VisibilityRequests.update, ["id": .string(id), "isPublic": .bool(false)], token: ann.token)
            #expect(r.bool("data.updateAsset.success") == true, "\(r)")
            #expect(r.bool("data.updateAsset.asset.isPublic") == false)
            #expect(VisibilityRequests.storageKey(r, "data.updateAsset.asset.metadata") == key)
            #expect(r.string("data.updateAsset.asset.url") == up.string("data.uploadAsset.asset.url"))
        }
    }
}
