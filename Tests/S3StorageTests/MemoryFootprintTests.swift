import FileStorageConformance
import Testing
@testable import S3Storage

/// With STORAGE_MEASURE_MEMORY=1, run alone, prints the peak memory of a 100 MiB multipart upload:
/// `STORAGE_MEASURE_MEMORY=1 swift test --skip-build --filter S3MemoryFootprintTests`.
@Suite(.enabled(if: MemoryFootprint.requested && S3TestService.available))
struct S3MemoryFootprintTests {
    @Test func peakMemoryOfAMultipartUploadFromDisk() async throws {
        print(try await MemoryFootprint.measureStore(into: try S3TestService.storage(), label: "S3 (multipart, 8 MiB parts)"))
    }
}
