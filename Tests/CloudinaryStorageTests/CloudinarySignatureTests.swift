import Foundation
import Testing
@testable import CloudinaryStorage

/// The signature is computed exactly as Cloudinary documents it.
@Suite struct CloudinarySignatureTests {
    @Test func documentationKnownAnswer() {
        // https://cloudinary.com/documentation/authentication_signatures: public_id=sample_image,
        // timestamp=1315060510, secret abcd.
        let parameters = ["public_id": "sample_image", "timestamp": "1315060510"]
        #expect(CloudinarySignature.stringToSign(parameters) == "public_id=sample_image&timestamp=1315060510")
        #expect(CloudinarySignature.sign(parameters, secret: "abcd") == "b4ad47fb4e25c7bf5f92a20089f9db59bc302313")
    }

    @Test func documentationKnownAnswerWithEagerTransformations() {
        // The example of https://cloudinary.com/documentation/authentication_signatures: an upload with
        // eager transformations; the `|` and `,` are signed as they are, not URL-encoded.
        // Checked with Python: hashlib.sha1(b"eager=w_400,h_300,c_pad|w_260,h_200,c_crop&public_id=sample_image&timestamp=1315060510abcd").
        let parameters = ["eager": "w_400,h_300,c_pad|w_260,h_200,c_crop", "public_id": "sample_image", "timestamp": "1315060510"]
        #expect(CloudinarySignature.stringToSign(parameters)
            == "eager=w_400,h_300,c_pad|w_260,h_200,c_crop&public_id=sample_image&timestamp=1315060510")
        #expect(CloudinarySignature.sign(parameters, secret: "abcd") == "bfd09f95f331f558cbd1320e67aa8d488770583e")
    }

    @Test func fileApiKeyResourceTypeAndCloudNameAreNotSigned() {
        let signed = ["public_id": "sample_image", "timestamp": "1315060510"]
        let withUnsigned = signed.merging(["file": "@x.png", "api_key": "1234", "resource_type": "image", "cloud_name": "demo"]) { a, _ in a }
        #expect(CloudinarySignature.sign(withUnsigned, secret: "abcd") == CloudinarySignature.sign(signed, secret: "abcd"))
    }

    @Test func parametersAreSortedByName() {
        #expect(CloudinarySignature.stringToSign(["timestamp": "1", "folder": "story-app/image", "public_id": "x", "eager": "w_400"])
            == "eager=w_400&folder=story-app/image&public_id=x&timestamp=1")
    }

    @Test func signedDeliveryComponentIsEightURLSafeBase64Characters() {
        let component = CloudinarySignature.deliveryComponent(for: "story-app/image/x.png", secret: "abcd")
        #expect(component.hasPrefix("s--") && component.hasSuffix("--") && component.count == 13)
        #expect(!component.contains("+") && !component.contains("/"))
    }
}
