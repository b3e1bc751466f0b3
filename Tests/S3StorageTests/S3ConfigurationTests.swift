import Foundation
import Protocols
import Testing
@testable import S3Storage

/// How S3Storage reads its variables and lays out URLs.
@Suite struct S3ConfigurationTests {
    static let minimal = ["AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_BUCKET_NAME": "stories"]

    @Test(arguments: ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_BUCKET_NAME"])
    func eachCredentialIsRequired(_ variable: String) {
        var values = Self.minimal
        values[variable] = nil
        #expect(throws: PluginConfigurationError.missing(variable: variable, plugin: "S3 storage")) {
            try S3Storage.make(settings: DictionarySettings(values))
        }
    }

    @Test func defaultsAreEuWest1VirtualHostsAnd900Seconds() throws {
        let storage = try S3Storage.make(settings: DictionarySettings(Self.minimal))
        #expect(storage.configuration.region == "eu-west-1")
        #expect(storage.configuration.addressingStyle == .virtual)
        #expect(storage.configuration.signedURLExpires == 900)
        #expect(storage.configuration.location(ofKey: "image/a.png").url.absoluteString
            == "https://stories.s3.eu-west-1.amazonaws.com/image/a.png")
    }

    @Test func anEndpointMeansPathStyleUnlessToldOtherwise() throws {
        var values = Self.minimal
        values["AWS_S3_ENDPOINT_URL"] = "http://127.0.0.1:9000"
        #expect(try S3Configuration(settings: DictionarySettings(values)).location(ofKey: "sound/b.mp3").url.absoluteString
            == "http://127.0.0.1:9000/stories/sound/b.mp3")
        values["AWS_S3_ADDRESSING_STYLE"] = "virtual"
        #expect(try S3Configuration(settings: DictionarySettings(values)).location(ofKey: "sound/b.mp3").url.absoluteString
            == "http://stories.127.0.0.1:9000/sound/b.mp3")
    }

    @Test func publicURLsUseTheCDNBaseAndPrivateOnesArePresigned() async throws {
        var values = Self.minimal
        values["AWS_S3_PUBLIC_URL"] = "https://cdn.example.com/"
        values["AWS_S3_SIGNED_URL_EXPIRES"] = "60"
        let storage = try S3Storage.make(settings: DictionarySettings(values))
        #expect(try await storage.url(forKey: "image/a.png", isPublic: true) == "https://cdn.example.com/image/a.png")
        let signed = try await storage.url(forKey: "image/a.png", isPublic: false)
        #expect(signed.hasPrefix("https://stories.s3.eu-west-1.amazonaws.com/image/a.png?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F"))
        #expect(signed.contains("&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature="))
    }

    @Test(arguments: [("AWS_S3_SIGNED_URL_EXPIRES", "soon"), ("AWS_S3_SIGNED_URL_EXPIRES", "0"), ("AWS_S3_ENDPOINT_URL", "ftp://x"),
                      ("AWS_S3_ADDRESSING_STYLE", "sideways"), ("AWS_S3_MULTIPART_THRESHOLD", "1024")])
    func unusableValuesAreRefusedByName(_ variable: String, _ value: String) {
        var values = Self.minimal
        values[variable] = value
        let error = #expect(throws: PluginConfigurationError.self) { try S3Storage.make(settings: DictionarySettings(values)) }
        guard case .invalid(let name, _) = error else { Issue.record("expected invalid, got \(String(describing: error))"); return }
        #expect(name == variable)
    }

    @Test func oddNamesAreRefusedWithoutTouchingTheNetwork() async throws {
        let storage = try S3Storage.make(settings: DictionarySettings(Self.minimal))
        await #expect(throws: FileStorageError.invalidName("../x.png")) {
            _ = try await storage.store(FileToStore(body: .bytes([1]), kind: .image, fileName: "../x.png", contentType: "image/png"))
        }
    }

    @Test func s3ErrorsBecomeClearMessages() {
        let xml = "<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"
        #expect(S3ErrorMessage.error(status: 403, body: xml, bucket: "b", operation: "upload of k") == .backend(
            "S3 upload of k failed: access denied to bucket 'b': check the key's permissions (s3:PutObject, s3:GetObject, s3:DeleteObject, s3:ListBucket) [AccessDenied (Access Denied)]"))
        #expect(S3ErrorMessage.error(status: 403, body: "", bucket: "b", operation: "x") == .backend(
            "S3 x failed: access denied to bucket 'b': check the key's permissions (s3:PutObject, s3:GetObject, s3:DeleteObject, s3:ListBucket) [AccessDenied]"))
    }
}
