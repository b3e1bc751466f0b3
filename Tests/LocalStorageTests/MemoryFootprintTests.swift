import FileStorageConformance
import Foundation
import LocalStorage
import Testing

/// With STORAGE_MEASURE_MEMORY=1, run alone, prints the peak memory of copying a 100 MiB file in:
/// `STORAGE_MEASURE_MEMORY=1 swift test --skip-build --filter LocalMemoryFootprintTests`.
@Suite(.enabled(if: MemoryFootprint.requested))
struct LocalMemoryFootprintTests {
    @Test func peakMemoryOfStoringFromDisk() async throws {
        let storage = LocalStorage(root: TemporaryRoot.make())
        defer { try? FileManager.default.removeItem(at: storage.root) }
        print(try await MemoryFootprint.measureStore(into: storage, label: "Local (copy + rename)"))
    }
}
