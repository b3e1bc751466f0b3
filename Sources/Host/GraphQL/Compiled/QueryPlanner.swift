import GraphQL
import OrderedCollections

/// Compiles a validated document's query for one request's variables into a ``QueryPlan``, or
/// answers `nil` when the plan would not cover it, and the general executor runs it instead:
/// mutations and subscriptions, introspection (`__schema`, `__type`), interfaces and unions, a
/// field or type without a compiled resolver (see ``CompiledFields``), variables and arguments
/// other than plain scalars, and any input the executor must refuse (a missing variable, a value of
/// the wrong type), so that every error of that kind keeps the executor's wording.
struct QueryPlanner: Sendable {
    let schema: GraphQLSchema
    let fields: CompiledFields
    /// Plans by document text, operation name and the values of its `Boolean` variables (the only
    /// ones a plan depends on: `@skip`/`@include`); `nil` entries remember what falls back.
    let plans: TextKeyedCache<QueryPlan?>

    init(schema: GraphQLSchema, fields: CompiledFields, cacheEntries: Int = 512) {
        self.schema = schema
        self.fields = fields
        self.plans = TextKeyedCache(maxEntries: cacheEntries)
    }

    /// A plan with the request's variables, coerced.
    struct Prepared: Sendable {
        let plan: QueryPlan
        let variables: [String: Map]
    }

    /// The plan for the request, `nil` when the general executor must run it.
    /// - Parameter text: the document's text, which plans are cached by.
    func prepare(_ document: Document, text: String, operationName: String?, variables: [String: Map]) -> Prepared? {
        guard let (operation, values) = query(in: document, operationName, variables) else { return nil }
        var key = text + "\u{0}" + (operationName ?? "") + "\u{0}"
        for definition in operation.variableDefinitions where Self.scalarType(of: definition)?.name == "Boolean" {
            switch values[definition.variable.name.value] {
            case .bool(true)?: key += "t"
            case .bool(false)?: key += "f"
            default: key += "u"
            }
        }
        let plan: QueryPlan?
        if let cached = plans.value(for: key) {
            plan = cached
        } else {
            plan = compile(document, operation, values)
            plans.insert(plan, for: key)
        }
        guard let plan, plan.admits(values) else { return nil }
        return Prepared(plan: plan, variables: values)
    }

    /// The plan, `nil` when the general executor must run the request (for tests: no cache).
    func plan(_ document: Document, operationName: String?, variables: [String: Map]) -> QueryPlan? {
        guard let (operation, values) = query(in: document, operationName, variables),
              let plan = compile(document, operation, values), plan.admits(values)
        else { return nil }
        return plan
    }

    /// The query operation to run and its variables coerced, `nil` for anything else.
    private func query(
        in document: Document, _ operationName: String?, _ variables: [String: Map]
    ) -> (OperationDefinition, [String: Map])? {
        guard let operation = Self.operation(in: document, named: operationName), operation.operation == .query,
              let values = coerce(variables, for: operation.variableDefinitions)
        else { return nil }
        return (operation, values)
    }

    private func compile(_ document: Document, _ operation: OperationDefinition, _ values: [String: Map]) -> QueryPlan? {
        guard let queryType = schema.queryType else { return nil }
        var fragments: [String: FragmentDefinition] = [:]
        for case let fragment as FragmentDefinition in document.definitions { fragments[fragment.name.value] = fragment }
        var compiler = Compiler(planner: self, fragments: fragments, variables: values)
        guard let root = compiler.object(queryType, [operation.selectionSet]) else { return nil }
        return QueryPlan(root: root, argumentVariables: compiler.argumentVariables)
    }

    private static func operation(in document: Document, named name: String?) -> OperationDefinition? {
        let operations = document.definitions.compactMap { $0 as? OperationDefinition }
        if let name { return operations.first { $0.name?.value == name } }
        return operations.count == 1 ? operations[0] : nil
    }

    /// The variable's named type and whether it is non-null; `nil` for a list.
    private static func scalarType(of definition: VariableDefinition) -> (name: String, nonNull: Bool)? {
        var type: any GraphQL.`Type` = definition.type
        let nonNull = type is NonNullType
        if let wrapped = type as? NonNullType { type = wrapped.type }
        return (type as? NamedType).map { ($0.name.value, nonNull) }
    }

    // MARK: Variables

