import Foundation
import Protocols
import Testing
@testable import CloudinaryStorage

/// What CloudinaryStorage does against the fake beyond the shared suite.
@Suite(.enabled(if: FakeCloudinary.enabled, FakeCloudinary.skipReason))
struct CloudinaryServiceTests {
    static func file(_ kind: AssetKind, _ ext: String, isPublic: Bool = true) -> FileToStore {
        FileToStore(body: .bytes(Array("\(kind) bytes".utf8)), kind: kind, fileName: "\(UUID().uuidString.lowercased()).\(ext)",
                    contentType: "application/octet-stream", isPublic: isPublic)
    }

    @Test func filesGoToStoryAppFoldersWithTheRightResourceType() async throws {
        let storage = try FakeCloudinary.storage()
        let image = try await storage.store(Self.file(.image, "png"))
        let sound = try await storage.store(Self.file(.sound, "mp3"))
        let video = try await storage.store(Self.file(.video, "mp4"))
        #expect(image.key.hasPrefix("image:story-app/image/") && image.key.hasSuffix(".png"))
        #expect(sound.key.hasPrefix("video:story-app/sound/") && sound.key.hasSuffix(".mp3"))
        #expect(video.key.hasPrefix("video:story-app/video/") && video.key.hasSuffix(".mp4"))
        #expect(sound.url.contains("/video/upload/v"), "the URL is Cloudinary's secure_url: \(sound.url)")
        for key in [image.key, sound.key, video.key] { #expect(try await storage.delete(key: key)) }
    }

    @Test func aWrongSecretIsRefusedWithAClearMessage() async throws {
        let storage = try FakeCloudinary.storage(secret: "wrong")
        let error = await #expect(throws: FileStorageError.self) { _ = try await storage.store(Self.file(.image, "png")) }
        guard case .backend(let message) = error else { Issue.record("expected a backend error, got \(String(describing: error))"); return }
        #expect(message.contains("Cloudinary refused the signature: check CLOUDINARY_API_SECRET [HTTP 401: Invalid Signature"))
    }

    @Test func aPrivateFileIsOnlyDeliveredThroughItsSignedURL() async throws {
        let storage = try FakeCloudinary.storage()
        let stored = try await storage.store(Self.file(.image, "png", isPublic: false))
        #expect(stored.key.hasPrefix("image:authenticated:story-app/image/"))
        let signed = try await storage.url(forKey: stored.key, isPublic: false)
        #expect(try await PlainHTTP.get(signed) == Array("image bytes".utf8))
        let unsigned = signed.replacingOccurrences(of: #"s--[A-Za-z0-9_-]{8}--/"#, with: "", options: .regularExpression)
        await #expect(throws: PlainHTTP.Status(code: 401)) { _ = try await PlainHTTP.get(unsigned) }
        #expect(try await storage.delete(key: stored.key))
    }
}

/// setVisibility through the signed `rename` API (the fake checks its signature like every other call).
@Suite(.enabled(if: FakeCloudinary.enabled, FakeCloudinary.skipReason))
struct CloudinaryVisibilityTests {
    @Test func renameMovesBetweenUploadAndAuthenticatedKeepingThePublicID() async throws {
        let storage = try FakeCloudinary.storage()
        let stored = try await storage.store(CloudinaryServiceTests.file(.sound, "mp3"))
        let bytes = Array("sound bytes".utf8)
        let hidden = try await storage.setVisibility(key: stored.key, isPublic: false)
        #expect(hidden.key == stored.key.replacingOccurrences(of: "video:", with: "video:authenticated:"))
        #expect(hidden.url.contains("/video/authenticated/s--"), "\(hidden.url)")
        #expect(try await PlainHTTP.get(hidden.url) == bytes)
        await #expect(throws: PlainHTTP.Status(code: 404)) { _ = try await PlainHTTP.get(stored.url) }

        let shown = try await storage.setVisibility(key: hidden.key, isPublic: true)
        #expect(shown.key == stored.key)
        #expect(shown.url.contains("/video/upload/v"), "the secure_url of the renamed resource: \(shown.url)")
        #expect(try await PlainHTTP.get(shown.url) == bytes)
        #expect(try await storage.delete(key: shown.key))
    }

    @Test func aRenameWithAWrongSecretIsRefusedAndMovesNothing() async throws {
        let stored = try await FakeCloudinary.storage().store(CloudinaryServiceTests.file(.image, "png"))
        let wrong = try FakeCloudinary.storage(secret: "wrong")
        let error = await #expect(throws: FileStorageError.self) { _ = try await wrong.setVisibility(key: stored.key, isPublic: false) }
        guard case .backend(let message) = error else { Issue.record("expected a backend error, got \(String(describing: error))"); return }
        #expect(message.contains("Cloudinary refused the signature: check CLOUDINARY_API_SECRET [HTTP 401: Invalid Signature"), "\(message)")
        #expect(try await PlainHTTP.get(stored.url) == Array("image bytes".utf8), "the file is still public")
        #expect(try await FakeCloudinary.storage().delete(key: stored.key))
    }
}
