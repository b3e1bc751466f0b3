import GraphQL

/// How deeply request variables nest, measured without recursion (the JSON decoder already bounds
/// it; this keeps the variables within the same `MAX_DOCUMENT_NESTING` as the document).
enum MapNesting {
    /// The deepest nesting of arrays and objects in `variables` (the variables object itself is 1).
    static func depth(of variables: [String: Map]) -> Int {
        var deepest = 1
        var stack: [(Map, Int)] = variables.values.map { ($0, 2) }
        while let (value, level) = stack.popLast() {
            switch value {
            case .array(let items):
                deepest = max(deepest, level)
                stack.append(contentsOf: items.map { ($0, level + 1) })
            case .dictionary(let members):
                deepest = max(deepest, level)
                stack.append(contentsOf: members.values.map { ($0, level + 1) })
            default:
                continue
            }
        }
        return deepest
    }
}
