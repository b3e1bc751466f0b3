import GraphQL

/// What the cost analysis needs to know about the schema's fields, read once from the built schema:
/// for each object and interface type, which fields return lists, which type their selection is on,
/// and which take an `Upload`.
struct SchemaShape: Sendable {
    struct FieldShape: Sendable, Equatable {
        /// The named type the field's selection applies to.
        var typeName: String
        /// Whether the field returns a list (under any non-null wrappers).
        var isList: Bool
        /// The arguments that are an `Upload` (or a list of them): a field with one stores a file.
        var uploadArguments: [String] = []
    }

    /// Field shapes by type name, then field name.
    private(set) var types: [String: [String: FieldShape]]
    var queryType: String
    var mutationType: String?

    init(types: [String: [String: FieldShape]], queryType: String = "Query", mutationType: String? = "Mutation") {
        self.types = types
        self.queryType = queryType
        self.mutationType = mutationType
    }

    init(_ schema: GraphQLSchema) throws {
        var types: [String: [String: FieldShape]] = [:]
        for (name, type) in schema.typeMap {
            let fields: GraphQLFieldMap
            if let object = type as? GraphQLObjectType {
                fields = try object.fields()
            } else if let interface = type as? GraphQLInterfaceType {
                fields = try interface.fields()
            } else {
                continue
            }
            var shapes: [String: FieldShape] = [:]
            for (fieldName, field) in fields {
                shapes[fieldName] = FieldShape(
                    typeName: getNamedType(type: field.type)?.name ?? "",
                    isList: Self.isList(field.type),
                    uploadArguments: field.args.filter { getNamedType(type: $0.value.type)?.name == "Upload" }.map(\.key))
            }
            types[name] = shapes
        }
        self.init(types: types, queryType: schema.queryType?.name ?? "Query", mutationType: schema.mutationType?.name)
    }

    /// The shape of `field` on `type`, `nil` when either is unknown (validation reports it later).
    func field(_ field: String, on type: String?) -> FieldShape? {
        type.flatMap { types[$0]?[field] }
    }

    private static func isList(_ type: GraphQLType) -> Bool {
        if let nonNull = type as? GraphQLNonNull { return nonNull.ofType is GraphQLList }
        return type is GraphQLList
    }
}
