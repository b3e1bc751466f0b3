import Foundation
import GraphQL
import Protocols

/// What a compiled field's resolver answers, before it is written as JSON.
enum FieldValue: Sendable {
    case null
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    /// A string written from its parts, without making a `String`: an ObjectId's hex (`mongoId`),
    /// a Relay id, a `DateTime` (a large query has thousands of them).
    case objectIdHex(ObjectId)
    case nodeID(NodeID.Prefix, ObjectId)
    case dateTime(Date)
    /// The source of an object's own fields (a `SceneType`, …), boxed once so that each of its
    /// fields reads it without copying it.
    case object(AnyObject & Sendable)
    case list([FieldValue])
}

/// One field the compiled path can resolve: the named GraphQL type it answers (checked against the
/// schema when a plan is built, so a table that drifts from the schema falls back rather than
/// answering wrong) and its resolver.
final class CompiledField: Sendable {
    typealias Resolve = @Sendable (_ source: AnyObject & Sendable, _ arguments: Map, _ context: APIContext) async throws -> FieldValue
    typealias ResolveNow = @Sendable (_ source: AnyObject & Sendable, _ context: APIContext) throws -> FieldValue

    /// The field's named type (`String`, `SceneType`), without list or non-null wrappers.
    let typeName: String
    /// Resolves the field on its parent's source (an ``ObjectSource``) with the field's coerced arguments.
    let resolve: Resolve
    /// For a plain property (no arguments, nothing to load): the same, without suspending, which
    /// the run calls directly (an async call a field is a good part of a large query's time).
    let resolveNow: ResolveNow?

    init(typeName: String, resolve: @escaping Resolve) {
        self.typeName = typeName
        self.resolve = resolve
        self.resolveNow = nil
    }

    init(typeName: String, now: @escaping ResolveNow) {
        self.typeName = typeName
        self.resolve = { source, _, context in try now(source, context) }
        self.resolveNow = now
    }
}

/// An object's Swift value as its fields receive it.
final class ObjectSource<Value: Sendable>: Sendable {
    let value: Value

    init(_ value: Value) {
        self.value = value
    }

    /// `source` as this type, whose `value` a field reads in place (returning the value itself
    /// would copy the whole struct for each field). - Throws: ``SourceMismatch`` when a table's
    /// source type is not the one its type's fields are resolved to (a bug in a table).
    static func of(_ source: AnyObject & Sendable) throws -> ObjectSource<Value> {
        guard let typed = source as? ObjectSource<Value> else { throw SourceMismatch(expected: "\(Value.self)", got: "\(type(of: source))") }
        return typed
    }
}

/// A compiled field got a source of another Swift type than its table's.
struct SourceMismatch: Error, CustomStringConvertible {
    let expected: String
    let got: String
    var description: String { "compiled field expected a source of \(expected), got \(got)" }
}

/// The compiled fields of every object type that has them, by type name and field name.
struct CompiledFields: Sendable {
    private(set) var types: [String: [String: CompiledField]] = [:]

    /// Adds a type's table (a second table of the same type adds to it).
    mutating func add<Source>(_ table: FieldTable<Source>) {
        types[table.typeName, default: [:]].merge(table.fields) { _, new in new }
    }

    func field(_ name: String, of type: String) -> CompiledField? { types[type]?[name] }

    func has(type: String) -> Bool { types[type] != nil }
}

/// The fields of one object type, each typed by the Swift value its parent resolves to: the same
/// properties and methods the Graphiti schema reads, called directly.
struct FieldTable<Source: Sendable> {
    let typeName: String
    fileprivate(set) var fields: [String: CompiledField] = [:]

    init(_ typeName: String, _ build: (inout FieldTable) -> Void) {
        self.typeName = typeName
        build(&self)
    }

    private mutating func leaf(_ name: String, _ type: String, _ value: @escaping @Sendable (Source, APIContext) -> FieldValue) {
        fields[name] = CompiledField(typeName: type, now: { source, context in
            // The box stays alive through the call, so its value is lent, not copied.
            let box = try ObjectSource<Source>.of(source)
            return withExtendedLifetime(box) { value(box.value, context) }
        })
    }

    mutating func string(_ name: String, _ get: @escaping @Sendable (Source) -> String?) {
        leaf(name, "String") { source, _ in get(source).map(FieldValue.string) ?? .null }
    }

