import Foundation
import GraphQL
import Graphiti
import OrderedCollections
import Protocols

/// The `ID` scalar: a Relay global id on output; on input a plain ObjectId or a Relay id.
struct GraphID: Codable, Sendable, Hashable {
    var value: String

    init(_ value: String) {
        self.value = value
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            value = text
        } else {
            value = String(try container.decode(Int.self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

/// A JSON value carried as a JSON string on output (`"{}"` when never set). On input it takes a
/// JSON string or an object/list literal, as the old server's Postman collection sends.
struct JSONString: Codable, Sendable, Hashable {
    var value: JSONValue

    init(_ value: JSONValue) {
        self.value = value
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            value = trimmed.isEmpty ? .emptyObject : try JSONValue(parsing: trimmed)
        } else {
            value = try container.decode(JSONValue.self)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value.jsonString)
    }
}

/// Any JSON value, output as itself (the `payload` of tokens).
struct GenericScalar: Codable, Sendable, Hashable {
    var value: JSONValue

    init(_ value: JSONValue) {
        self.value = value
    }

    init(from decoder: any Decoder) throws {
        value = try JSONValue(from: decoder)
    }

    func encode(to encoder: any Encoder) throws {
        try value.encode(to: encoder)
    }
}

/// An instant, ISO 8601 in UTC with milliseconds (`2024-05-01T12:00:00.000Z`).
struct DateTime: Codable, Sendable, Hashable {
    var date: Date

    init(_ date: Date) {
        self.date = date
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = DateTime.parse(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not an ISO 8601 date")
        }
        self.date = date
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(DateTime.format(date))
    }

    static func format(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: true).timeSeparator(.colon).timeZone(separator: .omitted)).replacingOccurrences(of: "+0000", with: "Z")
    }

    static func parse(_ text: String) -> Date? {
        if let d = try? Date(text, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted)) { return d }
        return try? Date(text, strategy: .iso8601)
    }
}

/// The scalars of the schema, with literal parsing that accepts what old clients send.
enum Scalars {
    static var id: Scalar<RootResolver, APIContext, GraphID> {
        Scalar(GraphID.self, as: "ID", parseLiteral: { value, _ in
            switch value {
            case let v as StringValue: return .string(v.value)
            case let v as IntValue: return .string(v.value)
            default: throw GraphQLError(message: "ID must be a string")
            }
        })
    }

    static var json: Scalar<RootResolver, APIContext, JSONString> {
        // Objects and lists travel as their JSON text (see ``MapJSON``): linear, however deep.
        Scalar(
            JSONString.self, as: "JSONString",
            parseValue: { map, _ in try MapJSON.asJSONText(map) },
            parseLiteral: { value, _ in try MapJSON.asJSONText(literalMap(value)) })
    }

    static var generic: Scalar<RootResolver, APIContext, GenericScalar> {
        Scalar(GenericScalar.self, as: "GenericScalar", parseLiteral: { value, _ in literalMap(value) })
    }

    static var dateTime: Scalar<RootResolver, APIContext, DateTime> {
        Scalar(DateTime.self, as: "DateTime")
    }

    private static func literalMap(_ value: GraphQL.Value) -> Map {
        switch value {
        case let v as StringValue: return .string(v.value)
        case let v as IntValue: return Int(v.value).map { .int($0) } ?? .string(v.value)
        case let v as FloatValue: return Double(v.value).map { .double($0) } ?? .string(v.value)
        case let v as BooleanValue: return .bool(v.value)
        case let v as ListValue: return .array(v.values.map(literalMap))
        case let v as ObjectValue:
            var dict = OrderedDictionary<String, Map>()
            for field in v.fields { dict[field.name.value] = literalMap(field.value) }
            return .dictionary(dict)
        default: return .null
        }
    }
}
