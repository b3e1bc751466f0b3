import Foundation
import Protocols

/// A BSON value as plain Swift data, built and read off the driver's threads.
///
/// Only the types this store writes or may meet in old documents have their own case;
/// anything else reads as ``unsupported(_:)`` and is ignored by the mappings.
enum BSONValue: Hashable, Sendable {
    case double(Double)
    case string(String)
    case document(BSONFields)
    case array([BSONValue])
    case objectId(ObjectId)
    case bool(Bool)
    /// A UTC datetime, kept to the millisecond by BSON.
    case date(Date)
    case null
    case int32(Int32)
    case int64(Int64)
    /// A regular expression (used in filters).
    case regex(pattern: String, options: String)
    /// A type this store does not interpret; the BSON type number.
    case unsupported(UInt32)

    /// An integer as BSON does it in pymongo: int32 when it fits, else int64.
    static func int(_ value: Int) -> BSONValue {
        if let small = Int32(exactly: value) { return .int32(small) }
        return .int64(Int64(value))
    }

    /// `.objectId` for an id, `.null` for none.
    static func optionalId(_ id: ObjectId?) -> BSONValue {
        id.map(BSONValue.objectId) ?? .null
    }
}

/// The fields of a BSON document, in order (order matters for sorts and index keys).
struct BSONFields: Hashable, Sendable, ExpressibleByDictionaryLiteral {
    struct Field: Hashable, Sendable {
        var key: String
        var value: BSONValue
    }

    var fields: [Field]

    init(_ fields: [Field] = []) {
        self.fields = fields
    }

    init(dictionaryLiteral elements: (String, BSONValue)...) {
        self.fields = elements.map { Field(key: $0.0, value: $0.1) }
    }

    /// The value of the first field named `key`.
    subscript(key: String) -> BSONValue? {
        get { fields.first { $0.key == key }?.value }
        set {
            if let index = fields.firstIndex(where: { $0.key == key }) {
                if let newValue { fields[index].value = newValue } else { fields.remove(at: index) }
            } else if let newValue {
                fields.append(Field(key: key, value: newValue))
            }
        }
    }

    var isEmpty: Bool { fields.isEmpty }
    var keys: [String] { fields.map(\.key) }
}

// MARK: - Lenient readers (old documents may lack fields or hold other numeric types)

extension BSONFields {
    func string(_ key: String) -> String? {
        if case .string(let s)? = self[key] { return s }
        return nil
    }

    /// An integer stored as int32, int64 or a whole double.
    func int(_ key: String) -> Int? {
        switch self[key] {
        case .int32(let v)?: return Int(v)
        case .int64(let v)?: return Int(v)
        case .double(let d)? where d.isFinite && d.rounded() == d && abs(d) < 9e15: return Int(d)
        default: return nil
        }
    }

    func double(_ key: String) -> Double? {
        switch self[key] {
        case .double(let d)?: return d
        case .int32(let v)?: return Double(v)
        case .int64(let v)?: return Double(v)
        default: return nil
        }
    }

    func bool(_ key: String) -> Bool? {
        switch self[key] {
        case .bool(let b)?: return b
        case .int32(let v)?: return v != 0
        case .int64(let v)?: return v != 0
        default: return nil
        }
    }

    /// An id stored as ObjectId (or, leniently, as its 24-character hex text).
    func objectId(_ key: String) -> ObjectId? {
        switch self[key] {
        case .objectId(let id)?: return id
        case .string(let s)?: return ObjectId(s)
        default: return nil
        }
    }

    func date(_ key: String) -> Date? {
        switch self[key] {
        case .date(let d)?: return d
        case .string(let s)?: return ISO8601DateFormatter().date(from: s)
        default: return nil
        }
    }

    func document(_ key: String) -> BSONFields? {
        if case .document(let d)? = self[key] { return d }
        return nil
    }

    func array(_ key: String) -> [BSONValue]? {
        if case .array(let a)? = self[key] { return a }
        return nil
    }

    /// The document's `_id` when it is an ObjectId (strictly: an `_id` stored as hex text is another id).
    var id: ObjectId? {
        if case .objectId(let id)? = self["_id"] { return id }
        return nil
    }
}

// MARK: - JSON values (condition, metadata, job parameters)

extension BSONValue {
    /// A JSON value as BSON: objects become embedded documents.
    init(json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .double(let d): self = .double(d)
        case .string(let s): self = .string(s)
        case .array(let a): self = .array(a.map(BSONValue.init(json:)))
        case .object(let o):
            self = .document(BSONFields(o.keys.sorted().map { BSONFields.Field(key: $0, value: BSONValue(json: o[$0]!)) }))
        }
    }

    /// The value as JSON: ids as hex text, dates as ISO 8601 text.
    var json: JSONValue {
        switch self {
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .document(let d): return .object(d.jsonObject)
        case .array(let a): return .array(a.map(\.json))
        case .objectId(let id): return .string(id.hexString)
        case .bool(let b): return .bool(b)
        case .date(let d): return .string(ISO8601DateFormatter().string(from: d))
        case .null, .unsupported: return .null
        case .int32(let v): return .int(Int(v))
        case .int64(let v): return .int(Int(v))
        case .regex(let pattern, _): return .string(pattern)
        }
    }
}

extension BSONFields {
    /// The document as a JSON object (later duplicate keys win).
    var jsonObject: [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for field in fields { out[field.key] = field.value.json }
        return out
    }

    /// An embedded JSON value (condition, metadata, parameters): `{}` when the field is absent;
    /// any other value (an explicit null included) as it is.
    func jsonDocument(_ key: String) -> JSONValue {
        self[key]?.json ?? .emptyObject
    }

    /// An embedded JSON list (a choice's effects): `[]` when the field is absent or null.
    func jsonArray(_ key: String) -> JSONValue {
        switch self[key] {
        case nil, .null?: return .emptyArray
        case let value?: return value.json
        }
    }
}