    /// The variables as the executor coerces them, `nil` for any it would refuse or that are not
    /// plain scalars.
    private func coerce(_ provided: [String: Map], for definitions: [VariableDefinition]) -> [String: Map]? {
        var values: [String: Map] = [:]
        for definition in definitions {
            let name = definition.variable.name.value
            guard let (scalar, nonNull) = Self.scalarType(of: definition) else { return nil }
            let input = provided[name] ?? .undefined
            switch input {
            case .undefined:
                if let literal = definition.defaultValue {
                    guard let value = Self.literal(literal, scalar: scalar, variables: [:]) else { return nil }
                    values[name] = value
                } else {
                    guard !nonNull else { return nil }
                    values[name] = .undefined
                }
            case .null:
                guard !nonNull else { return nil }
                values[name] = .null
            default:
                guard let value = Self.variable(input, scalar: scalar) else { return nil }
                values[name] = value
            }
        }
        return values
    }

    /// A variable's value coerced to a scalar, as its type's `parseValue` does.
    private static func variable(_ value: Map, scalar: String) -> Map? {
        switch (scalar, value) {
        case ("String", .string): return value
        case ("ID", .string): return value
        case ("ID", .number(let n)) where n.storageType == .int: return .string(String(n.intValue))
        case ("Int", .number(let n)) where n.storageType == .int && Int(Int32.min)...Int(Int32.max) ~= n.intValue: return value
        case ("Float", .number): return value
        case ("Boolean", .bool): return value
        default: return nil
        }
    }

    /// A literal (or a variable) coerced to a scalar argument, `nil` for anything else.
    fileprivate static func literal(_ value: any Value, scalar: String, variables: [String: Map]) -> Map? {
        if let variable = value as? Variable {
            let bound = variables[variable.name.value] ?? .undefined
            return bound == .undefined ? nil : bound
        }
        switch (scalar, value) {
        case (_, is NullValue): return .null
        case ("String", let v as StringValue), ("ID", let v as StringValue): return .string(v.value)
        case ("ID", let v as IntValue): return .string(v.value)
        case ("Int", let v as IntValue):
            guard let n = Int(v.value), Int(Int32.min)...Int(Int32.max) ~= n else { return nil }
            return .int(n)
        case ("Boolean", let v as BooleanValue): return .bool(v.value)
        default: return nil
        }
    }
}

/// One plan's construction: fragments and coerced variables at hand.
private struct Compiler {
    let planner: QueryPlanner
    let fragments: [String: FragmentDefinition]
    let variables: [String: Map]
    /// The variables arguments read, and whether one of those arguments is non-null.
    var argumentVariables: [String: Bool] = [:]

    /// The plan of the fields selected on `type` by the merged selection sets.
    mutating func object(_ type: GraphQLObjectType, _ selectionSets: [SelectionSet]) -> ObjectPlan? {
        var grouped = OrderedDictionary<String, [Field]>()
        var visited: Set<String> = []
        for selectionSet in selectionSets {
            guard collect(selectionSet, on: type, into: &grouped, visited: &visited) else { return nil }
        }
        guard let definitions = try? type.fields() else { return nil }
        var planned: [PlannedField] = []
        planned.reserveCapacity(grouped.count)
        for (key, nodes) in grouped {
            let name = nodes[0].name.value
            if name == "__typename" {
                planned.append(PlannedField(
                    key: key, typename: type.name, resolver: nil, arguments: PlannedArguments([]), shape: .leaf(.string),
                    parentTypeName: type.name, fieldName: name, nodes: nodes))
                continue
            }
            guard !name.hasPrefix("__"), let compiled = planner.fields.field(name, of: type.name),
                  let definition = definitions[name],
                  getNamedType(type: definition.type)?.name == compiled.typeName,
                  let arguments = arguments(of: nodes[0], definition.args),
                  let shape = shape(of: definition.type, nodes)
            else { return nil }
            planned.append(PlannedField(
                key: key, typename: nil, resolver: compiled, arguments: arguments, shape: shape,
                parentTypeName: type.name, fieldName: name, nodes: nodes))
        }
        return ObjectPlan(typeName: type.name, fields: planned)
    }

