import GraphQL

/// Runs a ``QueryPlan`` for one request: fields resolve one after another, in document order, and
/// their JSON is written as they resolve. No task per field and no intermediate `Map`: that is the
/// whole saving over the general executor. Batching still holds, because a resolver that answers
/// a list announces to the loaders what its items' fields will load (see ``Loaders``), so the first
/// item's load fetches for all of them.
///
/// Errors follow the general executor exactly (it is the reference the differential test holds
/// this to): a resolver's error is located at its field and path; a `null` where the type is
/// non-null, or an error on a non-null field, makes the nearest nullable parent `null` instead,
/// with one error recorded.
///
/// A struct whose methods mutate it: its writer is then checked for exclusive access when it is
/// compiled, not at each write as a class's property would be.
struct QueryPlanRun {
    /// The response so far: it starts with `{"data":` (``EncodedResponse/init(compiled:errors:)``
    /// ends it in the same buffer).
    private var writer: JSONWriter
    private(set) var errors: [GraphQLError] = []
    private var path: [PathComponent] = []
    private let context: APIContext
    private let variables: [String: Map]

    private enum PathComponent {
        case key(String)
        case index(Int)
    }

    /// - Parameter capacity: the bytes to reserve for the response (``QueryPlan/sizeHint``).
    init(context: APIContext, variables: [String: Map], capacity: Int = 16_384) {
        self.context = context
        self.variables = variables
        writer = JSONWriter(capacity: capacity)
        writer.raw(EncodedResponse.dataKey)
    }

    /// The response so far, `{"data":` and the data (`null` when a non-null root field failed),
    /// where the data starts in it, and the errors.
    /// - Throws: `CancellationError` when the request is cancelled (deadline, client gone).
    mutating func run(_ plan: QueryPlan) async throws -> (response: JSONWriter, dataStart: Int, errors: [GraphQLError]) {
        let dataStart = writer.count
        if try await !writeObject(plan.root, source: ObjectSource(RootResolver())) {
            writer.truncate(to: dataStart)
            writer.null()
        }
        // Handed over, not shared: the response is appended to next, which would copy a shared buffer.
        let response = writer
        writer = JSONWriter(capacity: 0)
        return (response, dataStart, errors)
    }

    /// Writes the object's fields; `false` when a non-null field failed, so the object is `null`.
    private mutating func writeObject(_ plan: ObjectPlan, source: AnyObject & Sendable) async throws -> Bool {
        try Task.checkCancellation()
        writer.raw(UInt8(ascii: "{"))
        let fields = plan.fields
        var index = 0
        while index < fields.count {
            guard let next = try writePlainFields(fields, from: index, source: source) else { return false }
            index = next
            guard index < fields.count else { break }
            let field = fields[index]
            if index > 0 { writer.raw(UInt8(ascii: ",")) }
            index += 1
            writer.raw(field.keyBytes)
            guard let resolver = field.resolver else { continue }
            let shape = field.shape
            path.append(.key(field.key))
            defer { path.removeLast() }
            let mark = writer.count
            let written: Bool
            do {
                let value = try await resolver.resolve(source, field.arguments.map(variables), context)
                // An object straight to its fields (what `write` does, a call fewer or two).
                if case .object(let child) = value, let plan = shape.objectPlan {
                    written = try await writeObject(plan, source: child)
                } else {
                    written = try await write(value, as: shape, field)
                }
            } catch let error as CancellationError {
                throw error
            } catch {
                // A stopped run's answer is not used: a store call it cut short is not an error to report.
                try Task.checkCancellation()
                record(located(error, field))
                written = false
            }
            if !written {
                if shape.isNonNull { return false }
                writer.truncate(to: mark)
                writer.null()
            }
        }
        writer.raw(UInt8(ascii: "}"))
        return true
    }

