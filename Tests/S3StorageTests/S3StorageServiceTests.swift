import Foundation
import Protocols
import Testing
@testable import S3Storage

/// What S3Storage does against a real signature-checking server beyond the shared suite.
@Suite(.enabled(if: S3TestService.enabled, S3TestService.skipReason))
struct S3StorageServiceTests {
    static func png(_ name: String = UUID().uuidString.lowercased() + ".png", isPublic: Bool = true) -> FileToStore {
        FileToStore(body: .bytes([0x89, 0x50, 0x4E, 0x47] + Array(name.utf8)), kind: .image, fileName: name, contentType: "image/png",
                    isPublic: isPublic)
    }

    /// The text of a `.backend` error.
    static func message(_ error: FileStorageError?) -> String {
        guard case .backend(let text) = error else { return "not a backend error: \(String(describing: error))" }
        return text
    }

    @Test func keysAreTypeSlashFileName() async throws {
        let storage = try S3TestService.storage()
        let stored = try await storage.store(Self.png("0123-abc.png"))
        #expect(stored.key == "image/0123-abc.png")
        #expect(stored.url == "\(storage.configuration.endpoint!.absoluteString)/\(storage.configuration.bucket)/image/0123-abc.png")
        _ = try await storage.delete(key: stored.key)
    }

