import GraphQL

/// Field arguments the compiled path reads straight from their coerced `Map`. `MapDecoder` turns
/// the map into `[String: Any]` first and decodes through boxed values: for the single `ID`
/// argument of the editor's query, 3 % of its profile at 10 scenes.
///
/// A fast path, not a second decoder: ``init(plain:)`` reads only the shapes coercion produces
/// (an `ID` as a string, a `Boolean` as a bool, absent or `null` for an optional one) and answers
/// `nil` for anything else, which `MapDecoder` then decodes exactly as Graphiti does.
protocol PlainArguments: Decodable {
    /// The arguments, `nil` when `arguments` has a shape this does not read.
    init?(plain arguments: Map)
}

extension FieldTable {
    /// `map` decoded as `Arguments`: through ``PlainArguments`` when it conforms and reads it.
    static func decodeArguments<Arguments: Decodable>(from map: Map) throws -> Arguments {
        if let plain = Arguments.self as? any PlainArguments.Type, let arguments = plain.init(plain: map) {
            // The cast holds: `plain` is `Arguments.self`.
            return arguments as! Arguments
        }
        return try MapDecoder().decode(Arguments.self, from: map)
    }
}

extension Map {
    /// The `ID` argument `name` as coercion gives it (a string); `nil` otherwise.
    func plainID(_ name: String) -> GraphID? {
        guard case .dictionary(let members) = self, case .string(let text)? = members[name] else { return nil }
        return GraphID(text)
    }

    /// The optional `Boolean` argument `name`: `.some(nil)` when absent or `null`, `nil` for
    /// another shape.
    func plainOptionalBool(_ name: String) -> Bool?? {
        guard case .dictionary(let members) = self else { return nil }
        switch members[name] {
        case nil, .undefined?, .null?: return .some(nil)
        case .bool(let value)?: return .some(value)
        default: return nil
        }
    }
}
