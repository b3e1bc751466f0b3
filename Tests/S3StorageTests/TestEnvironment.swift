import AsyncHTTPClient
import Foundation
import Protocols
import Testing
@testable import S3Storage

/// The moto server `scripts/services/s3.sh` starts, read from `S3_TEST_*`.
enum S3TestService {
    static let environment = ProcessInfo.processInfo.environment
    static let required = environment["REQUIRE_TEST_SERVICES"] == "1"
    static let available = environment["S3_TEST_ENDPOINT"].map { !$0.isEmpty } ?? false
    /// Runs the service tests when the server is there, or when it is required (they then fail).
    static let enabled = available || required
    static let skipReason: Comment = "S3_TEST_ENDPOINT is unset: run `bash scripts/services/s3.sh start` (see scripts/test.sh)"

    static func configuration(secret: String? = nil, bucket: String? = nil) throws -> S3Configuration {
        guard available, let endpoint = environment["S3_TEST_ENDPOINT"].flatMap(URL.init(string:)) else {
            throw ServiceMissing()
        }
        return S3Configuration(
            accessKeyID: environment["S3_TEST_ACCESS_KEY_ID"] ?? "", secretAccessKey: secret ?? environment["S3_TEST_SECRET_ACCESS_KEY"] ?? "",
            bucket: bucket ?? environment["S3_TEST_BUCKET"] ?? "", region: environment["S3_TEST_REGION"] ?? "eu-west-1",
            endpoint: endpoint)
    }

    static func storage(secret: String? = nil, bucket: String? = nil) throws -> S3Storage {
        S3Storage(configuration: try configuration(secret: secret, bucket: bucket))
    }

    struct ServiceMissing: Error, CustomStringConvertible {
        var description: String { "REQUIRE_TEST_SERVICES=1 but S3_TEST_ENDPOINT is unset: scripts/services/s3.sh did not start" }
    }
}

/// A plain, unsigned HTTP GET, as a browser would make it.
enum PlainHTTP {
    struct Status: Error, Equatable, CustomStringConvertible {
        let code: Int
        let url: String
        var description: String { "GET \(url) answered \(code)" }
    }

    static func get(_ url: String) async throws -> [UInt8] {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 1 << 30)
        guard response.status.code == 200 else { throw Status(code: Int(response.status.code), url: url) }
        return Array(body.readableBytesView)
    }
}

/// The test virtualenv's Python (`TEST_VENV`, or `.venv-test` at the package root).
enum TestVenv {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var python: String? {
        let venv = ProcessInfo.processInfo.environment["TEST_VENV"] ?? packageRoot.appendingPathComponent(".venv-test").path
        let python = venv + "/bin/python"
        return FileManager.default.isExecutableFile(atPath: python) ? python : nil
    }

    /// Runs `script` (relative to the package root) with `input` on stdin; returns stdout.
    static func run(_ script: String, input: Data) throws -> Data {
        guard let python else { throw Missing() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [packageRoot.appendingPathComponent(script).path]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failed(status: process.terminationStatus) }
        return output
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String { "the test virtualenv is missing: run scripts/test-venv.sh" }
    }

    struct Failed: Error {
        let status: Int32
    }
}
