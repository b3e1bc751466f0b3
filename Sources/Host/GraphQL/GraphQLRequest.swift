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

    /// Reads `variables` through ``JSONValue``, whose decoding is linear: GraphQL's own `Map`
    /// decoding decodes every nested object twice, so 20 nested objects (120 bytes) took seconds
    /// and 25 over a minute of CPU before any limit could look at them.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        query = try container.decode(String.self, forKey: .query)
        operationName = try container.decodeIfPresent(String.self, forKey: .operationName)
        variables = try container.decodeIfPresent([String: JSONValue].self, forKey: .variables)?.mapValues(\.graphQLMap)
    }

    /// Variables given as JSON text (the GET `variables` parameter), decoded the same linear way.
    static func variables(fromJSON data: Data) throws -> [String: Map] {
        try JSONDecoder().decode([String: JSONValue].self, from: data).mapValues(\.graphQLMap)
    }
}

extension JSONValue {
    /// The value as GraphQL's `Map`.
    var graphQLMap: Map {
        switch self {
        case .null: .null
        case .bool(let value): .bool(value)
        case .int(let value): .number(Number(value))
        case .double(let value): .number(Number(value))
        case .string(let value): .string(value)
        case .array(let items): .array(items.map(\.graphQLMap))
        case .object(let members):
            .dictionary(OrderedDictionary(uniqueKeysWithValues: members.sorted { $0.key < $1.key }.map { ($0.key, $0.value.graphQLMap) }))
        }
    }
}
