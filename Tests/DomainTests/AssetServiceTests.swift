import Domain
import Foundation
import Protocols
import Testing

@Suite("AssetService: records and files")
struct AssetServiceTests {
    @Test("a private asset is read by its uploader and admins, changed by its uploader only", arguments: StoreKind.available)
    func privateAssets(_ kind: StoreKind) async throws {
        let world = try await World.make(kind)
        let file = NewAssetFile(body: .bytes([1, 2, 3]), kind: .image, fileExtension: "png", mimeType: "image/png", size: 3,
                                name: "Cave", isPublic: false)
        let asset = try await world.assets.keep(file, uploadedBy: world.author.id)
        #expect(asset.storageKey != nil)
        #expect(try await world.assets.asset(asset.id, by: world.asAuthor) != nil)
        #expect(try await world.assets.asset(asset.id, by: world.asOtherAdmin) != nil)
        #expect(try await world.assets.asset(asset.id, by: world.asPlayer) == nil)
        #expect(try await world.assets.asset(asset.id, by: world.asAnonymous) == nil)
        await expectRefusal(.forbidden(.notPermitted)) {
            try await world.assets.update(asset.id, AssetChanges(name: "Mine"), by: world.asOtherAdmin)
        }
        await expectRefusal(.notFound("Asset")) { try await world.assets.delete(asset.id, by: world.asPlayer) }
        #expect(try await world.assets.assets(type: nil, by: world.asPlayer).isEmpty)
        #expect(try await world.assets.assets(type: nil, by: world.asOtherAdmin).count == 1)
    }

    @Test("deleting an asset deletes its file; a client's metadata never names the file", arguments: StoreKind.available)
    func deletionAndStorageKey(_ kind: StoreKind) async throws {
        let world = try await World.make(kind)
        let file = NewAssetFile(body: .bytes([1, 2, 3]), kind: .image, fileExtension: "png", mimeType: "image/png", size: 3, name: "Cave")
        let asset = try await world.assets.keep(file, uploadedBy: world.author.id)
        let key = try #require(asset.storageKey)
        let changed = try await world.assets.update(
            asset.id, AssetChanges(metadata: .object(["storage_key": .string("../../etc/passwd"), "mood": .string("dark")])), by: world.asAuthor)
        #expect(changed.storageKey == key)
        #expect(changed.metadata["mood"]?.stringValue == "dark")
        try await world.assets.delete(asset.id, by: world.asAuthor)
        #expect(!FileManager.default.fileExists(atPath: world.media.appendingPathComponent(key).path))
    }
}
