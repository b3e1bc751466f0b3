import Crypto
import Foundation
import Protocols

/// A SHA-256 digest of an entity's stored form: its fields as canonical JSON (sorted keys, dates as
/// whole milliseconds, numbers as JSON writes them), so that the same entity read from SQLite and from
/// MongoDB has the same digest, and any difference in any field changes it.
///
/// It works from the values' `Codable` form, so fields added to the values later are covered without
/// changes here.
enum EntityDigest {
    /// The hexadecimal SHA-256 of `value`'s canonical JSON.
    static func of<T: Encodable>(_ value: T) -> String {
        hex(SHA256.hash(data: Data(canonicalJSON(value).utf8)))
    }

    /// `value` as canonical JSON text.
    static func canonicalJSON<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Int64((date.timeIntervalSince1970 * 1000).rounded()))
        }
        guard let data = try? encoder.encode(value),
            let json = try? JSONDecoder().decode(JSONValue.self, from: data)
        else { return "" }
        // Decoding into JSONValue and writing it again makes numbers canonical (2.0 and 2 read as 2).
        return json.jsonString
    }

    /// The hexadecimal SHA-256 of bytes (files).
    static func ofBytes(_ bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    private static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
