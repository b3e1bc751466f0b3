import Foundation
import LocalStorage
import Protocols
import Testing

/// The API the host serves files with never resolves outside the media root.
@Suite struct LocalStorageServingTests {
    let storage = LocalStorage(root: TemporaryRoot.make())

    init() async throws {
        _ = try await storage.store(FileToStore(body: .bytes([7]), kind: .image, fileName: "ok.png", contentType: "image/png"))
    }

    @Test func aStoredKeyResolvesToItsFile() {
        defer { try? FileManager.default.removeItem(at: storage.root) }
        #expect(storage.fileURL(forKey: "assets/ok.png")?.lastPathComponent == "ok.png")
        #expect(storage.key(forURLPath: "/media/assets/ok.png") == "assets/ok.png")
    }

    @Test(arguments: ["assets/../../etc/passwd", "../etc/passwd", "/etc/passwd", "assets/", "assets", "assets/.tmp-x",
                      "other/ok.png", "assets/missing.png", "assets/a/b.png", "assets/%2e%2e"])
    func escapingOrUnknownKeysResolveToNothing(_ key: String) {
        defer { try? FileManager.default.removeItem(at: storage.root) }
        #expect(storage.fileURL(forKey: key) == nil)
    }

    @Test(arguments: ["/media/assets/%2e%2e/%2e%2e/etc/passwd", "/media/../etc/passwd", "/other/assets/ok.png", "/media/assets/a%2Fb.png"])
    func requestPathsOutsideTheMediaFolderNameNoKey(_ path: String) {
        defer { try? FileManager.default.removeItem(at: storage.root) }
        #expect(storage.key(forURLPath: path) == nil)
    }

    @Test func aSymbolicLinkOutOfTheRootIsNotFollowed() throws {
        defer { try? FileManager.default.removeItem(at: storage.root) }
        let link = storage.root.appendingPathComponent("assets/link.png")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "/etc/hostname")
        #expect(storage.fileURL(forKey: "assets/link.png") == nil)
    }

    @Test func malformedKeysLoadAsNotFound() async throws {
        defer { try? FileManager.default.removeItem(at: storage.root) }
        await #expect(throws: FileStorageError.notFound("../x")) { try await storage.load(key: "../x") }
        #expect(try await storage.delete(key: "../x") == false)
    }
}
