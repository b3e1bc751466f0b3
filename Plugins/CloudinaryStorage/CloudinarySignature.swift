import Crypto
import Foundation

/// Cloudinary's request signature: the parameters other than `file`, `api_key`, `resource_type`,
/// `cloud_name` (and `signature`) as `name=value`, sorted by name, joined with `&`, the API secret
/// appended, hashed with SHA-1, in lowercase hex.
public enum CloudinarySignature {
    static let unsigned: Set<String> = ["file", "api_key", "resource_type", "cloud_name", "signature"]

    /// The text that is hashed, without the secret.
    public static func stringToSign(_ parameters: [String: String]) -> String {
        parameters.filter { !unsigned.contains($0.key) && !$0.value.isEmpty }
            .sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value)" }
            .joined(separator: "&")
    }

    public static func sign(_ parameters: [String: String], secret: String) -> String {
        Insecure.SHA1.hash(data: Data((stringToSign(parameters) + secret).utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The `s--XXXXXXXX--` component of a signed delivery URL: the first 8 characters of the
    /// URL-safe base64 of SHA-1(`<path to sign>` + secret).
    public static func deliveryComponent(for path: String, secret: String) -> String {
        let digest = Data(Insecure.SHA1.hash(data: Data((path + secret).utf8)))
        let base64 = digest.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        return "s--\(base64.prefix(8))--"
    }
}
