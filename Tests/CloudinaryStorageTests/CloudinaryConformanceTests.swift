import FileStorageConformance
import Testing
@testable import CloudinaryStorage

/// CloudinaryStorage passes the shared file-storage suite against the fake Cloudinary, which
/// checks every signature; URLs are fetched with plain GETs.
@Suite(.enabled(if: FakeCloudinary.enabled, FakeCloudinary.skipReason))
struct CloudinaryConformanceTests {
    @Test(arguments: FileStorageConformance.allCases)
    func conformance(_ c: FileStorageConformanceCase) async throws {
        try await c.run(fetch: { try await PlainHTTP.get($0) }) { try FakeCloudinary.storage() }
    }
}
