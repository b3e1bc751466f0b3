import GraphQL

/// The spec's rules on a document's definitions (Lone Anonymous Operation, Operation Name
/// Uniqueness, Fragment Name Uniqueness), checked before validation runs.
///
/// GraphQLSwift 4.3's validation puts definitions in dictionaries keyed by their (structural) value,
/// so two equal definitions (`{ a } { a }`, or the same `query A` twice) trap with "Duplicate keys
/// … found in a Dictionary" and kill the process. Refused here, the rules validation would report
/// never reach it.
enum DefinitionNames {
    /// The refusal of `document`'s definitions, `nil` when they follow the rules.
    static func refusal(of document: Document) -> String? {
        var operations = 0, anonymous = 0
        var operationNames: Set<String> = [], fragmentNames: Set<String> = []
        for definition in document.definitions {
            if let operation = definition as? OperationDefinition {
                operations += 1
                guard let name = operation.name?.value else {
                    anonymous += 1
                    continue
                }
                guard operationNames.insert(name).inserted else {
                    return "There can be only one operation named \"\(name)\"."
                }
            } else if let fragment = definition as? FragmentDefinition {
                guard fragmentNames.insert(fragment.name.value).inserted else {
                    return "There can be only one fragment named \"\(fragment.name.value)\"."
                }
            }
        }
        if anonymous > 0, operations > 1 { return "This anonymous operation must be the only defined operation." }
        return nil
    }
}
