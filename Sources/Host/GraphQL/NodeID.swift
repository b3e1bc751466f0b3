import Foundation
import Protocols

/// Relay global ids: base64 of `<TypeName>:<objectId>`, as graphene made them.
enum NodeID {
    static func encode(_ typeName: String, _ id: ObjectId) -> GraphID {
        GraphID(Data("\(typeName):\(id.hexString)".utf8).base64EncodedString())
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
