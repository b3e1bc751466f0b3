import GraphQL

/// Measures how deeply a document nests selections (fragments followed), to refuse depth bombs
/// before anything runs.
enum QueryDepth {
    /// The deepest nesting of any operation in `document`; fragment cycles count as too deep.
    static func of(_ document: Document, limit: Int) -> Int {
        var fragments: [String: SelectionSet] = [:]
        for case let fragment as FragmentDefinition in document.definitions {
            fragments[fragment.name.value] = fragment.selectionSet
        }
        var deepest = 0
        for case let operation as OperationDefinition in document.definitions {
            deepest = max(deepest, depth(operation.selectionSet, fragments, limit: limit, visiting: []))
        }
        return deepest
    }

    private static func depth(_ set: SelectionSet, _ fragments: [String: SelectionSet], limit: Int, visiting: Set<String>) -> Int {
        var deepest = 0
        for selection in set.selections {
            let d: Int
            switch selection {
            case let field as GraphQL.Field:
                guard let inner = field.selectionSet else {
                    d = 1
                    break
                }
                d = 1 + (deepest > limit ? 0 : depth(inner, fragments, limit: limit, visiting: visiting))
            case let spread as FragmentSpread:
                let name = spread.name.value
                guard !visiting.contains(name) else { return limit + 1 }
                guard let inner = fragments[name] else {
                    d = 0
                    break
                }
                d = depth(inner, fragments, limit: limit, visiting: visiting.union([name]))
            case let inline as InlineFragment:
                d = depth(inline.selectionSet, fragments, limit: limit, visiting: visiting)
            default:
                d = 0
            }
            deepest = max(deepest, d)
            if deepest > limit { return deepest }
        }
        return deepest
    }
}