    @Test func aWrongSecretIsRefusedWithAClearMessage() async throws {
        let storage = try S3TestService.storage(secret: "not-the-secret")
        await #expect(throws: FileStorageError.backend(
            "S3 upload of image/x.png failed: S3 refused the request signature: check AWS_SECRET_ACCESS_KEY [SignatureDoesNotMatch"
            + " (The request signature we calculated does not match the signature you provided. Check your key and signing method.)]")) {
            _ = try await storage.store(Self.png("x.png"))
        }
    }

    @Test func anUnknownAccessKeyIsRefusedWithAClearMessage() async throws {
        var configuration = try S3TestService.configuration()
        configuration.accessKeyID = "AKIAUNKNOWNKEY000000"
        let error = await #expect(throws: FileStorageError.self) {
            _ = try await S3Storage(configuration: configuration).allKeys()
        }
        #expect(Self.message(error).contains("check AWS_ACCESS_KEY_ID [InvalidAccessKeyId"))
    }

    @Test func aKeyWithoutPermissionsIsDeniedWithAClearMessage() async throws {
        var configuration = try S3TestService.configuration()
        configuration.accessKeyID = S3TestService.environment["S3_TEST_DENIED_ACCESS_KEY_ID"] ?? ""
        configuration.secretAccessKey = S3TestService.environment["S3_TEST_DENIED_SECRET_ACCESS_KEY"] ?? ""
        let storage = S3Storage(configuration: configuration)
        let error = await #expect(throws: FileStorageError.self) { _ = try await storage.store(Self.png()) }
        #expect(Self.message(error).contains("access denied to bucket '\(configuration.bucket)': check the key's permissions"))
        #expect(Self.message(error).contains("[AccessDenied"))
    }

    @Test func withoutACLsUploadsCarryNoACLHeader() async throws {
        var configuration = try S3TestService.configuration()
        configuration.usesACL = false
        let storage = S3Storage(configuration: configuration)
        let stored = try await storage.store(Self.png())
        let acl = try await storage.client.expectSuccess(.GET, key: stored.key, query: [("acl", "")], operation: "acl")
        #expect(!acl.text.contains("AllUsers"), "no public-read grant without ACLs")
        _ = try await storage.delete(key: stored.key)
    }

    @Test func aMissingBucketGivesAClearMessage() async throws {
        let storage = try S3TestService.storage(bucket: "no-such-bucket-\(UInt32.random(in: 0...UInt32.max))")
        let upload = await #expect(throws: FileStorageError.self) { _ = try await storage.store(Self.png()) }
        #expect(Self.message(upload).contains("the bucket '\(storage.configuration.bucket)' does not exist: check AWS_BUCKET_NAME and AWS_REGION [NoSuchBucket"))
        let load = await #expect(throws: FileStorageError.self) { _ = try await storage.load(key: "image/x.png") }
        #expect(Self.message(load).contains("[NoSuchBucket"), "a missing bucket is not a missing file")
    }

    @Test func aPrivateFileIsNotReadableByPlainGETButIsThroughThePresignedURL() async throws {
        let storage = try S3TestService.storage()
        let file = Self.png(isPublic: false)
        let stored = try await storage.store(file)
        let plainURL = storage.configuration.location(ofKey: stored.key).url.absoluteString
        await #expect(throws: PlainHTTP.Status(code: 403, url: plainURL)) { _ = try await PlainHTTP.get(plainURL) }

        let presigned = try await storage.url(forKey: stored.key, isPublic: false)
        #expect(presigned.contains("X-Amz-Signature="))
        #expect(presigned.contains("X-Amz-Expires=900"))
        guard case .bytes(let bytes) = file.body else { return }
        #expect(try await PlainHTTP.get(presigned) == bytes)

        let tampered = presigned.replacingOccurrences(of: "X-Amz-Expires=900", with: "X-Amz-Expires=901")
        await #expect(throws: PlainHTTP.Status(code: 403, url: tampered)) { _ = try await PlainHTTP.get(tampered) }
        _ = try await storage.delete(key: stored.key)
    }

    @Test func aPublicFileIsReadableByPlainGET() async throws {
        let storage = try S3TestService.storage()
        let stored = try await storage.store(Self.png())
        #expect(try await PlainHTTP.get(stored.url).count > 4)
        _ = try await storage.delete(key: stored.key)
    }

    @Test func aLargeFileGoesUpInParts() async throws {
        var configuration = try S3TestService.configuration()
        configuration.multipartThreshold = 5 * 1024 * 1024
        configuration.partSize = 5 * 1024 * 1024
        let storage = S3Storage(configuration: configuration)
        let size = 12 * 1024 * 1024 + 17
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 11) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("s3-multipart-\(UUID().uuidString)").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        defer { try? FileManager.default.removeItem(atPath: path) }

        let stored = try await storage.store(FileToStore(body: .file(path: path), kind: .video, fileName: "\(UUID().uuidString).mp4",
                                                         contentType: "video/mp4"))
        let head = try await storage.client.send(.HEAD, key: stored.key, operation: "head")
        // A multipart object's ETag is "<md5 of the part md5s>-<number of parts>".
        #expect(head.headers.first(name: "ETag")?.hasSuffix("-3\"") == true, "ETag \(head.headers.first(name: "ETag") ?? "none")")
        #expect(try await storage.load(key: stored.key) == bytes)
        _ = try await storage.delete(key: stored.key)
    }

    @Test func aFailedMultipartUploadIsAbortedAndLeavesNothing() async throws {
        var configuration = try S3TestService.configuration()
        configuration.multipartThreshold = 5 * 1024 * 1024
        configuration.partSize = 5 * 1024 * 1024
        let storage = S3Storage(configuration: configuration)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("s3-shrinking-\(UUID().uuidString)").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(count: 11 * 1024 * 1024))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let upload = MultipartUpload(client: storage.client, key: "video/\(UUID().uuidString).mp4", headers: [], partSize: 5 * 1024 * 1024)
        // Claims more bytes than the file has: the third part cannot be read.
        await #expect(throws: FileStorageError.self) { try await upload.run(path: path, size: 16 * 1024 * 1024) }
        let pending = try await storage.client.expectSuccess(.GET, key: nil, query: [("uploads", "")], operation: "list uploads")
        #expect(!pending.text.contains(upload.key), "the upload must be aborted")
        #expect(try await storage.allKeys().contains(upload.key) == false)
    }
}
