import GraphQL
import Synchronization
import OrderedCollections

/// An operation compiled for one request: every selection resolved against the schema, fragments
/// merged, `@skip`/`@include` applied, arguments coerced, so that running it only calls resolvers
/// and writes JSON. Built by ``QueryPlanner``; run by ``QueryPlanRun``.
struct QueryPlan: Sendable {
    let root: ObjectPlan
    /// The variables that arguments read, and whether one of those arguments is non-null: a
    /// request whose variable is absent (or `null` there) goes to the general executor.
    let argumentVariables: [String: Bool]
    /// How large its responses come out, to reserve at the start of the next.
    let sizeHint = ResponseSizeHint()
    /// Whether a scenario's `scenesList` asks for its scenes' `choices`: the loaders then read the
    /// choices with the scenes, in one store call (``Loaders/readChoicesWithScenes()``).
    let listsScenesWithChoices: Bool

    init(root: ObjectPlan, argumentVariables: [String: Bool]) {
        self.root = root
        self.argumentVariables = argumentVariables
        listsScenesWithChoices = root.contains(where: { scenario in
            scenario.typeName == "ScenarioType" && scenario.fields.contains { field in
                field.fieldName == "scenesList"
                    && field.shape.innermostObjectPlan?.fields.contains { $0.fieldName == "choices" } == true
            }
        })
    }

    /// Whether it runs without waiting for anything: every root field is `__typename` or a plain
    /// property (those have no fields under them).
    var neverWaits: Bool { root.fields.allSatisfy { $0.typename != nil || $0.plain != nil } }

    /// Whether the coerced variables let the plan run: what the executor would refuse (an
    /// argument's variable absent, or `null` where the argument is non-null) goes to it instead.
    func admits(_ variables: [String: Map]) -> Bool {
        argumentVariables.allSatisfy { name, nonNull in
            let value = variables[name] ?? .undefined
            return value != .undefined && !(nonNull && value == .null)
        }
    }
}

/// A field's arguments: constants from the document, or variables read when the plan runs.
struct PlannedArguments: Sendable {
    enum Value: Sendable {
        case constant(Map)
        case variable(String)
    }

    struct Entry: Sendable {
        let name: String
        let value: Value
    }

    let entries: [Entry]
    /// The arguments when none reads a variable (most fields: none at all).
    let constant: Map?

    init(_ entries: [Entry]) {
        self.entries = entries
        if entries.allSatisfy({ if case .constant = $0.value { true } else { false } }) {
            var map = OrderedDictionary<String, Map>()
            for entry in entries { if case .constant(let value) = entry.value { map[entry.name] = value } }
            constant = .dictionary(map)
        } else {
            constant = nil
        }
    }

    /// The arguments as the resolver receives them.
    func map(_ variables: [String: Map]) -> Map {
        if let constant { return constant }
        var map = OrderedDictionary<String, Map>()
        for entry in entries {
            switch entry.value {
            case .constant(let value): map[entry.name] = value
            case .variable(let name): map[entry.name] = variables[name] ?? .undefined
            }
        }
        return .dictionary(map)
    }
}

/// The fields selected on one object type, in response order.
final class ObjectPlan: Sendable {
    let typeName: String
    let fields: [PlannedField]

    init(typeName: String, fields: [PlannedField]) {
        self.typeName = typeName
        self.fields = fields
    }

    /// Whether this plan or one of the object plans under it satisfies `predicate`.
    func contains(where predicate: (ObjectPlan) -> Bool) -> Bool {
        if predicate(self) { return true }
        return fields.contains { $0.shape.innermostObjectPlan?.contains(where: predicate) == true }
    }
}

/// One response key of an object (a class: the run reads it a field at a time, never copies it).
final class PlannedField: Sendable {
    /// The response key (the alias, or the field's name).
    let key: String
    /// `"key":`, encoded once.
    let keyBytes: [UInt8]
    /// For `__typename`: the object's type name.
    let typename: String?
    /// Otherwise: the resolver, its coerced arguments, and how its type is written.
    let resolver: CompiledField?
    let arguments: PlannedArguments
    let shape: ValueShape
    /// `ParentType.field`, as errors name it.
    let parentTypeName: String
    let fieldName: String
    /// The selections merged under this key, which errors locate.
    let nodes: [Field]
    /// For a plain property (resolved without suspending, a scalar): its resolver, how it is
    /// written and whether it is non-null, read once here rather than at every object.
    let plain: (resolve: CompiledField.ResolveNow, kind: LeafKind, isNonNull: Bool)?

    init(key: String, typename: String?, resolver: CompiledField?, arguments: PlannedArguments, shape: ValueShape,
         parentTypeName: String, fieldName: String, nodes: [Field]) {
        self.key = key
        self.keyBytes = JSONWriter.memberKey(key)
        self.typename = typename
        self.resolver = resolver
        self.arguments = arguments
        self.shape = shape
        self.parentTypeName = parentTypeName
        self.fieldName = fieldName
        self.nodes = nodes
        if let now = resolver?.resolveNow, let kind = shape.leafKind {
            plain = (now, kind, shape.isNonNull)
        } else {
            plain = nil
        }
    }
}

/// How a value of a field's type is written: its wrappers down to a leaf or an object.
indirect enum ValueShape: Sendable {
    case nonNull(ValueShape)
    case list(ValueShape)
    case leaf(LeafKind)
    case object(ObjectPlan)

    var isNonNull: Bool {
        if case .nonNull = self { return true }
        return false
    }

    /// The object's plan when the value is an object, nullable or not.
    var objectPlan: ObjectPlan? {
        switch self {
        case .object(let plan), .nonNull(.object(let plan)): return plan
        default: return nil
        }
    }

    /// The object's plan when the value is an object or a list of them, at any depth of lists.
    var innermostObjectPlan: ObjectPlan? {
        switch self {
        case .nonNull(let shape), .list(let shape): return shape.innermostObjectPlan
        case .object(let plan): return plan
        case .leaf: return nil
        }
    }

    /// The leaf's kind when the value is a leaf, nullable or not.
    var leafKind: LeafKind? {
        switch self {
        case .leaf(let kind), .nonNull(.leaf(let kind)): return kind
        default: return nil
        }
    }
}

/// The scalars the compiled path writes itself.
enum LeafKind: Sendable {
    /// `String`, `ID`, `DateTime`, `JSONString`: a JSON string.
    case string
    /// `Int`: 32 bits, as GraphQL's `Int` serializes.
    case int
    case float
    case boolean

    init?(scalarName: String) {
        switch scalarName {
        case "String", "ID", "DateTime", "JSONString": self = .string
        case "Int": self = .int
        case "Float": self = .float
        case "Boolean": self = .boolean
        default: return nil
        }
    }
}

/// The size of a plan's last response plus a margin: the next one's buffer starts that large
/// (a 60 KB answer grown from 16 KB was copied three times on the way). Bounded, so that one huge
/// answer does not make every later one reserve as much.
final class ResponseSizeHint: Sendable {
    private let last = Atomic<Int>(4_096)
    static let maximum = 4 * 1_048_576

    /// The bytes to reserve.
    var bytes: Int { last.load(ordering: .relaxed) }

    func record(_ size: Int) {
        last.store(min(size + size / 8 + 256, Self.maximum), ordering: .relaxed)
    }
}
