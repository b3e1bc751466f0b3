import GraphQL

/// Measures a parsed document (``QueryMeasure``) in time linear in its size: each fragment is
/// measured once and its measure reused at every spread, so `F1 → 2×F2 → 4×F3 …` costs nothing to
/// measure however far it fans out. The walk's own recursion stops at `maxNesting`, fragment
/// chains included, so it cannot overflow the stack either.
struct QueryCost {
    enum Failure: Error, Equatable {
        /// A fragment spreads itself, directly or through others.
        case fragmentCycle(String)
        /// Selections, fragment spreads included, nest deeper than the limit.
        case tooNested
    }

    let shape: SchemaShape
    let variables: [String: Map]
    /// Length assumed for a list without `first`/`last`.
    let listSizeEstimate: Int
    /// Largest `first`/`last` counted (the resolvers refuse more).
    let maxListSize: Int
    let maxNesting: Int

    /// The measure of `document`: its operations added up (all of them are validated, whichever
    /// runs), or each count of its costliest fragment where larger (unused fragments are validated too).
    func measure(_ document: Document) throws(Failure) -> QueryMeasure {
        try measured(document).measure
    }

    /// The measure of `document`, and whether a variable's value went into it (a `first: $n`): one
    /// that none did holds for every request with the same text, and is kept with its document.
    func measured(_ document: Document) throws(Failure) -> (measure: QueryMeasure, readsVariables: Bool) {
        var walk = Walk(cost: self, fragments: [:])
        for case let fragment as FragmentDefinition in document.definitions {
            walk.fragments[fragment.name.value] = fragment
        }
        var operations = QueryMeasure()
        for case let operation as OperationDefinition in document.definitions {
            let root: String? =
                switch operation.operation {
                case .query: shape.queryType
                case .mutation: shape.mutationType
                case .subscription: nil
                }
            operations = operations + (try walk.selections(operation.selectionSet, on: root, pendingSize: nil, level: 1))
        }
        var measures = [operations]
        for name in walk.fragments.keys.sorted() {
            measures.append(try walk.fragment(name, level: 1))
        }
        return (QueryMeasure.largest(measures), walk.readsVariables)
    }

    /// One walk over a document, with its fragment memo.
    private struct Walk {
        let cost: QueryCost
        var fragments: [String: FragmentDefinition]
        var memo: [String: QueryMeasure] = [:]
        var visiting: Set<String> = []
        /// Whether a list size came from a variable.
        var readsVariables = false

        init(cost: QueryCost, fragments: [String: FragmentDefinition]) {
            self.cost = cost
            self.fragments = fragments
        }

        /// `pendingSize`: the `first`/`last` of a connection field above, for the list (`edges`) right under it.
        mutating func selections(_ set: SelectionSet, on type: String?, pendingSize: Int?, level: Int) throws(Failure) -> QueryMeasure {
            guard level <= cost.maxNesting else { throw .tooNested }
            var total = QueryMeasure()
            for selection in set.selections {
                switch selection {
                case let field as GraphQL.Field:
                    total = total + (try self.field(field, on: type, pendingSize: pendingSize, level: level))
                case let spread as FragmentSpread:
                    var inner = try fragment(spread.name.value, level: level + 1)
                    inner.nesting = inner.nesting.saturatingAdd(1)
                    total = total + inner
                case let inline as InlineFragment:
                    var inner = try selections(
                        inline.selectionSet, on: inline.typeCondition?.name.value ?? type, pendingSize: pendingSize, level: level + 1)
                    inner.nesting = inner.nesting.saturatingAdd(1)
                    total = total + inner
                default:
                    continue
                }
            }
            return total
        }

        mutating func fragment(_ name: String, level: Int) throws(Failure) -> QueryMeasure {
            if let known = memo[name] { return known }
            guard !visiting.contains(name) else { throw .fragmentCycle(name) }
            guard let definition = fragments[name] else { return QueryMeasure() }  // validation reports it
            guard level <= cost.maxNesting else { throw .tooNested }
            visiting.insert(name)
            let measure = try selections(definition.selectionSet, on: definition.typeCondition.name.value, pendingSize: nil, level: level)
            visiting.remove(name)
            memo[name] = measure
            return measure
        }

        mutating func field(_ field: GraphQL.Field, on type: String?, pendingSize: Int?, level: Int) throws(Failure) -> QueryMeasure {
            let name = field.name.value
            let shape: SchemaShape.FieldShape? =
                switch name {
                case "__schema": .init(typeName: "__Schema", isList: false)
                case "__type": .init(typeName: "__Type", isList: false)
                default: cost.shape.field(name, on: type)
                }
            let size = cost.listSize(field.arguments, readsVariables: &readsVariables)
            var children = QueryMeasure()
            if let set = field.selectionSet {
                children = try selections(
                    set, on: shape?.typeName, pendingSize: shape?.isList == false ? size : nil, level: level + 1)
            }
            var measure = children
            let length = shape?.isList == true ? (size ?? pendingSize ?? cost.listSizeEstimate) : 1
            measure.cost = 1.saturatingAdd(length.saturatingMultiply(children.cost))
            measure.nodes = children.nodes.saturatingAdd(1)
            measure.aliases = children.aliases.saturatingAdd(field.alias == nil ? 0 : 1)
            measure.depth = children.depth.saturatingAdd(1)
            measure.nesting = children.nesting.saturatingAdd(1)
            measure.introspection = children.introspection || name == "__schema" || name == "__type"
            if let uploads = shape?.uploadArguments, !uploads.isEmpty {
                measure.uploads = measure.uploads.saturatingAdd(1)
                for argument in field.arguments where uploads.contains(argument.name.value) {
                    for variable in QueryCost.variables(in: argument.value) {
                        measure.uploadVariables[variable, default: 0] = measure.uploadVariables[variable, default: 0].saturatingAdd(1)
                    }
                }
            }
            return measure
        }
    }

    /// The `first` or `last` argument, from a literal or a variable, within `0...maxListSize`.
    /// `readsVariables` is set when a variable is named.
    func listSize(_ arguments: [GraphQL.Argument], readsVariables: inout Bool) -> Int? {
        var sizes: [Int] = []
        for argument in arguments where argument.name.value == "first" || argument.name.value == "last" {
            switch argument.value {
            case let literal as IntValue:
                sizes.append(Int(literal.value) ?? maxListSize)
            case let variable as Variable:
                readsVariables = true
                if case .number(let number)? = variables[variable.name.value] { sizes.append(number.intValue) }
            default:
                continue
            }
        }
        return sizes.max().map { min(max($0, 0), maxListSize) }
    }

    /// The variables named by `value`, directly or in a list literal.
    static func variables(in value: Value) -> [String] {
        switch value {
        case let variable as Variable: [variable.name.value]
        case let list as ListValue: list.values.flatMap(variables(in:))
        default: []
        }
    }
}
