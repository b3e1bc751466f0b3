import FileStorageConformance
import Testing
@testable import CloudinaryStorage

/// With STORAGE_MEASURE_MEMORY=1, run alone, prints the peak memory of a 100 MiB streamed upload:
/// `STORAGE_MEASURE_MEMORY=1 swift test --skip-build --filter CloudinaryMemoryFootprintTests`.
@Suite(.enabled(if: MemoryFootprint.requested && FakeCloudinary.available))
struct CloudinaryMemoryFootprintTests {
    @Test func peakMemoryOfAStreamedUploadFromDisk() async throws {
        print(try await MemoryFootprint.measureStore(into: try FakeCloudinary.storage(), label: "Cloudinary (streamed multipart/form-data)"))
    }
}
