import Foundation
import LocalStorage
import Protocols
import Testing

/// Where LocalStorage puts files, the URLs it hands out, and how it reads its settings.
@Suite struct LocalStorageLayoutTests {
    let storage = LocalStorage(root: TemporaryRoot.make())

    @Test func filesLiveUnderAssetsAndTheURLIsMediaURLPlusKey() async throws {
        defer { try? FileManager.default.removeItem(at: storage.root) }
        let stored = try await storage.store(FileToStore(body: .bytes([1, 2, 3]), kind: .image, fileName: "a1.png", contentType: "image/png"))
        #expect(stored.key == "assets/a1.png")
        #expect(stored.url == "/media/assets/a1.png")
        #expect(FileManager.default.contents(atPath: storage.root.appendingPathComponent("assets/a1.png").path) == Data([1, 2, 3]))
    }

    @Test func publicBaseURLMakesURLsAbsolute() async throws {
        let settings = DictionarySettings(["MEDIA_ROOT": storage.root.path, "PUBLIC_BASE_URL": "https://stories.example.com/", "MEDIA_URL": "/files"])
        let absolute = try LocalStorage.make(settings: settings)
        defer { try? FileManager.default.removeItem(at: storage.root) }
        let stored = try await absolute.store(FileToStore(body: .bytes([9]), kind: .sound, fileName: "s.mp3", contentType: "audio/mpeg"))
        #expect(stored.url == "https://stories.example.com/files/assets/s.mp3")
        #expect(absolute.key(forURLPath: "/files/assets/s.mp3") == "assets/s.mp3")
    }

    @Test func defaultsAreMediaAndSlashMedia() throws {
        let storage = try LocalStorage.make(settings: DictionarySettings([:]))
        #expect(storage.root.path == URL(fileURLWithPath: "media", relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL.path)
        #expect(storage.mediaURL == "/media/")
        #expect(storage.publicBaseURL == nil)
    }

    @Test func aPublicBaseURLWithoutSchemeIsRefused() {
        #expect(throws: PluginConfigurationError.self) {
            try LocalStorage.make(settings: DictionarySettings(["PUBLIC_BASE_URL": "stories.example.com"]))
        }
    }

    @Test func overwritingIsAtomicAndLeavesNoTemporaryFiles() async throws {
        defer { try? FileManager.default.removeItem(at: storage.root) }
        for round in 0..<5 {
            _ = try await storage.store(FileToStore(body: .bytes([UInt8](repeating: UInt8(round), count: 10_000)), kind: .image,
                                                    fileName: "same.png", contentType: "image/png"))
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: storage.root.appendingPathComponent("assets").path)
        #expect(names == ["same.png"])
        #expect(try await storage.load(key: "assets/same.png") == [UInt8](repeating: 4, count: 10_000))
    }

    @Test func setVisibilityKeepsTheKeyAndTheURLForLocalFilesHaveNoVisibility() async throws {
        defer { try? FileManager.default.removeItem(at: storage.root) }
        let stored = try await storage.store(FileToStore(body: .bytes([4, 5, 6]), kind: .image, fileName: "v1.png", contentType: "image/png"))
        let hidden = try await storage.setVisibility(key: stored.key, isPublic: false)
        #expect(hidden == stored, "a no-op: same key, same URL")
        // Documented: the media route still serves the file to anyone with its URL.
        #expect(try serve(hidden.url, from: storage) == [4, 5, 6])
        #expect(try await storage.setVisibility(key: stored.key, isPublic: true) == stored)
        await #expect(throws: FileStorageError.notFound("assets/nope.png")) {
            _ = try await storage.setVisibility(key: "assets/nope.png", isPublic: false)
        }
    }
}
