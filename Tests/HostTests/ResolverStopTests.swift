import GraphQL
import Protocols
import Testing

@testable import Host

/// When a resolver stops: when its request is stopped (deadline, client gone), not when
/// GraphQLSwift cancels the task a field runs in. The executor runs sibling fields in a task group
/// and cancels the group when one of them fails through a non-null type; a sibling that had not
/// started then answered "The request was cancelled" besides the real error (a rare flake of the
/// differential corpus, the compiled path answering the real error alone).
@Suite("Resolvers stop with their request")
struct ResolverStopTests {
    /// An admin, an asset whose uploader is gone (`uploadedBy` is non-null: its failure nulls the
    /// asset), and the schema as the server runs it.
    private static func fixture(_ body: (GraphQLSchema, APIContext, Asset) async throws -> Void) async throws {
        let server = try await TestServer.make()
        defer { server.remove() }
        let admin = User(email: "admin@example.com", passwordHash: "x", role: .admin)
        try await server.services.store.insertUser(admin)
        let orphan = Asset(type: .sound, name: "wind", uploadedBy: ObjectId())
        try await server.services.store.insertAsset(orphan)
        let schema = try APISchema.make()
        try CancellableResolvers.install(in: schema.schema)
        try await body(schema.schema, APIContext(services: server.services, viewer: admin, clientAddress: nil), orphan)
    }

    private static func query(_ asset: Asset) -> String {
        #"{ assetById(assetId: "\#(asset.id.hexString)") { name type fileSize isPublic uploadedBy { email } } }"#
    }

    /// Runs `query` in a task that is cancelled before it starts, as every field of a cancelled task group is.
    private static func runCancelled(_ schema: GraphQLSchema, _ context: APIContext, _ query: String) async throws -> GraphQLResult {
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await GraphQL.graphql(schema: schema, request: query, rootValue: RootResolver(), context: context)
        }
        return try await task.value
    }

    @Test("fields whose task was cancelled, in a request that was not stopped, resolve: the only error is the real one")
    func cancelledTaskResolves() async throws {
        try await Self.fixture { schema, context, asset in
            let result = try await Self.runCancelled(schema, context, Self.query(asset))
            #expect(result.errors.count == 1, "\(result.errors)")
            #expect(result.errors.first?.path.elements == [.key("assetById"), .key("uploadedBy")])
            #expect(!result.errors.contains { $0.message == CancellableResolvers.cancelled.message })
            #expect(result.data == ["assetById": .null])
        }
    }

    @Test("every field of a stopped request throws before it runs")
    func stoppedRequestThrows() async throws {
        try await Self.fixture { schema, context, asset in
            context.stop()
            let result = try await GraphQL.graphql(schema: schema, request: Self.query(asset), rootValue: RootResolver(), context: context)
            #expect(result.errors.map(\.message) == ["The request was cancelled"])
            #expect(result.data == ["assetById": .null])
        }
    }
}
