import Foundation
import Protocols

/// Relay global ids: base64 of `<TypeName>:<objectId>`, as graphene made them.
enum NodeID {
    static func encode(_ typeName: String, _ id: ObjectId) -> GraphID {
        GraphID(base64(Array(typeName.utf8) + [UInt8(ascii: ":")] + Array(id.hexString.utf8)))
    }

    /// Standard base64 with padding, as `Data.base64EncodedString()` writes it (a large story has
    /// thousands of ids to encode a request).
    static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Self.alphabet
        var out = [UInt8]()
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index + 3 <= bytes.count {
            let n = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            out.append(alphabet[Int(n >> 18 & 63)]); out.append(alphabet[Int(n >> 12 & 63)])
            out.append(alphabet[Int(n >> 6 & 63)]); out.append(alphabet[Int(n & 63)])
            index += 3
        }
        let rest = bytes.count - index
        if rest > 0 {
            let n = UInt32(bytes[index]) << 16 | (rest == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
            out.append(alphabet[Int(n >> 18 & 63)]); out.append(alphabet[Int(n >> 12 & 63)])
            out.append(rest == 2 ? alphabet[Int(n >> 6 & 63)] : UInt8(ascii: "="))
            out.append(UInt8(ascii: "="))
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

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
