import Foundation
import Protocols

/// ``FileStorage/localFileServing``: a storage that declares it lets the host serve every stored
/// file from the disk at the path of its URL.
enum ServingCases {
    static let all: [FileStorageConformanceCase] = [servedFilesMatchTheirURLs]

    static let servedFilesMatchTheirURLs = FileStorageConformanceCase(
        "a storage that the host serves maps each file's URL path to its key and its bytes on disk"
    ) { c in
        guard let serving = c.storage.localFileServing else { return }  // files are fetched elsewhere
        let bytes = TestData.png(700, seed: 11)
        let stored = try await c.storage.store(TestData.image(.bytes(bytes)))
        let path = URLComponents(string: stored.url)?.path ?? stored.url
        try check(serving.key(path) == stored.key, "the key of \(path) must be \(stored.key), got \(serving.key(path) ?? "none")")
        guard let file = serving.fileURL(stored.key) else { throw FileStorageConformanceFailure("no file for \(stored.key)") }
        try check(Array(try Data(contentsOf: file)) == bytes, "the served file must hold the stored bytes")
        try check(serving.fileURL("../\(stored.key)") == nil, "a key leaving the storage must name no file")
        _ = try await c.storage.delete(key: stored.key)
        try check(serving.fileURL(stored.key) == nil, "a deleted file must no longer be served")
    }
}
