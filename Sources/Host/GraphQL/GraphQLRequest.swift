import Foundation
import GraphQL
import OrderedCollections
import Protocols

/// One GraphQL request as clients send it (POST JSON, GET query string, multipart `operations`).
struct GraphQLRequest: Decodable, Sendable {
    var query: String
    var variables: [String: Map]?
    var operationName: String?

    init(query: String, variables: [String: Map]?, operationName: String?) {
        self.query = query
        self.variables = variables
        self.operationName = operationName
    }

    enum CodingKeys: String, CodingKey { case query, variables, operationName }

    /// Reads `variables` through ``VariableValue``, whose decoding is linear: GraphQL's own `Map`
    /// decoding decodes every nested object twice, so 20 nested objects (120 bytes) took seconds
    /// and 25 over a minute of CPU before any limit could look at them.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        query = try container.decode(String.self, forKey: .query)
        operationName = try container.decodeIfPresent(String.self, forKey: .operationName)
        variables = try container.decodeIfPresent([String: VariableValue].self, forKey: .variables)?.mapValues(\.map)
    }

    /// Variables given as JSON text (the GET `variables` parameter), decoded the same linear way.
    static func variables(fromJSON data: Data) throws -> [String: Map] {
        try JSONDecoder().decode([String: VariableValue].self, from: data).mapValues(\.map)
    }
}

/// One variable's value from a request body, read by `JSONDecoder` straight into the `Map` GraphQL
/// executes with (an object's members sorted by key). ``JSONValue`` tries the types in its own
/// order (booleans and numbers first), and each type that does not match throws a
/// `DecodingError`; variables are mostly strings (ids, text) and input objects, which are tried
/// first here: the editor's body decoded in 13 µs before, 10 µs now. `JSONDecoder` never decodes
/// one JSON value as two of these types, so the order changes no result.
struct VariableValue: Decodable {
    let map: Map

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            map = .null
        } else if let value = try? container.decode(String.self) {
            map = .string(value)
        } else if let members = try? container.decode([String: VariableValue].self) {
            map = .dictionary(OrderedDictionary(uniqueKeysWithValues: members.sorted { $0.key < $1.key }.map { ($0.key, $0.value.map) }))
        } else if let value = try? container.decode(Int.self) {
            map = .number(Number(value))
        } else if let value = try? container.decode(Double.self) {
            map = .number(Number(value))
        } else if let value = try? container.decode(Bool.self) {
            map = .bool(value)
        } else if let items = try? container.decode([VariableValue].self) {
            map = .array(items.map(\.map))
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a JSON value")
        }
    }
}
