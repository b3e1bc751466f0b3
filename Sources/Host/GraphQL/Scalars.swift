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

    /// `2024-05-01T12:00:00.000Z`: milliseconds truncated, as Foundation's ISO 8601 style writes
    /// them (``referenceFormat(_:)``), computed by hand because that style costs microseconds a
    /// field, a good part of a large query's time.
    static func format(_ date: Date) -> String {
        withUTF8(date) { String(decoding: $0, as: UTF8.self) } ?? referenceFormat(date)
    }

    /// Calls `body` with the 24 bytes of ``format(_:)``, made on the stack; `nil` (without calling
    /// it) for a date outside the years 0...9999, which ``referenceFormat(_:)`` writes.
    static func withUTF8<R>(_ date: Date, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        let interval = date.timeIntervalSince1970
        let wholeSeconds = interval.rounded(.down)
        guard abs(wholeSeconds) < 1e11 else { return nil }
        var millis = Int(((interval - wholeSeconds) * 1000).rounded(.down))
        var seconds = Int(wholeSeconds)
        if millis >= 1000 { millis -= 1000; seconds += 1 }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
        let (year, month, day) = civil(fromDays: days)
        guard (0...9999).contains(year) else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { bytes in
            func put(_ value: Int, _ width: Int, at offset: Int) {
                var v = value
                for i in stride(from: offset + width - 1, through: offset, by: -1) {
                    bytes[i] = UInt8(ascii: "0") + UInt8(v % 10)
                    v /= 10
                }
            }
            put(year, 4, at: 0); bytes[4] = UInt8(ascii: "-")
            put(month, 2, at: 5); bytes[7] = UInt8(ascii: "-")
            put(day, 2, at: 8); bytes[10] = UInt8(ascii: "T")
            put(secondOfDay / 3600, 2, at: 11); bytes[13] = UInt8(ascii: ":")
            put(secondOfDay / 60 % 60, 2, at: 14); bytes[16] = UInt8(ascii: ":")
            put(secondOfDay % 60, 2, at: 17); bytes[19] = UInt8(ascii: ".")
            put(millis, 3, at: 20); bytes[23] = UInt8(ascii: "Z")
            return body(UnsafeBufferPointer(bytes))
        }
    }

    /// Foundation's ISO 8601 style, the reference ``format(_:)`` is tested against.
    static func referenceFormat(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: true).timeSeparator(.colon).timeZone(separator: .omitted)).replacingOccurrences(of: "+0000", with: "Z")
    }

    /// Year, month and day of the proleptic Gregorian calendar for days since 1970-01-01
    /// (Howard Hinnant's `civil_from_days`).
    private static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
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
