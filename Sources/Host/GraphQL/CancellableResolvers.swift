import GraphQL

/// Makes every resolver of a schema stop when its request is cancelled (deadline passed, client
/// gone): GraphQLSwift's executor never checks cancellation itself, so without this a cancelled
/// operation would resolve every remaining field. Each wrapped resolver throws ``cancelled``
/// before it starts once its request is stopped (``APIContext/isStopped``), so the rest of a
/// cancelled operation costs one check per field it reaches. The request's flag, not the task's:
/// the executor cancels the siblings of a failed non-null field, which must still resolve.
///
/// The error thrown is one ``cancelled`` `GraphQLError` made up front: the executor keeps a
/// `GraphQLError` as it is, whereas for any other error it computes the field's line and column by
/// scanning the whole document, which made a cancelled 70 KB operation take minutes to wind down.
enum CancellableResolvers {
    /// Wraps the resolvers of the schema's own object types (GraphQLSwift's shared introspection
    /// types are left alone). Call once, before the schema runs anything.
    /// What a resolver of a cancelled request throws.
    static let cancelled = GraphQLError(message: APIError.from(CancellationError()).message)

    static func install(in schema: GraphQLSchema) throws {
        for case let type as GraphQLObjectType in schema.typeMap.values where !type.name.hasPrefix("__") {
            let fields = try type.fields()
            for field in fields.values {
                guard let resolve = field.resolve else { continue }
                field.resolve = { source, arguments, context, info in
                    if (context as? APIContext)?.isStopped == true { throw cancelled }
                    return try await resolve(source, arguments, context, info)
                }
            }
            type.fields = { fields }
        }
    }
}
