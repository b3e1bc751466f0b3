import Foundation
import Protocols
import Testing
@testable import S3Storage

/// setVisibility: PutObjectAcl, or nothing without ACLs (moto, signature checking on).
@Suite(.enabled(if: S3TestService.enabled, S3TestService.skipReason))
struct S3VisibilityTests {
    /// Whether the object's ACL grants reads to everyone (GetObjectAcl).
    static func isPublicRead(_ storage: S3Storage, _ key: String) async throws -> Bool {
        let acl = try await storage.client.expectSuccess(.GET, key: key, query: [("acl", "")], operation: "acl")
        return acl.text.contains("http://acs.amazonaws.com/groups/global/AllUsers")
    }

    @Test func setVisibilitySwitchesTheObjectACLAndThePlainURL() async throws {
        let storage = try S3TestService.storage()
        let file = S3StorageServiceTests.png()
        guard case .bytes(let bytes) = file.body else { return }
        let stored = try await storage.store(file)
        #expect(try await Self.isPublicRead(storage, stored.key))
        #expect(try await PlainHTTP.get(stored.url) == bytes)

        let hidden = try await storage.setVisibility(key: stored.key, isPublic: false)
        #expect(hidden.key == stored.key, "S3 changes the ACL in place")
        #expect(hidden.url.contains("X-Amz-Signature="), "a private file's URL is presigned")
        #expect(try await !Self.isPublicRead(storage, stored.key))
        await #expect(throws: PlainHTTP.Status(code: 403, url: stored.url)) { _ = try await PlainHTTP.get(stored.url) }
        #expect(try await PlainHTTP.get(hidden.url) == bytes)

        let shown = try await storage.setVisibility(key: stored.key, isPublic: true)
        #expect(shown == stored)
        #expect(try await Self.isPublicRead(storage, stored.key))
        #expect(try await PlainHTTP.get(stored.url) == bytes)
        _ = try await storage.delete(key: stored.key)
    }

    @Test func withoutACLsSetVisibilityTouchesNoACLAndKeepsTheKey() async throws {
        var configuration = try S3TestService.configuration()
        configuration.usesACL = false
        let storage = S3Storage(configuration: configuration)
        let stored = try await storage.store(S3StorageServiceTests.png())
        let before = try await storage.client.expectSuccess(.GET, key: stored.key, query: [("acl", "")], operation: "acl").text
        let hidden = try await storage.setVisibility(key: stored.key, isPublic: false)
        #expect(hidden.key == stored.key)
        #expect(hidden.url.contains("X-Amz-Signature="))
        let shown = try await storage.setVisibility(key: stored.key, isPublic: true)
        #expect(shown == stored)
        let after = try await storage.client.expectSuccess(.GET, key: stored.key, query: [("acl", "")], operation: "acl").text
        #expect(before == after, "the bucket policy governs: no PutObjectAcl without ACLs")
        await #expect(throws: FileStorageError.notFound("image/missing-\(stored.key.dropFirst(6))")) {
            _ = try await storage.setVisibility(key: "image/missing-\(stored.key.dropFirst(6))", isPublic: false)
        }
        _ = try await storage.delete(key: stored.key)
    }
}
