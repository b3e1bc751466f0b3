import Foundation
import Testing
@testable import S3Storage

/// The signer reproduces signatures AWS publishes: the aws-sig-v4-test-suite (generic service) and
/// the worked examples of the S3 documentation.
@Suite struct SigV4VectorTests {
    /// The test suite's credentials, region, service and time (2015-08-30 12:36:00 UTC).
    static let suiteSigner = SigV4Signer(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                         region: "us-east-1", service: "service")
    static let suiteDate = Date(timeIntervalSince1970: 1_440_938_160)
    static let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    struct Vector: Sendable, CustomStringConvertible {
        let name: String
        let method: String
        let query: [(String, String)]
        let signature: String
        var description: String { name }
    }

    static let vectors = [
        Vector(name: "get-vanilla", method: "GET", query: [],
               signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        Vector(name: "post-vanilla", method: "POST", query: [],
               signature: "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
        Vector(name: "post-vanilla-query", method: "POST", query: [("Param1", "value1")],
               signature: "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"),
        Vector(name: "get-vanilla-query-order-key-case", method: "GET", query: [("Param2", "value2"), ("Param1", "value1")],
               signature: "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
        Vector(name: "get-vanilla-query-unreserved", method: "GET",
               query: [("-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
                        "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")],
               signature: "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"),
    ]

    @Test(arguments: vectors)
    func awsTestSuiteVector(_ vector: Vector) {
        let request = SigV4Signer.Request(method: vector.method, path: "/", query: vector.query,
                                          headers: [("Host", "example.amazonaws.com")], payloadHash: Self.emptyHash)
        let signed = Self.suiteSigner.sign(request, date: Self.suiteDate)
        #expect(signed.signature == vector.signature)
        #expect(signed.authorization == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=\(vector.signature)")
    }

    /// The S3 documentation's examples (bucket `examplebucket`, 2013-05-24 00:00:00 UTC).
    static let s3Signer = SigV4Signer(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                                      region: "us-east-1", service: "s3")
    static let s3Date = Date(timeIntervalSince1970: 1_369_353_600)

    @Test func s3DocumentationGetObjectExample() {
        let request = SigV4Signer.Request(
            method: "GET", path: "/test.txt",
            headers: [("Host", "examplebucket.s3.amazonaws.com"), ("Range", "bytes=0-9"), ("x-amz-content-sha256", Self.emptyHash)],
            payloadHash: Self.emptyHash)
        #expect(Self.s3Signer.sign(request, date: Self.s3Date).signature == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    @Test func s3DocumentationPutObjectExampleEncodesTheDollarInThePath() {
        let hash = SigV4Signer.sha256Hex(Array("Welcome to Amazon S3.".utf8))
        #expect(hash == "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072")
        let request = SigV4Signer.Request(
            method: "PUT", path: "/test$file.text",
            headers: [("Host", "examplebucket.s3.amazonaws.com"), ("Date", "Fri, 24 May 2013 00:00:00 GMT"),
                      ("x-amz-storage-class", "REDUCED_REDUNDANCY"), ("x-amz-content-sha256", hash)],
            payloadHash: hash)
        let signed = Self.s3Signer.sign(request, date: Self.s3Date)
        #expect(signed.canonicalRequest.split(separator: "\n")[1] == "/test%24file.text")
        #expect(signed.signature == "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd")
    }

    @Test func s3DocumentationPresignedURLExample() {
        let request = SigV4Signer.Request(method: "GET", path: "/test.txt", headers: [("host", "examplebucket.s3.amazonaws.com")],
                                          payloadHash: SigV4Signer.unsignedPayload)
        let signed = Self.s3Signer.presign(request, date: Self.s3Date, expires: 86_400)
        #expect(signed.signature == "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
        #expect(signed.encodedQuery == "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
            + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
    }

    @Test func headerValuesAreTrimmedAndNamesSorted() {
        let canonical = SigV4Signer.canonicalHeaders([("X-B", "  a   b  "), ("host", "h"), ("x-b", "c")])
        #expect(canonical.text == "host:h\nx-b:a b,c\n")
        #expect(canonical.signed == "host;x-b")
    }
}
