import AsyncHTTPClient
import Foundation
import Protocols
import Testing
@testable import CloudinaryStorage

/// The fake Cloudinary `scripts/services/cloudinary.sh` starts, read from `CLOUDINARY_TEST_*`.
enum FakeCloudinary {
    static let environment = ProcessInfo.processInfo.environment
    static let required = environment["REQUIRE_TEST_SERVICES"] == "1"
    static let available = environment["CLOUDINARY_TEST_BASE_URL"].map { !$0.isEmpty } ?? false
    static let enabled = available || required
    static let skipReason: Comment = "CLOUDINARY_TEST_BASE_URL is unset: run `bash scripts/services/cloudinary.sh start` (see scripts/test.sh)"

    static func configuration(secret: String? = nil) throws -> CloudinaryConfiguration {
        guard available, let base = environment["CLOUDINARY_TEST_BASE_URL"] else { throw ServiceMissing() }
        return CloudinaryConfiguration(
            cloudName: environment["CLOUDINARY_TEST_CLOUD_NAME"] ?? "", apiKey: environment["CLOUDINARY_TEST_API_KEY"] ?? "",
            apiSecret: secret ?? environment["CLOUDINARY_TEST_API_SECRET"] ?? "", apiBaseURL: base)
    }

    static func storage(secret: String? = nil) throws -> CloudinaryStorage {
        CloudinaryStorage(configuration: try configuration(secret: secret))
    }

    struct ServiceMissing: Error, CustomStringConvertible {
        var description: String { "REQUIRE_TEST_SERVICES=1 but CLOUDINARY_TEST_BASE_URL is unset: scripts/services/cloudinary.sh did not start" }
    }
}

/// A plain HTTP GET, as a browser would make it.
enum PlainHTTP {
    struct Status: Error, Equatable, CustomStringConvertible {
        let code: Int
        var description: String { "HTTP \(code)" }
    }

    static func get(_ url: String) async throws -> [UInt8] {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 1 << 30)
        guard response.status.code == 200 else { throw Status(code: Int(response.status.code)) }
        return Array(body.readableBytesView)
    }
}
