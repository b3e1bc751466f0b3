import FileStorageConformance
import Testing
@testable import S3Storage

/// S3Storage passes the shared file-storage suite against moto_server with signature checking on;
/// URLs are fetched with plain, unsigned GETs (public files) or as presigned URLs (private ones).
@Suite(.enabled(if: S3TestService.enabled, S3TestService.skipReason))
struct S3StorageConformanceTests {
    @Test(arguments: FileStorageConformance.allCases)
    func conformance(_ c: FileStorageConformanceCase) async throws {
        try await c.run(fetch: { try await PlainHTTP.get($0) }) { try S3TestService.storage() }
    }
}