    /// How a value of `type` is written, `nil` for what the plan does not cover.
    private mutating func shape(of type: any GraphQLType, _ nodes: [Field]) -> ValueShape? {
        if let nonNull = type as? GraphQLNonNull { return shape(of: nonNull.ofType, nodes).map(ValueShape.nonNull) }
        if let list = type as? GraphQLList { return shape(of: list.ofType, nodes).map(ValueShape.list) }
        if let scalar = type as? GraphQLScalarType { return LeafKind(scalarName: scalar.name).map(ValueShape.leaf) }
        if let object = type as? GraphQLObjectType, planner.fields.has(type: object.name) {
            return self.object(object, nodes.compactMap(\.selectionSet)).map(ValueShape.object)
        }
        return nil
    }

    /// The field's arguments as the executor coerces them, a variable's read when the plan runs;
    /// `nil` when it would refuse them (or they are not plain scalars).
    private mutating func arguments(of node: Field, _ definitions: GraphQLArgumentConfigMap) -> PlannedArguments? {
        var entries: [PlannedArguments.Entry] = []
        let given = Dictionary(node.arguments.map { ($0.name.value, $0.value) }, uniquingKeysWith: { first, _ in first })
        for (name, definition) in definitions {
            var type: any GraphQLType = definition.type
            let nonNull = type is GraphQLNonNull
            if let wrapped = type as? GraphQLNonNull { type = wrapped.ofType }
            guard let scalar = type as? GraphQLScalarType else { return nil }
            if let variable = given[name] as? Variable {
                let variableName = variable.name.value
                argumentVariables[variableName] = (argumentVariables[variableName] ?? false) || nonNull
                entries.append(.init(name: name, value: .variable(variableName)))
            } else if let literal = given[name] {
                guard let value = QueryPlanner.literal(literal, scalar: scalar.name, variables: [:]),
                      !(nonNull && value == .null)
                else { return nil }
                entries.append(.init(name: name, value: .constant(value)))
            } else {
                guard !nonNull, definition.defaultValue == nil else { return nil }
                entries.append(.init(name: name, value: .constant(.undefined)))
            }
        }
        return PlannedArguments(entries)
    }

    /// Adds the selection's fields to `grouped` by response key, fragments expanded where their
    /// type condition holds, `@skip` and `@include` applied; `false` for what the plan does not cover.
    private func collect(
        _ selectionSet: SelectionSet, on type: GraphQLObjectType,
        into grouped: inout OrderedDictionary<String, [Field]>, visited: inout Set<String>
    ) -> Bool {
        for selection in selectionSet.selections {
            switch selection {
            case let field as Field:
                guard let included = included(field.directives) else { return false }
                if included { grouped[field.alias?.value ?? field.name.value, default: []].append(field) }
            case let inline as InlineFragment:
                guard let included = included(inline.directives) else { return false }
                if included, applies(inline.typeCondition, to: type) {
                    guard collect(inline.selectionSet, on: type, into: &grouped, visited: &visited) else { return false }
                }
            case let spread as FragmentSpread:
                let name = spread.name.value
                guard let included = included(spread.directives) else { return false }
                guard included, !visited.contains(name) else { continue }
                visited.insert(name)
                guard let fragment = fragments[name] else { continue }
                if applies(fragment.typeCondition, to: type) {
                    guard collect(fragment.selectionSet, on: type, into: &grouped, visited: &visited) else { return false }
                }
            default:
                return false
            }
        }
        return true
    }

    /// Whether `@skip`/`@include` keep the selection, `nil` when their `if` is not a known boolean.
    private func included(_ directives: [Directive]) -> Bool? {
        var keep = true
        for directive in directives {
            let name = directive.name.value
            guard name == "skip" || name == "include" else { continue }
            guard let argument = directive.arguments.first(where: { $0.name.value == "if" }),
                  case .bool(let flag)? = QueryPlanner.literal(argument.value, scalar: "Boolean", variables: variables)
            else { return nil }
            if name == "skip", flag { keep = false }
            if name == "include", !flag { keep = false }
        }
        return keep
    }

    private func applies(_ condition: NamedType?, to type: GraphQLObjectType) -> Bool {
        guard let condition else { return true }
        let name = condition.name.value
        if name == type.name { return true }
        guard let conditional = planner.schema.getType(name: name) else { return true }
        if let abstract = conditional as? GraphQLAbstractType {
            return planner.schema.isSubType(abstractType: abstract, maybeSubType: type)
        }
        return false
    }
}
