import Foundation
import Protocols

/// Relay global ids: base64 of `<TypeName>:<objectId>`, as graphene made them.
enum NodeID {
    static func encode(_ typeName: String, _ id: ObjectId) -> GraphID {
        GraphID(withBase64(Prefix(typeName), id) { String(decoding: $0, as: UTF8.self) })
    }

    /// `<TypeName>:`, the start of every id of a type, as bytes (made once per type).
    struct Prefix: Sendable {
        let bytes: [UInt8]
        init(_ typeName: String) { bytes = Array(typeName.utf8) + [UInt8(ascii: ":")] }
    }

    /// Calls `body` with the base64 of `prefix` and `id`'s hex, made on the stack (a large story
    /// has thousands of ids to write a request: a string each cost several allocations).
    static func withBase64<R>(_ prefix: Prefix, _ id: ObjectId, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let count = prefix.bytes.count + 24
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { plain in
            _ = plain.initialize(from: prefix.bytes)
            id.writeHex(to: UnsafeMutableBufferPointer(rebasing: plain[prefix.bytes.count...]))
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: (count + 2) / 3 * 4) { out in
                let written = base64(UnsafeBufferPointer(plain), into: out)
                return body(UnsafeBufferPointer(rebasing: out[..<written]))
            }
        }
    }

    /// Standard base64 with padding, as `Data.base64EncodedString()` writes it.
    static func base64(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { bytes in
            String(unsafeUninitializedCapacity: (bytes.count + 2) / 3 * 4) { base64(bytes, into: $0) }
        }
    }

    /// Writes the base64 of `bytes` to `out` ((count + 2) / 3 * 4 bytes at least); how many it wrote.
    private static func base64(_ bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let alphabet: StaticString = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
        return alphabet.withUTF8Buffer { alphabet in
            var index = 0
            var at = 0
            while index + 3 <= bytes.count {
                let n = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
                out[at] = alphabet[Int(n >> 18 & 63)]; out[at + 1] = alphabet[Int(n >> 12 & 63)]
                out[at + 2] = alphabet[Int(n >> 6 & 63)]; out[at + 3] = alphabet[Int(n & 63)]
                index += 3
                at += 4
            }
            let rest = bytes.count - index
            if rest > 0 {
                let n = UInt32(bytes[index]) << 16 | (rest == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
                out[at] = alphabet[Int(n >> 18 & 63)]; out[at + 1] = alphabet[Int(n >> 12 & 63)]
                out[at + 2] = rest == 2 ? alphabet[Int(n >> 6 & 63)] : UInt8(ascii: "=")
                out[at + 3] = UInt8(ascii: "=")
                at += 4
            }
            return at
        }
    }

    /// Reads a plain ObjectId or a Relay id of `typeName`.
    /// - Throws: ``APIError/invalidInput(_:)`` naming the argument.
    static func decode(_ value: GraphID, as typeName: String, argument: String) throws -> ObjectId {
        try decode(value.value, as: typeName, argument: argument)
    }

    static func decode(_ text: String, as typeName: String, argument: String) throws -> ObjectId {
        if let id = ObjectId(text) { return id }
        if let data = Data(base64Encoded: text), let decoded = String(data: data, encoding: .utf8),
            let colon = decoded.firstIndex(of: ":")
        {
            let type = String(decoded[..<colon])
            if type == typeName, let id = ObjectId(String(decoded[decoded.index(after: colon)...])) { return id }
            if !type.isEmpty, type.allSatisfy({ $0.isLetter }) {
                throw APIError.invalidInput("\(argument) is the id of a \(type), not of a \(typeName)")
            }
        }
        throw APIError.invalidInput("\(argument) is not a valid id: '\(text.prefix(64))' (expected a 24-character hexadecimal ObjectId)")
    }

    /// Decodes a type-agnostic Relay id (the `node(id:)` query).
    static func decodeAny(_ text: String) -> (type: String, id: ObjectId)? {
        guard let data = Data(base64Encoded: text), let decoded = String(data: data, encoding: .utf8),
            let colon = decoded.firstIndex(of: ":"),
            let id = ObjectId(String(decoded[decoded.index(after: colon)...]))
        else { return nil }
        return (String(decoded[..<colon]), id)
    }
}