    /// A string that depends on who asks.
    mutating func string(_ name: String, _ get: @escaping @Sendable (Source, APIContext) -> String?) {
        leaf(name, "String") { source, context in get(source, context).map(FieldValue.string) ?? .null }
    }

    mutating func int(_ name: String, _ get: @escaping @Sendable (Source) -> Int?) {
        leaf(name, "Int") { source, _ in get(source).map(FieldValue.int) ?? .null }
    }

    mutating func double(_ name: String, _ get: @escaping @Sendable (Source) -> Double?) {
        leaf(name, "Float") { source, _ in get(source).map(FieldValue.double) ?? .null }
    }

    mutating func bool(_ name: String, _ get: @escaping @Sendable (Source) -> Bool?) {
        leaf(name, "Boolean") { source, _ in get(source).map(FieldValue.bool) ?? .null }
    }

    /// `id` and `mongoId` of a stored object: its Relay id (``NodeID``, base64 of
    /// `<typeName>:<hex>`) and its ObjectId's hex, written from the ObjectId.
    mutating func ids(node typeName: String, _ objectId: @escaping @Sendable (Source) -> ObjectId) {
        let prefix = NodeID.Prefix(typeName)
        leaf("id", "ID") { source, _ in .nodeID(prefix, objectId(source)) }
        leaf("mongoId", "String") { source, _ in .objectIdHex(objectId(source)) }
    }

    mutating func dateTime(_ name: String, _ get: @escaping @Sendable (Source) -> DateTime?) {
        leaf(name, "DateTime") { source, _ in get(source).map { .dateTime($0.date) } ?? .null }
    }

    mutating func json(_ name: String, _ get: @escaping @Sendable (Source) -> JSONString?) {
        leaf(name, "JSONString") { source, _ in get(source).map { .string(JSONWriter.jsonText($0.value)) } ?? .null }
    }

    /// A string resolved asynchronously (a signed URL).
    mutating func asyncString(_ name: String, _ get: @escaping @Sendable (Source, APIContext) async throws -> String?) {
        fields[name] = CompiledField(typeName: "String") { source, _, context in
            try await get(try ObjectSource<Source>.of(source).value, context).map(FieldValue.string) ?? .null
        }
    }

    /// An object reached through the parent (a reference the loaders resolve).
    mutating func object<Child: Sendable>(
        _ name: String, _ type: String, _ resolve: @escaping @Sendable (Source, APIContext) async throws -> Child?
    ) {
        fields[name] = CompiledField(typeName: type) { source, _, context in
            try await resolve(try ObjectSource<Source>.of(source).value, context).map { FieldValue.object(ObjectSource($0)) } ?? .null
        }
    }

    /// A list of objects.
    mutating func list<Child: Sendable>(
        _ name: String, _ type: String, _ resolve: @escaping @Sendable (Source, APIContext) async throws -> [Child]?
    ) {
        fields[name] = CompiledField(typeName: type) { source, _, context in
            try await resolve(try ObjectSource<Source>.of(source).value, context).map { .list($0.map { FieldValue.object(ObjectSource($0)) }) } ?? .null
        }
    }

    /// An object field with arguments, decoded as Graphiti decodes them (`MapDecoder`), or read
    /// directly when they are ``PlainArguments``.
    mutating func object<Arguments: Decodable & SendableMetatype, Child: Sendable>(
        _ name: String, _ type: String, arguments: Arguments.Type,
        _ resolve: @escaping @Sendable (Source, APIContext, Arguments) async throws -> Child?
    ) {
        fields[name] = CompiledField(typeName: type) { source, map, context in
            let arguments: Arguments = try Self.decodeArguments(from: map)
            return try await resolve(try ObjectSource<Source>.of(source).value, context, arguments).map { FieldValue.object(ObjectSource($0)) } ?? .null
        }
    }

    /// A list of objects with arguments.
    mutating func list<Arguments: Decodable & SendableMetatype, Child: Sendable>(
        _ name: String, _ type: String, arguments: Arguments.Type,
        _ resolve: @escaping @Sendable (Source, APIContext, Arguments) async throws -> [Child]?
    ) {
        fields[name] = CompiledField(typeName: type) { source, map, context in
            let arguments: Arguments = try Self.decodeArguments(from: map)
            return try await resolve(try ObjectSource<Source>.of(source).value, context, arguments).map { .list($0.map { FieldValue.object(ObjectSource($0)) }) } ?? .null
        }
    }
}
