import Protocols

extension JSONWriter {
    /// A ``JSONValue`` as its ``JSONValue/jsonString`` writes it (compact, keys sorted, `/` not
    /// escaped), without going through `JSONEncoder`: the `JSONString` fields of a large story
    /// (two a choice) cost more through it than the rest of the choice.
    static func jsonText(_ value: JSONValue) -> String {
        switch value {
        case .object(let members) where members.isEmpty: return "{}"
        case .array(let items) where items.isEmpty: return "[]"
        default:
            var writer = JSONWriter(capacity: 256)
            writer.escapesSlashes = false
            writer.json(value)
            return String(decoding: writer.bytes, as: UTF8.self)
        }
    }

    /// Writes `value` as JSON.
    mutating func json(_ value: JSONValue) {
        switch value {
        case .null: null()
        case .bool(let b): bool(b)
        case .int(let i): int(i)
        case .double(let d): double(d)
        case .string(let s): string(s)
        case .array(let items):
            raw(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { raw(UInt8(ascii: ",")) }
                json(item)
            }
            raw(UInt8(ascii: "]"))
        case .object(let members):
            raw(UInt8(ascii: "{"))
            for (index, key) in members.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
                if index > 0 { raw(UInt8(ascii: ",")) }
                string(key)
                raw(UInt8(ascii: ":"))
                json(members[key]!)
            }
            raw(UInt8(ascii: "}"))
        }
    }
}
