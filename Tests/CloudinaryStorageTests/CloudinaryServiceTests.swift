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
