import Foundation
import GraphQL
import Protocols

/// GraphQL's `Map` read as a ``JSONValue`` in one linear pass.
///
/// Decoding a nested object through `MapDecoder` tries each JSON type at each level, and each failed
/// try walks the subtree again: time exponential in the nesting (a 30-level `condition` took
/// seconds). The JSON scalars therefore never go through it: their variables and literals are
/// turned into JSON text here, which ``JSONString`` then parses with Foundation, linearly.
enum MapJSON {
    static func value(of map: Map) -> JSONValue {
        switch map {
        case .undefined, .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let n):
            switch n.storageType {
            case .bool: return .bool(n.intValue != 0)
            case .int: return .int(n.intValue)
            case .double, .unknown:
                let d = n.doubleValue
                return d.rounded() == d && abs(d) < 9e15 && n.storageType == .unknown ? .int(Int(d)) : .double(d)
            }
        case .string(let s): return .string(s)
        case .array(let items): return .array(items.map(value(of:)))
        case .dictionary(let members):
            var object: [String: JSONValue] = [:]
            object.reserveCapacity(members.count)
            for (key, member) in members { object[key] = value(of: member) }
            return .object(object)
        }
    }

    /// The scalar's input as a string `Map`: a string stays itself once checked to hold JSON text
    /// (blank means `{}`), anything else becomes its JSON text.
    /// - Throws: ``JSONValueError``, which GraphQL reports naming the field and the type.
    static func asJSONText(_ map: Map) throws -> Map {
        guard case .string(let text) = map else { return .string(value(of: map).jsonString) }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if !trimmed.isEmpty, (try? JSONValue(parsing: trimmed)) == nil { throw JSONValueError.invalid("not valid JSON") }
        return map
    }
}
