import Foundation
import Protocols

/// Many files at once, and big ones.
enum ScaleCases {
    static let all: [FileStorageConformanceCase] = [concurrentPuts, largeFile]

    static let concurrentPuts = FileStorageConformanceCase("20 concurrent puts all land under distinct keys") { c in
        let storage = c.storage
        let results = try await withThrowingTaskGroup(of: (StoredFile, [UInt8]).self) { group in
            for i in 0..<20 {
                group.addTask {
                    let bytes = TestData.png(2000 + i, seed: 100 + UInt64(i))
                    return (try await storage.store(TestData.image(.bytes(bytes))), bytes)
                }
            }
            var all: [(StoredFile, [UInt8])] = []
            for try await result in group { all.append(result) }
            return all
        }
        try check(Set(results.map(\.0.key)).count == 20, "20 puts must give 20 distinct keys")
        for (stored, bytes) in results {
            let loaded = try await storage.load(key: stored.key)
            try check(loaded == bytes, "\(stored.key) loaded \(loaded.count) bytes, not the \(bytes.count) stored")
        }
        for (stored, _) in results { _ = try await storage.delete(key: stored.key) }
    }

    static let largeFile = FileStorageConformanceCase("a 12 MB file round-trips") { c in
        let bytes = TestData.png(FileStorageConformance.largeFileSize, seed: 9)
        let path = try TestData.temporaryFile(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let stored = try await c.storage.store(
            FileToStore(body: .file(path: path), kind: .video, fileName: TestData.fileName("mp4"), contentType: "video/mp4"))
        let loaded = try await c.storage.load(key: stored.key)
        try check(loaded.count == bytes.count, "loaded \(loaded.count) bytes, stored \(bytes.count)")
        try check(loaded == bytes, "the large file came back with different bytes")
        try await c.checkURL(stored.url, returns: bytes, "the large file's URL")
        _ = try await c.storage.delete(key: stored.key)
    }
}
