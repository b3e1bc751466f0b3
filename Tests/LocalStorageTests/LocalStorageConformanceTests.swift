import FileStorageConformance
import Foundation
import LocalStorage
import Protocols
import Testing

/// LocalStorage passes the shared file-storage suite on a fresh temporary directory per case.
@Suite struct LocalStorageConformanceTests {
    @Test(arguments: FileStorageConformance.allCases)
    func conformance(_ c: FileStorageConformanceCase) async throws {
        let storage = LocalStorage(root: TemporaryRoot.make())
        defer { try? FileManager.default.removeItem(at: storage.root) }
        // The host's media route serves every local file to whoever has its URL: private files are
        // not enforced by this storage (see LocalStorage.setVisibility).
        try await c.run(fetch: { url in try serve(url, from: storage) }, enforcesPrivateFiles: false) { storage }
    }
}

/// What the host does for `GET /media/…`: request path → key → file.
func serve(_ url: String, from storage: LocalStorage) throws -> [UInt8] {
    let path = URL(string: url)?.path ?? url
    guard let key = storage.key(forURLPath: path), let file = storage.fileURL(forKey: key) else {
        throw FileStorageError.notFound(url)
    }
    return [UInt8](try Data(contentsOf: file))
}

enum TemporaryRoot {
    static func make() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("local-storage-\(UUID().uuidString)")
    }
}
