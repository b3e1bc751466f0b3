import Foundation
import Protocols
import Testing
@testable import S3Storage

/// allKeys lists only the storage's own prefixes, so `story-server gc` never touches other objects
/// in a shared bucket (moto, signature checking on).
@Suite(.enabled(if: S3TestService.enabled, S3TestService.skipReason))
struct S3ListingTests {
    @Test func allKeysListsOnlyTheTypePrefixesNotOtherObjectsInTheBucket() async throws {
        let storage = try S3TestService.storage()
        let other = "other/\(UUID().uuidString.lowercased()).txt"
        let rootLevel = "\(UUID().uuidString.lowercased()).txt"
        for key in [other, rootLevel] {
            _ = try await storage.client.expectSuccess(.PUT, key: key, body: .bytes(Array("not ours".utf8)), operation: "put \(key)")
        }
        let image = try await storage.store(S3StorageServiceTests.png())
        let sound = try await storage.store(FileToStore(body: .bytes([1, 2, 3]), kind: .sound, fileName: "\(UUID().uuidString.lowercased()).mp3",
                                                        contentType: "audio/mpeg"))
        let keys = try await storage.allKeys()
        #expect(keys.contains(image.key) && keys.contains(sound.key))
        #expect(!keys.contains(other), "an object this app never made must not be listed (story-server gc would delete it)")
        #expect(!keys.contains(rootLevel))
        #expect(keys.allSatisfy { $0.hasPrefix("image/") || $0.hasPrefix("sound/") || $0.hasPrefix("video/") }, "\(keys)")
        for key in [other, rootLevel] { _ = try await storage.client.expectSuccess(.DELETE, key: key, operation: "delete \(key)") }
        for key in [image.key, sound.key] { _ = try await storage.delete(key: key) }
    }

    @Test func allKeysFollowsContinuationTokensWithinEachPrefix() async throws {
        let storage = try S3TestService.storage()
        var stored: [String] = []
        for _ in 0..<3 { stored.append(try await storage.store(S3StorageServiceTests.png()).key) }
        stored.append(try await storage.store(FileToStore(body: .bytes([7]), kind: .video, fileName: "\(UUID().uuidString.lowercased()).mp4",
                                                          contentType: "video/mp4")).key)
        // Pages of one key: every key after the first of a prefix comes through a continuation token.
        let paged = try await storage.allKeys(pageSize: 1)
        #expect(Set(stored).isSubset(of: Set(paged)), "\(stored) not all in \(paged)")
        #expect(paged.count == Set(paged).count, "no key listed twice")
        for key in stored { _ = try await storage.delete(key: key) }
    }
}