    /// Writes the fields from `start` on that need no waiting (`__typename`, plain properties), up
    /// to the first that does: the index reached, `nil` when a non-null one failed (the object is
    /// `null`). Not `async`, so that reading the fields and their resolvers costs no reference
    /// counting across suspension points (most of a large query's fields are these).
    private mutating func writePlainFields(_ fields: [PlannedField], from start: Int, source: AnyObject & Sendable) throws -> Int? {
        var index = start
        while index < fields.count {
            let field = fields[index]
            if let name = field.typename {
                if index > 0 { writer.raw(UInt8(ascii: ",")) }
                writer.raw(field.keyBytes)
                writer.string(name)
            } else if let plain = field.plain {
                if index > 0 { writer.raw(UInt8(ascii: ",")) }
                writer.raw(field.keyBytes)
                let mark = writer.count
                let written: Bool
                do {
                    let value = try plain.resolve(source, context)
                    if case .null = value, plain.isNonNull {
                        record(GraphQLError(message: "Cannot return null for non-nullable field \(field.parentTypeName).\(field.fieldName)."))
                        written = false
                    } else {
                        written = try writeLeaf(value, plain.kind, field)
                    }
                } catch let error as CancellationError {
                    throw error
                } catch {
                    path.append(.key(field.key))
                    record(located(error, field))
                    path.removeLast()
                    written = false
                }
                if !written {
                    if plain.isNonNull { return nil }
                    writer.truncate(to: mark)
                    writer.null()
                }
            } else {
                return index
            }
            index += 1
        }
        return index
    }

    /// Writes a field's value by its type's shape; `false` when it must be `null` but may not.
    private mutating func write(_ value: FieldValue, as shape: ValueShape, _ field: PlannedField) async throws -> Bool {
        switch shape {
        case .nonNull(let inner):
            if case .null = value {
                record(GraphQLError(message: "Cannot return null for non-nullable field \(field.parentTypeName).\(field.fieldName)."))
                return false
            }
            return try await write(value, as: inner, field)
        case .list(let inner):
            switch value {
            case .null:
                writer.null()
                return true
            case .list(let items):
                writer.raw(UInt8(ascii: "["))
                let itemPlan = inner.objectPlan
                for (index, item) in items.enumerated() {
                    if index > 0 { writer.raw(UInt8(ascii: ",")) }
                    path.append(.index(index))
                    defer { path.removeLast() }
                    let mark = writer.count
                    let written: Bool
                    if case .object(let source) = item, let itemPlan {
                        written = try await writeObject(itemPlan, source: source)
                    } else {
                        written = try await write(item, as: inner, field)
                    }
                    if !written {
                        if inner.isNonNull { return false }
                        writer.truncate(to: mark)
                        writer.null()
                    }
                }
                writer.raw(UInt8(ascii: "]"))
                return true
            default:
                throw PlanMismatch(field: field, expected: "a list")
            }
        case .leaf(let kind):
            return try writeLeaf(value, kind, field)
        case .object(let plan):
            switch value {
            case .null:
                writer.null()
                return true
            case .object(let source):
                return try await writeObject(plan, source: source)
            default:
                throw PlanMismatch(field: field, expected: "an object")
            }
        }
    }

    private mutating func writeLeaf(_ value: FieldValue, _ kind: LeafKind, _ field: PlannedField) throws -> Bool {
        switch (kind, value) {
        case (_, .null): writer.null()
        case (.string, .string(let text)): writer.string(text)
        case (.string, .objectIdHex(let id)): writer.objectIdHex(id)
        case (.string, .nodeID(let prefix, let id)): writer.nodeID(prefix, id)
        case (.string, .dateTime(let date)): writer.dateTime(date)
        case (.int, .int(let number)):
            guard Int(Int32.min) <= number, number <= Int(Int32.max) else {
                // What GraphQL's `Int` answers: an error without a location, as the executor's.
                record(GraphQLError(message: "Int cannot represent non-integer value: \(number)"))
                return false
            }
            writer.int(number)
        case (.float, .double(let number)):
            guard number.isFinite else {
                record(GraphQLError(message: "Float cannot represent non numeric value: \(number)"))
                return false
            }
            writer.double(number)
        case (.boolean, .bool(let flag)): writer.bool(flag)
        default: throw PlanMismatch(field: field, expected: "\(kind)")
        }
        return true
    }

    /// The error as the general executor reports a resolver's: a `GraphQLError` as it is, anything
    /// else with the field's locations and the path.
    private func located(_ error: any Error, _ field: PlannedField) -> GraphQLError {
        if let graphQLError = error as? GraphQLError { return graphQLError }
        let elements: [IndexPathElement] = path.map {
            switch $0 {
            case .key(let key): return key
            case .index(let index): return index
            }
        }
        return GraphQLError(
            message: String(describing: error), nodes: field.nodes, path: IndexPath(elements), originalError: error)
    }

    private mutating func record(_ error: GraphQLError) {
        errors.append(error)
    }
}

/// A compiled resolver answered a value its field's type cannot hold: a field table that disagrees
/// with the schema (a bug, reported as an internal error).
struct PlanMismatch: Error, CustomStringConvertible {
    let field: PlannedField
    let expected: String

    var description: String { "compiled field \(field.parentTypeName).\(field.fieldName) did not answer \(expected)" }
}
