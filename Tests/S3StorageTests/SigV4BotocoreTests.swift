import Foundation
import Testing
@testable import S3Storage

/// The signer agrees with botocore (the signer of boto3 and the AWS CLI) on the same requests.
@Suite(.enabled(if: TestVenv.python != nil || S3TestService.required, "the test virtualenv is missing: run scripts/test-venv.sh"))
struct SigV4BotocoreTests {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let mode: String
        let method: String
        let host: String
        let path: String
        let query: [(String, String)]
        let headers: [(String, String)]
        let body: String
        var token: String? = nil
        var description: String { name }
    }

    static let cases = [
        Case(name: "generic GET with a query", mode: "header", method: "GET", host: "example.amazonaws.com", path: "/",
             query: [("Param1", "value2"), ("Param1", "Value1")], headers: [], body: ""),
        Case(name: "generic POST with a form body", mode: "header", method: "POST", host: "example.amazonaws.com", path: "/",
             query: [], headers: [("Content-Type", "application/x-www-form-urlencoded")], body: "Param1=value1"),
        Case(name: "S3 PUT with an ACL and content type", mode: "s3", method: "PUT", host: "127.0.0.1:9000",
             path: "/story-tests/image/0a1b.png", query: [],
             headers: [("content-type", "image/png"), ("x-amz-acl", "public-read")], body: "png bytes"),
        Case(name: "S3 multipart part upload", mode: "s3", method: "PUT", host: "bucket.s3.eu-west-1.amazonaws.com",
             path: "/video/c0ffee.mp4", query: [("partNumber", "2"), ("uploadId", "abc/def+ghi=")], headers: [], body: "part"),
        Case(name: "S3 listing with a continuation token", mode: "s3", method: "GET", host: "127.0.0.1:9000", path: "/story-tests",
             query: [("list-type", "2"), ("continuation-token", "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=")], headers: [], body: ""),
        Case(name: "S3 presigned GET", mode: "presign", method: "GET", host: "127.0.0.1:9000", path: "/story-tests/sound/a-b_c.mp3",
             query: [], headers: [], body: ""),
        Case(name: "S3 PUT with a session token", mode: "s3", method: "PUT", host: "b.s3.eu-west-1.amazonaws.com", path: "/image/x.png",
             query: [], headers: [("content-type", "image/png")], body: "x", token: "FwoGZXIvYXdzEJr//////////wEaDH+token="),
        Case(name: "S3 presigned GET with a session token", mode: "presign", method: "GET", host: "b.s3.eu-west-1.amazonaws.com",
             path: "/image/x.png", query: [], headers: [], body: "", token: "FwoGZXIvYXdzEJr//////////wEaDH+token="),
    ]

    @Test(arguments: cases)
    func signatureMatchesBotocore(_ c: Case) throws {
        let signer = SigV4Signer(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                 region: "eu-west-1", service: c.mode == "header" ? "service" : "s3", sessionToken: c.token)
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        let bodyHash = SigV4Signer.sha256Hex(Array(c.body.utf8))
        var headers = [("host", c.host)] + c.headers
        if c.mode == "s3" { headers.append(("x-amz-content-sha256", bodyHash)) }
        let request = SigV4Signer.Request(method: c.method, path: c.path, query: c.query, headers: headers,
                                          payloadHash: c.mode == "presign" ? SigV4Signer.unsignedPayload : bodyHash)
        let ours = c.mode == "presign" ? signer.presign(request, date: date, expires: 900) : signer.sign(request, date: date)

        let query = SigV4Signer.canonicalQuery(c.query)
        let spec: [String: Any] = [
            "method": c.method, "url": "https://\(c.host)\(SigV4Signer.encodePath(c.path))" + (query.isEmpty ? "" : "?" + query),
            "headers": ([("Host", c.host)] + c.headers).map { [$0.0, $0.1] }, "payload_hash": c.mode == "s3" ? bodyHash : "",
            "timestamp": AmzDate(date).full, "access_key": signer.accessKeyID, "secret_key": signer.secretAccessKey,
            "region": signer.region, "service": signer.service, "mode": c.mode, "expires": 900,
        ]
        var object = spec
        object["body"] = c.body  // botocore hashes the body itself for the generic signer
        if let token = c.token { object["token"] = token }
        let input = try JSONSerialization.data(withJSONObject: object)
        let output = try TestVenv.run("scripts/storage/botocore_sigv4.py", input: input)
        let theirs = try #require(try JSONSerialization.jsonObject(with: output) as? [String: String])
        #expect(ours.signature == theirs["signature"], "canonical request:\n\(ours.canonicalRequest)")
    }
}
